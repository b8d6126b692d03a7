// An abort path that writes a status record: a failed write aborts again. The abort calls into the cycle only while
// the ABORTED bit is clear (it sets the bit first, through a helper that leaves it set on every return) or, once
// aborted, only while no error was recorded yet (it records a non-zero error first). When the failed write aborts
// again, both tests fail, so the cycle goes round once: a note with that bound.
#include <ntifs.h>

#define VOL_ABORTED   0x0002
#define VOL_ERROR_LOG 0x0080
#define STATUS_VOLUME_GONE ((NTSTATUS)0xC0000999L)

typedef struct _VOLUME {
    ULONG Flags;
    NTSTATUS Error;
    ULONG Sequence;
} VOLUME, *PVOLUME;

NTSTATUS WriteStatusRecord(PVOLUME Volume);
VOID RecordError(PVOLUME Volume);

VOID MarkAborted(PVOLUME Volume)
{
    if (Volume->Flags & VOL_ABORTED)
        return;
    DbgPrint("aborting volume\n");
    Volume->Flags |= VOL_ABORTED;
}

static VOID AbortVolume_ok(PVOLUME Volume, NTSTATUS Status) // expect: SL2001 "'AbortVolume_ok' calls into the cycle only while '->Error' is zero (line 35, copied into 'oldError' at line 30) or while bit 0x2 of '->Flags' is clear (line 34); when the cycle comes back, '->Error' is not zero ('AbortVolume_ok' stores the non-zero 'Status' into it when it is zero, line 32) and bit 0x2 of '->Flags' is set ('AbortVolume_ok' tests it, line 34; or 'AbortVolume_ok' sets it before it goes on, line 40, through 'MarkAborted')"
{
    NTSTATUS oldError = Volume->Error;
    if (Volume->Error == 0 || Status == STATUS_VOLUME_GONE)
        Volume->Error = Status;

    if (Volume->Flags & VOL_ABORTED) {
        if (oldError == 0 && Status == STATUS_VOLUME_GONE)
            RecordError(Volume);
        return;
    }

    MarkAborted(Volume);
    if (Status != 0) {
        RecordError(Volume);
        Volume->Flags |= VOL_ERROR_LOG;
    }
}

VOID RecordError(PVOLUME Volume)
{
    WriteStatusRecord(Volume);
}

NTSTATUS WriteStatusRecord(PVOLUME Volume)
{
    NTSTATUS status = Volume->Sequence == 0 ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS;
    if (!NT_SUCCESS(status)) {
        AbortVolume_ok(Volume, status);
    }
    return status;
}

NTSTATUS WriteStatusRecord2(PVOLUME Volume);

// The same abort, but the write path clears the error before it aborts again (a retry that forgets the first
// failure): the nested abort finds it zero and records again, with no bound.
static VOID AbortVolume2_bad(PVOLUME Volume, NTSTATUS Status) // expect: SL2001 "make it iterative"
{
    NTSTATUS oldError = Volume->Error;
    if (Volume->Error == 0 || Status == STATUS_VOLUME_GONE)
        Volume->Error = Status;

    if (Volume->Flags & VOL_ABORTED) {
        if (oldError == 0 && Status == STATUS_VOLUME_GONE)
            WriteStatusRecord2(Volume);
        return;
    }

    MarkAborted(Volume);
    if (Status != 0) {
        WriteStatusRecord2(Volume);
    }
}

NTSTATUS WriteStatusRecord2(PVOLUME Volume)
{
    NTSTATUS status = Volume->Sequence == 0 ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS;
    if (!NT_SUCCESS(status)) {
        Volume->Error = 0;
        AbortVolume2_bad(Volume, STATUS_VOLUME_GONE);
    }
    return status;
}

NTSTATUS WriteStatusRecord3(PVOLUME Volume);

// The error is recorded only when the caller passes one (Status may be 0), so an abort that passes 0 leaves the
// error zero and the bit set: the nested abort's first test passes again. Not bounded.
static VOID AbortVolume3_bad(PVOLUME Volume, NTSTATUS Status) // expect: SL2001 "make it iterative"
{
    NTSTATUS oldError = Volume->Error;
    if (Volume->Error == 0)
        Volume->Error = Status;

    if (Volume->Flags & VOL_ABORTED) {
        if (oldError == 0)
            WriteStatusRecord3(Volume);
        return;
    }

    MarkAborted(Volume);
    WriteStatusRecord3(Volume);
}

NTSTATUS WriteStatusRecord3(PVOLUME Volume)
{
    NTSTATUS status = Volume->Sequence == 0 ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS;
    if (!NT_SUCCESS(status)) {
        AbortVolume3_bad(Volume, 0);
    }
    return status;
}
