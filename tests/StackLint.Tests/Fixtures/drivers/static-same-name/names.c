// 'Normalize_ok' is static here and in volumes.c: two different functions. Linking them by name would invent the
// cycle Normalize_ok (here) -> LookupVolume_ok -> Normalize_ok (there) -> ... ; none exists.
#include <ntifs.h>

NTSTATUS LookupVolume_ok(PUNICODE_STRING Name);

static NTSTATUS Normalize_ok(PUNICODE_STRING Name)
{
    USHORT i;
    for (i = 0; i < Name->Length / sizeof(WCHAR); i++) {
        if (Name->Buffer[i] == L'/') {
            Name->Buffer[i] = L'\\';
        }
    }
    return LookupVolume_ok(Name);
}

NTSTATUS OpenByName_ok(PUNICODE_STRING Name)
{
    return Normalize_ok(Name);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    return OpenByName_ok(RegistryPath);
}
