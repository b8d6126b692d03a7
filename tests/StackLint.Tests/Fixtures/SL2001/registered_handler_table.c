// A protocol driver keeps its message handlers in a table filled by a registration helper: the helper stores the
// handler it is given into the slot the message code picks, and the receive path calls through the table with the
// code of the message it got (a variable subscript). The reassembly handler hands a finished message back to the
// receive path, so the two recurse once per nested message: a cycle found only by following the handler through the
// helper's parameter into the table. A second table of the same type, for the send side, holds a handler that also
// calls the receive path; the receive path never calls through it, so it makes no cycle.
#include <ntddk.h>

#define MESSAGE_KINDS 4

typedef struct _MESSAGE {
    ULONG Kind;
    ULONG Length;
    struct _MESSAGE *Inner;
} MESSAGE, *PMESSAGE;

typedef NTSTATUS (*MESSAGE_HANDLER)(PMESSAGE Message);

static MESSAGE_HANDLER g_ReceiveHandlers[MESSAGE_KINDS];
static MESSAGE_HANDLER g_SendHandlers[MESSAGE_KINDS];

static NTSTATUS ReceiveMessage_bad(PMESSAGE Message);

static VOID RegisterReceiveHandler(ULONG Kind, MESSAGE_HANDLER Handler)
{
    if (Kind < MESSAGE_KINDS) {
        g_ReceiveHandlers[Kind] = Handler;
    }
}

static VOID RegisterSendHandler(ULONG Kind, MESSAGE_HANDLER Handler)
{
    if (Kind < MESSAGE_KINDS) {
        g_SendHandlers[Kind] = Handler;
    }
}

// Reassembly: a message that wraps another is received again, one level deeper per wrapper.
static NTSTATUS ReassembleMessage_bad(PMESSAGE Message) // expect: SL2001 "'ReassembleMessage_bad' -> 'ReceiveMessage_bad' -> 'ReassembleMessage_bad'"
{
    return Message->Inner != NULL ? ReceiveMessage_bad(Message->Inner) : STATUS_SUCCESS;
}

static NTSTATUS AcknowledgeMessage_ok(PMESSAGE Message)
{
    Message->Length = 0;
    return STATUS_SUCCESS;
}

// Send side: loops a message back to the receive path; only ever called through the send table.
static NTSTATUS LoopbackMessage_ok(PMESSAGE Message)
{
    return ReceiveMessage_bad(Message);
}

static NTSTATUS ReceiveMessage_bad(PMESSAGE Message)
{
    ULONG kind = Message->Kind % MESSAGE_KINDS;

    if (g_ReceiveHandlers[kind] == NULL) {
        return STATUS_NOT_SUPPORTED;
    }
    return g_ReceiveHandlers[kind](Message);
}

NTSTATUS SendMessage(PMESSAGE Message)
{
    ULONG kind = Message->Kind % MESSAGE_KINDS;

    return g_SendHandlers[kind] != NULL ? g_SendHandlers[kind](Message) : STATUS_NOT_SUPPORTED;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    RegisterReceiveHandler(0, ReassembleMessage_bad);
    RegisterReceiveHandler(1, AcknowledgeMessage_ok);
    RegisterSendHandler(0, LoopbackMessage_ok);
    return STATUS_SUCCESS;
}
