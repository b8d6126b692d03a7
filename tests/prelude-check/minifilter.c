/*
 * minifilter.c - a realistic minifilter used to check that the embedded
 * prelude parses typical Filter Manager code, alone (x64/x86/arm64) and on
 * top of mingw-w64's headers (x64/x86). Not meant to be built or loaded.
 */
#include <fltKernel.h>
#include <ntstrsafe.h>

#define SCAN_TAG 'ncsS'
#define MIN_STACK_FOR_SCAN (8 * 1024)

typedef struct _SCAN_STREAM_CONTEXT {
    FAST_MUTEX Lock;
    LARGE_INTEGER LastScan;
    ULONG Flags;
    WCHAR Name[64];
} SCAN_STREAM_CONTEXT, *PSCAN_STREAM_CONTEXT;

typedef struct _SCAN_WORK {
    PFLT_CALLBACK_DATA Data;
    PFLT_INSTANCE Instance;
    UNICODE_STRING Path;
    WCHAR PathBuffer[260];
} SCAN_WORK, *PSCAN_WORK;

typedef struct _FILTER_GLOBALS {
    PFLT_FILTER Filter;
    PFLT_PORT ServerPort;
    PFLT_PORT ClientPort;
    KDPC StatsDpc;
    KTIMER StatsTimer;
    KSPIN_LOCK StatsLock;
    volatile LONG Creates;
    NPAGED_LOOKASIDE_LIST WorkLookaside;
    ERESOURCE ConfigLock;
} FILTER_GLOBALS;

static FILTER_GLOBALS Globals;

DRIVER_INITIALIZE DriverEntry;
static NTSTATUS FLTAPI ScanUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS ScanInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags, DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType);
static NTSTATUS ScanInstanceQueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);
static FLT_PREOP_CALLBACK_STATUS PreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);
static FLT_POSTOP_CALLBACK_STATUS PostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags);
static FLT_PREOP_CALLBACK_STATUS PreWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);
static FLT_PREOP_CALLBACK_STATUS PreSetInfo(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);
static VOID ContextCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE ContextType);
static FLT_GENERIC_WORKITEM_ROUTINE ScanWorker;
static FLT_DEFERRED_IO_WORKITEM_ROUTINE DeferredWorker;
static KDEFERRED_ROUTINE StatsDpcRoutine;
static EXPAND_STACK_CALLOUT ScanOnBigStack;
static IO_COMPLETION_ROUTINE PassThroughCompletion;

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE, 0, PreCreate, PostCreate },
    { IRP_MJ_WRITE, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, PreWrite, NULL },
    { IRP_MJ_SET_INFORMATION, 0, PreSetInfo, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_CONTEXT_REGISTRATION Contexts[] = {
    { FLT_STREAM_CONTEXT, 0, ContextCleanup, sizeof(SCAN_STREAM_CONTEXT), SCAN_TAG },
    { FLT_CONTEXT_END }
};

static const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    Contexts,
    Callbacks,
    ScanUnload,
    ScanInstanceSetup,
    ScanInstanceQueryTeardown,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL
};

