// A minifilter that runs on several Windows versions: it looks up newer routines by name at load time and calls
// them through the pointers it kept (a global, and a field of its globals). A pointer looked up by a literal name is
// the routine it names, so an unchecked call through it is reported like a direct call. ZwOpenProcess sends no IRP:
// only other drivers' object callbacks run below it, so an unchecked call is a note.
#include <fltKernel.h>

#define EXAMPLE_QUERY_LIMITED 0x1000

typedef NTSTATUS (FLTAPI *PFN_CREATE_EX2)(PFLT_FILTER, PFLT_INSTANCE, PHANDLE, PFILE_OBJECT *, ACCESS_MASK, POBJECT_ATTRIBUTES,
                                          PIO_STATUS_BLOCK, PLARGE_INTEGER, ULONG, ULONG, ULONG, ULONG, PVOID, ULONG, ULONG, PVOID);
typedef NTSTATUS (NTAPI *PFN_QUERY_PROCESS)(HANDLE, ULONG, PVOID, ULONG, PULONG);
typedef NTSTATUS (NTAPI *PFN_QUERY_FILE)(HANDLE, PIO_STATUS_BLOCK, PVOID, ULONG, FILE_INFORMATION_CLASS);

typedef struct _COMPAT_ROUTINES {
    PFN_QUERY_FILE QueryFile;
    PFN_QUERY_PROCESS QueryProcess;
} COMPAT_ROUTINES;

PFLT_FILTER g_Filter;
PFN_CREATE_EX2 g_CreateFileEx2;
COMPAT_ROUTINES g_Compat;

static VOID ResolveRoutines(void)
{
    UNICODE_STRING name;
    g_CreateFileEx2 = (PFN_CREATE_EX2)FltGetRoutineAddress("FltCreateFileEx2");
    RtlInitUnicodeString(&name, L"ZwQueryInformationFile");
    g_Compat.QueryFile = (PFN_QUERY_FILE)MmGetSystemRoutineAddress(&name);
    RtlInitUnicodeString(&name, L"ZwQueryInformationProcess");
    g_Compat.QueryProcess = (PFN_QUERY_PROCESS)MmGetSystemRoutineAddress(&name);
}

static VOID ProbeSidecar_bad(PFLT_INSTANCE Instance, PUNICODE_STRING Path)
{
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;
    HANDLE handle;
    FILE_STANDARD_INFORMATION info;

    if (g_CreateFileEx2 == NULL || g_Compat.QueryFile == NULL) {
        return;
    }
    InitializeObjectAttributes(&attributes, Path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (NT_SUCCESS(g_CreateFileEx2(g_Filter, Instance, &handle, NULL, FILE_READ_ATTRIBUTES, &attributes, &iosb, NULL, 0, // expect: SL3001 "'FltCreateFileEx2' (called through 'g_CreateFileEx2', looked up by name) in 'ProbeSidecar_bad'"
                                   FILE_SHARE_READ, FILE_OPEN, 0, NULL, 0, 0, NULL))) {
        g_Compat.QueryFile(handle, &iosb, &info, sizeof(info), FileStandardInformation); // expect: SL3001 "'ZwQueryInformationFile' (called through 'g_Compat.QueryFile', looked up by name)"
        FltClose(handle);
    }
}

static VOID QueryOwner_ok(HANDLE ProcessId)
{
    ULONG flags = 0;
    UNREFERENCED_PARAMETER(ProcessId);
    if (g_Compat.QueryProcess != NULL) {
        g_Compat.QueryProcess(NtCurrentProcess(), 0, &flags, sizeof(flags), NULL);   // not a listed routine
    }
}

static VOID OpenRequestor_bad(HANDLE ProcessId)
{
    OBJECT_ATTRIBUTES attributes;
    CLIENT_ID client;
    HANDLE process;
    client.UniqueProcess = ProcessId;
    client.UniqueThread = NULL;
    InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    if (NT_SUCCESS(ZwOpenProcess(&process, EXAMPLE_QUERY_LIMITED, &attributes, &client))) { // expect: SL3001 "(it sends no IRP; only other drivers' object callbacks run below it); if deep callers are possible"
        ZwClose(process);                                                                                 // a process handle: no IRP
    }
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);
    ProbeSidecar_bad(FltObjects->Instance, &Data->Iopb->TargetFileObject->FileName);
    QueryOwner_ok(PsGetCurrentProcessId());
    OpenRequestor_bad(PsGetCurrentProcessId());
    return FLT_POSTOP_FINISHED_PROCESSING;
}

const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE, 0, NULL, PostCreate },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    Callbacks,
    NULL,
};

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);
    ResolveRoutines();
    status = FltRegisterFilter(DriverObject, &FilterRegistration, &g_Filter);
    if (NT_SUCCESS(status)) {
        status = FltStartFiltering(g_Filter);
    }
    return status;
}
