// SL1003: structs passed by value are copied onto the stack at every call; pass a pointer.
#include <ntifs.h>

typedef struct _REQUEST_CONTEXT {
    LIST_ENTRY Link;
    UNICODE_STRING FileName;
    LARGE_INTEGER Offset;
    ULONG Length;
    ULONG Flags;
    WCHAR VolumeName[64];
} REQUEST_CONTEXT;                      // 176 bytes on x64, 160 on x86

typedef struct _AUDIT_RECORD {
    WCHAR Operation[64];                // exactly 128 bytes
} AUDIT_RECORD;

typedef union _EVENT_PAYLOAD {
    FILE_NETWORK_OPEN_INFORMATION Open;
    UCHAR Raw[160];
} EVENT_PAYLOAD;

typedef struct _SMALL_KEY {
    ULONG Volume;
    ULONG Index;
    LARGE_INTEGER FileId;
} SMALL_KEY;                            // 16 bytes

extern VOID AuditWrite(PCWSTR Text, ULONG Length);

NTSTATUS LogRequest_bad(
    PDEVICE_OBJECT DeviceObject,
    REQUEST_CONTEXT Context)            // expect: SL1003 "'REQUEST_CONTEXT' passed by value"
{
    UNREFERENCED_PARAMETER(DeviceObject);
    AuditWrite(Context.VolumeName, Context.Length);
    return STATUS_SUCCESS;
}

VOID AuditOperation_bad(ULONG Code, AUDIT_RECORD Record) // expect: SL1003 "('const AUDIT_RECORD *')"
{
    AuditWrite(Record.Operation, Code);
}

VOID PublishEvent_bad(
    EVENT_PAYLOAD Payload,              // expect: SL1003 "'EVENT_PAYLOAD' passed by value"
    ULONG Kind)
{
    AuditWrite((PCWSTR)Payload.Raw, Kind);
}

NTSTATUS LogRequest_ok(PDEVICE_OBJECT DeviceObject, const REQUEST_CONTEXT *Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    AuditWrite(Context->VolumeName, Context->Length);
    return STATUS_SUCCESS;
}

// Small records are cheap to copy: a 16-byte key, a LARGE_INTEGER, a UNICODE_STRING header.
ULONG HashKey_ok(SMALL_KEY Key, LARGE_INTEGER Stamp, UNICODE_STRING Name)
{
    return Key.Volume ^ Key.Index ^ (ULONG)Key.FileId.QuadPart ^ Stamp.LowPart ^ Name.Length;
}

// Arrays decay to pointers: no copy.
VOID AuditBuffer_ok(WCHAR Text[256], ULONG Length)
{
    AuditWrite(Text, Length);
}
