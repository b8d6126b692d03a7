// A scan-on-open minifilter: it maps each file it scans through a data-scan section and reads the view. Creating the
// section runs the file system's section synchronization on this thread, and every page of the view the scan
// touches faults the file in through the file system and the storage stack below it, on the same stack. The
// post-create callback scans on the opener's stack with no check; the pre-cleanup rescan of modified files checks
// the remaining stack first and, when it is low, queues the rescan to a filter work item (a fresh stack). Closing the
// section handle sends no IRP: only the section creation is reported.
#include <fltKernel.h>

#define SCAN_TAG 'csDS'
#define SCAN_STACK_NEEDED 0x3000
#define SCAN_SIGNATURE 0x5A4D

typedef struct _SCAN_SECTION_CONTEXT {
    HANDLE SectionHandle;
    PVOID SectionObject;
} SCAN_SECTION_CONTEXT, *PSCAN_SECTION_CONTEXT;

PFLT_FILTER g_DataScanFilter;

static BOOLEAN MatchSignature(const UCHAR *View, SIZE_T Size)
{
    SIZE_T i;

    for (i = 0; i + 1 < Size; i += PAGE_SIZE) {
        if (*(const USHORT *)(View + i) == SCAN_SIGNATURE) {
            return TRUE;
        }
    }
    return FALSE;
}

static NTSTATUS CreateScanSection(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject, PSCAN_SECTION_CONTEXT *Context)
{
    OBJECT_ATTRIBUTES attributes;
    LARGE_INTEGER fileSize;
    PSCAN_SECTION_CONTEXT context;
    NTSTATUS status;

    status = FltAllocateContext(g_DataScanFilter, FLT_SECTION_CONTEXT, sizeof(SCAN_SECTION_CONTEXT), PagedPool, (PFLT_CONTEXT *)&context);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    status = FltCreateSectionForDataScan(Instance, FileObject, context, SECTION_MAP_READ, &attributes, NULL, PAGE_READONLY, // expect: SL3001 "'FltCreateSectionForDataScan' in 'CreateScanSection' is reachable from minifilter post-operation callback 'PostCreateScan_bad' with no remaining-stack check"
                                         SEC_COMMIT, 0, &context->SectionHandle, &context->SectionObject, &fileSize);
    if (!NT_SUCCESS(status)) {
        FltReleaseContext(context);
        return status;
    }
    *Context = context;
    return STATUS_SUCCESS;
}

static VOID CloseScanSection(PSCAN_SECTION_CONTEXT Context)
{
    ObDereferenceObject(Context->SectionObject);
    ZwClose(Context->SectionHandle); // a section handle: no IRP
    FltCloseSectionForDataScan(Context);
    FltReleaseContext(Context);
}

// Maps the section into system space and reads it page by page.
static BOOLEAN ScanInSystemView(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject)
{
    PSCAN_SECTION_CONTEXT context;
    PVOID view = NULL;
    SIZE_T viewSize = 0;
    BOOLEAN infected = FALSE;

    if (!NT_SUCCESS(CreateScanSection(Instance, FileObject, &context))) {
        return FALSE;
    }
    if (NT_SUCCESS(MmMapViewInSystemSpace(context->SectionObject, &view, &viewSize))) {
        infected = MatchSignature((const UCHAR *)view, viewSize);
        MmUnmapViewInSystemSpace(view);
    }
    CloseScanSection(context);
    return infected;
}

// Maps the section into the current (system) process with ZwMapViewOfSection.
static BOOLEAN ScanInProcessView(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject)
{
    PSCAN_SECTION_CONTEXT context;
    PVOID view = NULL;
    SIZE_T viewSize = 0;
    BOOLEAN infected = FALSE;

    if (!NT_SUCCESS(CreateScanSection(Instance, FileObject, &context))) {
        return FALSE;
    }
    if (NT_SUCCESS(ZwMapViewOfSection(context->SectionHandle, ZwCurrentProcess(), &view, 0, 0, NULL, &viewSize, ViewUnmap, 0, PAGE_READONLY))) {
        infected = MatchSignature((const UCHAR *)view, viewSize);
        ZwUnmapViewOfSection(ZwCurrentProcess(), view);
    }
    CloseScanSection(context);
    return infected;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreateScan_bad(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(CompletionContext);

    if (!NT_SUCCESS(Data->IoStatus.Status) || FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    if (ScanInSystemView(FltObjects->Instance, FltObjects->FileObject)) {
        FltCancelFileOpen(FltObjects->Instance, FltObjects->FileObject);
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

// A filter work item: a system worker thread, at the bottom of its own stack.
static VOID FLTAPI RescanWorker_ok(PFLT_GENERIC_WORKITEM WorkItem, PVOID FltObject, PVOID Context)
{
    PFILE_OBJECT fileObject = (PFILE_OBJECT)Context;

    ScanInProcessView((PFLT_INSTANCE)FltObject, fileObject);
    ObDereferenceObject(fileObject);
    FltFreeGenericWorkItem(WorkItem);
}

FLT_PREOP_CALLBACK_STATUS FLTAPI PreCleanupRescan_ok(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    PFLT_GENERIC_WORKITEM item;
    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (IoGetRemainingStackSize() < SCAN_STACK_NEEDED) {
        item = FltAllocateGenericWorkItem();
        if (item != NULL) {
            ObReferenceObject(FltObjects->FileObject);
            if (!NT_SUCCESS(FltQueueGenericWorkItem(item, FltObjects->Instance, RescanWorker_ok, DelayedWorkQueue, FltObjects->FileObject))) {
                ObDereferenceObject(FltObjects->FileObject);
                FltFreeGenericWorkItem(item);
            }
        }
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    ScanInProcessView(FltObjects->Instance, FltObjects->FileObject);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static NTSTATUS FLTAPI DataScanInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                                             DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);

    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return FltRegisterForDataScan(FltObjects->Instance);
}

static NTSTATUS FLTAPI DataScanUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(g_DataScanFilter);
    return STATUS_SUCCESS;
}

const FLT_CONTEXT_REGISTRATION DataScanContexts[] = {
    { FLT_SECTION_CONTEXT, 0, NULL, sizeof(SCAN_SECTION_CONTEXT), SCAN_TAG },
    { FLT_CONTEXT_END }
};

const FLT_OPERATION_REGISTRATION DataScanCallbacks[] = {
    { IRP_MJ_CREATE, 0, NULL, PostCreateScan_bad },
    { IRP_MJ_CLEANUP, 0, PreCleanupRescan_ok, NULL },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION DataScanRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    DataScanContexts,
    DataScanCallbacks,
    DataScanUnload,
    DataScanInstanceSetup,
};

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &DataScanRegistration, &g_DataScanFilter);
    if (NT_SUCCESS(status)) {
        status = FltStartFiltering(g_DataScanFilter);
        if (!NT_SUCCESS(status)) {
            FltUnregisterFilter(g_DataScanFilter);
        }
    }
    return status;
}
