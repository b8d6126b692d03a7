// Driver A of a two-driver folder. Both drivers define 'LogEvent_ok' and 'FlushQueue_ok' calls 'DrainQueue_ok',
// which only driver B defines (B's own DrainQueue_ok calls back 'FlushQueue_ok', which only A defines). Linked as
// one program that would be a cycle A -> B -> A; as two programs there is no edge between them.
#include <ntifs.h>

static LONG g_Events;

NTSTATUS DrainQueue_ok(ULONG Count);

VOID LogEvent_ok(ULONG Code)
{
    InterlockedExchangeAdd(&g_Events, (LONG)Code);
}

NTSTATUS FlushQueue_ok(ULONG Count)
{
    LogEvent_ok(Count);
    return Count == 0 ? STATUS_SUCCESS : DrainQueue_ok(Count - 1);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    return FlushQueue_ok(4);
}
