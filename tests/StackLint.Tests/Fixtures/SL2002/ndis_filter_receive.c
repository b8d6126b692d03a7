// An NDIS 6 lightweight filter that inspects every received frame. NDIS calls the filter's receive handler
// (NDIS_FILTER_DRIVER_CHARACTERISTICS.ReceiveNetBufferListsHandler) on the stack of the miniport's indication, often
// a DPC already deep in a network stack, and the inspection copies each protocol layer's header into its own locals
// on the way down: Ethernet, VLAN, IPv4, options, TCP, options, payload, HTTP, rule match. Each copy looks small; the
// path together needs more than the 8 KB budget, so SL2002 reports the receive handler. The send handler inspects
// only the IPv4 header on its way out: its path fits, and it stays quiet.
#include <ntddk.h>

// ndis.h, reduced to what this filter uses.
typedef struct _EXAMPLE_NET_BUFFER_LIST *PEXAMPLE_NET_BUFFER_LIST;
typedef VOID EXAMPLE_FILTER_RECEIVE_NET_BUFFER_LISTS(PVOID FilterModuleContext, PEXAMPLE_NET_BUFFER_LIST NetBufferLists, ULONG PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags);
typedef VOID EXAMPLE_FILTER_SEND_NET_BUFFER_LISTS(PVOID FilterModuleContext, PEXAMPLE_NET_BUFFER_LIST NetBufferLists, ULONG PortNumber, ULONG SendFlags);

typedef struct _EXAMPLE_NDIS_FILTER_DRIVER_CHARACTERISTICS {
    UCHAR MajorNdisVersion;
    UCHAR MinorNdisVersion;
    EXAMPLE_FILTER_SEND_NET_BUFFER_LISTS *SendNetBufferListsHandler;
    EXAMPLE_FILTER_RECEIVE_NET_BUFFER_LISTS *ReceiveNetBufferListsHandler;
} EXAMPLE_NDIS_FILTER_DRIVER_CHARACTERISTICS;

NTSTATUS ExampleNdisFRegisterFilterDriver(PDRIVER_OBJECT DriverObject, PVOID DriverContext, EXAMPLE_NDIS_FILTER_DRIVER_CHARACTERISTICS *Characteristics, PVOID *DriverHandle);
VOID ExampleNdisFIndicateReceiveNetBufferLists(PVOID FilterHandle, PEXAMPLE_NET_BUFFER_LIST NetBufferLists, ULONG PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags);
VOID ExampleNdisFSendNetBufferLists(PVOID FilterHandle, PEXAMPLE_NET_BUFFER_LIST NetBufferLists, ULONG PortNumber, ULONG SendFlags);
ULONG ExampleCopyFromNetBufferList(PEXAMPLE_NET_BUFFER_LIST NetBufferList, ULONG Offset, PVOID Buffer, ULONG Length);

typedef struct _FILTER_MODULE {
    PVOID FilterHandle;
    ULONG Verdicts;
} FILTER_MODULE, *PFILTER_MODULE;

PVOID g_FilterDriverHandle;

static ULONG MatchRules(PEXAMPLE_NET_BUFFER_LIST List)
{
    UCHAR pattern[480];
    UCHAR window[416];

    RtlZeroMemory(pattern, sizeof(pattern));
    return ExampleCopyFromNetBufferList(List, 0, window, sizeof(window)) + pattern[0];
}

// Splits the HTTP request line into a local copy.
static ULONG InspectHttp(PEXAMPLE_NET_BUFFER_LIST List)
{
    UCHAR header[480];
    UCHAR scratch[416];

    RtlZeroMemory(scratch, sizeof(scratch));
    if (ExampleCopyFromNetBufferList(List, 0, header, sizeof(header)) < sizeof(header)) {
        return scratch[0];
    }
    return header[0] + MatchRules(List);
}

// Copies the first payload bytes.
static ULONG InspectPayload(PEXAMPLE_NET_BUFFER_LIST List)
{
    UCHAR header[480];
    UCHAR scratch[416];

    RtlZeroMemory(scratch, sizeof(scratch));
    if (ExampleCopyFromNetBufferList(List, 0, header, sizeof(header)) < sizeof(header)) {
        return scratch[0];
    }
    return header[0] + InspectHttp(List);
}

