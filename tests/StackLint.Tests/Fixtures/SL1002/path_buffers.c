// SL1002 fixture: path and name buffers in a file-system minifilter's helpers.
#include <ntifs.h>

#define MAX_NAME_CHARS 256
#define PATH_CHARS 260

typedef WCHAR NAME_BUFFER[MAX_NAME_CHARS];

NTSTATUS CopyPath_bad(PCUNICODE_STRING Source)
{
    WCHAR path[PATH_CHARS];                         // expect: SL1002 "520-byte array"
    UNICODE_STRING target;

    RtlInitEmptyUnicodeString(&target, path, sizeof(path));
    RtlCopyUnicodeString(&target, Source);
    return STATUS_SUCCESS;
}

NTSTATUS TypedefName_bad(PCUNICODE_STRING Source)
{
    NAME_BUFFER name;                               // expect: SL1002 "'name' in 'TypedefName_bad' is a 512-byte array"
    UNICODE_STRING target;

    RtlInitEmptyUnicodeString(&target, name, sizeof(name));
    return RtlAppendUnicodeStringToString(&target, Source);
}

NTSTATUS JustUnder_ok(PCUNICODE_STRING Source)
{
    // 255 characters: 510 bytes, just under the 512-byte threshold.
    WCHAR name[MAX_NAME_CHARS - 1];
    UNICODE_STRING target;

    RtlInitEmptyUnicodeString(&target, name, sizeof(name));
    return RtlAppendUnicodeStringToString(&target, Source);
}

NTSTATUS ByteBuffer_bad(HANDLE File)
{
    UCHAR sector[512];                              // expect: SL1002 "512-byte array"
    IO_STATUS_BLOCK iosb;
    LARGE_INTEGER offset;

    offset.QuadPart = 0;
    return ZwReadFile(File, NULL, NULL, NULL, &iosb, sector, sizeof(sector), &offset, NULL);
}

NTSTATUS ByteBuffer_ok(HANDLE File)
{
    UCHAR header[511];
    IO_STATUS_BLOCK iosb;
    LARGE_INTEGER offset;

    offset.QuadPart = 0;
    return ZwReadFile(File, NULL, NULL, NULL, &iosb, header, sizeof(header), &offset, NULL);
}
