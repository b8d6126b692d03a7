// IRP_MJ_CLEANUP handling: re-reads the scan verdict, but only with enough stack left; otherwise it posts the work.
#include "scanner.h"

typedef struct _SCAN_VERDICT {
    ULONG Version;
    ULONG Flags;
    LARGE_INTEGER ScannedAt;
    FILE_BASIC_INFORMATION Basic;
    FILE_STANDARD_INFORMATION Standard;
    UCHAR Digest[64];
    WCHAR Engine[32];
} SCAN_VERDICT;

static NTSTATUS ReadVerdict(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject, SCAN_VERDICT *Verdict)
{
    ULONG bytesRead = 0;
    LARGE_INTEGER offset;

    offset.QuadPart = 0;
    return FltReadFile(Instance, FileObject, &offset, sizeof(*Verdict), Verdict, 0, &bytesRead, NULL, NULL);
}

static VOID FLTAPI VerdictWorker(PFLT_GENERIC_WORKITEM WorkItem, PVOID FltObject, PVOID Context)
{
    PFLT_CALLBACK_DATA data = (PFLT_CALLBACK_DATA)Context;
    SCAN_VERDICT verdict;

    RtlZeroMemory(&verdict, sizeof(verdict));
    ReadVerdict((PFLT_INSTANCE)FltObject, data->Iopb->TargetFileObject, &verdict);
    FltFreeGenericWorkItem(WorkItem);
    FltCompletePendedPreOperation(data, FLT_PREOP_SUCCESS_NO_CALLBACK, NULL);
}

FLT_PREOP_CALLBACK_STATUS FLTAPI ScannerPreCleanup(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    SCAN_VERDICT verdict;
    HANDLE sidecar;
    PFLT_GENERIC_WORKITEM workItem;

    *CompletionContext = NULL;

    if (IoGetRemainingStackSize() < SCANNER_MIN_STACK_FOR_IO) {
        // Too little stack left to issue I/O here: finish on a worker thread, which starts on a fresh stack.
        workItem = FltAllocateGenericWorkItem();
        if (workItem == NULL) {
            return FLT_PREOP_SUCCESS_NO_CALLBACK;
        }
        if (!NT_SUCCESS(FltQueueGenericWorkItem(workItem, FltObjects->Instance, VerdictWorker, DelayedWorkQueue, Data))) {
            FltFreeGenericWorkItem(workItem);
            return FLT_PREOP_SUCCESS_NO_CALLBACK;
        }
        return FLT_PREOP_PENDING;
    }

    // Guarded: enough stack was checked above.
    if (NT_SUCCESS(ScannerOpenSidecar(FltObjects->Instance, &Data->Iopb->TargetFileObject->FileName, &sidecar))) {
        ZwClose(sidecar);
    }
    ReadVerdict(FltObjects->Instance, Data->Iopb->TargetFileObject, &verdict);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI ScannerPostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);
    InterlockedIncrement(&Globals.ScansStarted);
    return NT_SUCCESS(Data->IoStatus.Status) ? FLT_POSTOP_FINISHED_PROCESSING : FLT_POSTOP_FINISHED_PROCESSING;
}