// Parses the TCP options (timestamps, SACK blocks).
static ULONG InspectTcpOptions(PEXAMPLE_NET_BUFFER_LIST List)
{
    UCHAR header[480];
    UCHAR scratch[416];

    RtlZeroMemory(scratch, sizeof(scratch));
    if (ExampleCopyFromNetBufferList(List, 0, header, sizeof(header)) < sizeof(header)) {
        return scratch[0];
    }
    return header[0] + InspectPayload(List);
}

// Copies the TCP header.
static ULONG InspectTcp(PEXAMPLE_NET_BUFFER_LIST List)
{
    UCHAR header[480];
    UCHAR scratch[416];

    RtlZeroMemory(scratch, sizeof(scratch));
    if (ExampleCopyFromNetBufferList(List, 0, header, sizeof(header)) < sizeof(header)) {
        return scratch[0];
    }
    return header[0] + InspectTcpOptions(List);
}

// Copies and checks the IPv4 options.
static ULONG InspectIpOptions(PEXAMPLE_NET_BUFFER_LIST List)
{
    UCHAR header[480];
    UCHAR scratch[416];

    RtlZeroMemory(scratch, sizeof(scratch));
    if (ExampleCopyFromNetBufferList(List, 0, header, sizeof(header)) < sizeof(header)) {
        return scratch[0];
    }
    return header[0] + InspectTcp(List);
}

// Copies the IPv4 header.
static ULONG InspectIpv4(PEXAMPLE_NET_BUFFER_LIST List)
{
    UCHAR header[480];
    UCHAR scratch[416];

    RtlZeroMemory(scratch, sizeof(scratch));
    if (ExampleCopyFromNetBufferList(List, 0, header, sizeof(header)) < sizeof(header)) {
        return scratch[0];
    }
    return header[0] + InspectIpOptions(List);
}

// Strips 802.1Q tags into a local copy.
static ULONG InspectVlan(PEXAMPLE_NET_BUFFER_LIST List)
{
    UCHAR header[480];
    UCHAR scratch[416];

    RtlZeroMemory(scratch, sizeof(scratch));
    if (ExampleCopyFromNetBufferList(List, 0, header, sizeof(header)) < sizeof(header)) {
        return scratch[0];
    }
    return header[0] + InspectIpv4(List);
}

// Copies the Ethernet header and the first bytes of the frame out of the NET_BUFFER's MDL chain.
static ULONG InspectEthernet(PEXAMPLE_NET_BUFFER_LIST List)
{
    UCHAR header[480];
    UCHAR scratch[416];

    RtlZeroMemory(scratch, sizeof(scratch));
    if (ExampleCopyFromNetBufferList(List, 0, header, sizeof(header)) < sizeof(header)) {
        return scratch[0];
    }
    return header[0] + InspectVlan(List);
}

static VOID FilterReceive_bad(PVOID FilterModuleContext, PEXAMPLE_NET_BUFFER_LIST NetBufferLists, ULONG PortNumber, // expect: SL2002 "'FilterReceive_bad' (NDIS receive handler, on the caller's stack) can use"
                              ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PFILTER_MODULE module = (PFILTER_MODULE)FilterModuleContext;
    UCHAR frame[480];
    UCHAR verdicts[416];

    RtlZeroMemory(verdicts, sizeof(verdicts));
    if (ExampleCopyFromNetBufferList(NetBufferLists, 0, frame, sizeof(frame)) > 0) {
        module->Verdicts += InspectEthernet(NetBufferLists) + verdicts[0];
    }
    ExampleNdisFIndicateReceiveNetBufferLists(module->FilterHandle, NetBufferLists, PortNumber, NumberOfNetBufferLists, ReceiveFlags);
}

static VOID FilterSend_ok(PVOID FilterModuleContext, PEXAMPLE_NET_BUFFER_LIST NetBufferLists, ULONG PortNumber, ULONG SendFlags)
{
    PFILTER_MODULE module = (PFILTER_MODULE)FilterModuleContext;

    module->Verdicts += InspectIpv4(NetBufferLists);
    ExampleNdisFSendNetBufferLists(module->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    EXAMPLE_NDIS_FILTER_DRIVER_CHARACTERISTICS characteristics;
    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&characteristics, sizeof(characteristics));
    characteristics.MajorNdisVersion = 6;
    characteristics.MinorNdisVersion = 30;
    characteristics.SendNetBufferListsHandler = FilterSend_ok;
    characteristics.ReceiveNetBufferListsHandler = FilterReceive_bad;
    return ExampleNdisFRegisterFilterDriver(DriverObject, DriverObject, &characteristics, &g_FilterDriverHandle);
}
