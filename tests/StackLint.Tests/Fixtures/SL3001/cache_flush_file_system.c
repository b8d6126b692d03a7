// A file system flushes the cache of its own files from its own cleanup and flush dispatch routines: that is its
// job, and its paging writes come back to its own write path, which it designed for them. Nothing is reported.
#include <ntifs.h>

typedef struct _EXAMPLE_FCB {
    ULONG NodeType;
    SECTION_OBJECT_POINTERS SectionObject;
} EXAMPLE_FCB, *PEXAMPLE_FCB;

static PDEVICE_OBJECT g_FileSystemDevice;

static VOID FlushFcb_ok(PEXAMPLE_FCB Fcb)
{
    IO_STATUS_BLOCK iosb;
    CcFlushCache(&Fcb->SectionObject, NULL, 0, &iosb);
}

NTSTATUS DispatchCleanup_ok(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    UNREFERENCED_PARAMETER(DeviceObject);

    if (stack->FileObject != NULL && stack->FileObject->FsContext != NULL) {
        FlushFcb_ok((PEXAMPLE_FCB)stack->FileObject->FsContext);
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS DispatchFlush_ok(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    IO_STATUS_BLOCK iosb;
    UNREFERENCED_PARAMETER(DeviceObject);

    CcCoherencyFlushAndPurgeCache(stack->FileObject->SectionObjectPointer, NULL, 0, &iosb, CC_FLUSH_AND_PURGE_NO_PURGE);
    Irp->IoStatus = iosb;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return iosb.Status;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\ExampleFs");
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_DISK_FILE_SYSTEM, 0, FALSE, &g_FileSystemDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = DispatchCleanup_ok;
    DriverObject->MajorFunction[IRP_MJ_FLUSH_BUFFERS] = DispatchFlush_ok;
    IoRegisterFileSystem(g_FileSystemDevice);
    return STATUS_SUCCESS;
}
