// A minifilter that flushes and purges a file's cache before it changes the file under the cache: the pre-cleanup
// callback flushes with no check (the paging writes go back to the top of the file-system stack, through this
// filter again, on the cleaning-up thread's stack); the pre-set-information callback checks the remaining stack
// first and leaves the flush to a later cleanup when it is low. Purging and image-section checks write nothing.
#include <fltKernel.h>

#define FLUSH_STACK_NEEDED 0x2000

PFLT_FILTER g_Filter;

static VOID ClearFileCache_bad(PFILE_OBJECT FileObject)
{
    IO_STATUS_BLOCK iosb;

    if (FileObject->SectionObjectPointer == NULL) {
        return;
    }
    CcFlushCache(FileObject->SectionObjectPointer, NULL, 0, &iosb); // expect: SL3001 "'CcFlushCache' in 'ClearFileCache_bad' is reachable from minifilter pre-operation callback 'PreCleanup_bad' with no remaining-stack check (its paging writes re-enter the file-system stack, this driver's own callbacks included); check IoGetRemainingStackSize() and defer the flush"
    if (FileObject->SectionObjectPointer->ImageSectionObject != NULL) {
        MmFlushImageSection(FileObject->SectionObjectPointer, MmFlushForWrite);
    }
    CcPurgeCacheSection(FileObject->SectionObjectPointer, NULL, 0, FALSE);
}

static VOID FlushRange_ok(PFILE_OBJECT FileObject, PLARGE_INTEGER Offset, ULONG Length)
{
    IO_STATUS_BLOCK iosb;
    CcCoherencyFlushAndPurgeCache(FileObject->SectionObjectPointer, Offset, Length, &iosb, 0);
}

FLT_PREOP_CALLBACK_STATUS FLTAPI PreCleanup_bad(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(CompletionContext);
    ClearFileCache_bad(FltObjects->FileObject);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI PreSetInformation_ok(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    LARGE_INTEGER start;
    UNREFERENCED_PARAMETER(CompletionContext);

    if (IoGetRemainingStackSize() < FLUSH_STACK_NEEDED) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    start.QuadPart = 0;
    FlushRange_ok(FltObjects->FileObject, &start, Data->Iopb->Parameters.SetFileInformation.Length);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CLEANUP, 0, PreCleanup_bad, NULL },
    { IRP_MJ_SET_INFORMATION, 0, PreSetInformation_ok, NULL },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    Callbacks,
};

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    status = FltRegisterFilter(DriverObject, &FilterRegistration, &g_Filter);
    if (NT_SUCCESS(status)) {
        status = FltStartFiltering(g_Filter);
    }
    return status;
}
