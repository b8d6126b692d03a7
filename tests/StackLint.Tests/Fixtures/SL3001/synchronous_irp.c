// A small file system's mount path: asked to mount a volume, it asks the disk below whether it is writable and reads
// the boot sector with synchronous IRPs it builds and sends itself. The mount request arrives on the stack of whoever
// touched the volume first, so those IRPs run the whole disk stack below on a borrowed stack. A remaining-stack check
// in front of them, or handing the IRP to a worker that sends it, keeps the finding away.
#include <ntifs.h>

#define EXAMPLE_IOCTL_DISK_IS_WRITABLE 0x00070024
#define EXAMPLE_MOUNT_STACK_NEEDED 0x2000
#define EXAMPLE_UNRECOGNIZED_VOLUME ((NTSTATUS)0xC000014FL)

static NTSTATUS QueryWritable_bad(PDEVICE_OBJECT TargetDevice)
{
    KEVENT event;
    IO_STATUS_BLOCK iosb;
    PIRP irp;
    NTSTATUS status;

    KeInitializeEvent(&event, NotificationEvent, FALSE);
    irp = IoBuildDeviceIoControlRequest(EXAMPLE_IOCTL_DISK_IS_WRITABLE, TargetDevice, NULL, 0, NULL, 0, FALSE, &event, &iosb); // expect: SL3001 "'IoBuildDeviceIoControlRequest' in 'QueryWritable_bad' is reachable from IRP dispatch routine 'DispatchFsControl'"
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = IoCallDriver(TargetDevice, irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
        status = iosb.Status;
    }
    return status;
}

static PIRP BuildBootSectorRead_ok(PDEVICE_OBJECT TargetDevice, PVOID Buffer, PLARGE_INTEGER Offset, PKEVENT Event, PIO_STATUS_BLOCK Iosb)
{
    // Only builds the IRP: whoever sends it decides the stack it runs on.
    return IoBuildSynchronousFsdRequest(IRP_MJ_READ, TargetDevice, Buffer, 256, Offset, Event, Iosb);
}

static NTSTATUS ReadBootSector_ok(PDEVICE_OBJECT TargetDevice, PVOID Buffer)
{
    KEVENT event;
    IO_STATUS_BLOCK iosb;
    LARGE_INTEGER offset;
    PIRP irp;
    NTSTATUS status;

    if (IoGetRemainingStackSize() < EXAMPLE_MOUNT_STACK_NEEDED) {
        return STATUS_UNSUCCESSFUL;
    }
    offset.QuadPart = 0;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    irp = IoBuildSynchronousFsdRequest(IRP_MJ_READ, TargetDevice, Buffer, 256, &offset, &event, &iosb);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = IoCallDriver(TargetDevice, irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
        status = iosb.Status;
    }
    return status;
}

NTSTATUS DispatchFsControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_OBJECT target = stack->Parameters.MountVolume.DeviceObject;
    UCHAR sector[256];
    KEVENT event;
    IO_STATUS_BLOCK iosb;
    LARGE_INTEGER offset;
    NTSTATUS status = EXAMPLE_UNRECOGNIZED_VOLUME;
    UNREFERENCED_PARAMETER(DeviceObject);

    offset.QuadPart = 0;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    if (stack->MinorFunction == IRP_MN_MOUNT_VOLUME && NT_SUCCESS(QueryWritable_bad(target))) {
        status = ReadBootSector_ok(target, sector);
        if (BuildBootSectorRead_ok(target, sector, &offset, &event, &iosb) == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
        }
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] = DispatchFsControl;
    return STATUS_SUCCESS;
}
