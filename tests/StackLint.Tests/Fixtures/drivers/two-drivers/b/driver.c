// Driver B: its own 'LogEvent_ok', and 'DrainQueue_ok' calling 'FlushQueue_ok', an import for this driver.
#include <ntifs.h>

NTSTATUS FlushQueue_ok(ULONG Count);

VOID LogEvent_ok(ULONG Code)
{
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "driver B: %lu\n", Code);
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
