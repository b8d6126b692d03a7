// SL1002 fixture: buffers in nested blocks and loops are still on the stack.
#include <ntifs.h>

NTSTATUS ScanDirectory_bad(HANDLE Directory)
{
    NTSTATUS status = STATUS_SUCCESS;
    IO_STATUS_BLOCK iosb;
    ULONG pass;

    for (pass = 0; pass < 2 && NT_SUCCESS(status); pass++) {
        UCHAR entries[768];                         // expect: SL1002 "768-byte array"
        status = ZwQueryDirectoryFile(Directory, NULL, NULL, NULL, &iosb, entries, sizeof(entries),
                                      FileDirectoryInformation, FALSE, NULL, pass == 0);
    }
    return status;
}

NTSTATUS ScanDirectory_ok(HANDLE Directory)
{
    NTSTATUS status = STATUS_SUCCESS;
    IO_STATUS_BLOCK iosb;
    PUCHAR entries = ExAllocatePoolWithTag(PagedPool, 768, 'nacS');

    if (entries == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = ZwQueryDirectoryFile(Directory, NULL, NULL, NULL, &iosb, entries, 768,
                                  FileDirectoryInformation, FALSE, NULL, TRUE);
    ExFreePoolWithTag(entries, 'nacS');
    return status;
}
