// Ten levels of record processing, each with two 432-byte scratch buffers (864 bytes of locals per frame).
#include "chain.h"

NTSTATUS AuditLevel1(PAUDIT_RECORD Record)
{
    UCHAR encoded[432];
    UCHAR header[432];
    ULONG i;

    RtlZeroMemory(header, sizeof(header));
    for (i = 0; i < sizeof(encoded) && i < Record->Length; i++) {
        encoded[i] = (UCHAR)(Record->Payload[i % sizeof(Record->Payload)] ^ header[i] ^ 1);
    }
    Record->Sequence += encoded[0];
    return AuditLevel2(Record);
}

NTSTATUS AuditLevel2(PAUDIT_RECORD Record)
{
    UCHAR encoded[432];
    UCHAR header[432];
    ULONG i;

    RtlZeroMemory(header, sizeof(header));
    for (i = 0; i < sizeof(encoded) && i < Record->Length; i++) {
        encoded[i] = (UCHAR)(Record->Payload[i % sizeof(Record->Payload)] ^ header[i] ^ 2);
    }
    Record->Sequence += encoded[0];
    return AuditLevel3(Record);
}

NTSTATUS AuditLevel3(PAUDIT_RECORD Record)
{
    UCHAR encoded[432];
    UCHAR header[432];
    ULONG i;

    RtlZeroMemory(header, sizeof(header));
    for (i = 0; i < sizeof(encoded) && i < Record->Length; i++) {
        encoded[i] = (UCHAR)(Record->Payload[i % sizeof(Record->Payload)] ^ header[i] ^ 3);
    }
    Record->Sequence += encoded[0];
    return AuditLevel4(Record);
}

NTSTATUS AuditLevel4(PAUDIT_RECORD Record)
{
    UCHAR encoded[432];
    UCHAR header[432];
    ULONG i;

    RtlZeroMemory(header, sizeof(header));
    for (i = 0; i < sizeof(encoded) && i < Record->Length; i++) {
        encoded[i] = (UCHAR)(Record->Payload[i % sizeof(Record->Payload)] ^ header[i] ^ 4);
    }
    Record->Sequence += encoded[0];
    return AuditLevel5(Record);
}

NTSTATUS AuditLevel5(PAUDIT_RECORD Record)
{
    UCHAR encoded[432];
    UCHAR header[432];
    ULONG i;

    RtlZeroMemory(header, sizeof(header));
    for (i = 0; i < sizeof(encoded) && i < Record->Length; i++) {
        encoded[i] = (UCHAR)(Record->Payload[i % sizeof(Record->Payload)] ^ header[i] ^ 5);
    }
    Record->Sequence += encoded[0];
    return AuditLevel6(Record);
}

NTSTATUS AuditLevel6(PAUDIT_RECORD Record)
{
    UCHAR encoded[432];
    UCHAR header[432];
    ULONG i;

    RtlZeroMemory(header, sizeof(header));
    for (i = 0; i < sizeof(encoded) && i < Record->Length; i++) {
        encoded[i] = (UCHAR)(Record->Payload[i % sizeof(Record->Payload)] ^ header[i] ^ 6);
    }
    Record->Sequence += encoded[0];
    return AuditLevel7(Record);
}

NTSTATUS AuditLevel7(PAUDIT_RECORD Record)
{
    UCHAR encoded[432];
    UCHAR header[432];
    ULONG i;

    RtlZeroMemory(header, sizeof(header));
    for (i = 0; i < sizeof(encoded) && i < Record->Length; i++) {
        encoded[i] = (UCHAR)(Record->Payload[i % sizeof(Record->Payload)] ^ header[i] ^ 7);
    }
    Record->Sequence += encoded[0];
    return AuditLevel8(Record);
}

NTSTATUS AuditLevel8(PAUDIT_RECORD Record)
{
    UCHAR encoded[432];
    UCHAR header[432];
    ULONG i;

    RtlZeroMemory(header, sizeof(header));
    for (i = 0; i < sizeof(encoded) && i < Record->Length; i++) {
        encoded[i] = (UCHAR)(Record->Payload[i % sizeof(Record->Payload)] ^ header[i] ^ 8);
    }
    Record->Sequence += encoded[0];
    return AuditLevel9(Record);
}

NTSTATUS AuditLevel9(PAUDIT_RECORD Record)
{
    UCHAR encoded[432];
    UCHAR header[432];
    ULONG i;

    RtlZeroMemory(header, sizeof(header));
    for (i = 0; i < sizeof(encoded) && i < Record->Length; i++) {
        encoded[i] = (UCHAR)(Record->Payload[i % sizeof(Record->Payload)] ^ header[i] ^ 9);
    }
    Record->Sequence += encoded[0];
    return AuditLevel10(Record);
}

NTSTATUS AuditLevel10(PAUDIT_RECORD Record)
{
    UCHAR encoded[432];
    UCHAR header[432];
    ULONG i;

    RtlZeroMemory(header, sizeof(header));
    for (i = 0; i < sizeof(encoded) && i < Record->Length; i++) {
        encoded[i] = (UCHAR)(Record->Payload[i % sizeof(Record->Payload)] ^ header[i] ^ 10);
    }
    Record->Sequence += encoded[0];
    return Record->Sequence != 0 ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}

