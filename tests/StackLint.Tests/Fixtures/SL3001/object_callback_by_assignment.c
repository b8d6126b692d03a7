// A process monitor that registers object-manager callbacks by assigning the fields of its
// OB_OPERATION_REGISTRATION, not in an initializer. A minifilter's FLT_OPERATION_REGISTRATION has members of the
// same names, so the record that declares the assigned member says which callback it is: the message must name an
// object-manager callback. The pre-operation callback writes an audit record with a file open of its own on the
// thread that opened the handle; the post-operation callback checks the remaining stack first.
#include <ntddk.h>

static OB_OPERATION_REGISTRATION g_Operations[2];
static PVOID g_Registration;

static VOID WriteAudit(HANDLE ProcessId)
{
    HANDLE file;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\SystemRoot\\handles.log");
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;

    UNREFERENCED_PARAMETER(ProcessId);
    InitializeObjectAttributes(&attributes, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (NT_SUCCESS(ZwCreateFile(&file, FILE_APPEND_DATA | SYNCHRONIZE, &attributes, &iosb, NULL, FILE_ATTRIBUTE_NORMAL, // expect: SL3001 "'ZwCreateFile' in 'WriteAudit' is reachable from object-manager pre-operation callback 'ProcessPreCallback_bad'"
                                FILE_SHARE_READ, FILE_OPEN_IF, FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0))) {
        ZwClose(file);
    }
}

static OB_PREOP_CALLBACK_STATUS ProcessPreCallback_bad(PVOID Context, POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(Context);
    WriteAudit(PsGetProcessId((PEPROCESS)Info->Object));
    return OB_PREOP_SUCCESS;
}

static VOID ThreadPostCallback_ok(PVOID Context, POB_POST_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(Context);
    if (IoGetRemainingStackSize() < 0x3000) {
        return;
    }
    WriteAudit(PsGetCurrentProcessId());
    UNREFERENCED_PARAMETER(Info);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    OB_CALLBACK_REGISTRATION registration;

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);

    g_Operations[0].ObjectType = PsProcessType;
    g_Operations[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    g_Operations[0].PreOperation = ProcessPreCallback_bad;
    g_Operations[0].PostOperation = NULL;
    g_Operations[1].ObjectType = PsThreadType;
    g_Operations[1].Operations = OB_OPERATION_HANDLE_CREATE;
    g_Operations[1].PreOperation = NULL;
    g_Operations[1].PostOperation = ThreadPostCallback_ok;

    RtlZeroMemory(&registration, sizeof(registration));
    registration.Version = OB_FLT_REGISTRATION_VERSION;
    registration.OperationRegistrationCount = 2;
    RtlInitUnicodeString(&registration.Altitude, L"321000");
    registration.OperationRegistration = g_Operations;
    return ObRegisterCallbacks(&registration, &g_Registration);
}
