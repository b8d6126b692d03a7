// A write-back volume filter with one dispatch routine for every major function that tells IRP_MJ_SHUTDOWN apart
// with 'if' tests instead of a switch. The shutdown request comes from the system's shutdown thread, a shallow
// stack, so flushing to the disk below with a synchronous IRP is fine there; the same flush for a flush request, or
// for anything the test lets through, runs on the requester's stack.
#include <ntddk.h>

static PDEVICE_OBJECT g_Lower;

static NTSTATUS WaitForDisk(NTSTATUS Status, PKEVENT Done, PIO_STATUS_BLOCK Iosb)
{
    if (Status == STATUS_PENDING) {
        KeWaitForSingleObject(Done, Executive, KernelMode, FALSE, NULL);
        Status = Iosb->Status;
    }
    return Status;
}

static NTSTATUS FlushOnShutdown_ok(VOID)
{
    KEVENT done;
    IO_STATUS_BLOCK iosb;
    PIRP irp;

    KeInitializeEvent(&done, NotificationEvent, FALSE);
    irp = IoBuildSynchronousFsdRequest(IRP_MJ_FLUSH_BUFFERS, g_Lower, NULL, 0, NULL, &done, &iosb);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return WaitForDisk(IoCallDriver(g_Lower, irp), &done, &iosb);
}

static NTSTATUS FinalFlush_ok(VOID)
{
    KEVENT done;
    IO_STATUS_BLOCK iosb;
    PIRP irp;

    KeInitializeEvent(&done, NotificationEvent, FALSE);
    irp = IoBuildSynchronousFsdRequest(IRP_MJ_SHUTDOWN, g_Lower, NULL, 0, NULL, &done, &iosb);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return WaitForDisk(IoCallDriver(g_Lower, irp), &done, &iosb);
}

static NTSTATUS FlushForCaller_bad(VOID)
{
    KEVENT done;
    IO_STATUS_BLOCK iosb;
    PIRP irp;

    KeInitializeEvent(&done, NotificationEvent, FALSE);
    irp = IoBuildSynchronousFsdRequest(IRP_MJ_FLUSH_BUFFERS, g_Lower, NULL, 0, NULL, &done, &iosb); // expect: SL3001 "'IoBuildSynchronousFsdRequest' in 'FlushForCaller_bad' is reachable from IRP dispatch routine 'DispatchAny'"
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return WaitForDisk(IoCallDriver(g_Lower, irp), &done, &iosb);
}

static NTSTATUS Finish(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS DispatchAny(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    UNREFERENCED_PARAMETER(DeviceObject);

    // Only the shutdown request gets here.
    if (stack->MajorFunction == IRP_MJ_SHUTDOWN) {
        return Finish(Irp, FlushOnShutdown_ok());
    }
    // Everything but the shutdown request gets here: the flush request arrives on its sender's stack.
    if (IRP_MJ_SHUTDOWN != stack->MajorFunction) {
        if (stack->MajorFunction == IRP_MJ_FLUSH_BUFFERS) {
            return Finish(Irp, FlushForCaller_bad());
        }
        return Finish(Irp, STATUS_SUCCESS);
    }
    return Finish(Irp, STATUS_SUCCESS);
}

// The early-exit form: past the first test only the shutdown request is left.
NTSTATUS DispatchLast(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    UNREFERENCED_PARAMETER(DeviceObject);

    if (stack->MajorFunction != IRP_MJ_SHUTDOWN) {
        return Finish(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
    return Finish(Irp, FinalFlush_ok());
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchAny;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchAny;
    DriverObject->MajorFunction[IRP_MJ_FLUSH_BUFFERS] = DispatchAny;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = DispatchAny;
    DriverObject->MajorFunction[IRP_MJ_READ] = DispatchLast;
    return STATUS_SUCCESS;
}
