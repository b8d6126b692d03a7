// A recursive directory walker guarded by a depth counter: the counter bounds the depth, nothing proves the bound
// fits the stack, so it is still reported.
#include <ntifs.h>

#define WALK_MAX_DEPTH 16
#define WALK_TAG 'klaW'

NTSTATUS WalkEntry_bad(HANDLE Parent, PFILE_DIRECTORY_INFORMATION Entry, ULONG Depth);

NTSTATUS WalkDir_bad(HANDLE Directory, ULONG Depth) // expect: SL2001 "'WalkDir_bad' -> 'WalkEntry_bad' -> 'WalkDir_bad' (2 functions recurse together); a depth counter does not make this safe"
{
    UCHAR buffer[256];
    IO_STATUS_BLOCK iosb;
    NTSTATUS status;
    PFILE_DIRECTORY_INFORMATION entry;

    if (Depth > WALK_MAX_DEPTH) {
        return STATUS_STACK_OVERFLOW;
    }
    status = ZwQueryDirectoryFile(Directory, NULL, NULL, NULL, &iosb, buffer, sizeof(buffer),
                                  FileDirectoryInformation, FALSE, NULL, TRUE);
    while (NT_SUCCESS(status)) {
        entry = (PFILE_DIRECTORY_INFORMATION)buffer;
        status = WalkEntry_bad(Directory, entry, Depth);
        if (!NT_SUCCESS(status)) {
            break;
        }
        status = ZwQueryDirectoryFile(Directory, NULL, NULL, NULL, &iosb, buffer, sizeof(buffer),
                                      FileDirectoryInformation, FALSE, NULL, FALSE);
    }
    return status == STATUS_NO_MORE_FILES ? STATUS_SUCCESS : status;
}

NTSTATUS WalkEntry_bad(HANDLE Parent, PFILE_DIRECTORY_INFORMATION Entry, ULONG Depth) // on WalkDir_bad's cycle: reported once, there
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;
    HANDLE child;
    NTSTATUS status;

    if ((Entry->FileAttributes & FILE_ATTRIBUTE_DIRECTORY) == 0) {
        return STATUS_SUCCESS;
    }
    name.Buffer = Entry->FileName;
    name.Length = (USHORT)Entry->FileNameLength;
    name.MaximumLength = name.Length;
    InitializeObjectAttributes(&attributes, &name, OBJ_KERNEL_HANDLE, Parent, NULL);
    status = ZwOpenFile(&child, FILE_LIST_DIRECTORY | SYNCHRONIZE, &attributes, &iosb,
                        FILE_SHARE_READ, FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = WalkDir_bad(child, Depth + 1);
    ZwClose(child);
    return status;
}

typedef struct _PENDING_DIR {
    LIST_ENTRY Link;
    HANDLE Handle;
} PENDING_DIR, *PPENDING_DIR;

// The fix: a work list in pool; the walk uses one frame whatever the tree's depth.
NTSTATUS WalkTree_ok(HANDLE Root)
{
    LIST_ENTRY pending;
    PPENDING_DIR item;

    InitializeListHead(&pending);
    item = (PPENDING_DIR)ExAllocatePoolWithTag(PagedPool, sizeof(*item), WALK_TAG);
    if (item == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    item->Handle = Root;
    InsertTailList(&pending, &item->Link);
    while (!IsListEmpty(&pending)) {
        PLIST_ENTRY link = RemoveHeadList(&pending);
        item = CONTAINING_RECORD(link, PENDING_DIR, Link);
        // ... enumerate item->Handle, queue each subdirectory as a new PENDING_DIR ...
        ExFreePoolWithTag(item, WALK_TAG);
    }
    return STATUS_SUCCESS;
}
