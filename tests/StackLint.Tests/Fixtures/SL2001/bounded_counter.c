// Recursion the code bounds with a counter or a flag. A depth counter passed on plus or minus a constant, never
// stored into and tested before the recursive call, bounds the depth by the range the tests leave; a flag set to a
// constant just before the call that closes a cycle stops it after one round. Both stay notes that give the bound.
#include <ntifs.h>

typedef struct _MAP_NODE {
    ULONG Slots[16];
    struct _MAP_NODE *Child[16];
} MAP_NODE, *PMAP_NODE;

// A block-map walk: layers 3 down to 1 read an index block, layer 0 is the data block.
ULONG LookupBlock_ok(PMAP_NODE Node, ULONG Layer, ULONG Index) // expect: SL2001 "it lowers 'Layer' by 1 at each level and recurses only while its tests of it hold (line 16), so it goes at most 4 levels deep"
{
    if (Layer == 0) {
        return Node->Slots[Index % 16];
    } else if (Layer <= 3) {
        return LookupBlock_ok(Node->Child[Index % 16], Layer - 1, Index / 16);
    }
    return 0;
}

// A depth parameter with a limit tested first; its only other caller starts it at 0.
NTSTATUS ScanTree_ok(PMAP_NODE Node, int Depth) // expect: SL2001 "it raises 'Depth' by 1 at each level and recurses only while its tests of it hold (line 27), so it goes at most 9 levels deep from the 0 its callers pass"
{
    ULONG i;

    if (Depth >= 8) {
        return STATUS_STACK_OVERFLOW;
    }
    for (i = 0; i < 16; i++) {
        if (Node->Child[i] != NULL) {
            ScanTree_ok(Node->Child[i], Depth + 1);
        }
    }
    return STATUS_SUCCESS;
}

NTSTATUS ScanRoot(PMAP_NODE Root)
{
    return ScanTree_ok(Root, 0);
}

// The counter is overwritten from the data before the call: the test no longer bounds anything.
ULONG Descend_bad(PMAP_NODE Node, ULONG Layer) // expect: SL2001 "make it iterative"
{
    if (Layer == 0) {
        return 0;
    }
    Layer = Node->Slots[0];
    return Descend_bad(Node->Child[0], Layer - 1);
}

// A signed counter tested only against 0: a negative start never reaches it.
int Unwind_bad(PMAP_NODE Node, int Level) // expect: SL2001 "make it iterative"
{
    if (Level != 0) {
        return Unwind_bad(Node->Child[0], Level - 1);
    }
    return 0;
}

// Raised by a compound assignment: the facts say the counter changed, so it proves nothing.
ULONG Retry_bad(PMAP_NODE Node, ULONG Tries) // expect: SL2001 "make it iterative"
{
    if (Tries > 4) {
        return 0;
    }
    Tries += Node->Slots[0];
    return Retry_bad(Node, Tries + 1);
}

NTSTATUS Reparse_ok(PUNICODE_STRING Name);

// Mutual recursion through a gate: Resolve calls into the cycle only when Retry is set, and the call back clears it.
NTSTATUS Resolve_ok(PUNICODE_STRING Name, BOOLEAN Retry) // expect: SL2001 "'Resolve_ok' calls into the cycle only past its test of 'Retry' (line 77), and 'Reparse_ok' calls it back with 'again', set to 0 just before it (line 86), which fails that test, so the cycle goes round once"
{
    if (Retry) {
        return Reparse_ok(Name);
    }
    return STATUS_SUCCESS;
}

NTSTATUS Reparse_ok(PUNICODE_STRING Name)
{
    BOOLEAN again;
    again = FALSE;
    return Resolve_ok(Name, again);
}

NTSTATUS Follow_bad(PUNICODE_STRING Name);

// The call back sets the flag only on one branch: on the other it passes TRUE, so nothing stops the cycle.
NTSTATUS Open_bad(PUNICODE_STRING Name, BOOLEAN Retry) // expect: SL2001 "make it iterative"
{
    if (Retry) {
        return Follow_bad(Name);
    }
    return STATUS_SUCCESS;
}

NTSTATUS Follow_bad(PUNICODE_STRING Name)
{
    BOOLEAN again = TRUE;
    if (Name->Length > 4) {
        again = FALSE;
    }
    return Open_bad(Name, again);
}

typedef struct _VOLUME {
    PVOID Groups;
    PVOID Cache;
    PVOID Spare;
} VOLUME, *PVOLUME;

BOOLEAN LoadGroups(PVOLUME Volume);

// A lazily loaded table: the getter loads it only while the field is NULL, and the loader checks it is set before
// its own checks read entries through the getter again.
PVOID GetGroup_ok(PVOLUME Volume, ULONG Index) // expect: SL2001 "'GetGroup_ok' calls into the cycle only while '->Groups' is zero (line 122), and 'LoadGroups' goes on only after testing it is not (line 138), so the cycle goes round once"
{
    if (!Volume->Groups) {
        if (!LoadGroups(Volume)) {
            return NULL;
        }
    }
    return (PUCHAR)Volume->Groups + Index;
}

BOOLEAN CheckGroups(PVOLUME Volume)
{
    return GetGroup_ok(Volume, 0) != NULL;
}

BOOLEAN LoadGroups(PVOLUME Volume)
{
    Volume->Groups = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, 'pgrG');
    if (Volume->Groups == NULL) {
        return FALSE;
    }
    return CheckGroups(Volume);
}

VOID FillCache(PVOLUME Volume);

// Another function of the cycle stores into the field again: the test no longer stops the second round.
PVOID GetCache_bad(PVOLUME Volume) // expect: SL2001 "make it iterative"
{
    if (Volume->Cache == NULL) {
        FillCache(Volume);
    }
    return Volume->Cache;
}

VOID ResetCache(PVOLUME Volume)
{
    Volume->Cache = Volume->Spare;
    GetCache_bad(Volume);
}

VOID FillCache(PVOLUME Volume)
{
    Volume->Cache = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, 'hcaC');
    if (Volume->Cache != NULL) {
        ResetCache(Volume);
    }
}

// A map that grows: layer 1 fills its leaves and then goes on to the loop like the index layers, layer 0 returns
// before it. No single test before the recursive call says 'Layer' is not 0 (the layer-1 path skips the 'Layer == 0'
// test), but every path to it does: the range over paths is 1 to 3, so four levels.
ULONG ExpandMap_ok(PMAP_NODE Node, ULONG Layer, ULONG Count) // expect: SL2001 "recurses only while its tests of it hold (line 182), so it goes at most 4 levels deep"
{
    ULONG i, total = 0;

    if (Layer == 1) {
        total = Count;
    } else if (Layer == 0) {
        return Count;
    }
    for (i = 0; i < Count && i < 16; i++) {
        if (Layer <= 3) {
            total += ExpandMap_ok(Node->Child[i], Layer - 1, Count);
        }
    }
    return total;
}

// The same map where layer 0 also goes on to the loop: a path reaches the call with 'Layer' 0, which wraps to a
// value the 'Layer <= 3' test stops, so one level more.
ULONG GrowMap_ok(PMAP_NODE Node, ULONG Layer, ULONG Count) // expect: SL2001 "recurses only while its tests of it hold (line 201), so it goes at most 5 levels deep"
{
    ULONG i, total = 0;

    if (Layer == 1) {
        total = Count;
    } else if (Layer == 0) {
        total = 1;
    }
    for (i = 0; i < Count && i < 16; i++) {
        if (Layer <= 3) {
            total += GrowMap_ok(Node->Child[i], Layer - 1, Count);
        }
    }
    return total;
}
