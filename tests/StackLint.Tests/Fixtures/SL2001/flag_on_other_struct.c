// A re-entrancy bit is a bit of one field of one struct. Two structs here have a 'Flags' member: the device's and its
// queue's. Setting the queue's bit does not make the device's test fail, so a guard that tests one and sets the other
// stops nothing; written on the same field, in place or through a helper, it bounds the cycle.
#include <ntddk.h>

#define STATE_BUSY 0x0001

typedef struct _PACKET_QUEUE {
    ULONG Flags;
    ULONG Depth;
} PACKET_QUEUE, *PPACKET_QUEUE;

typedef struct _DEVICE_STATE {
    ULONG Flags;
    PPACKET_QUEUE Queue;
} DEVICE_STATE, *PDEVICE_STATE;

VOID DrainQueue(PDEVICE_STATE State);

// Tests the device's bit, sets the queue's.
VOID KickQueue_bad(PDEVICE_STATE State) // expect: SL2001 "'KickQueue_bad' -> 'DrainQueue' -> 'KickQueue_bad' (2 functions recurse together); nothing in the code bounds its depth"
{
    if (State->Flags & STATE_BUSY) {
        return;
    }
    State->Queue->Flags |= STATE_BUSY;
    DrainQueue(State);
}

VOID DrainQueue(PDEVICE_STATE State)
{
    if (State->Queue->Depth != 0) {
        KickQueue_bad(State);
    }
}

static VOID MarkQueueBusy(PPACKET_QUEUE Queue)
{
    Queue->Flags |= STATE_BUSY;
}

static VOID MarkDeviceBusy(PDEVICE_STATE State)
{
    State->Flags |= STATE_BUSY;
}

VOID FlushQueue(PDEVICE_STATE State);

// The same through a bit helper: the helper sets the queue's bit.
VOID StartFlush_bad(PDEVICE_STATE State) // expect: SL2001 "'StartFlush_bad' -> 'FlushQueue' -> 'StartFlush_bad' (2 functions recurse together); nothing in the code bounds its depth"
{
    if (State->Flags & STATE_BUSY) {
        return;
    }
    MarkQueueBusy(State->Queue);
    FlushQueue(State);
}

VOID FlushQueue(PDEVICE_STATE State)
{
    if (State->Queue->Depth != 0) {
        StartFlush_bad(State);
    }
}

VOID PumpQueue(PDEVICE_STATE State);

// Tests and sets the device's bit (through the helper): the nested call returns at the test.
VOID StartPump_ok(PDEVICE_STATE State) // expect: SL2001 "'StartPump_ok' calls into the cycle only while bit 0x1 of '->Flags' is clear (line 71); when the cycle comes back, bit 0x1 of '->Flags' is set ('StartPump_ok' sets it before it goes on, line 74, through 'MarkDeviceBusy')"
{
    if (State->Flags & STATE_BUSY) {
        return;
    }
    MarkDeviceBusy(State);
    PumpQueue(State);
}

VOID PumpQueue(PDEVICE_STATE State)
{
    if (State->Queue->Depth != 0) {
        StartPump_ok(State);
    }
}
