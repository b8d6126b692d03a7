// A callout on an expanded stack that reaches a recursion bounded by the state it leaves behind (a flag the abort
// sets through a helper before it writes the log again): the callout's need counts the cycle twice, not unbounded.
#include <ntifs.h>

NTKERNELAPI NTSTATUS NTAPI KeExpandKernelStackAndCalloutEx(PEXPAND_STACK_CALLOUT Callout, PVOID Parameter, SIZE_T Size,
                                                          BOOLEAN Wait, PVOID Context);

#define LOG_ABORTED 0x0004

typedef struct _LOG {
    LONG Flags;
    ULONG Pending;
} LOG, *PLOG;

static VOID MarkLogAborted(PLOG Log)
{
    InterlockedOr(&Log->Flags, LOG_ABORTED);
}

NTSTATUS FlushLog(PLOG Log);

static VOID AbortLog_ok(PLOG Log) // expect: SL2001 "goes round once"
{
    if (Log->Flags & LOG_ABORTED) {
        return;
    }
    MarkLogAborted(Log);
    FlushLog(Log);
}

NTSTATUS FlushLog(PLOG Log)
{
    UCHAR record[400];

    RtlZeroMemory(record, sizeof(record));
    if (Log->Pending != record[0]) {
        AbortLog_ok(Log);
        return STATUS_UNSUCCESSFUL;
    }
    return STATUS_SUCCESS;
}

static VOID FlushCallout(PVOID Parameter)
{
    FlushLog((PLOG)Parameter);
}

NTSTATUS FlushOnFreshStack_ok(PLOG Log)
{
    return KeExpandKernelStackAndCalloutEx(FlushCallout, Log, 0x4000, FALSE, NULL);
}

NTSTATUS FlushOnSmallStack_bad(PLOG Log)
{
    // One pass fits in 600 bytes; the abort's second round does not.
    return KeExpandKernelStackAndCalloutEx(FlushCallout, Log, 600, FALSE, NULL); // expect: SL3003 "counting the bounded recursion"
}
