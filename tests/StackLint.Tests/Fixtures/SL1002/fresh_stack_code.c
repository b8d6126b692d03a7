// SL1002 fixture: a legacy driver that reads its configuration while it loads (INIT code, placed by
// '#pragma alloc_text' and '#pragma code_seg'), scans on a system thread of its own, and serves requests from its
// dispatch routine. Buffers in code that only ever starts on a fresh stack are SL2002's business (the whole path is
// measured there); a buffer the dispatch path can reach sits on the caller's stack and is reported.
#include <ntddk.h>

#define NAME_CHARS 260

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);
static NTSTATUS ReadConfiguration_ok(PUNICODE_STRING RegistryPath);
static VOID BuildDefaultTables_ok(VOID);
static NTSTATUS FormatDeviceName_bad(ULONG Index, PUNICODE_STRING Name);
static NTSTATUS PagedHelper_bad(VOID);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, ReadConfiguration_ok) /* read once, while loading */
#pragma alloc_text(PAGE, PagedHelper_bad)
#endif

static ULONG g_Checksum;

static NTSTATUS ReadConfiguration_ok(PUNICODE_STRING RegistryPath)
{
    WCHAR valueName[NAME_CHARS];
    UNICODE_STRING name;
    RtlInitEmptyUnicodeString(&name, valueName, sizeof(valueName));
    return RtlAppendUnicodeStringToString(&name, RegistryPath);
}

static NTSTATUS FormatDeviceName_bad(ULONG Index, PUNICODE_STRING Name)
{
    WCHAR text[NAME_CHARS];                               // expect: SL1002 "520-byte array"
    UNICODE_STRING formatted;
    RtlInitEmptyUnicodeString(&formatted, text, sizeof(text));
    RtlIntegerToUnicodeString(Index, 10, &formatted);
    return RtlAppendUnicodeStringToString(Name, &formatted);
}

static NTSTATUS PagedHelper_bad(VOID)
{
    // PAGE code runs on whatever stack calls it: nothing calls this one in the driver, so its caller is unknown.
    UCHAR scratch[600];                                   // expect: SL1002 "600-byte array"
    RtlZeroMemory(scratch, sizeof(scratch));
    return scratch[0] == 0 ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}

static VOID ScanThread_ok(PVOID Context)
{
    // The start routine of the driver's own system thread: the top of a new stack.
    UCHAR block[800];
    UNREFERENCED_PARAMETER(Context);
    RtlZeroMemory(block, sizeof(block));
    PsTerminateSystemThread(STATUS_SUCCESS);
}

static NTSTATUS DispatchCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNICODE_STRING name = { 0 };
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = FormatDeviceName_bad(1, &name);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

#pragma code_seg(push, "INIT")
static VOID BuildDefaultTables_ok(VOID)
{
    // Nothing calls it by name (DriverEntry takes it from a table), but INIT code only runs while the driver loads.
    ULONG table[160];
    ULONG i;
    for (i = 0; i < 160; i++) table[i] = i * 2654435761u;
    for (i = 0; i < 160; i++) g_Checksum ^= table[i];
}
#pragma code_seg(pop)

static VOID AfterInit_bad(VOID)
{
    // Back in the default section after the pop: nothing calls it, so its caller is unknown.
    UCHAR packet[512];                                    // expect: SL1002 "512-byte array"
    RtlZeroMemory(packet, sizeof(packet));
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    HANDLE thread;
    UNICODE_STRING name = { 0 };
    NTSTATUS status = ReadConfiguration_ok(RegistryPath);
    if (!NT_SUCCESS(status)) return status;
    status = FormatDeviceName_bad(0, &name);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreate;
    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, ScanThread_ok, NULL);
    if (NT_SUCCESS(status)) ZwClose(thread);
    return status;
}
