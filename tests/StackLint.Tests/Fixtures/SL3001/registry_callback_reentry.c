// A registry monitor that hides an entry from enumerations. The configuration manager runs every registry callback
// around each registry operation on the calling thread, so a registry call made from this driver's own callback
// runs the callback again below itself: one level more for every hidden entry in a row. The same calls from the
// device-control path, from DriverEntry or behind a remaining-stack check are fine, and so is closing the key.
#include <ntddk.h>

static LARGE_INTEGER g_Cookie;
static UNICODE_STRING g_HiddenName;

static BOOLEAN IsHidden(PKEY_BASIC_INFORMATION Info)
{
    return Info->NameLength == g_HiddenName.Length
        && RtlCompareMemory(Info->Name, g_HiddenName.Buffer, g_HiddenName.Length) == g_HiddenName.Length;
}

// Reads the next entry again past the hidden one: called from the post-enumerate callback.
static NTSTATUS SkipHiddenEntry_bad(PVOID KeyObject, ULONG Index, PKEY_BASIC_INFORMATION Buffer, ULONG Length)
{
    HANDLE key;
    ULONG returned;
    NTSTATUS status;

    status = ObOpenObjectByPointer(KeyObject, OBJ_KERNEL_HANDLE, NULL, KEY_READ, *CmKeyObjectType, KernelMode, &key);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ZwEnumerateKey(key, Index + 1, KeyBasicInformation, Buffer, Length, &returned); // expect: SL3001 "'ZwEnumerateKey' in 'SkipHiddenEntry_bad' is reachable from registry callback 'RegistryCallback' with no remaining-stack check (it sends no IRP, but every registry callback, 'RegistryCallback' included, runs again below it"
    ZwClose(key);
    return status;
}

// The same read behind a stack check: the nested callback cannot run the stack out.
static NTSTATUS ReadValueChecked_ok(PVOID KeyObject, PUNICODE_STRING Name, PKEY_VALUE_PARTIAL_INFORMATION Buffer, ULONG Length)
{
    HANDLE key;
    ULONG returned;
    NTSTATUS status;

    if (IoGetRemainingStackSize() < 0x2000) {
        return STATUS_SUCCESS;
    }
    status = ObOpenObjectByPointer(KeyObject, OBJ_KERNEL_HANDLE, NULL, KEY_READ, *CmKeyObjectType, KernelMode, &key);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ZwQueryValueKey(key, Name, KeyValuePartialInformation, Buffer, Length, &returned);
    ZwClose(key);
    return status;
}

NTSTATUS RegistryCallback(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    REG_NOTIFY_CLASS notifyClass = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    PREG_POST_OPERATION_INFORMATION post = (PREG_POST_OPERATION_INFORMATION)Argument2;
    UCHAR buffer[64];
    UNREFERENCED_PARAMETER(Context);

    if (notifyClass == RegNtPostEnumerateKey && NT_SUCCESS(post->Status)) {
        return SkipHiddenEntry_bad(post->Object, 0, (PKEY_BASIC_INFORMATION)buffer, sizeof(buffer));
    }
    if (notifyClass == RegNtPostQueryValueKey && NT_SUCCESS(post->Status)) {
        return ReadValueChecked_ok(post->Object, &g_HiddenName, (PKEY_VALUE_PARTIAL_INFORMATION)buffer, sizeof(buffer));
    }
    return STATUS_SUCCESS;
}

// The device-control path reads the configuration key: registry calls send no IRP, so no stack problem here.
static NTSTATUS ReadConfiguration_ok(PUNICODE_STRING Path)
{
    OBJECT_ATTRIBUTES attributes;
    UCHAR buffer[64];
    ULONG returned;
    HANDLE key;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, Path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &attributes);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ZwQueryValueKey(key, &g_HiddenName, KeyValuePartialInformation, buffer, sizeof(buffer), &returned);
    ZwClose(key);
    return status;
}

static UNICODE_STRING g_ConfigPath;

NTSTATUS DispatchDeviceControl_ok(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    NTSTATUS status;
    UNREFERENCED_PARAMETER(DeviceObject);
    status = ReadConfiguration_ok(&g_ConfigPath);
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING altitude;
    NTSTATUS status;

    g_ConfigPath = *RegistryPath;
    RtlInitUnicodeString(&g_HiddenName, L"Hidden");
    status = ReadConfiguration_ok(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchDeviceControl_ok;
    RtlInitUnicodeString(&altitude, L"380000");
    return CmRegisterCallbackEx(RegistryCallback, &altitude, DriverObject, NULL, &g_Cookie, NULL);
}
