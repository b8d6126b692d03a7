// An auditing minifilter that opens files of its own from its callbacks. The pre-create and pre-set-information
// callbacks check the remaining stack first (one returns early, one keeps the value in a local); the pre-write
// callback posts the work to a deferred I/O work item when the stack is low. The post-create callback opens a
// file with no check at all, and the pre-cleanup callback reaches an unguarded helper.
#include <fltKernel.h>

#define AUDIT_STACK_NEEDED 0x3000

PFLT_FILTER g_Filter;

static NTSTATUS OpenAuditLog_ok(PFLT_INSTANCE Instance, PHANDLE Handle)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\SystemRoot\\audit.log");
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;

    InitializeObjectAttributes(&attributes, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    return FltCreateFile(g_Filter, Instance, Handle, FILE_APPEND_DATA | SYNCHRONIZE, &attributes, &iosb, NULL,
                         FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF, FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0, 0);
}

static VOID AppendAudit_bad(PFLT_INSTANCE Instance)
{
    HANDLE handle;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\SystemRoot\\audit.log");
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;

    InitializeObjectAttributes(&attributes, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (NT_SUCCESS(FltCreateFileEx2(g_Filter, Instance, &handle, NULL, FILE_APPEND_DATA | SYNCHRONIZE, &attributes, &iosb, // expect: SL3001 "'FltCreateFileEx2' in 'AppendAudit_bad' is reachable from minifilter pre-operation callback 'PreCleanup_bad'"
                                    NULL, FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF, FILE_SYNCHRONOUS_IO_NONALERT,
                                    NULL, 0, 0, NULL))) {
        FltClose(handle);
    }
}

FLT_PREOP_CALLBACK_STATUS FLTAPI PreCreate_ok(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    HANDLE handle;
    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (IoGetRemainingStackSize() < AUDIT_STACK_NEEDED) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (NT_SUCCESS(OpenAuditLog_ok(FltObjects->Instance, &handle))) {
        FltClose(handle);
    }
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

static VOID FLTAPI WriteAuditWorker_ok(PFLT_DEFERRED_IO_WORKITEM WorkItem, PFLT_CALLBACK_DATA Data, PVOID Context)
{
    HANDLE handle;
    UNREFERENCED_PARAMETER(Context);

    // A worker thread: a fresh stack.
    if (NT_SUCCESS(OpenAuditLog_ok(Data->Iopb->TargetInstance, &handle))) {
        FltClose(handle);
    }
    FltFreeDeferredIoWorkItem(WorkItem);
    FltCompletePendedPreOperation(Data, FLT_PREOP_SUCCESS_NO_CALLBACK, NULL);
}

FLT_PREOP_CALLBACK_STATUS FLTAPI PreWrite_ok(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    PFLT_DEFERRED_IO_WORKITEM item;
    HANDLE handle;
    UNREFERENCED_PARAMETER(CompletionContext);

    if (IoGetRemainingStackSize() < AUDIT_STACK_NEEDED) {
        item = FltAllocateDeferredIoWorkItem();
        if (item != NULL && NT_SUCCESS(FltQueueDeferredIoWorkItem(item, Data, WriteAuditWorker_ok, DelayedWorkQueue, NULL))) {
            return FLT_PREOP_PENDING;
        }
        if (item != NULL) {
            FltFreeDeferredIoWorkItem(item);
        }
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (NT_SUCCESS(OpenAuditLog_ok(FltObjects->Instance, &handle))) {
        FltClose(handle);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI PreSetInformation_ok(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    ULONG_PTR remaining = IoGetRemainingStackSize();
    HANDLE handle;
    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (remaining < AUDIT_STACK_NEEDED) {
        goto Done;
    }
    if (NT_SUCCESS(OpenAuditLog_ok(FltObjects->Instance, &handle))) {
        FltClose(handle);
    }
Done:
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate_bad(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\SystemRoot\\audit.idx");
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;
    HANDLE handle;
    UNREFERENCED_PARAMETER(CompletionContext);

    if (!NT_SUCCESS(Data->IoStatus.Status) || FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    InitializeObjectAttributes(&attributes, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (NT_SUCCESS(FltCreateFile(FltObjects->Filter, NULL, &handle, GENERIC_READ, &attributes, &iosb, NULL, // expect: SL3001 "from minifilter post-operation callback 'PostCreate_bad'"
                                 FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0, 0))) {
        FltClose(handle);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI PreCleanup_bad(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(CompletionContext);
    AppendAudit_bad(FltObjects->Instance);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

NTSTATUS FLTAPI AuditUnload_ok(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(g_Filter);
    return STATUS_SUCCESS;
}

const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE, 0, PreCreate_ok, PostCreate_bad },
    { IRP_MJ_WRITE, 0, PreWrite_ok, NULL },
    { IRP_MJ_SET_INFORMATION, 0, PreSetInformation_ok, NULL },
    { IRP_MJ_CLEANUP, 0, PreCleanup_bad, NULL },
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
