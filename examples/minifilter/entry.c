// One directory entry: descend into sub-directories.
#include "scanner.h"

NTSTATUS ScannerWalkEntry(PFLT_INSTANCE Instance, HANDLE Directory, PFILE_DIRECTORY_INFORMATION Entry, ULONG Depth)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;
    HANDLE child;
    NTSTATUS status;

    if (!(Entry->FileAttributes & FILE_ATTRIBUTE_DIRECTORY) || Entry->FileName[0] == L'.') {
        return STATUS_SUCCESS;
    }

    name.Buffer = Entry->FileName;
    name.Length = name.MaximumLength = (USHORT)Entry->FileNameLength;
    InitializeObjectAttributes(&attributes, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, Directory, NULL);

    status = ZwOpenFile(&child, FILE_LIST_DIRECTORY | SYNCHRONIZE, &attributes, &iosb,
                        FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT);
    if (NT_SUCCESS(status)) {
        status = ScannerWalkDirectory(Instance, child, Depth + 1);
        ZwClose(child);
    }
    return status;
}
