// Hand-written frames for the accuracy benchmark: patterns the generator does not produce (switch dispatch,
// goto cleanup, struct returns, initializers, compound literals, many parameters, registry and directory queries).
#include <ntifs.h>

typedef struct _VOLUME_STATS { LARGE_INTEGER Reads; LARGE_INTEGER Writes; ULONG Errors; ULONG Flags; } VOLUME_STATS;
typedef struct _NAME_ENTRY { UNICODE_STRING Name; WCHAR Storage[96]; } NAME_ENTRY;

extern VOLUME_STATS ReadStats(ULONG Volume);
extern VOID Publish(PVOID Data, ULONG Length);
extern NTSTATUS Forward(PDEVICE_OBJECT Device, PIRP Irp);
extern NTSTATUS EightArgs(PVOID a, PVOID b, ULONG c, ULONG d, PVOID e, ULONG f, PVOID g, ULONG h);

NTSTATUS DispatchDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG code = stack->Parameters.DeviceIoControl.IoControlCode;
    ULONG inLength = stack->Parameters.DeviceIoControl.InputBufferLength;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

    switch (code) {
    case 0x220004:
        if (inLength < sizeof(ULONG)) return STATUS_BUFFER_TOO_SMALL;
        status = STATUS_SUCCESS;
        break;
    case 0x220008: {
        VOLUME_STATS stats = ReadStats(*(PULONG)Irp->AssociatedIrp.SystemBuffer);
        Publish(&stats, sizeof(stats));
        status = STATUS_SUCCESS;
        break;
    }
    default:
        return Forward(DeviceObject, Irp);
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS QueryRegistryValue(HANDLE Key, PCWSTR ValueName, PULONG Value)
{
    UNICODE_STRING name;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + 256];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG resultLength;
    NTSTATUS status;

    RtlInitUnicodeString(&name, ValueName);
    status = ZwQueryValueKey(Key, &name, KeyValuePartialInformation, info, sizeof(buffer), &resultLength);
    if (!NT_SUCCESS(status)) return status;
    if (info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) return STATUS_OBJECT_TYPE_MISMATCH;
    *Value = *(PULONG)info->Data;
    return STATUS_SUCCESS;
}

NTSTATUS ListDirectory(HANDLE Directory)
{
    UCHAR buffer[768];
    IO_STATUS_BLOCK iosb;
    PFILE_DIRECTORY_INFORMATION entry;
    NTSTATUS status;
    ULONG count = 0;

    status = ZwQueryDirectoryFile(Directory, NULL, NULL, NULL, &iosb, buffer, sizeof(buffer),
                                  FileDirectoryInformation, FALSE, NULL, TRUE);
    while (NT_SUCCESS(status)) {
        entry = (PFILE_DIRECTORY_INFORMATION)buffer;
        for (;;) {
            count++;
            if (entry->NextEntryOffset == 0) break;
            entry = (PFILE_DIRECTORY_INFORMATION)((PUCHAR)entry + entry->NextEntryOffset);
        }
        status = ZwQueryDirectoryFile(Directory, NULL, NULL, NULL, &iosb, buffer, sizeof(buffer),
                                      FileDirectoryInformation, FALSE, NULL, FALSE);
    }
    Publish(&count, sizeof(count));
    return status == STATUS_NO_MORE_FILES ? STATUS_SUCCESS : status;
}

