// Recursion a macro hides: the call to itself is spelled by a helper macro, as Linux-style code ported to a
// file-system driver often writes it. The cycle is the same; the analysis must end and still report it.
#include <ntifs.h>

typedef struct _EXTENT_NODE {
    struct _EXTENT_NODE *Child;
    ULONG Blocks;
} EXTENT_NODE, *PEXTENT_NODE;

#define COUNT_BELOW(node) CountBlocks_bad((node)->Child)
#define FREE_BELOW(node)  FreeExtents_bad(node)

// The tree's depth comes from the volume, so the recursion is as deep as the disk says.
ULONG CountBlocks_bad(PEXTENT_NODE Node) // expect: SL2001 "'CountBlocks_bad' -> 'CountBlocks_bad'"
{
    if (Node == NULL) {
        return 0;
    }
    return Node->Blocks + COUNT_BELOW(Node);
}

// Two macros that name each other's function: a cycle made entirely of macro expansions.
VOID ReleaseExtent_bad(PEXTENT_NODE Node);

VOID FreeExtents_bad(PEXTENT_NODE Node) // expect: SL2001
{
    if (Node != NULL && Node->Child != NULL) {
        ReleaseExtent_bad(Node->Child);
    }
}

VOID ReleaseExtent_bad(PEXTENT_NODE Node)
{
    FREE_BELOW(Node);
    ExFreePoolWithTag(Node, 'txE');
}

// The loop form: constant stack whatever the tree.
ULONG CountBlocks_ok(PEXTENT_NODE Node)
{
    ULONG total = 0;
    for (; Node != NULL; Node = Node->Child) {
        total += Node->Blocks;
    }
    return total;
}
