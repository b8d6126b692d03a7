// A second, unrelated 'static Normalize_ok': it trims a trailing separator and calls nothing back.
#include <ntifs.h>

static NTSTATUS Normalize_ok(PUNICODE_STRING Name)
{
    if (Name->Length >= sizeof(WCHAR) && Name->Buffer[Name->Length / sizeof(WCHAR) - 1] == L'\\') {
        Name->Length -= sizeof(WCHAR);
    }
    return STATUS_SUCCESS;
}

NTSTATUS LookupVolume_ok(PUNICODE_STRING Name)
{
    return Normalize_ok(Name);
}
