// SL1001: functions whose estimated frame (locals + call areas + saved registers) passes 1,024 bytes,
// although no single buffer reaches SL1002's 512 bytes.
#include <ntifs.h>

#define TAG_PATH 'htaP'

extern NTSTATUS FxLogPath(PCWSTR Path, ULONG Length);

NTSTATUS OpenTargetFile_bad(PCUNICODE_STRING Volume, PCUNICODE_STRING Name, PHANDLE Handle) // expect: SL1001 "largest: 'path' (400 bytes), 'shortName' (256 bytes), 'info' (224 bytes)"
{
    WCHAR path[200];
    WCHAR shortName[128];
    FILE_NETWORK_OPEN_INFORMATION info[4];
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    UNICODE_STRING full;
    NTSTATUS status;

    RtlZeroMemory(path, sizeof(path));
    RtlZeroMemory(shortName, sizeof(shortName));
    RtlZeroMemory(info, sizeof(info));
    full.Buffer = path;
    full.Length = 0;
    full.MaximumLength = sizeof(path);
    status = RtlAppendUnicodeStringToString(&full, Volume);
    if (!NT_SUCCESS(status)) return status;
    status = RtlAppendUnicodeStringToString(&full, Name);
    if (!NT_SUCCESS(status)) return status;

    InitializeObjectAttributes(&oa, &full, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwCreateFile(Handle, GENERIC_READ | SYNCHRONIZE, &oa, &iosb, NULL, FILE_ATTRIBUTE_NORMAL,
                          FILE_SHARE_READ, FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    if (NT_SUCCESS(status)) {
        FxLogPath(shortName, sizeof(shortName));
        status = ZwQueryInformationFile(*Handle, &iosb, &info[0], sizeof(info[0]), FileNetworkOpenInformation);
    }
    return status;
}

VOID CollectStatistics_bad(PDEVICE_OBJECT DeviceObject) // expect: SL1001 "'CollectStatistics_bad' uses an estimated"
{
    ULONG readCounts[64];
    ULONG writeCounts[64];
    LARGE_INTEGER readTimes[32];
    LARGE_INTEGER writeTimes[32];
    ULONG i;

    UNREFERENCED_PARAMETER(DeviceObject);
    for (i = 0; i < 64; i++) {
        readCounts[i] = 0;
        writeCounts[i] = 0;
    }
    for (i = 0; i < 32; i++) {
        KeQuerySystemTime(&readTimes[i]);
        writeTimes[i] = readTimes[i];
    }
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "stats %lu %lu %lld %lld\n",
               readCounts[0], writeCounts[0], readTimes[0].QuadPart, writeTimes[0].QuadPart);
}

// A path buffer, the attributes and a status block: about 450 bytes.
NTSTATUS OpenConfig_ok(PHANDLE Handle)
{
    WCHAR path[128];
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name;

    RtlZeroMemory(path, sizeof(path));
    name.Buffer = path;
    name.Length = 0;
    name.MaximumLength = sizeof(path);
    RtlAppendUnicodeToString(&name, L"\\Registry\\Machine\\Software\\Sample");
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, NULL, NULL);
    return ZwOpenKey(Handle, KEY_READ, &oa);
}

// The big buffers live in pool memory: the frame holds pointers only.
NTSTATUS QueryInfoFromPool_ok(HANDLE File)
{
    PFILE_NETWORK_OPEN_INFORMATION info;
    PWCHAR path;
    IO_STATUS_BLOCK iosb;
    NTSTATUS status;

    info = ExAllocatePoolWithTag(PagedPool, 16 * sizeof(*info), TAG_PATH);
    path = ExAllocatePoolWithTag(PagedPool, 2048 * sizeof(WCHAR), TAG_PATH);
    if (info == NULL || path == NULL) {
        if (info != NULL) ExFreePoolWithTag(info, TAG_PATH);
        if (path != NULL) ExFreePoolWithTag(path, TAG_PATH);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = ZwQueryInformationFile(File, &iosb, info, sizeof(*info), FileNetworkOpenInformation);
    ExFreePoolWithTag(path, TAG_PATH);
    ExFreePoolWithTag(info, TAG_PATH);
    return status;
}

// A static buffer is not on the stack.
VOID FormatMessage_ok(ULONG Code)
{
    static WCHAR message[2048];
    static ULONG counts[512];

    counts[Code % 512]++;
    message[0] = (WCHAR)Code;
    FxLogPath(message, sizeof(message));
}

// Close to the limit but under it: 4 x 224 bytes of information records, a status block and a few scalars.
NTSTATUS QueryFourFiles_ok(HANDLE A, HANDLE B, HANDLE C, HANDLE D)
{
    FILE_NETWORK_OPEN_INFORMATION infoA[4];
    FILE_NETWORK_OPEN_INFORMATION infoB[4];
    FILE_NETWORK_OPEN_INFORMATION infoC[4];
    FILE_NETWORK_OPEN_INFORMATION infoD[4];
    IO_STATUS_BLOCK iosb;
    NTSTATUS status;

    status = ZwQueryInformationFile(A, &iosb, infoA, sizeof(infoA), FileNetworkOpenInformation);
    if (NT_SUCCESS(status)) status = ZwQueryInformationFile(B, &iosb, infoB, sizeof(infoB), FileNetworkOpenInformation);
    if (NT_SUCCESS(status)) status = ZwQueryInformationFile(C, &iosb, infoC, sizeof(infoC), FileNetworkOpenInformation);
    if (NT_SUCCESS(status)) status = ZwQueryInformationFile(D, &iosb, infoD, sizeof(infoD), FileNetworkOpenInformation);
    return status;
}
