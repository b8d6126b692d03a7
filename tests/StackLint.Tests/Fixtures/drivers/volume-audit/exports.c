// The audit driver is also an export driver: other drivers link to it and call these on their own stacks (from
// their dispatch routines or callbacks), so an exported function is an entry point on its caller's stack: one marked
// DECLSPEC_EXPORT, and one listed in EXPORTS of audit.def. A function nothing calls, registers or exports is not an
// entry (its start is unknown), and neither is one the .def file lists as DATA.
#include "audit.h"

DECLSPEC_EXPORT NTSTATUS AuditOpenLogFor_bad(PFLT_INSTANCE Instance, PUNICODE_STRING Path, PHANDLE Handle)
{
    return AuditOpenVolumeLog(Instance, Path, Handle);
}

NTSTATUS AuditFlushLog_bad(VOID)
{
    IO_STATUS_BLOCK iosb;

    if (g_AuditLog == NULL) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    return ZwFlushBuffersFile(g_AuditLog, &iosb); // expect: SL3001 "'ZwFlushBuffersFile' in 'AuditFlushLog_bad' is reachable from exported function 'AuditFlushLog_bad'"
}

NTSTATUS AuditUnreferencedHelper_ok(VOID)
{
    IO_STATUS_BLOCK iosb;

    return g_AuditLog == NULL ? STATUS_SUCCESS : ZwFlushBuffersFile(g_AuditLog, &iosb);
}

NTSTATUS AuditDataTable_ok(VOID)
{
    IO_STATUS_BLOCK iosb;

    return g_AuditLog == NULL ? STATUS_SUCCESS : ZwFlushBuffersFile(g_AuditLog, &iosb);
}
