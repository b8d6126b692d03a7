// SL3001 fixture: a small file system's fast I/O routines. The I/O manager (or a filter above) calls them before it
// builds an IRP, on the requesting thread's stack, so they are entries on a borrowed stack like the dispatch routine
// the IRP would reach. Its fast device control asks the disk below with a synchronous IOCTL; the same request made
// from a work item (a fresh stack) is quiet.
#include <ntifs.h>

#define EXAMPLE_IOCTL_DISK_GET_LENGTH 0x0007405C

static FAST_IO_DISPATCH g_FastIo;
static WORK_QUEUE_ITEM g_RefreshItem;
static PDEVICE_OBJECT g_Disk;
static LONGLONG g_Length;

static NTSTATUS QueryDiskLength(PDEVICE_OBJECT Disk, PLONGLONG Length)
{
    KEVENT done;
    IO_STATUS_BLOCK iosb;
    NTSTATUS status;
    PIRP irp;
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    irp = IoBuildDeviceIoControlRequest(EXAMPLE_IOCTL_DISK_GET_LENGTH, Disk, NULL, 0, Length, sizeof(*Length), FALSE, &done, &iosb); // expect: SL3001 "'IoBuildDeviceIoControlRequest' in 'QueryDiskLength' is reachable from fast I/O routine 'FastIoDeviceControl_bad'"
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = IoCallDriver(Disk, irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
        status = iosb.Status;
    }
    return status;
}

static BOOLEAN FastIoDeviceControl_bad(PFILE_OBJECT FileObject, BOOLEAN Wait, PVOID InputBuffer, ULONG InputLength,
                                       PVOID OutputBuffer, ULONG OutputLength, ULONG Code, PIO_STATUS_BLOCK IoStatus,
                                       PDEVICE_OBJECT DeviceObject)
{
    UNREFERENCED_PARAMETER(FileObject); UNREFERENCED_PARAMETER(InputBuffer); UNREFERENCED_PARAMETER(InputLength);
    UNREFERENCED_PARAMETER(DeviceObject);
    if (!Wait || Code != EXAMPLE_IOCTL_DISK_GET_LENGTH || OutputLength < sizeof(LONGLONG)) {
        return FALSE;
    }
    IoStatus->Status = QueryDiskLength(g_Disk, (PLONGLONG)OutputBuffer);
    IoStatus->Information = sizeof(LONGLONG);
    return TRUE;
}

static BOOLEAN FastIoQueryBasicInfo_ok(PFILE_OBJECT FileObject, BOOLEAN Wait, PFILE_BASIC_INFORMATION Buffer,
                                       PIO_STATUS_BLOCK IoStatus, PDEVICE_OBJECT DeviceObject)
{
    UNREFERENCED_PARAMETER(FileObject); UNREFERENCED_PARAMETER(Wait); UNREFERENCED_PARAMETER(Buffer);
    UNREFERENCED_PARAMETER(IoStatus); UNREFERENCED_PARAMETER(DeviceObject);
    return FALSE; // take the IRP path
}

static VOID RefreshLength_ok(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    (VOID)QueryDiskLength(g_Disk, &g_Length);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    RtlZeroMemory(&g_FastIo, sizeof(g_FastIo));
    g_FastIo.SizeOfFastIoDispatch = sizeof(g_FastIo);
    g_FastIo.FastIoDeviceControl = FastIoDeviceControl_bad;
    g_FastIo.FastIoQueryBasicInfo = FastIoQueryBasicInfo_ok;
    DriverObject->FastIoDispatch = &g_FastIo;
    ExInitializeWorkItem(&g_RefreshItem, RefreshLength_ok, NULL);
    ExQueueWorkItem(&g_RefreshItem, DelayedWorkQueue);
    return STATUS_SUCCESS;
}
