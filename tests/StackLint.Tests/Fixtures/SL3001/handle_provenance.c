// A device driver that keeps settings in the registry, runs a logging thread and writes a log file, all from its
// dispatch routines with no stack check. Closing a key, a thread or a section sends no IRP: those closes are not
// reported wherever the handle was opened (a local, a struct field, a helper's out parameter or return value).
// Closing a file handle is reported, traced through the same places; a handle nothing in the driver opens is a note.
#include <ntifs.h>

#define EXAMPLE_SECTION_ACCESS 0x000F001F
#define EXAMPLE_PAGE_READWRITE 0x04
#define EXAMPLE_SEC_COMMIT 0x08000000

typedef struct _SETTINGS_CONTEXT {
    HANDLE ParametersKey;
    HANDLE LogFileHandle;
    HANDLE WorkerThread;
} SETTINGS_CONTEXT, *PSETTINGS_CONTEXT;

typedef struct _CLOSE_REQUEST {
    HANDLE UserHandle;
} CLOSE_REQUEST, *PCLOSE_REQUEST;

SETTINGS_CONTEXT g_Settings;
HANDLE g_SectionHandle;

static NTSTATUS OpenParametersKey(PHANDLE KeyHandle)
{
    UNICODE_STRING path = RTL_CONSTANT_STRING(L"\\Registry\\Machine\\System\\Example\\Parameters");
    OBJECT_ATTRIBUTES attributes;
    InitializeObjectAttributes(&attributes, &path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    return ZwOpenKey(KeyHandle, KEY_READ, &attributes);
}

static NTSTATUS OpenLogFile(PHANDLE FileHandle)
{
    UNICODE_STRING path = RTL_CONSTANT_STRING(L"\\SystemRoot\\example.log");
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;
    HANDLE opened;
    NTSTATUS status;
    InitializeObjectAttributes(&attributes, &path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwCreateFile(&opened, FILE_APPEND_DATA | SYNCHRONIZE, &attributes, &iosb, NULL, FILE_ATTRIBUTE_NORMAL, // expect: SL3001 "'ZwCreateFile' in 'OpenLogFile' is reachable from IRP dispatch routine 'DispatchCreate' (and 1 other entry point) with no remaining-stack check, and 'CloseLog' closes the file again unchecked"
                          FILE_SHARE_READ, FILE_OPEN_IF, FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    if (NT_SUCCESS(status)) {
        *FileHandle = opened;
    }
    return status;
}

static HANDLE OpenServiceKey(void)
{
    HANDLE key = NULL;
    UNICODE_STRING path = RTL_CONSTANT_STRING(L"\\Registry\\Machine\\System\\Example");
    OBJECT_ATTRIBUTES attributes;
    InitializeObjectAttributes(&attributes, &path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (!NT_SUCCESS(ZwCreateKey(&key, KEY_ALL_ACCESS, &attributes, 0, NULL, REG_OPTION_NON_VOLATILE, NULL))) {
        return NULL;
    }
    return key;
}

static VOID LoggerThread(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

static VOID ReadSettings_ok(void)
{
    HANDLE key;
    if (NT_SUCCESS(OpenParametersKey(&key))) {
        ZwClose(key);                                   // a key: no IRP
    }
    key = OpenServiceKey();
    if (key != NULL) {
        ZwClose(key);                                   // a key returned by a helper
    }
    if (NT_SUCCESS(OpenParametersKey(&g_Settings.ParametersKey))) {
        ObCloseHandle(g_Settings.ParametersKey, KernelMode);   // a key kept in a field
    }
}

static VOID StartLogger_ok(PSETTINGS_CONTEXT Context)
{
    if (NT_SUCCESS(PsCreateSystemThread(&Context->WorkerThread, THREAD_ALL_ACCESS, NULL, NULL, NULL, LoggerThread, NULL))) {
        ZwClose(Context->WorkerThread);                 // a thread handle
    }
}

static VOID CloseSection_ok(void)
{
    ZwClose(g_SectionHandle);                           // a section: opened in DriverEntry below
}

// The close of the file OpenLogFile opened, unchecked on the same paths: reported with that open, not on its own.
static VOID CloseLog(PSETTINGS_CONTEXT Context)
{
    ZwClose(Context->LogFileHandle);
}

HANDLE g_BootLogHandle;

// A file opened on DriverEntry's fresh stack and closed from a dispatch routine: the close is the problem.
static VOID CloseBootLog_bad(void)
{
    ZwClose(g_BootLogHandle); // expect: SL3001 "its handle may be a file opened by 'ZwCreateFile'; the last close of a file sends IRP_MJ_CLEANUP"
}

// The handle taken out of the global with an interlocked exchange is still the file opened in DriverEntry.
static VOID CloseBootLogOnce_bad(void)
{
    HANDLE log = InterlockedExchangePointer((PVOID volatile *)&g_BootLogHandle, NULL);
    if (log != NULL) {
        ZwClose(log); // expect: SL3001 "its handle may be a file opened by 'ZwCreateFile'"
    }
}

static VOID CloseUserHandle_bad(PCLOSE_REQUEST Request)
{
    ZwClose(Request->UserHandle); // expect: SL3001 "nothing in the driver shows what its handle refers to"
}

static VOID QueryKeyObject_ok(PVOID KeyObject)
{
    HANDLE key;
    if (NT_SUCCESS(ObOpenObjectByPointer(KeyObject, OBJ_KERNEL_HANDLE, NULL, KEY_READ, *CmKeyObjectType, KernelMode, &key))) {
        ZwClose(key);                                   // opened as a key object
    }
}

static VOID QueryFileObject_bad(PFILE_OBJECT FileObject)
{
    HANDLE file;
    if (NT_SUCCESS(ObOpenObjectByPointer(FileObject, OBJ_KERNEL_HANDLE, NULL, 0, *IoFileObjectType, KernelMode, &file))) {
        ZwClose(file); // expect: SL3001 "its handle may be a file opened by 'ObOpenObjectByPointer'"
    }
}

NTSTATUS DispatchCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    ReadSettings_ok();
    StartLogger_ok(&g_Settings);
    if (NT_SUCCESS(OpenLogFile(&g_Settings.LogFileHandle))) {
        CloseLog(&g_Settings);
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS DispatchControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    CloseSection_ok();
    QueryKeyObject_ok(Irp->Tail.Overlay.OriginalFileObject);
    QueryFileObject_bad(Irp->Tail.Overlay.OriginalFileObject);
    CloseUserHandle_bad((PCLOSE_REQUEST)Irp->AssociatedIrp.SystemBuffer);
    if (NT_SUCCESS(OpenLogFile(&g_Settings.LogFileHandle))) {
        CloseLog(&g_Settings);
    }
    CloseBootLog_bad();
    CloseBootLogOnce_bad();
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    OBJECT_ATTRIBUTES attributes;
    LARGE_INTEGER size;
    IO_STATUS_BLOCK iosb;
    UNICODE_STRING bootLog = RTL_CONSTANT_STRING(L"\\SystemRoot\\boot-example.log");
    UNREFERENCED_PARAMETER(RegistryPath);
    size.QuadPart = PAGE_SIZE;
    InitializeObjectAttributes(&attributes, &bootLog, OBJ_KERNEL_HANDLE, NULL, NULL);
    ZwCreateFile(&g_BootLogHandle, FILE_APPEND_DATA | SYNCHRONIZE, &attributes, &iosb, NULL, FILE_ATTRIBUTE_NORMAL,
                 FILE_SHARE_READ, FILE_OPEN_IF, FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    ZwCreateSection(&g_SectionHandle, EXAMPLE_SECTION_ACCESS, &attributes, &size, EXAMPLE_PAGE_READWRITE, EXAMPLE_SEC_COMMIT, NULL);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreate;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchControl;
    return STATUS_SUCCESS;
}
