// SL1004: an alloca of a constant size outside a loop takes a fixed amount: before any branch the compiler lays it
// out as a fixed object of the frame, like an array. No run-time amount: SL1001 counts it into the frame.
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

// After a branch the compiler adjusts the stack where the call runs ("dynamic" to -fstack-usage), but the amount
// is the same constant, taken at most once: bounded, and counted into the frame.
VOID ScratchAfterCheck_ok(PCUNICODE_STRING Name)
{
    PWCHAR scratch;

    if (Name->Length == 0) return;
    scratch = (PWCHAR)_alloca(SCRATCH_BYTES);
    ConsumeName(scratch, Name->Length);
}

// In a loop every iteration takes the constant again: the total has no bound.
VOID ScratchPerName_bad(PCUNICODE_STRING Names, ULONG Count)
{
    ULONG i;

    for (i = 0; i < Count; i++) {
        PWCHAR scratch = (PWCHAR)_alloca(SCRATCH_BYTES); // expect: SL1004 "inside a loop"
        ConsumeName(scratch, Names[i].Length);
    }
}
