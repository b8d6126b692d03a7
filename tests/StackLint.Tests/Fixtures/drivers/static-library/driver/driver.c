// A driver that links the vendor's configuration library (ProjectReference in driver.vcxproj). Its device control
// dispatch reloads the configuration on the requester's stack with no check; DriverEntry loads it on a fresh stack.
#include <ntddk.h>
#include "../cfglib/cfglib.h"

#define CFG_IOCTL_RELOAD CTL_CODE(FILE_DEVICE_UNKNOWN, 0x910, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _CFG_EXTENSION {
    UCHAR Blob[CFG_BLOB_MAX];
    ULONG BlobLength;
} CFG_EXTENSION, *PCFG_EXTENSION;

static UNICODE_STRING g_ConfigPath = RTL_CONSTANT_STRING(L"\\SystemRoot\\System32\\drivers\\cfgdrv.bin");

NTSTATUS CfgDeviceControl_bad(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PCFG_EXTENSION extension = (PCFG_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

    if (stack->Parameters.DeviceIoControl.IoControlCode == CFG_IOCTL_RELOAD) {
        status = CfgReadBlob(&g_ConfigPath, extension->Blob, sizeof(extension->Blob), &extension->BlobLength);
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS CfgCreateClose_ok(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT device;
    PCFG_EXTENSION extension;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(CFG_EXTENSION), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    extension = (PCFG_EXTENSION)device->DeviceExtension;
    // DriverEntry runs on a fresh system thread stack: reading the file here is fine.
    (VOID)CfgReadBlob(&g_ConfigPath, extension->Blob, sizeof(extension->Blob), &extension->BlobLength);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = CfgCreateClose_ok;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = CfgCreateClose_ok;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = CfgDeviceControl_bad;
    return STATUS_SUCCESS;
}
