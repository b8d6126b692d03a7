// The sensor driver: its device control dispatch queries the companion device through the shared helper, on the
// requester's stack with no check.
#include "../shared/devquery.h"

static UNICODE_STRING g_Companion = RTL_CONSTANT_STRING(L"\\Device\\VendorCompanion0");

NTSTATUS SensorQuery_bad(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    ULONG state = 0;
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = VendorQueryDevice(&g_Companion, &state);
    Irp->IoStatus.Information = state;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SensorQuery_bad;
    return STATUS_SUCCESS;
}
