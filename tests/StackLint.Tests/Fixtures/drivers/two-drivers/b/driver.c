// Driver B: its own 'LogEvent_ok', and 'DrainQueue_ok' calling 'FlushQueue_ok', an import for this driver.
#include <ntifs.h>

static LONG g_Events;

NTSTATUS FlushQueue_ok(ULONG Count);

VOID LogEvent_ok(ULONG Code)
{
    InterlockedExchangeAdd(&g_Events, (LONG)Code);
}

NTSTATUS DrainQueue_ok(ULONG Count)
{
    LogEvent_ok(Count);
    return Count == 0 ? STATUS_SUCCESS : FlushQueue_ok(Count - 1);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    return DrainQueue_ok(4);
}
