// Lists: values up to the closing ')'. The nesting depth of the policy file decides the stack depth.
#include "parser.h"

NTSTATUS ParseList_bad(PPOLICY_CURSOR Cursor) // expect: SL2001 "'ParseList_bad' -> 'ParseValue_bad' -> 'ParseList_bad'"
{
    NTSTATUS status;

    for (;;) {
        status = SkipBlanks_ok(Cursor);
        if (!NT_SUCCESS(status)) {
            return STATUS_INVALID_PARAMETER;
        }
        if (Cursor->Text[Cursor->Offset] == ')') {
            Cursor->Offset++;
            return STATUS_SUCCESS;
        }
        status = ParseValue_bad(Cursor);
        if (!NT_SUCCESS(status)) {
            return status;
        }
    }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    POLICY_CURSOR cursor;

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    cursor.Text = "(allow (deny a b) c)";
    cursor.Length = 20;
    cursor.Offset = 0;
    cursor.Items = 0;
    return ParseValue_bad(&cursor);
}
