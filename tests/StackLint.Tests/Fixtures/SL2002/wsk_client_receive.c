// A kernel WSK client (a management agent's transport) parses each message in its receive event callback. The WSK
// subsystem calls the callbacks of WSK_CLIENT_CONNECTION_DISPATCH from the transport's receive path, on whatever stack
// delivered the data, and this parser keeps a copy of every level of the message on the stack on its way down: more
// than the 8 KB path budget in all, so SL2002 reports the receive event. The disconnect event only records the state
// and stays quiet.
#include <ntddk.h>

// wsk.h, reduced to what this client uses.
typedef struct _EXAMPLE_WSK_DATA_INDICATION {
    struct _EXAMPLE_WSK_DATA_INDICATION *Next;
    PMDL Mdl;
    ULONG Offset;
    SIZE_T Length;
} EXAMPLE_WSK_DATA_INDICATION, *PEXAMPLE_WSK_DATA_INDICATION;

typedef NTSTATUS EXAMPLE_WSK_RECEIVE_EVENT(PVOID SocketContext, ULONG Flags, PEXAMPLE_WSK_DATA_INDICATION DataIndication, SIZE_T BytesIndicated, SIZE_T *BytesAccepted);
typedef NTSTATUS EXAMPLE_WSK_DISCONNECT_EVENT(PVOID SocketContext, ULONG Flags);

typedef struct _EXAMPLE_WSK_CLIENT_CONNECTION_DISPATCH {
    EXAMPLE_WSK_RECEIVE_EVENT *WskReceiveEvent;
    EXAMPLE_WSK_DISCONNECT_EVENT *WskDisconnectEvent;
    PVOID WskSendBacklogEvent;
} EXAMPLE_WSK_CLIENT_CONNECTION_DISPATCH;

ULONG ExampleCopyFromIndication(PEXAMPLE_WSK_DATA_INDICATION Indication, ULONG Offset, PVOID Buffer, ULONG Length);

typedef struct _AGENT_CONNECTION {
    ULONG Messages;
    BOOLEAN Connected;
} AGENT_CONNECTION, *PAGENT_CONNECTION;

static ULONG RecordMessage(PEXAMPLE_WSK_DATA_INDICATION Indication)
{
    UCHAR record[480];
    UCHAR scratch[416];

    RtlZeroMemory(record, sizeof(record));
    return ExampleCopyFromIndication(Indication, 0, scratch, sizeof(scratch)) + record[0];
}

// Builds the reply in a local buffer.
static ULONG ApplyMessage(PEXAMPLE_WSK_DATA_INDICATION Indication)
{
    UCHAR copy[480];
    UCHAR scratch[416];

    RtlZeroMemory(scratch, sizeof(scratch));
    if (ExampleCopyFromIndication(Indication, 0, copy, sizeof(copy)) < sizeof(copy)) {
        return scratch[0];
    }
    return copy[0] + RecordMessage(Indication);
}

// Decodes the value into a local message.
static ULONG DecodeValue(PEXAMPLE_WSK_DATA_INDICATION Indication)
{
    UCHAR copy[480];
    UCHAR scratch[416];

    RtlZeroMemory(scratch, sizeof(scratch));
    if (ExampleCopyFromIndication(Indication, 0, copy, sizeof(copy)) < sizeof(copy)) {
        return scratch[0];
    }
    return copy[0] + ApplyMessage(Indication);
}

// Copies the value's bytes.
static ULONG ParseValue(PEXAMPLE_WSK_DATA_INDICATION Indication)
{
    UCHAR copy[480];
    UCHAR scratch[416];

    RtlZeroMemory(scratch, sizeof(scratch));
    if (ExampleCopyFromIndication(Indication, 0, copy, sizeof(copy)) < sizeof(copy)) {
        return scratch[0];
    }
    return copy[0] + DecodeValue(Indication);
}

