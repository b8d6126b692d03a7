// SL1004: alloca and variable-length arrays take a run-time amount of stack; in a loop, again on every iteration.
#include <ntifs.h>

extern VOID ConsumeName(PWCHAR Name, ULONG Length);

NTSTATUS CopyName_bad(PCUNICODE_STRING Name)
{
    PWCHAR copy = (PWCHAR)_alloca(Name->Length + sizeof(WCHAR)); // expect: SL1004 "in 'CopyName_bad' allocates a run-time amount of stack;"

    RtlCopyMemory(copy, Name->Buffer, Name->Length);
    copy[Name->Length / sizeof(WCHAR)] = L'\0';
    ConsumeName(copy, Name->Length);
    return STATUS_SUCCESS;
}

VOID CopyAllNames_bad(PCUNICODE_STRING Names, ULONG Count)
{
    ULONG i;

    for (i = 0; i < Count; i++) {
        PWCHAR copy = (PWCHAR)_alloca(Names[i].Length + sizeof(WCHAR)); // expect: SL1004 "inside a loop"
        RtlCopyMemory(copy, Names[i].Buffer, Names[i].Length);
        ConsumeName(copy, Names[i].Length);
    }
}

VOID FormatRecord_bad(ULONG Length)
{
    UCHAR record[Length + 16];          // expect: SL1004 "Variable-length array 'record'"

    RtlZeroMemory(record, sizeof(record));
    ConsumeName((PWCHAR)record, Length);
}

#define MAX_NAME_CHARS 64

// A fixed, small bound: an ordinary array and a pool allocation for the rest.
NTSTATUS CopyName_ok(PCUNICODE_STRING Name)
{
    WCHAR local[MAX_NAME_CHARS];
    PWCHAR copy = local;

    if (Name->Length >= sizeof(local)) {
        copy = ExAllocatePoolWithTag(PagedPool, Name->Length + sizeof(WCHAR), 'emaN');
        if (copy == NULL) return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(copy, Name->Buffer, Name->Length);
    copy[Name->Length / sizeof(WCHAR)] = L'\0';
    ConsumeName(copy, Name->Length);
    if (copy != local) ExFreePoolWithTag(copy, 'emaN');
    return STATUS_SUCCESS;
}
