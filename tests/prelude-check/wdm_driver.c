/*
 * wdm_driver.c - a realistic WDM driver used to check that the embedded
 * prelude parses typical WDM code, alone (x64/x86/arm64) and on top of
 * mingw-w64's headers (x64/x86). Not meant to be built or loaded.
 */
#include <ntddk.h>
#include <wdm.h>

#define DEV_TAG 'veDW'
#define IOCTL_WDM_READ_CONFIG CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_WDM_FORWARD CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _DEVICE_EXTENSION {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Lower;
    KDPC Dpc;
    KTIMER Timer;
    KEVENT StopEvent;
    KSPIN_LOCK QueueLock;
    LIST_ENTRY Queue;
    FAST_MUTEX ConfigMutex;
    PIO_WORKITEM WorkItem;
    WORK_QUEUE_ITEM LegacyWork;
    HANDLE Thread;
    PVOID ThreadObject;
    volatile LONG Pending;
    UCHAR Config[256];
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WdmUnload;
DRIVER_DISPATCH WdmCreateClose;
DRIVER_DISPATCH WdmDeviceControl;
DRIVER_DISPATCH WdmPassThrough;
IO_COMPLETION_ROUTINE WdmForwardCompletion;
KDEFERRED_ROUTINE WdmTimerDpc;
IO_WORKITEM_ROUTINE WdmWorkItem;
WORKER_THREAD_ROUTINE WdmLegacyWorker;
KSTART_ROUTINE WdmThread;

static NTSTATUS ReadConfigFile(PDEVICE_EXTENSION Ext)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    FILE_STANDARD_INFORMATION info;
    HANDLE file;
    LARGE_INTEGER offset;
    NTSTATUS status;

    RtlInitUnicodeString(&name, L"\\SystemRoot\\wdm.cfg");
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwCreateFile(&file, GENERIC_READ | SYNCHRONIZE, &oa, &iosb, NULL, FILE_ATTRIBUTE_NORMAL,
                          FILE_SHARE_READ, FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE, NULL, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ZwQueryInformationFile(file, &iosb, &info, sizeof(info), FileStandardInformation);
    if (NT_SUCCESS(status) && info.EndOfFile.QuadPart > 0) {
        offset.QuadPart = 0;
        ExAcquireFastMutex(&Ext->ConfigMutex);
        status = ZwReadFile(file, NULL, NULL, NULL, &iosb, Ext->Config,
                            (ULONG)min(info.EndOfFile.QuadPart, (LONGLONG)sizeof(Ext->Config)), &offset, NULL);
        ExReleaseFastMutex(&Ext->ConfigMutex);
    }
    ZwClose(file);
    return status;
}

VOID WdmThread(PVOID StartContext)
{
    PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)StartContext;
    LARGE_INTEGER interval;
    NTSTATUS status;

    interval.QuadPart = -10LL * 1000 * 500;
    for (;;) {
        status = KeWaitForSingleObject(&ext->StopEvent, Executive, KernelMode, FALSE, &interval);
        if (status != STATUS_TIMEOUT) {
            break;
        }
        (VOID)ReadConfigFile(ext);
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

VOID WdmWorkItem(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
    UNREFERENCED_PARAMETER(Context);
    (VOID)ReadConfigFile(ext);
    InterlockedDecrement(&ext->Pending);
}

VOID WdmLegacyWorker(PVOID Parameter)
{
    PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)Parameter;
    InterlockedDecrement(&ext->Pending);
}

VOID WdmTimerDpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeferredContext;
    KIRQL oldIrql;
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    KeAcquireSpinLock(&ext->QueueLock, &oldIrql);
    if (!IsListEmpty(&ext->Queue)) {
        InterlockedIncrement(&ext->Pending);
        IoQueueWorkItem(ext->WorkItem, WdmWorkItem, DelayedWorkQueue, NULL);
    }
    KeReleaseSpinLock(&ext->QueueLock, oldIrql);
}

NTSTATUS WdmForwardCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    if (Irp->PendingReturned) {
        KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    }
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS ForwardAndWait(PDEVICE_EXTENSION Ext, PIRP Irp)
{
    KEVENT event;
    NTSTATUS status;

    KeInitializeEvent(&event, NotificationEvent, FALSE);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, WdmForwardCompletion, &event, TRUE, TRUE, TRUE);
    status = IoCallDriver(Ext->Lower, Irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
        status = Irp->IoStatus.Status;
    }
    return status;
}

NTSTATUS WdmCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS WdmDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_WDM_READ_CONFIG:
        if (outLen < sizeof(ext->Config)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        ExAcquireFastMutex(&ext->ConfigMutex);
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, ext->Config, sizeof(ext->Config));
        ExReleaseFastMutex(&ext->ConfigMutex);
        info = sizeof(ext->Config);
        status = STATUS_SUCCESS;
        break;
    case IOCTL_WDM_FORWARD:
        status = ForwardAndWait(ext, Irp);
        info = Irp->IoStatus.Information;
        break;
    default:
        break;
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS WdmPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

VOID WdmUnload(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT device = DriverObject->DeviceObject;
    PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)device->DeviceExtension;
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\WdmSample");

    KeCancelTimer(&ext->Timer);
    KeSetEvent(&ext->StopEvent, IO_NO_INCREMENT, FALSE);
    if (ext->ThreadObject != NULL) {
        KeWaitForSingleObject(ext->ThreadObject, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(ext->ThreadObject);
    }
    ZwClose(ext->Thread);
    IoFreeWorkItem(ext->WorkItem);
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(device);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\WdmSample");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\WdmSample");
    PDEVICE_OBJECT device = NULL;
    PDEVICE_EXTENSION ext;
    LARGE_INTEGER due;
    ULONG i;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(DEVICE_EXTENSION), &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = WdmPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = WdmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = WdmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = WdmDeviceControl;
    DriverObject->DriverUnload = WdmUnload;

    ext = (PDEVICE_EXTENSION)device->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = device;
    InitializeListHead(&ext->Queue);
    KeInitializeSpinLock(&ext->QueueLock);
    KeInitializeEvent(&ext->StopEvent, NotificationEvent, FALSE);
    ExInitializeFastMutex(&ext->ConfigMutex);
    KeInitializeDpc(&ext->Dpc, WdmTimerDpc, ext);
    KeInitializeTimer(&ext->Timer);
    ext->WorkItem = IoAllocateWorkItem(device);
    if (ext->WorkItem == NULL) {
        IoDeleteSymbolicLink(&link);
        IoDeleteDevice(device);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    ExInitializeWorkItem(&ext->LegacyWork, WdmLegacyWorker, ext);
    InterlockedIncrement(&ext->Pending);
    ExQueueWorkItem(&ext->LegacyWork, DelayedWorkQueue);

    status = PsCreateSystemThread(&ext->Thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, WdmThread, ext);
    if (NT_SUCCESS(status)) {
        (VOID)ObReferenceObjectByHandle(ext->Thread, THREAD_ALL_ACCESS, NULL, KernelMode, &ext->ThreadObject, NULL);
    }
    due.QuadPart = -10LL * 1000 * 1000;
    KeSetTimer(&ext->Timer, due, &ext->Dpc);
    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
