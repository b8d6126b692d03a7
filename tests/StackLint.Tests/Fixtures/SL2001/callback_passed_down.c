// A file system's directory cache lists a directory through a fill routine its caller hands down two levels, as
// readdir helpers do (ReadCachedDir passes it to EmitEntry, which calls it). The size query's fill routine lists each
// subdirectory again with itself, so the walk nests one frame of each per level of the tree: a recursion found only
// by following the routine through both parameters. The listing's fill routine, passed down the same way, never
// lists again and stays quiet.
#include <ntddk.h>

#define CACHE_NAME_CHARS 64

typedef struct _DIR_NODE {
    struct _DIR_NODE *FirstChild;
    struct _DIR_NODE *NextSibling;
    ULONG Attributes;
    ULONG Size;
    USHORT NameLength;
    WCHAR Name[CACHE_NAME_CHARS];
} DIR_NODE, *PDIR_NODE;

typedef BOOLEAN (*FILL_ENTRY)(PVOID Context, PDIR_NODE Entry);

typedef struct _LIST_CONTEXT {
    PWCHAR Out;
    ULONG Remaining;
} LIST_CONTEXT, *PLIST_CONTEXT;

static ULONG ReadCachedDir(PDIR_NODE Directory, FILL_ENTRY Fill, PVOID Context);

// Fill routine of the size query: a subdirectory is summed by listing it with this same routine.
static BOOLEAN SumEntry_bad(PVOID Context, PDIR_NODE Entry) // expect: SL2001 "'SumEntry_bad' -> 'ReadCachedDir' -> 'EmitEntry' -> 'SumEntry_bad'"
{
    PULONGLONG total = (PULONGLONG)Context;
    WCHAR name[CACHE_NAME_CHARS];

    RtlCopyMemory(name, Entry->Name, Entry->NameLength);
    *total += Entry->Size + name[0];
    if (Entry->Attributes & FILE_ATTRIBUTE_DIRECTORY) {
        ReadCachedDir(Entry, SumEntry_bad, Context);
    }
    return TRUE;
}

// Fill routine of a directory listing: copies the name out, never lists again.
static BOOLEAN CopyName_ok(PVOID Context, PDIR_NODE Entry)
{
    PLIST_CONTEXT list = (PLIST_CONTEXT)Context;
    ULONG chars = Entry->NameLength / sizeof(WCHAR);

    if (chars + 1 > list->Remaining) {
        return FALSE;
    }
    RtlCopyMemory(list->Out, Entry->Name, Entry->NameLength);
    list->Out[chars] = L'\0';
    list->Out += chars + 1;
    list->Remaining -= chars + 1;
    return TRUE;
}

// Hands one entry to the caller's fill routine; entries without a name are skipped.
static BOOLEAN EmitEntry(PVOID Context, PDIR_NODE Entry, FILL_ENTRY Fill)
{
    if (Entry->NameLength == 0) {
        return TRUE;
    }
    return (*Fill)(Context, Entry);
}

// Lists one directory of the cache: every child goes through EmitEntry with the caller's fill routine.
static ULONG ReadCachedDir(PDIR_NODE Directory, FILL_ENTRY Fill, PVOID Context)
{
    PDIR_NODE child;
    ULONG count = 0;

    for (child = Directory->FirstChild; child != NULL; child = child->NextSibling) {
        if (!EmitEntry(Context, child, Fill)) {
            break;
        }
        count++;
    }
    return count;
}

ULONGLONG CacheQuerySize(PDIR_NODE Root)
{
    ULONGLONG total = 0;

    ReadCachedDir(Root, SumEntry_bad, &total);
    return total;
}

ULONG CacheListNames(PDIR_NODE Directory, PWCHAR Out, ULONG Chars)
{
    LIST_CONTEXT list;

    list.Out = Out;
    list.Remaining = Chars;
    return ReadCachedDir(Directory, CopyName_ok, &list);
}
