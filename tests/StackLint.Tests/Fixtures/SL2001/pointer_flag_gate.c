// Recursion through a visitor whose context points to a flag: the visitor copies the flag out of its context, goes
// into a nested walk only while the copy is set, and hands the walk the address of its copy cleared just before the
// call. The walker passes the context on unchanged, so the nested visit finds the flag clear: one level.
#include <ntifs.h>

typedef BOOLEAN (*CODE_VISITOR)(PUCHAR At, PVOID Context);

BOOLEAN WalkCode_ok(PUCHAR Start, SIZE_T Length, CODE_VISITOR Visit, PVOID Context) // expect: SL2001 "'FollowCalls_ok' calls into the cycle only past its test of 'enter' (line 27), copied from '*Context' (line 22), and 'WalkCode_ok' calls it back with its 'Context', which 'FollowCalls_ok' passes as the address of 'enter', set to 0 just before it (line 31), which fails that test, so the cycle goes round once"
{
    SIZE_T i;

    for (i = 0; i < Length; i++) {
        if (!Visit(Start + i, Context)) {
            return FALSE;
        }
    }
    return TRUE;
}

BOOLEAN FollowCalls_ok(PUCHAR At, PVOID Context)
{
    BOOLEAN enter = *(BOOLEAN *)Context;

    if (*At == 0xC3) {
        return FALSE;
    }
    if (enter && *At == 0xE8) {
        if (At[1] == 0 && At[2] == 0) {
            return FALSE;
        }
        enter = FALSE;
        WalkCode_ok(At + 5 + *(LONG UNALIGNED *)(At + 1), 32, FollowCalls_ok, &enter);
        return FALSE;
    }
    return TRUE;
}

VOID FindTable(PUCHAR Routine)
{
    BOOLEAN enter = TRUE;
    WalkCode_ok(Routine, 64, FollowCalls_ok, &enter);
}

// The visitor hands on the address of its copy unchanged: every nested call enters again.
BOOLEAN WalkAll_bad(PUCHAR Start, SIZE_T Length, CODE_VISITOR Visit, PVOID Context) // expect: SL2001 "make it iterative"
{
    SIZE_T i;

    for (i = 0; i < Length; i++) {
        if (!Visit(Start + i, Context)) {
            return FALSE;
        }
    }
    return TRUE;
}

BOOLEAN FollowAll(PUCHAR At, PVOID Context)
{
    BOOLEAN enter = *(BOOLEAN *)Context;

    if (enter && *At == 0xE8) {
        WalkAll_bad(At + 5, 32, FollowAll, &enter);
        return FALSE;
    }
    return TRUE;
}

// The flag is cleared before a call that may set it again through its address: the nested visit may enter again.
BOOLEAN WalkMarked_bad(PUCHAR Start, SIZE_T Length, CODE_VISITOR Visit, PVOID Context) // expect: SL2001 "make it iterative"
{
    SIZE_T i;

    for (i = 0; i < Length; i++) {
        if (!Visit(Start + i, Context)) {
            return FALSE;
        }
    }
    return TRUE;
}

VOID MarkEntry(PBOOLEAN Flag, PUCHAR At);

BOOLEAN FollowMarked(PUCHAR At, PVOID Context)
{
    BOOLEAN enter = *(BOOLEAN *)Context;

    if (enter && *At == 0xE8) {
        enter = FALSE;
        MarkEntry(&enter, At);
        WalkMarked_bad(At + 5, 32, FollowMarked, &enter);
        return FALSE;
    }
    return TRUE;
}

// The flag is cleared only on one branch: past it the nested visit may enter again.
BOOLEAN WalkSome_bad(PUCHAR Start, SIZE_T Length, CODE_VISITOR Visit, PVOID Context) // expect: SL2001 "make it iterative"
{
    SIZE_T i;

    for (i = 0; i < Length; i++) {
        if (!Visit(Start + i, Context)) {
            return FALSE;
        }
    }
    return TRUE;
}

BOOLEAN FollowSome(PUCHAR At, PVOID Context)
{
    BOOLEAN enter = *(BOOLEAN *)Context;

    if (enter && *At == 0xE8) {
        if (At[1] != 0) {
            enter = FALSE;
        }
        WalkSome_bad(At + 5, 32, FollowSome, &enter);
        return FALSE;
    }
    return TRUE;
}

VOID FindMarked(PUCHAR Routine)
{
    BOOLEAN enter = TRUE;
    WalkAll_bad(Routine, 64, FollowAll, &enter);
    WalkMarked_bad(Routine, 64, FollowMarked, &enter);
    WalkSome_bad(Routine, 64, FollowSome, &enter);
}
