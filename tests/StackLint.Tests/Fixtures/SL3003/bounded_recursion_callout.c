// A callout on an expanded stack that reaches recursion: when the recursion is proven bounded (SL2001 says so in a
// note), the callout's need counts it that many levels deep instead of calling it unbounded; an unbounded one is
// still reported.
#include <ntifs.h>

NTKERNELAPI NTSTATUS NTAPI KeExpandKernelStackAndCalloutEx(PEXPAND_STACK_CALLOUT Callout, PVOID Parameter, SIZE_T Size,
                                                          BOOLEAN Wait, PVOID Context);

typedef struct _DIR_NODE {
    struct _DIR_NODE *Child[8];
    WCHAR Name[64];
} DIR_NODE, *PDIR_NODE;

// At most 4 levels of a 600-byte frame: the recursion is bounded by its counter.
static ULONG CountLevels(PDIR_NODE Node, ULONG Depth) // expect: SL2001 "bounded"
{
    WCHAR path[256];
    ULONG i, n = 1;

    if (Depth >= 3) {
        return 1;
    }
    RtlCopyMemory(path, Node->Name, sizeof(Node->Name));
    for (i = 0; i < 8; i++) {
        if (Node->Child[i] != NULL && path[0] != 0) {
            n += CountLevels(Node->Child[i], Depth + 1);
        }
    }
    return n;
}

static VOID CountCallout(PVOID Parameter)
{
    *(PULONG)Parameter = CountLevels((PDIR_NODE)Parameter, 0);
}

NTSTATUS CountTree_ok(PDIR_NODE Root)
{
    // Four levels of about 600 bytes each fit in 16 KB.
    return KeExpandKernelStackAndCalloutEx(CountCallout, Root, 0x4000, FALSE, NULL);
}

NTSTATUS CountTreeSmall_bad(PDIR_NODE Root)
{
    // One pass fits in 1 KB, four levels do not.
    return KeExpandKernelStackAndCalloutEx(CountCallout, Root, 0x400, FALSE, NULL); // expect: SL3003 "counting the bounded recursion at 'CountLevels' 4 levels deep"
}

// No bound: the depth follows the tree.
static ULONG CountAll(PDIR_NODE Node) // expect: SL2001 "make it iterative"
{
    ULONG i, n = 1;

    for (i = 0; i < 8; i++) {
        if (Node->Child[i] != NULL) {
            n += CountAll(Node->Child[i]);
        }
    }
    return n;
}

static VOID CountAllCallout(PVOID Parameter)
{
    *(PULONG)Parameter = CountAll((PDIR_NODE)Parameter);
}

NTSTATUS CountAll_bad(PDIR_NODE Root)
{
    return KeExpandKernelStackAndCalloutEx(CountAllCallout, Root, 0x4000, FALSE, NULL); // expect: SL3003 "recurses"
}
