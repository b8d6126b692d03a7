// Calls through a driver object's MajorFunction table with a constant major function load that slot only. A handler
// that shares code with another slot's handler, or that hands the request to the lower driver's handler for its own
// slot, is no recursion; two handlers that call each other's slots are.
#include <ntddk.h>

typedef struct _FILTER_EXTENSION {
    PDEVICE_OBJECT LowerDevice;
    PVOID PendingWrite;
} FILTER_EXTENSION, *PFILTER_EXTENSION;

static NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS DispatchClose_ok(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return CompleteIrp(Irp, STATUS_SUCCESS);
}

// Cleanup and close finish the same way here: cleanup runs the close handler (slot IRP_MJ_CLOSE), not itself.
static NTSTATUS DispatchCleanup_ok(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    return DeviceObject->DriverObject->MajorFunction[IRP_MJ_CLOSE](DeviceObject, Irp);
}

// A filter that calls the lower driver's create handler directly: the lower driver's table, not this one.
static NTSTATUS DispatchCreate_ok(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFILTER_EXTENSION extension = (PFILTER_EXTENSION)DeviceObject->DeviceExtension;
    PDEVICE_OBJECT lower = extension->LowerDevice;
    IoSkipCurrentIrpStackLocation(Irp);
    return lower->DriverObject->MajorFunction[IRP_MJ_CREATE](lower, Irp);
}

// A write first flushes what is pending through the flush handler, and a flush writes the pending data back
// through the write handler: each runs inside the other, as deep as there is pending data.
static NTSTATUS DispatchWrite_bad(PDEVICE_OBJECT DeviceObject, PIRP Irp) // expect: SL2001 "'DispatchWrite_bad' -> 'DispatchFlush_bad' -> 'DispatchWrite_bad'"
{
    PFILTER_EXTENSION extension = (PFILTER_EXTENSION)DeviceObject->DeviceExtension;
    if (extension->PendingWrite != NULL) {
        DeviceObject->DriverObject->MajorFunction[IRP_MJ_FLUSH_BUFFERS](DeviceObject, Irp);
    }
    return CompleteIrp(Irp, STATUS_SUCCESS);
}

static NTSTATUS DispatchFlush_bad(PDEVICE_OBJECT DeviceObject, PIRP Irp) // on DispatchWrite_bad's cycle: reported once, there
{
    PFILTER_EXTENSION extension = (PFILTER_EXTENSION)DeviceObject->DeviceExtension;
    if (extension->PendingWrite != NULL) {
        return DeviceObject->DriverObject->MajorFunction[IRP_MJ_WRITE](DeviceObject, Irp);
    }
    return CompleteIrp(Irp, STATUS_SUCCESS);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreate_ok;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = DispatchCleanup_ok;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchClose_ok;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = DispatchWrite_bad;
    DriverObject->MajorFunction[IRP_MJ_FLUSH_BUFFERS] = DispatchFlush_bad;
    return STATUS_SUCCESS;
}
