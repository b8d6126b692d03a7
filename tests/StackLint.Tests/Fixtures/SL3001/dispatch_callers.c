// A WDM filter that opens its log file from the create and write dispatch routines. The log helper is only safe
// when every path into it checked the remaining stack first: the create path does, the write path does not.
#include <ntifs.h>

#define LOG_STACK_NEEDED 0x3000

static NTSTATUS AppendLog_ok(PCUNICODE_STRING Name)
{
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;
    HANDLE handle;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, (PUNICODE_STRING)Name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwCreateFile(&handle, FILE_APPEND_DATA | SYNCHRONIZE, &attributes, &iosb, NULL, FILE_ATTRIBUTE_NORMAL,
                          FILE_SHARE_READ, FILE_OPEN_IF, FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    if (NT_SUCCESS(status)) {
        ZwClose(handle);
    }
    return status;
}

static NTSTATUS AppendLog_bad(PCUNICODE_STRING Name)
{
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;
    HANDLE handle;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, (PUNICODE_STRING)Name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwCreateFile(&handle, FILE_APPEND_DATA | SYNCHRONIZE, &attributes, &iosb, NULL, FILE_ATTRIBUTE_NORMAL, // expect: SL3001 "'ZwCreateFile' in 'AppendLog_bad' is reachable from IRP dispatch routine 'DispatchWrite_bad' with no remaining-stack check, and closes the file again unchecked"
                          FILE_SHARE_READ, FILE_OPEN_IF, FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    if (NT_SUCCESS(status)) {
        ZwClose(handle); // the close of the file just opened: attached to the open's finding
    }
    return status;
}

static NTSTATUS CompleteRequest(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS DispatchCreate_ok(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\SystemRoot\\filter.log");
    UNREFERENCED_PARAMETER(DeviceObject);

    if (IoGetRemainingStackSize() < LOG_STACK_NEEDED) {
        return CompleteRequest(Irp, STATUS_INSUFFICIENT_RESOURCES);
    }
    AppendLog_ok(&name);
    AppendLog_bad(&name);
    return CompleteRequest(Irp, STATUS_SUCCESS);
}

NTSTATUS DispatchCleanup_ok(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\SystemRoot\\filter.log");
    ULONG_PTR remaining = IoGetRemainingStackSize();
    UNREFERENCED_PARAMETER(DeviceObject);

    if (remaining >= LOG_STACK_NEEDED) {
        AppendLog_ok(&name);
    }
    return CompleteRequest(Irp, STATUS_SUCCESS);
}

NTSTATUS DispatchWrite_bad(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\SystemRoot\\filter.log");
    UNREFERENCED_PARAMETER(DeviceObject);

    // No stack check: the write may arrive deep inside another file system's paging path.
    AppendLog_bad(&name);
    return CompleteRequest(Irp, STATUS_SUCCESS);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreate_ok;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = DispatchCleanup_ok;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = DispatchWrite_bad;
    return STATUS_SUCCESS;
}
