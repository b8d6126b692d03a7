// Directory scanning: walks a directory tree. Recursion across walk.c and entry.c, bounded only by a depth counter.
#include "scanner.h"

NTSTATUS ScannerWalkDirectory(PFLT_INSTANCE Instance, HANDLE Directory, ULONG Depth)
{
    UCHAR entries[1024];    // one query's worth of FILE_DIRECTORY_INFORMATION records
    IO_STATUS_BLOCK iosb;
    PFILE_DIRECTORY_INFORMATION entry;
    NTSTATUS status;

    if (Depth > SCANNER_MAX_DEPTH) {
        return STATUS_SUCCESS;
    }

    status = ZwQueryDirectoryFile(Directory, NULL, NULL, NULL, &iosb, entries, sizeof(entries),
                                  FileDirectoryInformation, FALSE, NULL, TRUE);
    while (NT_SUCCESS(status)) {
        entry = (PFILE_DIRECTORY_INFORMATION)entries;
        for (;;) {
            status = ScannerWalkEntry(Instance, Directory, entry, Depth);
            if (!NT_SUCCESS(status) || entry->NextEntryOffset == 0) {
                break;
            }
            entry = (PFILE_DIRECTORY_INFORMATION)((PUCHAR)entry + entry->NextEntryOffset);
        }
        status = ZwQueryDirectoryFile(Directory, NULL, NULL, NULL, &iosb, entries, sizeof(entries),
                                      FileDirectoryInformation, FALSE, NULL, FALSE);
    }
    return status == STATUS_NO_MORE_FILES ? STATUS_SUCCESS : status;
}
