// SL1002 fixture: arrays of structs, big structs, and the look-alikes that are not on the stack.
#include <ntifs.h>

typedef struct _STREAM_RECORD {
    LARGE_INTEGER FileId;
    LARGE_INTEGER Size;
    ULONG Flags;
    ULONG Hash;
} STREAM_RECORD, *PSTREAM_RECORD;                   // 24 bytes

typedef struct _SCAN_REQUEST {
    ULONG Version;
    ULONG Flags;
    WCHAR FileName[300];
} SCAN_REQUEST, *PSCAN_REQUEST;                     // 608 bytes

static WCHAR g_LogPath[1024];                       // a global: not on the stack
SCAN_REQUEST g_LastRequest;

ULONG SumRecords_bad(VOID)
{
    STREAM_RECORD records[24];                      // expect: SL1002 "576-byte array"
    ULONG i, sum = 0;

    RtlZeroMemory(records, sizeof(records));
    for (i = 0; i < 24; i++) {
        sum += records[i].Hash;
    }
    return sum;
}

ULONG SumRecords_ok(VOID)
{
    STREAM_RECORD records[21];                      // 504 bytes, just under
    ULONG i, sum = 0;

    RtlZeroMemory(records, sizeof(records));
    for (i = 0; i < 21; i++) {
        sum += records[i].Hash;
    }
    return sum;
}

NTSTATUS BuildRequest_bad(PCUNICODE_STRING Name)
{
    SCAN_REQUEST request;                           // expect: SL1002 "608-byte object"

    RtlZeroMemory(&request, sizeof(request));
    request.Version = 1;
    RtlCopyMemory(request.FileName, Name->Buffer, min(Name->Length, sizeof(request.FileName)));
    g_LastRequest = request;
    return STATUS_SUCCESS;
}

NTSTATUS StaticBuffer_ok(PCUNICODE_STRING Name)
{
    static WCHAR scratch[2048];                     // static: lives in the image, not on the stack
    RtlCopyMemory(scratch, Name->Buffer, min(Name->Length, sizeof(scratch)));
    RtlCopyMemory(g_LogPath, scratch, sizeof(g_LogPath));
    return STATUS_SUCCESS;
}

NTSTATUS PointerToArray_ok(PSCAN_REQUEST Request)
{
    WCHAR (*name)[300] = &Request->FileName;        // a pointer to a big array is 8 bytes
    PSCAN_REQUEST copy = Request;
    SCAN_REQUEST *requests[4];                      // pointers, 32 bytes

    requests[0] = copy;
    return (*name)[0] == L'\\' && requests[0] != NULL ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

NTSTATUS ExternBuffer_ok(VOID)
{
    extern WCHAR g_ExternalTable[4096];             // extern: declared here, defined elsewhere
    return g_ExternalTable[0] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}