static NTSTATUS ReadHeader(PFLT_INSTANCE Instance, PUNICODE_STRING Path, PUCHAR Header, ULONG Length)
{
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    HANDLE file = NULL;
    LARGE_INTEGER offset;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, Path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = FltCreateFile(Globals.Filter, Instance, &file, FILE_GENERIC_READ, &oa, &iosb, NULL,
                           FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                           FILE_OPEN, FILE_NON_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    offset.QuadPart = 0;
    status = ZwReadFile(file, NULL, NULL, NULL, &iosb, Header, Length, &offset, NULL);
    FltClose(file);
    return status;
}

static NTSTATUS LogToFile(PCUNICODE_STRING Name)
{
    UNICODE_STRING logName = RTL_CONSTANT_STRING(L"\\SystemRoot\\scan.log");
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    HANDLE log;
    WCHAR line[128];
    NTSTATUS status;

    InitializeObjectAttributes(&oa, &logName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwCreateFile(&log, FILE_APPEND_DATA | SYNCHRONIZE, &oa, &iosb, NULL, FILE_ATTRIBUTE_NORMAL,
                          FILE_SHARE_READ, FILE_OPEN_IF, FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = RtlStringCchPrintfW(line, RTL_NUMBER_OF(line), L"scan %wZ\r\n", Name);
    if (NT_SUCCESS(status)) {
        status = ZwWriteFile(log, NULL, NULL, NULL, &iosb, line, (ULONG)(wcslen(line) * sizeof(WCHAR)), NULL, NULL);
    }
    ZwClose(log);
    return status;
}

static VOID ScanOnBigStack(PVOID Parameter)
{
    PSCAN_WORK work = (PSCAN_WORK)Parameter;
    UCHAR header[4096];

    if (NT_SUCCESS(ReadHeader(work->Instance, &work->Path, header, sizeof(header)))) {
        if (header[0] == 'M' && header[1] == 'Z') {
            LogToFile(&work->Path);
        }
    }
}

static VOID ScanWorker(PFLT_GENERIC_WORKITEM FltWorkItem, PVOID FltObject, PVOID Context)
{
    PSCAN_WORK work = (PSCAN_WORK)Context;
    UNREFERENCED_PARAMETER(FltObject);

    (VOID)KeExpandKernelStackAndCalloutEx(ScanOnBigStack, work, MAXIMUM_EXPANSION_SIZE, TRUE, NULL);
    FltCompletePendedPreOperation(work->Data, FLT_PREOP_SUCCESS_NO_CALLBACK, NULL);
    ExFreeToNPagedLookasideList(&Globals.WorkLookaside, work);
    FltFreeGenericWorkItem(FltWorkItem);
}

static VOID DeferredWorker(PFLT_DEFERRED_IO_WORKITEM FltWorkItem, PFLT_CALLBACK_DATA CallbackData, PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    FltCompletePendedPreOperation(CallbackData, FLT_PREOP_SUCCESS_NO_CALLBACK, NULL);
    FltFreeDeferredIoWorkItem(FltWorkItem);
}

static FLT_PREOP_CALLBACK_STATUS PreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PSCAN_WORK work;
    PFLT_GENERIC_WORKITEM item;
    NTSTATUS status;

    *CompletionContext = NULL;
    if (FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DIRECTORY_FILE) ||
        Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    InterlockedIncrement(&Globals.Creates);

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_WITH_CALLBACK;
    }
    FltParseFileNameInformation(nameInfo);

    work = (PSCAN_WORK)ExAllocateFromNPagedLookasideList(&Globals.WorkLookaside);
    if (work == NULL) {
        FltReleaseFileNameInformation(nameInfo);
        return FLT_PREOP_SUCCESS_WITH_CALLBACK;
    }
    RtlInitEmptyUnicodeString(&work->Path, work->PathBuffer, sizeof(work->PathBuffer));
    RtlCopyUnicodeString(&work->Path, &nameInfo->Name);
    work->Data = Data;
    work->Instance = FltObjects->Instance;
    FltReleaseFileNameInformation(nameInfo);

    /* Little stack left: scan on a worker thread instead of inline. */
    if (IoGetRemainingStackSize() < MIN_STACK_FOR_SCAN) {
        item = FltAllocateGenericWorkItem();
        if (item != NULL &&
            NT_SUCCESS(FltQueueGenericWorkItem(item, FltObjects->Instance, ScanWorker, DelayedWorkQueue, work))) {
            return FLT_PREOP_PENDING;
        }
        if (item != NULL) {
            FltFreeGenericWorkItem(item);
        }
    } else {
        ScanOnBigStack(work);
    }
    ExFreeToNPagedLookasideList(&Globals.WorkLookaside, work);
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

static FLT_POSTOP_CALLBACK_STATUS PostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    PSCAN_STREAM_CONTEXT ctx = NULL;
    PSCAN_STREAM_CONTEXT old = NULL;
    BOOLEAN isDir = FALSE;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    if (NT_SUCCESS(FltIsDirectory(FltObjects->FileObject, FltObjects->Instance, &isDir)) && isDir) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    status = FltAllocateContext(FltObjects->Filter, FLT_STREAM_CONTEXT, sizeof(SCAN_STREAM_CONTEXT), NonPagedPoolNx, (PFLT_CONTEXT *)&ctx);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    RtlZeroMemory(ctx, sizeof(*ctx));
    ExInitializeFastMutex(&ctx->Lock);
    KeQuerySystemTimePrecise(&ctx->LastScan);
    status = FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject, FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, (PFLT_CONTEXT *)&old);
    if (old != NULL) {
        FltReleaseContext(old);
    }
    FltReleaseContext(ctx);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static FLT_PREOP_CALLBACK_STATUS PreWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    PFLT_DEFERRED_IO_WORKITEM item;
    PVOID buffer;
    UNREFERENCED_PARAMETER(CompletionContext);

    __try {
        buffer = Data->Iopb->Parameters.Write.WriteBuffer;
        if (buffer != NULL && Data->Iopb->Parameters.Write.Length >= 2 && ((PUCHAR)buffer)[0] == 'M') {
            item = FltAllocateDeferredIoWorkItem();
            if (item != NULL &&
                NT_SUCCESS(FltQueueDeferredIoWorkItem(item, Data, DeferredWorker, DelayedWorkQueue, FltObjects->Instance))) {
                return FLT_PREOP_PENDING;
            }
            if (item != NULL) {
                FltFreeDeferredIoWorkItem(item);
            }
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Data->IoStatus.Status = GetExceptionCode();
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static FLT_PREOP_CALLBACK_STATUS PreSetInfo(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    FILE_BASIC_INFORMATION basic;
    ULONG returned = 0;
    UNREFERENCED_PARAMETER(CompletionContext);

    if (Data->Iopb->Parameters.SetFileInformation.FileInformationClass == FileDispositionInformation) {
        if (NT_SUCCESS(FltQueryInformationFile(FltObjects->Instance, FltObjects->FileObject, &basic, sizeof(basic), FileBasicInformation, &returned)) &&
            FlagOn(basic.FileAttributes, FILE_ATTRIBUTE_SYSTEM)) {
            Data->IoStatus.Status = STATUS_ACCESS_DENIED;
            return FLT_PREOP_COMPLETE;
        }
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static VOID ContextCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE ContextType)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(ContextType);
}

static VOID StatsDpcRoutine(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    KLOCK_QUEUE_HANDLE lockHandle;
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(DeferredContext);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    KeAcquireInStackQueuedSpinLockAtDpcLevel(&Globals.StatsLock, &lockHandle);
    InterlockedExchange(&Globals.Creates, 0);
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&lockHandle);
}

/* Used when the filter forwards a request to a legacy device below it. */
static NTSTATUS PassThroughCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    if (Irp->PendingReturned) {
        KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    }
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS SendIoctlBelow(PDEVICE_OBJECT Target, ULONG Code)
{
    KEVENT event;
    IO_STATUS_BLOCK iosb;
    PIRP irp;
    NTSTATUS status;

    KeInitializeEvent(&event, NotificationEvent, FALSE);
    irp = IoBuildDeviceIoControlRequest(Code, Target, NULL, 0, NULL, 0, FALSE, &event, &iosb);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    IoSetCompletionRoutine(irp, PassThroughCompletion, &event, TRUE, TRUE, TRUE);
    status = IoCallDriver(Target, irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
        status = irp->IoStatus.Status;
    }
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS ScanInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags, DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    PDEVICE_OBJECT disk = NULL;
    PFLT_VOLUME volume = NULL;
    UNREFERENCED_PARAMETER(Flags);

    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM || VolumeFilesystemType == FLT_FSTYPE_RAW) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    if (NT_SUCCESS(FltGetVolumeFromInstance(FltObjects->Instance, &volume))) {
        if (NT_SUCCESS(FltGetDiskDeviceObject(volume, &disk))) {
            (VOID)SendIoctlBelow(disk, CTL_CODE(FILE_DEVICE_DISK, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS));
            ObDereferenceObject(disk);
        }
        FltObjectDereference(volume);
    }
    return STATUS_SUCCESS;
}

static NTSTATUS ScanInstanceQueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    return STATUS_SUCCESS;
}

