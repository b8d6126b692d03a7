// The rename-audit chain of the "audit" minifilter: ten levels, each with a frame just under 1 KB, built from
// several small buffers (none reaches the 512-byte buffer threshold, no frame the 1 KB frame limit), which add up
// to more than the 8 KB path budget.
#pragma once
#include <fltKernel.h>

typedef struct _AUDIT_RECORD {
    ULONG Sequence;
    ULONG Length;
    UCHAR Payload[64];
} AUDIT_RECORD, *PAUDIT_RECORD;

NTSTATUS AuditLevel1(PAUDIT_RECORD Record);
NTSTATUS AuditLevel2(PAUDIT_RECORD Record);
NTSTATUS AuditLevel3(PAUDIT_RECORD Record);
NTSTATUS AuditLevel4(PAUDIT_RECORD Record);
NTSTATUS AuditLevel5(PAUDIT_RECORD Record);
NTSTATUS AuditLevel6(PAUDIT_RECORD Record);
NTSTATUS AuditLevel7(PAUDIT_RECORD Record);
NTSTATUS AuditLevel8(PAUDIT_RECORD Record);
NTSTATUS AuditLevel9(PAUDIT_RECORD Record);
NTSTATUS AuditLevel10(PAUDIT_RECORD Record);
