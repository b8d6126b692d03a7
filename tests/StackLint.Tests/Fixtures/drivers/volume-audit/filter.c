// The volume-audit minifilter. The filter manager calls InstanceSetup when it attaches the filter to a volume: for a
// volume mounted on demand that is inside the mount, on the stack of whoever touched the volume first (a create deep
// in another stack), so the log the callback opens on the new volume is a create through the filters below and the
// file system on a borrowed stack. The teardown callback only drops the instance's state.
#include "audit.h"

PFLT_FILTER g_AuditFilter;
HANDLE g_AuditLog;

NTSTATUS AuditOpenVolumeLog(PFLT_INSTANCE Instance, PUNICODE_STRING Path, PHANDLE Handle)
{
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;

    InitializeObjectAttributes(&attributes, Path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    return FltCreateFile(g_AuditFilter, Instance, Handle, FILE_APPEND_DATA | SYNCHRONIZE, &attributes, &iosb, NULL, // expect: SL3001 "'FltCreateFile' in 'AuditOpenVolumeLog' is reachable from minifilter instance setup callback 'AuditInstanceSetup_bad' (and 1 other entry point)"
                         FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF, FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0, 0);
}

static NTSTATUS FLTAPI AuditInstanceSetup_bad(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                                              DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNICODE_STRING path = RTL_CONSTANT_STRING(L"\\$Extend\\audit.log");
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return AuditOpenVolumeLog(FltObjects->Instance, &path, &g_AuditLog);
}

static VOID FLTAPI AuditTeardownComplete_ok(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_TEARDOWN_FLAGS Reason)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Reason);
    g_AuditLog = NULL;
}

static NTSTATUS FLTAPI AuditUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(g_AuditFilter);
    return STATUS_SUCCESS;
}

const FLT_OPERATION_REGISTRATION AuditCallbacks[] = {
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION AuditRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    AuditCallbacks,
    AuditUnload,
    AuditInstanceSetup_bad,
    NULL,
    NULL,
    AuditTeardownComplete_ok,
};

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &AuditRegistration, &g_AuditFilter);
    if (NT_SUCCESS(status)) {
        status = FltStartFiltering(g_AuditFilter);
        if (!NT_SUCCESS(status)) {
            FltUnregisterFilter(g_AuditFilter);
        }
    }
    return status;
}
