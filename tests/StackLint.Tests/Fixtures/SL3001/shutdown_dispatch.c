// A caching volume driver that flushes its cache to the disk below with a synchronous IRP. IRP_MJ_SHUTDOWN comes from
// the system's shutdown thread, so its dedicated dispatch routine and the shutdown case of the common dispatcher
// send synchronous IRPs on a shallow stack. The flush request (IRP_MJ_FLUSH_BUFFERS) arrives on the caller's stack,
// and so does a case that falls into the shutdown case or shares its statement.
#include <ntddk.h>

static PDEVICE_OBJECT g_LowerDevice;

static NTSTATUS SendSynchronous_ok(UCHAR MajorFunction)
{
    KEVENT event;
    IO_STATUS_BLOCK iosb;
    PIRP irp;
    NTSTATUS status;

    KeInitializeEvent(&event, NotificationEvent, FALSE);
    irp = IoBuildSynchronousFsdRequest(MajorFunction, g_LowerDevice, NULL, 0, NULL, &event, &iosb);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = IoCallDriver(g_LowerDevice, irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
        status = iosb.Status;
    }
    return status;
}

static NTSTATUS FlushToDisk_bad(VOID)
{
    KEVENT event;
    IO_STATUS_BLOCK iosb;
    PIRP irp;

    KeInitializeEvent(&event, NotificationEvent, FALSE);
    irp = IoBuildSynchronousFsdRequest(IRP_MJ_FLUSH_BUFFERS, g_LowerDevice, NULL, 0, NULL, &event, &iosb); // expect: SL3001 "'IoBuildSynchronousFsdRequest' in 'FlushToDisk_bad' is reachable from IRP dispatch routine 'DispatchCommon'"
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return IoCallDriver(g_LowerDevice, irp);
}

static NTSTATUS CompleteRequest(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

// Registered for IRP_MJ_SHUTDOWN only: the shutdown thread's stack.
NTSTATUS DispatchShutdown_ok(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return CompleteRequest(Irp, SendSynchronous_ok(IRP_MJ_SHUTDOWN));
}

static NTSTATUS HandleShutdown_ok(PIRP Irp)
{
    return CompleteRequest(Irp, SendSynchronous_ok(IRP_MJ_FLUSH_BUFFERS));
}

// One dispatcher for the rest: only its shutdown case runs on the shutdown thread.
NTSTATUS DispatchCommon(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->MajorFunction) {
    case IRP_MJ_CREATE:
    case IRP_MJ_CLOSE:
        return CompleteRequest(Irp, STATUS_SUCCESS);
    case IRP_MJ_SHUTDOWN:
        status = HandleShutdown_ok(Irp);
        break;
    case IRP_MJ_CLEANUP:
        status = STATUS_SUCCESS;
        // Falls into the flush: the flush runs for cleanups too, on the caller's stack.
    case IRP_MJ_FLUSH_BUFFERS:
        status = FlushToDisk_bad();
        CompleteRequest(Irp, status);
        break;
    default:
        status = CompleteRequest(Irp, STATUS_INVALID_DEVICE_REQUEST);
        break;
    }
    return status;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCommon;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCommon;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = DispatchCommon;
    DriverObject->MajorFunction[IRP_MJ_FLUSH_BUFFERS] = DispatchCommon;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = DispatchShutdown_ok;
    return STATUS_SUCCESS;
}