// Copies a nested attribute.
static ULONG ParseNestedAttribute(PEXAMPLE_WSK_DATA_INDICATION Indication)
{
    UCHAR copy[480];
    UCHAR scratch[416];

    RtlZeroMemory(scratch, sizeof(scratch));
    if (ExampleCopyFromIndication(Indication, 0, copy, sizeof(copy)) < sizeof(copy)) {
        return scratch[0];
    }
    return copy[0] + ParseValue(Indication);
}

// Copies one attribute.
static ULONG ParseAttribute(PEXAMPLE_WSK_DATA_INDICATION Indication)
{
    UCHAR copy[480];
    UCHAR scratch[416];

    RtlZeroMemory(scratch, sizeof(scratch));
    if (ExampleCopyFromIndication(Indication, 0, copy, sizeof(copy)) < sizeof(copy)) {
        return scratch[0];
    }
    return copy[0] + ParseNestedAttribute(Indication);
}

// Copies the attribute table.
static ULONG ParseAttributes(PEXAMPLE_WSK_DATA_INDICATION Indication)
{
    UCHAR copy[480];
    UCHAR scratch[416];

    RtlZeroMemory(scratch, sizeof(scratch));
    if (ExampleCopyFromIndication(Indication, 0, copy, sizeof(copy)) < sizeof(copy)) {
        return scratch[0];
    }
    return copy[0] + ParseAttribute(Indication);
}

// Copies the fixed PDU header.
static ULONG ParseHeader(PEXAMPLE_WSK_DATA_INDICATION Indication)
{
    UCHAR copy[480];
    UCHAR scratch[416];

    RtlZeroMemory(scratch, sizeof(scratch));
    if (ExampleCopyFromIndication(Indication, 0, copy, sizeof(copy)) < sizeof(copy)) {
        return scratch[0];
    }
    return copy[0] + ParseAttributes(Indication);
}

// Copies the frame header out of the data indication's MDL chain.
static ULONG ParseFrame(PEXAMPLE_WSK_DATA_INDICATION Indication)
{
    UCHAR copy[480];
    UCHAR scratch[416];

    RtlZeroMemory(scratch, sizeof(scratch));
    if (ExampleCopyFromIndication(Indication, 0, copy, sizeof(copy)) < sizeof(copy)) {
        return scratch[0];
    }
    return copy[0] + ParseHeader(Indication);
}

static NTSTATUS AgentReceiveEvent_bad(PVOID SocketContext, ULONG Flags, PEXAMPLE_WSK_DATA_INDICATION DataIndication, // expect: SL2002 "'AgentReceiveEvent_bad' (WSK receive event callback, on the caller's stack) can use"
                                      SIZE_T BytesIndicated, SIZE_T *BytesAccepted)
{
    PAGENT_CONNECTION connection = (PAGENT_CONNECTION)SocketContext;
    UCHAR prefix[480];
    UCHAR lengths[416];
    UNREFERENCED_PARAMETER(Flags);

    RtlZeroMemory(lengths, sizeof(lengths));
    if (DataIndication != NULL && ExampleCopyFromIndication(DataIndication, 0, prefix, sizeof(prefix)) > 0) {
        connection->Messages += ParseFrame(DataIndication) + lengths[0];
    }
    *BytesAccepted = BytesIndicated;
    return STATUS_SUCCESS;
}

static NTSTATUS AgentDisconnectEvent_ok(PVOID SocketContext, ULONG Flags)
{
    PAGENT_CONNECTION connection = (PAGENT_CONNECTION)SocketContext;
    UNREFERENCED_PARAMETER(Flags);

    connection->Connected = FALSE;
    return STATUS_SUCCESS;
}

const EXAMPLE_WSK_CLIENT_CONNECTION_DISPATCH AgentConnectionDispatch = {
    AgentReceiveEvent_bad,
    AgentDisconnectEvent_ok,
    NULL,
};

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    return AgentConnectionDispatch.WskReceiveEvent != NULL ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}
