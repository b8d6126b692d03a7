// A removable-media file system that verifies its volume when the disk says the media may have changed. Verifying
// from the failing request's own dispatch routine runs the verify and, for a changed medium, every file system's
// mount path on that request's stack; posting the request to a work item verifies on a fresh stack.
#include <ntifs.h>

static PIO_WORKITEM g_VerifyItem;
static PDEVICE_OBJECT g_FileSystemDevice;

static NTSTATUS VerifyNow_bad(PIRP Irp)
{
    PDEVICE_OBJECT device = IoGetDeviceToVerify(Irp->Tail.Overlay.Thread);

    if (device == NULL) {
        device = IoGetDeviceToVerify(PsGetCurrentThread());
    }
    if (device == NULL) {
        return STATUS_SUCCESS;
    }
    IoSetDeviceToVerify(PsGetCurrentThread(), NULL);
    return IoVerifyVolume(device, FALSE); // expect: SL3001 "'IoVerifyVolume' in 'VerifyNow_bad' is reachable from IRP dispatch routine 'DispatchRead_bad'"
}

static VOID VerifyWorker_ok(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    PDEVICE_OBJECT device = (PDEVICE_OBJECT)Context;
    UNREFERENCED_PARAMETER(DeviceObject);
    IoVerifyVolume(device, FALSE);
}

NTSTATUS DispatchRead_bad(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    NTSTATUS status;
    UNREFERENCED_PARAMETER(DeviceObject);

    status = VerifyNow_bad(Irp);
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS DispatchWrite_ok(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDEVICE_OBJECT device = IoGetDeviceToVerify(Irp->Tail.Overlay.Thread);
    UNREFERENCED_PARAMETER(DeviceObject);

    if (device != NULL) {
        IoMarkIrpPending(Irp);
        IoQueueWorkItem(g_VerifyItem, VerifyWorker_ok, DelayedWorkQueue, device);
        return STATUS_PENDING;
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\ExampleRemovableFs");
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_CD_ROM_FILE_SYSTEM, 0, FALSE, &g_FileSystemDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    g_VerifyItem = IoAllocateWorkItem(g_FileSystemDevice);
    DriverObject->MajorFunction[IRP_MJ_READ] = DispatchRead_bad;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = DispatchWrite_ok;
    IoRegisterFileSystem(g_FileSystemDevice);
    return STATUS_SUCCESS;
}
