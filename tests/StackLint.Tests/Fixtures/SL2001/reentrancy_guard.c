// A re-entrancy guard: a function returns at once when a bit of its object's flags is set, and sets that bit before
// the call that can lead back to it, so the nested call returns at the test: the cycle goes round once (a note).
// Without the set, or with a function of the cycle clearing the bit again, it stays a warning.
#include <ntifs.h>

#define LOG_ABORTED   0x0002
#define LOG_FLUSHING  0x0004

typedef struct _LOG {
    ULONG Flags;
    ULONG State;
    NTSTATUS Error;
} LOG, *PLOG;

VOID WriteHeader(PLOG Log);

VOID AbortLog_ok(PLOG Log, NTSTATUS Error) // expect: SL2001 "'AbortLog_ok' calls into the cycle only while bit 0x2 of '->Flags' is clear (line 19) and sets it just before (line 23), and nothing in the cycle clears it, so the cycle goes round once"
{
    if (Log->Flags & LOG_ABORTED) {
        return;
    }
    Log->Error = Error;
    Log->Flags |= LOG_ABORTED;
    WriteHeader(Log);
}

VOID WriteHeader(PLOG Log)
{
    NTSTATUS status = Log->Error != STATUS_SUCCESS ? STATUS_UNSUCCESSFUL : STATUS_SUCCESS;
    if (!NT_SUCCESS(status)) {
        AbortLog_ok(Log, status);
    }
}

VOID WriteTrailer(PLOG Log);

// The bit is tested but set only after the call that leads back: nothing stops the nested call.
VOID FlushLog_bad(PLOG Log) // expect: SL2001 "make it iterative"
{
    if ((Log->Flags & LOG_FLUSHING) != 0) {
        return;
    }
    WriteTrailer(Log);
    Log->Flags |= LOG_FLUSHING;
}

VOID WriteTrailer(PLOG Log)
{
    if (Log->State != 0) {
        FlushLog_bad(Log);
    }
}

VOID ResetLog(PLOG Log);

// The bit is set before the call, but the cycle clears it again on the way back.
VOID CloseLog_bad(PLOG Log) // expect: SL2001 "make it iterative"
{
    if (Log->Flags & LOG_ABORTED) {
        return;
    }
    Log->Flags |= LOG_ABORTED;
    ResetLog(Log);
}

VOID ResetLog(PLOG Log)
{
    Log->Flags &= ~LOG_ABORTED;
    if (Log->State != 0) {
        CloseLog_bad(Log);
    }
}
