// A policy-file parser split over two files: a value can be a list, and a list holds values.
#pragma once
#include <ntifs.h>

typedef struct _POLICY_CURSOR {
    PCSTR Text;
    SIZE_T Length;
    SIZE_T Offset;
    ULONG Items;
} POLICY_CURSOR, *PPOLICY_CURSOR;

NTSTATUS ParseValue_bad(PPOLICY_CURSOR Cursor);
NTSTATUS ParseList_bad(PPOLICY_CURSOR Cursor);
NTSTATUS SkipBlanks_ok(PPOLICY_CURSOR Cursor);
