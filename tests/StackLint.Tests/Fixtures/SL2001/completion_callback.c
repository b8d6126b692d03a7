// Recursion through a callback the driver registered itself: the read dispatch routine sets a completion routine,
// and the completion routine re-issues the read through the driver's own MajorFunction table. When the lower driver
// completes synchronously, every retry nests inside the previous IoCallDriver.
#include <ntifs.h>

#define MAX_RETRIES 4

// Older kits lack the name; its value is STATUS_SUCCESS.
#ifndef STATUS_CONTINUE_COMPLETION
#define STATUS_CONTINUE_COMPLETION STATUS_SUCCESS
#endif

typedef struct _RETRY_CONTEXT {
    PDEVICE_OBJECT LowerDevice;
    LONG Retries;
} RETRY_CONTEXT, *PRETRY_CONTEXT;

NTSTATUS ReadComplete_bad(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context);

NTSTATUS DispatchRead_bad(PDEVICE_OBJECT DeviceObject, PIRP Irp) // expect: SL2001 "'DispatchRead_bad' -> 'ReadComplete_bad' -> 'DispatchRead_bad' (2 functions recurse together); a completion routine that sends its IRP again runs the next send below the last one"
{
    PRETRY_CONTEXT context = (PRETRY_CONTEXT)DeviceObject->DeviceExtension;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, ReadComplete_bad, context, TRUE, TRUE, TRUE);
    return IoCallDriver(context->LowerDevice, Irp);
}

NTSTATUS ReadComplete_bad(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context) // on DispatchRead_bad's cycle: reported once, there
{
    PRETRY_CONTEXT context = (PRETRY_CONTEXT)Context;

    if (!NT_SUCCESS(Irp->IoStatus.Status) && InterlockedIncrement(&context->Retries) < MAX_RETRIES) {
        // Re-issue the same request from the top of this driver.
        DeviceObject->DriverObject->MajorFunction[IRP_MJ_READ](DeviceObject, Irp);
        return STATUS_MORE_PROCESSING_REQUIRED;
    }
    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS DispatchCreate_ok(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreate_ok;
    DriverObject->MajorFunction[IRP_MJ_READ] = DispatchRead_bad;
    return STATUS_SUCCESS;
}
