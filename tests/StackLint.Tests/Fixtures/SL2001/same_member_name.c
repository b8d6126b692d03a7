// Two structs with a member of the same name: the class driver's connect data, whose 'ServiceCallback' the class
// driver fills and the filter keeps a copy of, and the filter's own hook table, whose 'ServiceCallback' the filter
// fills with its own routine. A call through the saved copy hands the packets on to the class driver; only a call
// through the filter's own table can run the filter's routine again.
#include <ntddk.h>

typedef VOID (*PACKET_CALLBACK)(PVOID Context, PVOID Packets, ULONG Count);

typedef struct _CLASS_CONNECT {
    PVOID ClassContext;
    PACKET_CALLBACK ServiceCallback;
} CLASS_CONNECT, *PCLASS_CONNECT;

typedef struct _FILTER_HOOKS {
    PACKET_CALLBACK ServiceCallback;
    PVOID Context;
} FILTER_HOOKS, *PFILTER_HOOKS;

typedef struct _FILTER_EXTENSION {
    CLASS_CONNECT Upper;
    FILTER_HOOKS Hooks;
    ULONG Seen;
    ULONG Requeued;
} FILTER_EXTENSION, *PFILTER_EXTENSION;

// The class driver's routine, through the copy of its connect data: not one of ours.
static VOID ForwardPackets_ok(PFILTER_EXTENSION Extension, PVOID Packets, ULONG Count)
{
    Extension->Upper.ServiceCallback(Extension->Upper.ClassContext, Packets, Count);
}

static VOID FilterService_ok(PVOID Context, PVOID Packets, ULONG Count)
{
    PFILTER_EXTENSION extension = (PFILTER_EXTENSION)Context;
    extension->Seen += Count;
    ForwardPackets_ok(extension, Packets, Count);
}

static VOID RequeuePackets(PFILTER_EXTENSION Extension, PVOID Packets, ULONG Count);

// The filter's own table: what it stores there runs again, below itself.
static VOID ReplayService_bad(PVOID Context, PVOID Packets, ULONG Count) // expect: SL2001 "'ReplayService_bad' -> 'RequeuePackets' -> 'ReplayService_bad' (2 functions recurse together); nothing in the code bounds its depth"
{
    PFILTER_EXTENSION extension = (PFILTER_EXTENSION)Context;
    if (Count > 1) {
        RequeuePackets(extension, Packets, Count / 2);
    }
}

static VOID RequeuePackets(PFILTER_EXTENSION Extension, PVOID Packets, ULONG Count)
{
    Extension->Requeued += Count;
    Extension->Hooks.ServiceCallback(Extension->Hooks.Context, Packets, Count);
}

VOID FilterConnect(PFILTER_EXTENSION Extension, PCLASS_CONNECT Connect, BOOLEAN Replay)
{
    Extension->Upper = *Connect;
    Extension->Hooks.ServiceCallback = Replay ? ReplayService_bad : FilterService_ok;
    Extension->Hooks.Context = Extension;
}
