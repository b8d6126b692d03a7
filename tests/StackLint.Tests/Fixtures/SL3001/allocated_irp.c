// A socket library other drivers link in: their calls run on their own threads, at whatever depth they are. It talks
// to its transport's device with IRPs it allocates and fills in itself, sent by one helper. Sent and waited for, such
// an IRP is a synchronous request to another device stack, on the caller's stack: the transport's dispatch routines
// run below the caller. Sent and left to a completion routine, it is how layered drivers pass work down, and quiet.
#include <ntddk.h>

#define EXAMPLE_IOCTL_GET_CONFIG 0x00220004
#define EXAMPLE_IOCTL_SET_OPTION 0x00220008
#define EXAMPLE_STACK_NEEDED 0x1800

typedef struct _EXAMPLE_SOCKET {
    PDEVICE_OBJECT Transport;
    PFILE_OBJECT FileObject;
    ULONG Config[4];
} EXAMPLE_SOCKET, *PEXAMPLE_SOCKET;

static NTSTATUS SignalEvent(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS FreeWhenDone(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
    IoFreeIrp(Irp);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

// The one place that sends: fills in the next stack location and calls the transport.
static NTSTATUS SendIoctl(PEXAMPLE_SOCKET Socket, PIRP Irp, ULONG Code, PVOID Buffer, ULONG Length)
{
    PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(Irp);
    next->MajorFunction = IRP_MJ_DEVICE_CONTROL;
    next->FileObject = Socket->FileObject;
    next->Parameters.DeviceIoControl.IoControlCode = Code;
    next->Parameters.DeviceIoControl.OutputBufferLength = Length;
    Irp->AssociatedIrp.SystemBuffer = Buffer;
    return IoCallDriver(Socket->Transport, Irp);
}

// Allocated, sent by the helper, waited for: the transport's IOCTL path runs on the caller's stack.
NTSTATUS __declspec(dllexport) ExampleQueryConfig_bad(PEXAMPLE_SOCKET Socket)
{
    KEVENT done;
    NTSTATUS status;
    PIRP irp = IoAllocateIrp(Socket->Transport->StackSize, FALSE); // expect: SL3001 "'IoAllocateIrp' in 'ExampleQueryConfig_bad' is reachable from exported function 'ExampleQueryConfig_bad' with no remaining-stack check (the IRP is sent and waited for in this function"
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    IoSetCompletionRoutine(irp, SignalEvent, &done, TRUE, TRUE, TRUE);
    status = SendIoctl(Socket, irp, EXAMPLE_IOCTL_GET_CONFIG, Socket->Config, sizeof(Socket->Config));
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
        status = irp->IoStatus.Status;
    }
    IoFreeIrp(irp);
    return status;
}

// The same request behind a remaining-stack check: quiet.
NTSTATUS __declspec(dllexport) ExampleQueryConfigChecked_ok(PEXAMPLE_SOCKET Socket)
{
    KEVENT done;
    NTSTATUS status;
    PIRP irp;
    if (IoGetRemainingStackSize() < EXAMPLE_STACK_NEEDED) {
        return STATUS_UNSUCCESSFUL;
    }
    irp = IoAllocateIrp(Socket->Transport->StackSize, FALSE);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    IoSetCompletionRoutine(irp, SignalEvent, &done, TRUE, TRUE, TRUE);
    status = SendIoctl(Socket, irp, EXAMPLE_IOCTL_GET_CONFIG, Socket->Config, sizeof(Socket->Config));
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
        status = irp->IoStatus.Status;
    }
    IoFreeIrp(irp);
    return status;
}

// Sent and left to its completion routine, which frees it: no wait, quiet.
NTSTATUS __declspec(dllexport) ExampleSetOptionAsync_ok(PEXAMPLE_SOCKET Socket, PULONG Option)
{
    PIRP irp = IoAllocateIrp(Socket->Transport->StackSize, FALSE);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    IoSetCompletionRoutine(irp, FreeWhenDone, NULL, TRUE, TRUE, TRUE);
    return SendIoctl(Socket, irp, EXAMPLE_IOCTL_SET_OPTION, Option, sizeof(*Option));
}

// Allocated and kept for later; the wait is for something else and nothing is sent here: quiet.
NTSTATUS __declspec(dllexport) ExampleReserveIrp_ok(PEXAMPLE_SOCKET Socket, PKEVENT Ready, PIRP *Reserved)
{
    *Reserved = IoAllocateIrp(Socket->Transport->StackSize, FALSE);
    if (*Reserved == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return KeWaitForSingleObject(Ready, Executive, KernelMode, FALSE, NULL);
}

// A built IOCTL IRP sent by the helper rather than by an IoCallDriver written here: still the transport's stack.
NTSTATUS __declspec(dllexport) ExampleBuiltIoctl_bad(PEXAMPLE_SOCKET Socket)
{
    KEVENT done;
    IO_STATUS_BLOCK iosb;
    NTSTATUS status;
    PIRP irp;
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    irp = IoBuildDeviceIoControlRequest(EXAMPLE_IOCTL_GET_CONFIG, Socket->Transport, NULL, 0, Socket->Config, sizeof(Socket->Config), FALSE, &done, &iosb); // expect: SL3001 "'IoBuildDeviceIoControlRequest' in 'ExampleBuiltIoctl_bad'"
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = SendIoctl(Socket, irp, EXAMPLE_IOCTL_GET_CONFIG, Socket->Config, sizeof(Socket->Config));
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
        status = iosb.Status;
    }
    return status;
}
