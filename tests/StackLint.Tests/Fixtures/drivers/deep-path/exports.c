// The audit driver also serves other drivers: an exported check runs the audit chain on whatever stack its caller
// (another driver's dispatch routine) has left, so it is an entry point. A helper nothing calls, registers or exports
// is dead code (or reached through a pointer we do not see): it has no known start, and no path is measured from it.
#include "chain.h"

__declspec(dllexport) NTSTATUS AuditCheckRecord_bad(PAUDIT_RECORD Record) // expect: SL2002 "exported function, on the caller's stack"
{
    return AuditLevel1(Record);
}

NTSTATUS AuditReplayRecord_ok(PAUDIT_RECORD Record)
{
    Record->Sequence = 0;
    return AuditLevel1(Record);
}

// Exported by name in the driver's module-definition file (audit.def) rather than with __declspec(dllexport).
NTSTATUS AuditCheckBatch_bad(PAUDIT_RECORD Record) // expect: SL2002 "exported function, on the caller's stack"
{
    Record->Sequence = 1;
    return AuditLevel1(Record);
}

// Listed in audit.def as DATA: not a function export, so still a helper nothing calls.
NTSTATUS AuditDataHelper_ok(PAUDIT_RECORD Record)
{
    Record->Sequence = 2;
    return AuditLevel1(Record);
}
