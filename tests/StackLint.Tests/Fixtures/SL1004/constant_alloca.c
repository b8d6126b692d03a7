// SL1004: an alloca of a constant size that runs once, before any branch, is laid out by the compiler as a fixed
// object of the frame, like an array: no run-time amount. SL1001 counts it into the frame.
#include <ntifs.h>

extern VOID ConsumeName(PWCHAR Name, ULONG Length);

#define SCRATCH_BYTES 128

// A small constant scratch buffer: the frame has a fixed size.
VOID FormatScratch_ok(PCUNICODE_STRING Name)
{
    PWCHAR scratch = (PWCHAR)_alloca(SCRATCH_BYTES);

    RtlZeroMemory(scratch, SCRATCH_BYTES);
    ConsumeName(scratch, Name->Length);
}

// A large constant one counts into the frame: 4,096 bytes make the frame too large (SL1001), not a dynamic allocation.
VOID LargeScratch_bad(PCUNICODE_STRING Name) // expect: SL1001 "uses an estimated 4,160 bytes of stack (limit 1,024); largest: '"
{
    PWCHAR scratch = (PWCHAR)_alloca(4096);

    ConsumeName(scratch, Name->Length);
}

// After a branch the allocation happens where the call runs: the compiler makes the frame dynamic again.
VOID ScratchAfterCheck_bad(PCUNICODE_STRING Name)
{
    PWCHAR scratch;

    if (Name->Length == 0) return;
    scratch = (PWCHAR)_alloca(SCRATCH_BYTES); // expect: SL1004
    ConsumeName(scratch, Name->Length);
}
