// A driver's timers share one DPC routine: each timer's own expiry routine is handed to KeInitializeDpc as the DPC's
// context, and the shared DPC calls it through that context pointer (the shape wireguard-nt's timers use). The
// retransmit expiry builds a handshake through nine levels of about 950 bytes each, all at DISPATCH_LEVEL on
// whatever stack the DPC interrupted: found only by following the routine from TimerInit's parameter through the
// DPC's context. The keepalive timer's routine is small and its DPC, a second one, stays quiet.
#include <ntddk.h>

typedef struct _TIMER {
    KDPC Dpc;
    KTIMER Timer;
    ULONG Fired;
} TIMER, *PTIMER;

typedef VOID TIMER_CALLBACK(PTIMER Timer);
typedef TIMER_CALLBACK *PTIMER_CALLBACK;

static KDEFERRED_ROUTINE TimerDpc_bad;
static KDEFERRED_ROUTINE KeepaliveDpc_ok;

static VOID TimerDpc_bad(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2) // expect: SL2002 "'TimerDpc_bad' (DPC routine, at DISPATCH_LEVEL in a DPC)"
{
    PTIMER timer = CONTAINING_RECORD(Dpc, TIMER, Dpc);

    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    timer->Fired++;
    ((PTIMER_CALLBACK)DeferredContext)(timer);
}

static VOID TimerInit(PTIMER Timer, PTIMER_CALLBACK Callback)
{
    KeInitializeDpc(&Timer->Dpc, TimerDpc_bad, (PVOID)Callback);
    KeInitializeTimer(&Timer->Timer);
}

// Handshake step 9 of 9.
static ULONG QueueHandshake(PTIMER Timer)
{
    UCHAR key[480];
    UCHAR message[440];

    RtlZeroMemory(key, sizeof(key));
    RtlZeroMemory(message, sizeof(message));
    return key[0] + message[0] + Timer->Fired;
}

// Handshake step 8 of 9.
static ULONG EncodeHandshake(PTIMER Timer)
{
    UCHAR key[480];
    UCHAR message[440];

    RtlZeroMemory(key, sizeof(key));
    RtlZeroMemory(message, sizeof(message));
    return key[0] + message[0] + QueueHandshake(Timer);
}

// Handshake step 7 of 9.
static ULONG SealHandshake(PTIMER Timer)
{
    UCHAR key[480];
    UCHAR message[440];

    RtlZeroMemory(key, sizeof(key));
    RtlZeroMemory(message, sizeof(message));
    return key[0] + message[0] + EncodeHandshake(Timer);
}

// Handshake step 6 of 9.
static ULONG ExpandKey(PTIMER Timer)
{
    UCHAR key[480];
    UCHAR message[440];

    RtlZeroMemory(key, sizeof(key));
    RtlZeroMemory(message, sizeof(message));
    return key[0] + message[0] + SealHandshake(Timer);
}

// Handshake step 5 of 9.
static ULONG DeriveKey(PTIMER Timer)
{
    UCHAR key[480];
    UCHAR message[440];

    RtlZeroMemory(key, sizeof(key));
    RtlZeroMemory(message, sizeof(message));
    return key[0] + message[0] + ExpandKey(Timer);
}

// Handshake step 4 of 9.
static ULONG MixKey(PTIMER Timer)
{
    UCHAR key[480];
    UCHAR message[440];

    RtlZeroMemory(key, sizeof(key));
    RtlZeroMemory(message, sizeof(message));
    return key[0] + message[0] + DeriveKey(Timer);
}

// Handshake step 3 of 9.
static ULONG HashHandshake(PTIMER Timer)
{
    UCHAR key[480];
    UCHAR message[440];

    RtlZeroMemory(key, sizeof(key));
    RtlZeroMemory(message, sizeof(message));
    return key[0] + message[0] + MixKey(Timer);
}

// Handshake step 2 of 9.
static ULONG BuildHandshake(PTIMER Timer)
{
    UCHAR key[480];
    UCHAR message[440];

    RtlZeroMemory(key, sizeof(key));
    RtlZeroMemory(message, sizeof(message));
    return key[0] + message[0] + HashHandshake(Timer);
}

// Retransmit expiry: step 1 of 9 of the handshake, about 950 bytes of key and message scratch each.
static VOID ExpiredRetransmit(PTIMER Timer)
{
    UCHAR key[480];
    UCHAR message[440];

    RtlZeroMemory(key, sizeof(key));
    RtlZeroMemory(message, sizeof(message));
    Timer->Fired = key[0] + message[0] + BuildHandshake(Timer);
}

static VOID ExpiredKeepalive(PTIMER Timer)
{
    Timer->Fired = 0;
}

static VOID KeepaliveDpc_ok(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    PTIMER timer = CONTAINING_RECORD(Dpc, TIMER, Dpc);

    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    ((PTIMER_CALLBACK)DeferredContext)(timer);
}

static TIMER g_Retransmit;
static TIMER g_Keepalive;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    TimerInit(&g_Retransmit, ExpiredRetransmit);
    KeInitializeDpc(&g_Keepalive.Dpc, KeepaliveDpc_ok, (PVOID)ExpiredKeepalive);
    KeInitializeTimer(&g_Keepalive.Timer);
    return STATUS_SUCCESS;
}
