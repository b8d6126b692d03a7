// SL1004: a size a force-inlined helper returns as a constant is a fixed amount too. clang's always-inliner folds the
// returned constant into the call even at -O0, and a helper's own constant alloca becomes a fixed object of each
// caller's frame, wherever the call is. SL1001 counts them; only a size computed at run time is reported here.
#include <ntifs.h>

extern VOID ConsumeName(PWCHAR Name, ULONG Length);

FORCEINLINE SIZE_T ScratchBytes(VOID) { return 2048; }
FORCEINLINE SIZE_T SmallScratchBytes(VOID) { return 16 * sizeof(WCHAR); }
FORCEINLINE PWCHAR TakeScratch(VOID) { return (PWCHAR)_alloca(512); }
FORCEINLINE SIZE_T NameBytes(PCUNICODE_STRING Name) { return Name->Length + sizeof(WCHAR); }

// 2,048 bytes through a helper: the frame is too large, with a fixed size.
VOID HelperSized_bad(PCUNICODE_STRING Name) // expect: SL1001 "uses an estimated 2,112 bytes of stack (limit 1,024); largest: '"
{
    PWCHAR scratch = (PWCHAR)_alloca(ScratchBytes());

    ConsumeName(scratch, Name->Length);
}

VOID SmallHelperSized_ok(PCUNICODE_STRING Name)
{
    PWCHAR scratch = (PWCHAR)_alloca(SmallScratchBytes());

    ConsumeName(scratch, Name->Length);
}

// The helper's alloca is moved to the caller's entry block: one 512-byte object, not one per iteration.
VOID HelperScratchInLoop_ok(PCUNICODE_STRING Names, ULONG Count)
{
    ULONG i;

    for (i = 0; i < Count; i++) {
        PWCHAR scratch = TakeScratch();
        ConsumeName(scratch, Names[i].Length);
    }
}

// Two copies are two objects.
VOID HelperScratchTwice_bad(PCUNICODE_STRING Name) // expect: SL1001 "uses an estimated 1,104 bytes of stack (limit 1,024); largest: 2 inlined copies of 'TakeScratch' (1,024 bytes)"
{
    PWCHAR first = TakeScratch();
    PWCHAR second = TakeScratch();

    ConsumeName(first, Name->Length);
    ConsumeName(second, Name->Length);
}

// A size the helper computes from its argument is a run-time amount.
VOID HelperComputed_bad(PCUNICODE_STRING Name)
{
    PWCHAR copy = (PWCHAR)_alloca(NameBytes(Name)); // expect: SL1004 "run-time amount"

    ConsumeName(copy, Name->Length);
}
