// Direct recursion: a reparse-point resolver that calls itself once per link in the chain.
#include <ntifs.h>

#define MAX_LINKS 8

typedef struct _LINK_NODE {
    struct _LINK_NODE *Next;
    UNICODE_STRING Target;
} LINK_NODE, *PLINK_NODE;

// Each link costs a frame; the chain length comes from the volume, not from the driver.
NTSTATUS ResolveLinks_bad(PLINK_NODE Node, PUNICODE_STRING Final) // expect: SL2001 "'ResolveLinks_bad' -> 'ResolveLinks_bad'"
{
    if (Node == NULL) {
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    if (Node->Next == NULL) {
        *Final = Node->Target;
        return STATUS_SUCCESS;
    }
    return ResolveLinks_bad(Node->Next, Final);
}

// The same walk as a loop: constant stack whatever the chain.
NTSTATUS ResolveLinks_ok(PLINK_NODE Node, PUNICODE_STRING Final)
{
    ULONG hops = 0;
    while (Node != NULL && Node->Next != NULL && hops < MAX_LINKS) {
        Node = Node->Next;
        hops++;
    }
    if (Node == NULL || Node->Next != NULL) {
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    *Final = Node->Target;
    return STATUS_SUCCESS;
}
