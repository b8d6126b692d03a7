// The "audit" minifilter: the create pre-operation callback runs the audit chain inline, on whatever stack the
// I/O manager and the filters above left; the work item runs the same chain on a fresh worker stack. Both exceed
// the 8 KB path budget. The post-operation callback and the unload callback stay shallow.
#include "chain.h"

PFLT_FILTER g_Filter;

static VOID FLTAPI AuditWorker_bad(PFLT_GENERIC_WORKITEM WorkItem, PVOID FltObject, PVOID Context) // expect: SL2002 "work item"
{
    AUDIT_RECORD record;

    UNREFERENCED_PARAMETER(FltObject);
    UNREFERENCED_PARAMETER(Context);
    RtlZeroMemory(&record, sizeof(record));
    AuditLevel1(&record);
    FltFreeGenericWorkItem(WorkItem);
}

FLT_PREOP_CALLBACK_STATUS FLTAPI AuditPreCreate_bad(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext) // expect: SL2002 "minifilter pre-operation callback, on the caller's stack"
{
    AUDIT_RECORD record;
    PFLT_GENERIC_WORKITEM item;

    UNREFERENCED_PARAMETER(CompletionContext);
    RtlZeroMemory(&record, sizeof(record));
    record.Length = Data->Iopb->MajorFunction;
    AuditLevel1(&record);

    item = FltAllocateGenericWorkItem();
    if (item != NULL) {
        FltQueueGenericWorkItem(item, FltObjects->Filter, AuditWorker_bad, DelayedWorkQueue, NULL);
    }
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI AuditPostCreate_ok(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);
    return NT_SUCCESS(Data->IoStatus.Status) ? FLT_POSTOP_FINISHED_PROCESSING : FLT_POSTOP_FINISHED_PROCESSING;
}

NTSTATUS FLTAPI AuditUnload_ok(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(g_Filter);
    return STATUS_SUCCESS;
}

const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE, 0, AuditPreCreate_bad, AuditPostCreate_ok },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    Callbacks,
    AuditUnload_ok,
};

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    status = FltRegisterFilter(DriverObject, &FilterRegistration, &g_Filter);
    if (NT_SUCCESS(status)) {
        status = FltStartFiltering(g_Filter);
        if (!NT_SUCCESS(status)) {
            FltUnregisterFilter(g_Filter);
        }
    }
    return status;
}
