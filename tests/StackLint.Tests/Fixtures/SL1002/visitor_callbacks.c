// SL1002 fixture: small walkers that call a visitor for every element, as drivers write them for configuration
// blobs and handle tables. A visitor runs wherever its walker runs: the one handed to the load-time walker only ever
// starts on DriverEntry's fresh stack, the one handed to the walker of the IOCTL path on the caller's stack.
#include <ntddk.h>

typedef BOOLEAN (*RECORD_VISITOR)(const UCHAR *Record, ULONG Length, PVOID Context);

static UCHAR g_Blob[256];
static ULONG g_Names;

static BOOLEAN WalkRecords(const UCHAR *Blob, ULONG Size, RECORD_VISITOR Visit, PVOID Context)
{
    ULONG offset = 0;
    while (offset + 2 <= Size) {
        ULONG length = Blob[offset + 1];
        if (!Visit(Blob + offset + 2, length, Context)) return FALSE;
        offset += 2 + length;
    }
    return TRUE;
}

static BOOLEAN ForEachSlot(ULONG Count, RECORD_VISITOR Visitor, PVOID Context)
{
    ULONG i;
    for (i = 0; i < Count; i++) {
        if (!(*Visitor)(g_Blob + i, 1, Context)) return FALSE;
    }
    return TRUE;
}

static BOOLEAN CollectName_ok(const UCHAR *Record, ULONG Length, PVOID Context)
{
    WCHAR name[300];
    ULONG i;
    UNREFERENCED_PARAMETER(Context);
    for (i = 0; i < Length && i < 300; i++) name[i] = Record[i];
    g_Names += name[0];
    return TRUE;
}

static BOOLEAN CheckSlot_bad(const UCHAR *Record, ULONG Length, PVOID Context)
{
    UCHAR copy[600];                                      // expect: SL1002 "600-byte array"
    UNREFERENCED_PARAMETER(Context);
    RtlCopyMemory(copy, Record, Length < sizeof(copy) ? Length : sizeof(copy));
    return copy[0] != 0;
}

static NTSTATUS DispatchDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = ForEachSlot(16, CheckSlot_bad, NULL) ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    if (!WalkRecords(g_Blob, sizeof(g_Blob), CollectName_ok, NULL)) return STATUS_UNSUCCESSFUL;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchDeviceControl;
    return STATUS_SUCCESS;
}
