// The pad driver links the shared folder too, but queries its device only from a work item (a fresh stack), so the
// shared helper's calls are not reported for it.
#include "../shared/devquery.h"

static UNICODE_STRING g_Controller = RTL_CONSTANT_STRING(L"\\Device\\VendorPad0");
static PIO_WORKITEM g_PollItem;
static ULONG g_PadState;

static VOID PadPollWorker_ok(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
    VendorQueryDevice(&g_Controller, &g_PadState);
}

NTSTATUS PadCreate_ok(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    if (g_PollItem != NULL) {
        IoQueueWorkItem(g_PollItem, PadPollWorker_ok, DelayedWorkQueue, NULL);
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT device;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
    if (NT_SUCCESS(status)) {
        g_PollItem = IoAllocateWorkItem(device);
        DriverObject->MajorFunction[IRP_MJ_CREATE] = PadCreate_ok;
    }
    return status;
}
