// A disk file system tells the mount manager about each volume it mounts: it opens the mount manager's device with
// IoGetDeviceObjectPointer (a create, cleanup and close through that stack) and sends it a volume-arrival IOCTL it
// builds with IoBuildDeviceIoControlRequest and waits for. IRP_MN_MOUNT_VOLUME arrives on the stack of whoever
// touched the volume first (often a create deep in another driver stack): the mount path runs on a borrowed stack,
// and both requests run whole driver stacks on it. The dismount path queues the same notification to a work item,
// which runs it at the bottom of a system worker thread's stack.
#include <ntifs.h>

#define EXAMPLE_MOUNTMGR_DEVICE_NAME L"\\Device\\MountPointManager"
#define EXAMPLE_IOCTL_MOUNTMGR_VOLUME_ARRIVAL CTL_CODE(0x0000006D, 11, METHOD_BUFFERED, FILE_READ_ACCESS)
#define EXAMPLE_IOCTL_MOUNTMGR_VOLUME_REMOVAL CTL_CODE(0x0000006D, 12, METHOD_BUFFERED, FILE_READ_ACCESS)
#define EXAMPLE_UNRECOGNIZED_VOLUME ((NTSTATUS)0xC000014FL)

typedef struct _EXAMPLE_TARGET_NAME {
    USHORT DeviceNameLength;
    WCHAR DeviceName[1];
} EXAMPLE_TARGET_NAME, *PEXAMPLE_TARGET_NAME;

typedef struct _EXAMPLE_NOTIFY_ITEM {
    PIO_WORKITEM WorkItem;
    PUNICODE_STRING VolumeName;
} EXAMPLE_NOTIFY_ITEM, *PEXAMPLE_NOTIFY_ITEM;

PDEVICE_OBJECT g_FileSystemDevice;

static NTSTATUS NotifyMountManager(PUNICODE_STRING VolumeName, ULONG IoControlCode)
{
    UNICODE_STRING mountManagerName = RTL_CONSTANT_STRING(EXAMPLE_MOUNTMGR_DEVICE_NAME);
    PFILE_OBJECT fileObject;
    PDEVICE_OBJECT mountManager;
    PEXAMPLE_TARGET_NAME target;
    ULONG targetLength;
    KEVENT event;
    IO_STATUS_BLOCK iosb;
    PIRP irp;
    NTSTATUS status;

    status = IoGetDeviceObjectPointer(&mountManagerName, FILE_READ_ATTRIBUTES, &fileObject, &mountManager); // expect: SL3001 "'IoGetDeviceObjectPointer' in 'NotifyMountManager' is reachable from IRP dispatch routine 'FsdFileSystemControl_bad' with no remaining-stack check"
    if (!NT_SUCCESS(status)) {
        return status;
    }
    targetLength = FIELD_OFFSET(EXAMPLE_TARGET_NAME, DeviceName) + VolumeName->Length;
    target = (PEXAMPLE_TARGET_NAME)ExAllocatePool2(POOL_FLAG_PAGED, targetLength, 'tnMx');
    if (target == NULL) {
        ObDereferenceObject(fileObject);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    target->DeviceNameLength = VolumeName->Length;
    RtlCopyMemory(target->DeviceName, VolumeName->Buffer, VolumeName->Length);
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    irp = IoBuildDeviceIoControlRequest(IoControlCode, mountManager, target, targetLength, NULL, 0, FALSE, &event, &iosb); // expect: SL3001 "'IoBuildDeviceIoControlRequest' in 'NotifyMountManager' is reachable from IRP dispatch routine 'FsdFileSystemControl_bad' with no remaining-stack check"
    if (irp == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
    } else {
        status = IoCallDriver(mountManager, irp);
        if (status == STATUS_PENDING) {
            KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
            status = iosb.Status;
        }
    }
    ExFreePool(target);
    ObDereferenceObject(fileObject);
    return status;
}

static NTSTATUS MountVolume(PDEVICE_OBJECT FileSystemDevice, PIRP Irp, PIO_STACK_LOCATION Stack)
{
    PVPB vpb = Stack->Parameters.MountVolume.Vpb;
    PDEVICE_OBJECT volumeDevice;
    UNICODE_STRING volumeName = RTL_CONSTANT_STRING(L"\\Device\\ExampleVolume0");
    NTSTATUS status;
    UNREFERENCED_PARAMETER(Irp);

    status = IoCreateDevice(FileSystemDevice->DriverObject, 0, NULL, FILE_DEVICE_DISK_FILE_SYSTEM, 0, FALSE, &volumeDevice);
    if (!NT_SUCCESS(status)) {
        return EXAMPLE_UNRECOGNIZED_VOLUME;
    }
    vpb->DeviceObject = volumeDevice;
    volumeDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    NotifyMountManager(&volumeName, EXAMPLE_IOCTL_MOUNTMGR_VOLUME_ARRIVAL);
    return STATUS_SUCCESS;
}

// A work item: a system worker thread, at the bottom of its own stack.
static VOID NotifyRemovalWorker_ok(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    PEXAMPLE_NOTIFY_ITEM item = (PEXAMPLE_NOTIFY_ITEM)Context;
    UNREFERENCED_PARAMETER(DeviceObject);

    NotifyMountManager(item->VolumeName, EXAMPLE_IOCTL_MOUNTMGR_VOLUME_REMOVAL);
    IoFreeWorkItem(item->WorkItem);
    ExFreePool(item);
}

static NTSTATUS DismountVolume_ok(PDEVICE_OBJECT VolumeDevice, PUNICODE_STRING VolumeName)
{
    PEXAMPLE_NOTIFY_ITEM item;

    item = (PEXAMPLE_NOTIFY_ITEM)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*item), 'tnMx');
    if (item == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    item->VolumeName = VolumeName;
    item->WorkItem = IoAllocateWorkItem(VolumeDevice);
    if (item->WorkItem == NULL) {
        ExFreePool(item);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    IoQueueWorkItem(item->WorkItem, NotifyRemovalWorker_ok, DelayedWorkQueue, item);
    return STATUS_SUCCESS;
}

NTSTATUS FsdFileSystemControl_bad(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    static UNICODE_STRING volumeName = RTL_CONSTANT_STRING(L"\\Device\\ExampleVolume0");
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

    switch (stack->MinorFunction) {
    case IRP_MN_MOUNT_VOLUME:
        status = MountVolume(DeviceObject, Irp, stack);
        break;
    case IRP_MN_USER_FS_REQUEST:
        if (stack->Parameters.FileSystemControl.FsControlCode == FSCTL_DISMOUNT_VOLUME) {
            status = DismountVolume_ok(DeviceObject, &volumeName);
        }
        break;
    default:
        break;
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_DISK_INCREMENT);
    return status;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\ExampleFs");
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] = FsdFileSystemControl_bad;
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_DISK_FILE_SYSTEM, 0, FALSE, &g_FileSystemDevice);
    if (NT_SUCCESS(status)) {
        IoRegisterFileSystem(g_FileSystemDevice);
    }
    return status;
}