static NTSTATUS PortConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext, ULONG SizeOfContext, PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    *ConnectionPortCookie = NULL;
    Globals.ClientPort = ClientPort;
    return STATUS_SUCCESS;
}

static VOID PortDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(Globals.Filter, &Globals.ClientPort);
}

static NTSTATUS FLTAPI ScanUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();
    KeCancelTimer(&Globals.StatsTimer);
    KeFlushQueuedDpcs();
    FltCloseCommunicationPort(Globals.ServerPort);
    FltUnregisterFilter(Globals.Filter);
    ExDeleteNPagedLookasideList(&Globals.WorkLookaside);
    ExDeleteResourceLite(&Globals.ConfigLock);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING portName = RTL_CONSTANT_STRING(L"\\ScanPort");
    OBJECT_ATTRIBUTES oa;
    PSECURITY_DESCRIPTOR sd = NULL;
    LARGE_INTEGER due;
    PVOID scratch;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeNPagedLookasideList(&Globals.WorkLookaside, NULL, NULL, POOL_NX_ALLOCATION, sizeof(SCAN_WORK), SCAN_TAG, 0);
    ExInitializeResourceLite(&Globals.ConfigLock);
    KeInitializeSpinLock(&Globals.StatsLock);
    KeInitializeDpc(&Globals.StatsDpc, StatsDpcRoutine, NULL);
    KeInitializeTimerEx(&Globals.StatsTimer, NotificationTimer);

    scratch = ExAllocatePool2(POOL_FLAG_NON_PAGED, 512, SCAN_TAG);
    if (scratch == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    ExFreePoolWithTag(scratch, SCAN_TAG);

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &Globals.Filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (NT_SUCCESS(status)) {
        InitializeObjectAttributes(&oa, &portName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);
        status = FltCreateCommunicationPort(Globals.Filter, &Globals.ServerPort, &oa, NULL, PortConnect, PortDisconnect, NULL, 1);
        FltFreeSecurityDescriptor(sd);
    }
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(Globals.Filter);
        return status;
    }
    due.QuadPart = -10LL * 1000 * 1000;
    KeSetTimerEx(&Globals.StatsTimer, due, 1000, &Globals.StatsDpc);

    status = FltStartFiltering(Globals.Filter);
    if (!NT_SUCCESS(status)) {
        FltCloseCommunicationPort(Globals.ServerPort);
        FltUnregisterFilter(Globals.Filter);
    }
    return status;
}
