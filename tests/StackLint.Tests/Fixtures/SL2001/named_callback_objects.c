// A layered driver keeps one callback table per layer, each a static object of the same type. A call through one
// named object's field runs what was stored into that object (or through a pointer that may point at it), not what
// the other layers stored into the same field; an object copied as a whole may hold any of them.
#include <ntddk.h>

typedef NTSTATUS (*LAYER_FORWARD)(PIRP Irp, ULONG Depth);

typedef struct _LAYER_OPS {
    LAYER_FORWARD Forward;
    ULONG Calls;
} LAYER_OPS;

static LAYER_OPS g_Upper, g_Lower;
static LAYER_OPS g_Retry = { 0 };
static LAYER_OPS g_Saved;

static NTSTATUS LowerForward_ok(PIRP Irp, ULONG Depth)
{
    UNREFERENCED_PARAMETER(Depth);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

// Hands the request to the lower layer: g_Lower holds LowerForward_ok only.
static NTSTATUS PassDown_ok(PIRP Irp, ULONG Depth)
{
    g_Lower.Calls++;
    return g_Lower.Forward(Irp, Depth + 1);
}

static NTSTATUS UpperForward_ok(PIRP Irp, ULONG Depth)
{
    return PassDown_ok(Irp, Depth);
}

// Retries run the retry layer again through its own table, as often as the status says.
static NTSTATUS RetryAgain_bad(PIRP Irp, ULONG Depth) // expect: SL2001 "'RetryAgain_bad' -> 'RetryForward_bad' -> 'RetryAgain_bad'"
{
    return g_Retry.Forward(Irp, Depth + 1);
}

static NTSTATUS RetryForward_bad(PIRP Irp, ULONG Depth) // on RetryAgain_bad's cycle: reported once, there
{
    if (Irp->IoStatus.Status == STATUS_RETRY) {
        return RetryAgain_bad(Irp, Depth);
    }
    return STATUS_SUCCESS;
}

// g_Saved is a copy of g_Upper: calling through it runs the upper layer's routine.
static NTSTATUS ReplaySaved_bad(PIRP Irp, ULONG Depth) // expect: SL2001 "'ReplaySaved_bad' -> 'ReplayForward_bad' -> 'ReplaySaved_bad'"
{
    return g_Saved.Forward(Irp, Depth);
}

static NTSTATUS ReplayForward_bad(PIRP Irp, ULONG Depth) // on ReplaySaved_bad's cycle: reported once, there
{
    if (Depth < 8) {
        return ReplaySaved_bad(Irp, Depth + 1);
    }
    return STATUS_SUCCESS;
}

VOID InitializeLayers(BOOLEAN Replay)
{
    g_Upper.Forward = UpperForward_ok;
    g_Lower.Forward = LowerForward_ok;
    g_Retry.Forward = RetryForward_bad;
    if (Replay) {
        g_Upper.Forward = ReplayForward_bad;
    }
    g_Saved = g_Upper;
}
