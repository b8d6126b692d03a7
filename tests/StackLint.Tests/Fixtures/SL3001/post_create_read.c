// A scanner minifilter reads the head of each file it sees opened, from its post-create callback. The create
// arrived on the opener's stack (perhaps a filter's or the file system's own create deep in another stack), so a
// read sent from here runs every filter below and the file system again on that stack. The filter has two
// registrations and picks one at load: the plain one reads at once; the careful one reads only when enough stack is
// left and otherwise posts the scan to a deferred I/O work item (a worker thread, a fresh stack) and returns
// FLT_POSTOP_MORE_PROCESSING_REQUIRED.
#include <fltKernel.h>

#define SCAN_HEAD_BYTES 512
#define SCAN_STACK_NEEDED 0x3000
#define SCAN_TAG 'nacS'

PFLT_FILTER g_ScanFilter;

static NTSTATUS ReadHead(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject, PUCHAR Buffer, PULONG BytesRead)
{
    LARGE_INTEGER offset;

    offset.QuadPart = 0;
    return FltReadFile(Instance, FileObject, &offset, SCAN_HEAD_BYTES, Buffer, // expect: SL3001 "'FltReadFile' in 'ReadHead' is reachable from minifilter post-operation callback 'PostCreateScan_bad' with no remaining-stack check"
                       FLTFL_IO_OPERATION_NON_CACHED | FLTFL_IO_OPERATION_DO_NOT_UPDATE_BYTE_OFFSET, BytesRead, NULL, NULL);
}

static BOOLEAN LooksInfected(PUCHAR Buffer, ULONG Length)
{
    return Length >= 2 && Buffer[0] == 'M' && Buffer[1] == 'Z' && Buffer[Length - 1] == 0xCC;
}

static VOID ScanHead(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject)
{
    PUCHAR buffer;
    ULONG read = 0;

    buffer = (PUCHAR)FltAllocatePoolAlignedWithTag(Instance, NonPagedPoolNx, SCAN_HEAD_BYTES, SCAN_TAG);
    if (buffer == NULL) {
        return;
    }
    if (NT_SUCCESS(ReadHead(Instance, FileObject, buffer, &read)) && LooksInfected(buffer, read)) {
        FltCancelFileOpen(Instance, FileObject);
    }
    FltFreePoolAlignedWithTag(Instance, buffer, SCAN_TAG);
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreateScan_bad(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(CompletionContext);

    if (!NT_SUCCESS(Data->IoStatus.Status) || FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    ScanHead(FltObjects->Instance, FltObjects->FileObject);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

// The deferred work item's routine: a system worker thread, at the bottom of its own stack.
static VOID FLTAPI ScanWorker_ok(PFLT_DEFERRED_IO_WORKITEM WorkItem, PFLT_CALLBACK_DATA Data, PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);

    ScanHead(Data->Iopb->TargetInstance, Data->Iopb->TargetFileObject);
    FltFreeDeferredIoWorkItem(WorkItem);
    FltCompletePendedPostOperation(Data);
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreateScanChecked_ok(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    PFLT_DEFERRED_IO_WORKITEM item;
    UNREFERENCED_PARAMETER(CompletionContext);

    if (!NT_SUCCESS(Data->IoStatus.Status) || FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    if (IoGetRemainingStackSize() < SCAN_STACK_NEEDED) {
        item = FltAllocateDeferredIoWorkItem();
        if (item != NULL && NT_SUCCESS(FltQueueDeferredIoWorkItem(item, Data, ScanWorker_ok, DelayedWorkQueue, NULL))) {
            return FLT_POSTOP_MORE_PROCESSING_REQUIRED;
        }
        if (item != NULL) {
            FltFreeDeferredIoWorkItem(item);
        }
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    ScanHead(FltObjects->Instance, FltObjects->FileObject);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

NTSTATUS FLTAPI ScanUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(g_ScanFilter);
    return STATUS_SUCCESS;
}

const FLT_OPERATION_REGISTRATION PlainCallbacks[] = {
    { IRP_MJ_CREATE, 0, NULL, PostCreateScan_bad },
    { IRP_MJ_OPERATION_END }
};

const FLT_OPERATION_REGISTRATION CarefulCallbacks[] = {
    { IRP_MJ_CREATE, 0, NULL, PostCreateScanChecked_ok },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION PlainRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    PlainCallbacks,
    ScanUnload,
};

const FLT_REGISTRATION CarefulRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    CarefulCallbacks,
    ScanUnload,
};

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    BOOLEAN careful = RegistryPath != NULL && RegistryPath->Length > 0;

    status = FltRegisterFilter(DriverObject, careful ? &CarefulRegistration : &PlainRegistration, &g_ScanFilter);
    if (NT_SUCCESS(status)) {
        status = FltStartFiltering(g_ScanFilter);
        if (!NT_SUCCESS(status)) {
            FltUnregisterFilter(g_ScanFilter);
        }
    }
    return status;
}
