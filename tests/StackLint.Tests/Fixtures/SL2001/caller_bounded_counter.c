// A depth counter whose upper end the recursive function only asserts (ASSERT compiles to nothing in a free build):
// the bound then rests on what its callers pass. A caller's loop counter that only ever gets constants and is lowered
// while it stays above 0 cannot pass more than its largest constant; anything else stays a warning.
#include <ntifs.h>

typedef struct _BLOCK {
    ULONG Entries[16];
    struct _BLOCK *Child[16];
} BLOCK, *PBLOCK;

// Layer 0 frees data blocks; higher layers free the index blocks below them, then the index block itself (layer 0).
ULONG FreeLayer_ok(PBLOCK Block, ULONG Layer, ULONG Count) // expect: SL2001 "so it goes at most 4 levels deep from the 3 its callers pass at most ('FreeAll' passes 'Layer - 1', and 'Layer' is only set to 4 or less and lowered)"
{
    ULONG i;
    ULONG freed = 0;

    for (i = 0; i < Count; i++) {
        if (Layer == 0) {
            Block->Entries[i] = 0;
            freed++;
        } else {
            ASSERT(Layer <= 3);
            freed += FreeLayer_ok(Block->Child[i], Layer - 1, 16);
            freed += FreeLayer_ok(Block, 0, 1);
        }
    }
    return freed;
}

ULONG FreeAll(PBLOCK Root)
{
    ULONG Layer;
    ULONG freed = 0;

    for (Layer = 4; Layer > 0 && Root != NULL; Layer--) {
        freed += FreeLayer_ok(Root, Layer - 1, 1);
    }
    return freed;
}

// The caller's counter comes from the data: nothing bounds where the recursion starts.
ULONG Trim_bad(PBLOCK Block, ULONG Layer) // expect: SL2001 "make it iterative"
{
    if (Layer == 0) {
        return 0;
    }
    return Trim_bad(Block->Child[0], Layer - 1);
}

ULONG TrimAll(PBLOCK Root)
{
    ULONG Layer = 4;

    Layer = Root->Entries[0];
    return Trim_bad(Root, Layer - 1);
}

// The caller lowers an unsigned counter in a loop that does not test it: below 0 it wraps to 4 billion.
ULONG Prune_bad(PBLOCK Block, ULONG Layer) // expect: SL2001 "make it iterative"
{
    if (Layer == 0) {
        return 0;
    }
    return Prune_bad(Block->Child[0], Layer - 1);
}

ULONG PruneAll(PBLOCK Root)
{
    ULONG Layer;
    ULONG pruned = 0;

    for (Layer = 4; Root->Entries[Layer % 16] != 0; Layer--) {
        pruned += Prune_bad(Root, Layer);
    }
    return pruned;
}

// A signed counter the caller raises as well as lowers: its largest value is not its largest constant.
ULONG Shrink_bad(PBLOCK Block, int Level) // expect: SL2001 "make it iterative"
{
    if (Level <= 0) {
        return 0;
    }
    return Shrink_bad(Block->Child[0], Level - 1);
}

ULONG ShrinkAll(PBLOCK Root)
{
    int Level;
    ULONG shrunk = 0;

    for (Level = 2; Level > 0 && Root->Entries[0] != 0; Level--) {
        Level += 2;
        shrunk += Shrink_bad(Root, Level);
    }
    return shrunk;
}
