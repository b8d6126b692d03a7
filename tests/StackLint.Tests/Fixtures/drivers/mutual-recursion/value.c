// Values: a scalar, or a '(' that opens a nested list (parsed in list.c, which calls back here).
#include "parser.h"

NTSTATUS SkipBlanks_ok(PPOLICY_CURSOR Cursor)
{
    while (Cursor->Offset < Cursor->Length && Cursor->Text[Cursor->Offset] == ' ') {
        Cursor->Offset++;
    }
    return Cursor->Offset < Cursor->Length ? STATUS_SUCCESS : STATUS_END_OF_FILE;
}

NTSTATUS ParseValue_bad(PPOLICY_CURSOR Cursor) // on ParseList_bad's cycle (list.c comes first): reported once, there
{
    NTSTATUS status = SkipBlanks_ok(Cursor);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (Cursor->Text[Cursor->Offset] == '(') {
        Cursor->Offset++;
        return ParseList_bad(Cursor);
    }
    while (Cursor->Offset < Cursor->Length && Cursor->Text[Cursor->Offset] != ' ' && Cursor->Text[Cursor->Offset] != ')') {
        Cursor->Offset++;
    }
    Cursor->Items++;
    return STATUS_SUCCESS;
}
