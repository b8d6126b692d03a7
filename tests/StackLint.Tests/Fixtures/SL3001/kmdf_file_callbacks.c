// A KMDF spooler: each handle opened on its device gets a backing file. The framework calls the file object callbacks
// (WDF_FILEOBJECT_CONFIG) and the queue's callbacks (WDF_IO_QUEUE_CONFIG) on the thread that sent the create, cleanup,
// close or request, whatever was already on its stack. The create callback opens the backing file and the cleanup
// callback flushes it with no check, and the device control callback queries it; the read callback checks the
// remaining stack first, and the close callback hands the close to a framework work item (a fresh stack) when the
// stack is low.
#include <ntddk.h>
#include <wdf.h>

#define SPOOL_STACK_NEEDED 0x2000
#define SPOOL_IOCTL_QUERY_SIZE CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _SPOOL_FILE_CONTEXT {
    HANDLE Backing;
} SPOOL_FILE_CONTEXT, *PSPOOL_FILE_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(SPOOL_FILE_CONTEXT, SpoolFileContext)

typedef struct _SPOOL_CLOSE_CONTEXT {
    HANDLE Backing;
} SPOOL_CLOSE_CONTEXT, *PSPOOL_CLOSE_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(SPOOL_CLOSE_CONTEXT, SpoolCloseContext)

EVT_WDF_DRIVER_DEVICE_ADD SpoolDeviceAdd;
EVT_WDF_DEVICE_FILE_CREATE SpoolFileCreate_bad;
EVT_WDF_FILE_CLEANUP SpoolFileCleanup_bad;
EVT_WDF_FILE_CLOSE SpoolFileClose_ok;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL SpoolDeviceControl_bad;
EVT_WDF_IO_QUEUE_IO_READ SpoolRead_ok;
EVT_WDF_WORKITEM SpoolCloseWorker_ok;

VOID SpoolFileCreate_bad(WDFDEVICE Device, WDFREQUEST Request, WDFFILEOBJECT FileObject)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\SystemRoot\\Temp\\spool.bin");
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;
    PSPOOL_FILE_CONTEXT context = SpoolFileContext(FileObject);
    NTSTATUS status;
    UNREFERENCED_PARAMETER(Device);

    InitializeObjectAttributes(&attributes, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwCreateFile(&context->Backing, GENERIC_READ | GENERIC_WRITE | SYNCHRONIZE, &attributes, &iosb, NULL, // expect: SL3001 "'ZwCreateFile' in 'SpoolFileCreate_bad' is reachable from KMDF EvtDeviceFileCreate callback 'SpoolFileCreate_bad' with no remaining-stack check"
                          FILE_ATTRIBUTE_TEMPORARY, 0, FILE_OVERWRITE_IF, FILE_NON_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    WdfRequestComplete(Request, status);
}

VOID SpoolFileCleanup_bad(WDFFILEOBJECT FileObject)
{
    IO_STATUS_BLOCK iosb;
    PSPOOL_FILE_CONTEXT context = SpoolFileContext(FileObject);

    if (context->Backing != NULL) {
        ZwFlushBuffersFile(context->Backing, &iosb); // expect: SL3001 "'ZwFlushBuffersFile' in 'SpoolFileCleanup_bad' is reachable from KMDF EvtFileCleanup callback 'SpoolFileCleanup_bad' with no remaining-stack check"
    }
}

// A framework work item: a system worker thread, at the bottom of its own stack.
VOID SpoolCloseWorker_ok(WDFWORKITEM WorkItem)
{
    PSPOOL_CLOSE_CONTEXT context = SpoolCloseContext(WorkItem);

    ZwClose(context->Backing);
    WdfObjectDelete(WorkItem);
}

VOID SpoolFileClose_ok(WDFFILEOBJECT FileObject)
{
    PSPOOL_FILE_CONTEXT context = SpoolFileContext(FileObject);
    WDF_WORKITEM_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFWORKITEM item;

    if (context->Backing == NULL) {
        return;
    }
    if (IoGetRemainingStackSize() < SPOOL_STACK_NEEDED) {
        WDF_WORKITEM_CONFIG_INIT(&config, SpoolCloseWorker_ok);
        WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, SPOOL_CLOSE_CONTEXT);
        attributes.ParentObject = WdfFileObjectGetDevice(FileObject);
        if (NT_SUCCESS(WdfWorkItemCreate(&config, &attributes, &item))) {
            SpoolCloseContext(item)->Backing = context->Backing;
            WdfWorkItemEnqueue(item);
        }
        return;
    }
    ZwClose(context->Backing);
}

VOID SpoolDeviceControl_bad(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength, size_t InputBufferLength, ULONG IoControlCode)
{
    PSPOOL_FILE_CONTEXT context = SpoolFileContext(WdfRequestGetFileObject(Request));
    FILE_STANDARD_INFORMATION info;
    IO_STATUS_BLOCK iosb;
    PLARGE_INTEGER size;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode != SPOOL_IOCTL_QUERY_SIZE) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }
    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(*size), (PVOID *)&size, NULL);
    if (NT_SUCCESS(status)) {
        status = ZwQueryInformationFile(context->Backing, &iosb, &info, sizeof(info), FileStandardInformation); // expect: SL3001 "'ZwQueryInformationFile' in 'SpoolDeviceControl_bad' is reachable from KMDF EvtIoDeviceControl callback 'SpoolDeviceControl_bad' with no remaining-stack check"
    }
    if (NT_SUCCESS(status)) {
        *size = info.EndOfFile;
    }
    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? sizeof(*size) : 0);
}

VOID SpoolRead_ok(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    PSPOOL_FILE_CONTEXT context = SpoolFileContext(WdfRequestGetFileObject(Request));
    IO_STATUS_BLOCK iosb;
    PVOID buffer;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(Queue);

    if (IoGetRemainingStackSize() < SPOOL_STACK_NEEDED) {
        WdfRequestComplete(Request, STATUS_DEVICE_BUSY);
        return;
    }
    status = WdfRequestRetrieveOutputBuffer(Request, Length, &buffer, NULL);
    if (NT_SUCCESS(status)) {
        status = ZwReadFile(context->Backing, NULL, NULL, NULL, &iosb, buffer, (ULONG)Length, NULL, NULL);
    }
    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? iosb.Information : 0);
}

NTSTATUS SpoolDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDF_FILEOBJECT_CONFIG fileConfig;
    WDF_OBJECT_ATTRIBUTES fileAttributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE device;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(Driver);

    WDF_FILEOBJECT_CONFIG_INIT(&fileConfig, SpoolFileCreate_bad, SpoolFileClose_ok, SpoolFileCleanup_bad);
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&fileAttributes, SPOOL_FILE_CONTEXT);
    WdfDeviceInitSetFileObjectConfig(DeviceInit, &fileConfig, &fileAttributes);
    status = WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = SpoolDeviceControl_bad;
    queueConfig.EvtIoRead = SpoolRead_ok;
    return WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;

    WDF_DRIVER_CONFIG_INIT(&config, SpoolDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}