NTSTATUS CopyFileHeader(PCUNICODE_STRING Source, PCUNICODE_STRING Target)
{
    OBJECT_ATTRIBUTES sourceAttributes, targetAttributes;
    IO_STATUS_BLOCK iosb;
    HANDLE source = NULL, target = NULL;
    UCHAR header[512];
    LARGE_INTEGER offset;
    NTSTATUS status;

    InitializeObjectAttributes(&sourceAttributes, (PUNICODE_STRING)Source, OBJ_KERNEL_HANDLE, NULL, NULL);
    InitializeObjectAttributes(&targetAttributes, (PUNICODE_STRING)Target, OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenFile(&source, GENERIC_READ | SYNCHRONIZE, &sourceAttributes, &iosb, FILE_SHARE_READ, FILE_SYNCHRONOUS_IO_NONALERT);
    if (!NT_SUCCESS(status)) goto cleanup;
    status = ZwCreateFile(&target, GENERIC_WRITE | SYNCHRONIZE, &targetAttributes, &iosb, NULL, FILE_ATTRIBUTE_NORMAL, 0,
                          FILE_OVERWRITE_IF, FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    if (!NT_SUCCESS(status)) goto cleanup;
    offset.QuadPart = 0;
    status = ZwReadFile(source, NULL, NULL, NULL, &iosb, header, sizeof(header), &offset, NULL);
    if (!NT_SUCCESS(status)) goto cleanup;
    status = ZwWriteFile(target, NULL, NULL, NULL, &iosb, header, (ULONG)iosb.Information, &offset, NULL);
cleanup:
    if (target != NULL) ZwClose(target);
    if (source != NULL) ZwClose(source);
    return status;
}

VOID CountEverything(PULONG Counters, ULONG Count)
{
    ULONG a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0;
    ULONG i = 0, j = 0, k = 0, l = 0, m = 0, n = 0, o = 0, p = 0;
    ULONGLONG total = 0, peak = 0, low = ~0ULL, mean = 0;
    ULONG index;

    for (index = 0; index < Count; index++) {
        ULONG v = Counters[index];
        switch (v & 15) {
        case 0: a++; break; case 1: b++; break; case 2: c++; break; case 3: d++; break;
        case 4: e++; break; case 5: f++; break; case 6: g++; break; case 7: h++; break;
        case 8: i++; break; case 9: j++; break; case 10: k++; break; case 11: l++; break;
        case 12: m++; break; case 13: n++; break; case 14: o++; break; default: p++; break;
        }
        total += v;
        if (v > peak) peak = v;
        if (v < low) low = v;
    }
    mean = Count ? total / Count : 0;
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "%lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %llu %llu %llu\n",
               a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, peak, low, mean);
}

NTSTATUS SendControl(PDEVICE_OBJECT Target, ULONG Code, PVOID Input, ULONG InputLength)
{
    KEVENT event;
    IO_STATUS_BLOCK iosb;
    PIRP irp;
    NTSTATUS status;

    KeInitializeEvent(&event, NotificationEvent, FALSE);
    irp = IoBuildDeviceIoControlRequest(Code, Target, Input, InputLength, NULL, 0, FALSE, &event, &iosb);
    if (irp == NULL) return STATUS_INSUFFICIENT_RESOURCES;
    status = IoCallDriver(Target, irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
        status = iosb.Status;
    }
    return status;
}

NTSTATUS BuildNames(PCUNICODE_STRING Prefix)
{
    NAME_ENTRY entries[3] = {0};
    NAME_ENTRY scratch;
    ULONG i;

    for (i = 0; i < 3; i++) {
        entries[i].Name.Buffer = entries[i].Storage;
        entries[i].Name.MaximumLength = sizeof(entries[i].Storage);
        RtlCopyUnicodeString(&entries[i].Name, Prefix);
    }
    scratch = entries[0];
    Publish(&scratch, sizeof(scratch));
    Publish(entries, sizeof(entries));
    return EightArgs(entries, &scratch, 1, 2, NULL, 3, NULL, 4);
}

VOID LogVolumes(ULONG First, ULONG Last)
{
    ULONG volume;
    for (volume = First; volume <= Last; volume++) {
        VOLUME_STATS stats = ReadStats(volume);
        if (stats.Errors != 0) {
            WCHAR message[128];
            UNICODE_STRING text;
            text.Buffer = message;
            text.Length = 0;
            text.MaximumLength = sizeof(message);
            RtlAppendUnicodeToString(&text, L"volume errors");
            Publish(&text, sizeof(text));
        } else {
            CHAR summary[200];
            RtlZeroMemory(summary, sizeof(summary));
            Publish(summary, sizeof(summary));
        }
    }
}

NTSTATUS QueryNames(HANDLE File)
{
    union {
        FILE_NAME_INFORMATION Info;
        UCHAR Raw[sizeof(FILE_NAME_INFORMATION) + 520];
    } name;
    FILE_STANDARD_INFORMATION standard;
    FILE_BASIC_INFORMATION basic;
    IO_STATUS_BLOCK iosb;
    NTSTATUS status;

    status = ZwQueryInformationFile(File, &iosb, &name, sizeof(name), FileNameInformation);
    if (NT_SUCCESS(status)) status = ZwQueryInformationFile(File, &iosb, &standard, sizeof(standard), FileStandardInformation);
    if (NT_SUCCESS(status)) status = ZwQueryInformationFile(File, &iosb, &basic, sizeof(basic), FileBasicInformation);
    if (NT_SUCCESS(status)) {
        Publish(&name, sizeof(name));
        Publish(&standard, sizeof(standard));
        Publish(&basic, sizeof(basic));
    }
    return status;
}

VOID SnapshotStats(ULONG Volume)
{
    VOLUME_STATS current = ReadStats(Volume);
    VOLUME_STATS previous = ReadStats(Volume + 1);
    VOLUME_STATS delta = { { 0 }, { 0 }, 0, 0 };

    delta.Reads.QuadPart = current.Reads.QuadPart - previous.Reads.QuadPart;
    delta.Writes.QuadPart = current.Writes.QuadPart - previous.Writes.QuadPart;
    delta.Errors = current.Errors - previous.Errors;
    Publish(&delta, sizeof(delta));
}

NTSTATUS ManyParameters(PVOID A, PVOID B, ULONG C, ULONG D, PVOID E, ULONG F, PVOID G, ULONG H, ULONG I, ULONG J)
{
    ULONG sum = C + D + F + H + I + J;
    Publish(&sum, sizeof(sum));
    return EightArgs(A, B, C, D, E, F, G, H);
}

VOID TimerWork(PVOID Context)
{
    KTIMER timer;
    KDPC dpc;
    LARGE_INTEGER due;
    FAST_MUTEX mutex;
    ERESOURCE resource;

    KeInitializeTimer(&timer);
    KeInitializeDpc(&dpc, NULL, Context);
    due.QuadPart = -10000;
    KeSetTimer(&timer, due, &dpc);
    ExInitializeFastMutex(&mutex);
    ExInitializeResourceLite(&resource);
    Publish(&mutex, sizeof(mutex));
    ExDeleteResourceLite(&resource);
    KeCancelTimer(&timer);
}
