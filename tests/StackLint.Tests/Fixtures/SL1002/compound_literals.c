// A driver that keeps a large row in pool to spare the stack, then fills it from a compound literal: the literal is a
// whole row built in the frame first. Assigning the fields in place, or a small literal, costs no such object.
#include <ntddk.h>

typedef struct _EXAMPLE_ROW {
    ULONG64 Luid;
    ULONG Index;
    WCHAR Alias[200];
    WCHAR Description[100];
    UCHAR Address[32];
} EXAMPLE_ROW;

typedef struct _EXAMPLE_KEY {
    ULONG64 Luid;
    ULONG Index;
} EXAMPLE_KEY;

NTSTATUS QueryRow(EXAMPLE_ROW *Row);
NTSTATUS QueryKey(EXAMPLE_KEY *Key);

NTSTATUS LookUpRow_bad(ULONG64 Luid)
{
    EXAMPLE_ROW *row = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*row), 'woRE');
    NTSTATUS status;

    if (row == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    *row = (EXAMPLE_ROW){ .Luid = Luid }; // expect: SL1002 "'(EXAMPLE_ROW){...}' in 'LookUpRow_bad' is a 648-byte compound literal on the stack"
    status = QueryRow(row);
    ExFreePoolWithTag(row, 'woRE');
    return status;
}

NTSTATUS LookUpRow_ok(ULONG64 Luid)
{
    EXAMPLE_ROW *row = ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_UNINITIALIZED, sizeof(*row), 'woRE');
    NTSTATUS status;

    if (row == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(row, sizeof(*row));
    row->Luid = Luid;
    status = QueryRow(row);
    ExFreePoolWithTag(row, 'woRE');
    return status;
}

NTSTATUS LookUpKey_ok(ULONG64 Luid)
{
    EXAMPLE_KEY key;
    key = (EXAMPLE_KEY){ .Luid = Luid, .Index = 0 };
    return QueryKey(&key);
}

NTSTATUS DispatchDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    NTSTATUS status;
    UNREFERENCED_PARAMETER(DeviceObject);

    status = LookUpRow_bad(1);
    if (NT_SUCCESS(status)) {
        status = LookUpRow_ok(2);
    }
    if (NT_SUCCESS(status)) {
        status = LookUpKey_ok(3);
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchDeviceControl;
    return STATUS_SUCCESS;
}
