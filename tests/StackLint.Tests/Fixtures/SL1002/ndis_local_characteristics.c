// An NDIS miniport fills its characteristics in a local with designated initializers: the halt handler runs on the
// PnP manager's worker thread (a fresh stack, SL2002's to measure), the send handler on the sender's stack.
#include <ntddk.h>

typedef VOID EXAMPLE_MINIPORT_HALT(PVOID Context, ULONG Action);
typedef VOID EXAMPLE_MINIPORT_SEND(PVOID Context, PVOID Lists, ULONG Port, ULONG Flags);

typedef struct _EXAMPLE_MINIPORT_CHARACTERISTICS {
    USHORT MajorNdisVersion;
    EXAMPLE_MINIPORT_HALT *HaltHandlerEx;
    EXAMPLE_MINIPORT_SEND *SendNetBufferListsHandler;
} EXAMPLE_MINIPORT_CHARACTERISTICS;

NTSTATUS ExampleRegisterMiniport(PDRIVER_OBJECT DriverObject, EXAMPLE_MINIPORT_CHARACTERISTICS *Characteristics);

static VOID TeardownQueues_ok(VOID)
{
    UCHAR scratch[600];
    RtlZeroMemory(scratch, sizeof(scratch));
}

static VOID HaltEx(PVOID Context, ULONG Action)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Action);
    TeardownQueues_ok();
}

static VOID SendLists_bad(PVOID Context, PVOID Lists, ULONG Port, ULONG Flags)
{
    UCHAR header[600]; // expect: SL1002
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Lists);
    UNREFERENCED_PARAMETER(Port);
    UNREFERENCED_PARAMETER(Flags);
    RtlZeroMemory(header, sizeof(header));
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    EXAMPLE_MINIPORT_CHARACTERISTICS Miniport = {
        .MajorNdisVersion = 6,
        .HaltHandlerEx = HaltEx,
        .SendNetBufferListsHandler = SendLists_bad,
    };
    UNREFERENCED_PARAMETER(RegistryPath);
    return ExampleRegisterMiniport(DriverObject, &Miniport);
}
