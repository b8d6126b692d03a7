// A sensor driver that compiles the vendor's shared companion helpers (shared/companion.c) into itself. Its device
// control dispatch queries the companion on the requester's stack with no check; the internal device control
// dispatch checks the remaining stack first; the start of the device queries it from a work item (a fresh stack).
#include <ntddk.h>
#include "shared/companion.h"

#define SENSOR_IOCTL_READ_STATE CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define SENSOR_STACK_NEEDED 0x2000

typedef struct _SENSOR_EXTENSION {
    PIO_WORKITEM StartItem;
    COMPANION_STATE LastState;
} SENSOR_EXTENSION, *PSENSOR_EXTENSION;

static UNICODE_STRING g_CompanionName = RTL_CONSTANT_STRING(L"\\Device\\ExampleCompanion0");

static NTSTATUS CompleteRequest(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS SensorDeviceControl_bad(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PSENSOR_EXTENSION extension = (PSENSOR_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    if (stack->Parameters.DeviceIoControl.IoControlCode != SENSOR_IOCTL_READ_STATE ||
        stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(COMPANION_STATE)) {
        return CompleteRequest(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
    status = CompanionQueryState(&g_CompanionName, &extension->LastState);
    if (NT_SUCCESS(status)) {
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &extension->LastState, sizeof(COMPANION_STATE));
    }
    return CompleteRequest(Irp, status, NT_SUCCESS(status) ? sizeof(COMPANION_STATE) : 0);
}

NTSTATUS SensorInternalControl_ok(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PSENSOR_EXTENSION extension = (PSENSOR_EXTENSION)DeviceObject->DeviceExtension;

    if (IoGetRemainingStackSize() < SENSOR_STACK_NEEDED) {
        return CompleteRequest(Irp, STATUS_DEVICE_BUSY, 0);
    }
    return CompleteRequest(Irp, CompanionQueryState(&g_CompanionName, &extension->LastState), 0);
}

static VOID SensorStartWorker_ok(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    PSENSOR_EXTENSION extension = (PSENSOR_EXTENSION)DeviceObject->DeviceExtension;
    UNREFERENCED_PARAMETER(Context);

    CompanionQueryState(&g_CompanionName, &extension->LastState);
}

NTSTATUS SensorCreate_ok(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PSENSOR_EXTENSION extension = (PSENSOR_EXTENSION)DeviceObject->DeviceExtension;

    if (extension->StartItem != NULL) {
        IoQueueWorkItem(extension->StartItem, SensorStartWorker_ok, DelayedWorkQueue, NULL);
    }
    return CompleteRequest(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT device;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(SENSOR_EXTENSION), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ((PSENSOR_EXTENSION)device->DeviceExtension)->StartItem = IoAllocateWorkItem(device);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = SensorCreate_ok;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SensorDeviceControl_bad;
    DriverObject->MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL] = SensorInternalControl_ok;
    return STATUS_SUCCESS;
}
