// SL3001 fixture: a WSK provider for its own transport hands each socket a socket-level dispatch table (the basic
// table nested first in the connection table, filled in by position as wsk.h's structs are). The client calls those
// routines on its own stack, like the provider-level ones. A control request made without an IRP is turned into an
// IOCTL to the transport device that the routine sends and waits for: a synchronous request to another device stack,
// on the client's stack. Sending asynchronously and returning is quiet.
#include <ntddk.h>

#define EXAMPLE_IOCTL_SOCKET_CONTROL 0x0022000C
#define EXAMPLE_IOCTL_SOCKET_SEND 0x00220010

// wsk.h's socket-level tables, reduced to the routines this provider fills in.
typedef struct _WSK_PROVIDER_BASIC_DISPATCH {
    PVOID WskControlSocket;
    PVOID WskCloseSocket;
} WSK_PROVIDER_BASIC_DISPATCH;

typedef struct _WSK_PROVIDER_CONNECTION_DISPATCH {
    WSK_PROVIDER_BASIC_DISPATCH Basic;
    PVOID WskBind;
    PVOID WskConnect;
    PVOID WskSend;
} WSK_PROVIDER_CONNECTION_DISPATCH;

typedef struct _EXAMPLE_SOCKET {
    PDEVICE_OBJECT Transport;
    PFILE_OBJECT FileObject;
} EXAMPLE_SOCKET, *PEXAMPLE_SOCKET;

static NTSTATUS SignalDone(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS SendToTransport(PEXAMPLE_SOCKET Socket, PIRP Irp, ULONG Code)
{
    PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(Irp);
    next->MajorFunction = IRP_MJ_DEVICE_CONTROL;
    next->FileObject = Socket->FileObject;
    next->Parameters.DeviceIoControl.IoControlCode = Code;
    return IoCallDriver(Socket->Transport, Irp);
}

static NTSTATUS ProviderControlSocket_bad(PEXAMPLE_SOCKET Socket, ULONG RequestType, ULONG ControlCode, PIRP Irp)
{
    KEVENT done;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RequestType);
    UNREFERENCED_PARAMETER(ControlCode);
    if (Irp != NULL) {
        return SendToTransport(Socket, Irp, EXAMPLE_IOCTL_SOCKET_CONTROL);
    }
    Irp = IoAllocateIrp(Socket->Transport->StackSize, FALSE); // expect: SL3001 "'IoAllocateIrp' in 'ProviderControlSocket_bad' is reachable from WSK provider socket dispatch routine 'ProviderControlSocket_bad'"
    if (Irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    IoSetCompletionRoutine(Irp, SignalDone, &done, TRUE, TRUE, TRUE);
    status = SendToTransport(Socket, Irp, EXAMPLE_IOCTL_SOCKET_CONTROL);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
        status = Irp->IoStatus.Status;
    }
    IoFreeIrp(Irp);
    return status;
}

static NTSTATUS ProviderCloseSocket_ok(PEXAMPLE_SOCKET Socket, PIRP Irp)
{
    UNREFERENCED_PARAMETER(Socket);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

// Forwards the client's IRP and returns: the transport's send path runs below, but nothing waits here.
static NTSTATUS ProviderSend_ok(PEXAMPLE_SOCKET Socket, PVOID Buffer, ULONG Flags, PIRP Irp)
{
    UNREFERENCED_PARAMETER(Buffer);
    UNREFERENCED_PARAMETER(Flags);
    return SendToTransport(Socket, Irp, EXAMPLE_IOCTL_SOCKET_SEND);
}

const WSK_PROVIDER_CONNECTION_DISPATCH g_ConnectionDispatch = {
    {ProviderControlSocket_bad, ProviderCloseSocket_ok},
    NULL,
    NULL,
    ProviderSend_ok,
};
