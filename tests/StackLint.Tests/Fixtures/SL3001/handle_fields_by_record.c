// Two structs with a 'Handle' member: the driver's registry configuration (a key) and its log (a file), both opened
// in DriverEntry on a fresh stack and closed from the device control routine with no stack check. Closing the key
// sends no IRP; closing the log may. Handles kept in fields are told apart by the record the field belongs to, not
// by the member's name.
#include <ntifs.h>

typedef struct _CONFIG_KEY {
    HANDLE Handle;
    ULONG Generation;
} CONFIG_KEY, *PCONFIG_KEY;

typedef struct _LOG_FILE {
    HANDLE Handle;
    LARGE_INTEGER Offset;
} LOG_FILE, *PLOG_FILE;

CONFIG_KEY g_Config;
LOG_FILE g_Log;

static VOID CloseConfig_ok(PCONFIG_KEY Config)
{
    ZwClose(Config->Handle);                            // the configuration key: no IRP
    Config->Handle = NULL;
}

static VOID CloseLog_bad(PLOG_FILE Log)
{
    ZwClose(Log->Handle); // expect: SL3001 "its handle may be a file opened by 'ZwCreateFile'"
    Log->Handle = NULL;
}

NTSTATUS DispatchControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    CloseConfig_ok(&g_Config);
    CloseLog_bad(&g_Log);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;
    UNICODE_STRING log = RTL_CONSTANT_STRING(L"\\SystemRoot\\example.log");
    InitializeObjectAttributes(&attributes, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    ZwOpenKey(&g_Config.Handle, KEY_READ, &attributes);
    InitializeObjectAttributes(&attributes, &log, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    ZwCreateFile(&g_Log.Handle, FILE_APPEND_DATA | SYNCHRONIZE, &attributes, &iosb, NULL, FILE_ATTRIBUTE_NORMAL,
                 FILE_SHARE_READ, FILE_OPEN_IF, FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchControl;
    return STATUS_SUCCESS;
}
