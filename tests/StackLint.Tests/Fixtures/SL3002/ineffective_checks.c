// Remaining-stack checks that do not protect anything: a result thrown away, one stored and forgotten, one
// looked at only after the create, and one whose low-stack branch just logs and carries on. Each leaves the
// create it was written for unguarded, which SL3001 reports too (once, at the create in OpenTarget, with the close of
// the file it opened attached).
#include <ntifs.h>

#define STACK_NEEDED 0x2800

static NTSTATUS OpenTarget(PUNICODE_STRING Name, PHANDLE Handle)
{
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;

    InitializeObjectAttributes(&attributes, Name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    return ZwCreateFile(Handle, GENERIC_READ | SYNCHRONIZE, &attributes, &iosb, NULL, FILE_ATTRIBUTE_NORMAL, // expect: SL3001
                        FILE_SHARE_READ, FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
}

static NTSTATUS Complete(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS DispatchCreate_bad(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\SystemRoot\\audit.log");
    HANDLE handle;
    UNREFERENCED_PARAMETER(DeviceObject);

    IoGetRemainingStackSize(); // expect: SL3002 "is called and its result ignored"
    if (NT_SUCCESS(OpenTarget(&name, &handle))) {
        ZwClose(handle);
    }
    return Complete(Irp, STATUS_SUCCESS);
}

NTSTATUS DispatchRead_bad(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\SystemRoot\\audit.log");
    HANDLE handle;
    ULONG_PTR remaining = IoGetRemainingStackSize(); // expect: SL3002 "is stored in 'remaining' but no condition tests it"
    UNREFERENCED_PARAMETER(DeviceObject);

    if (NT_SUCCESS(OpenTarget(&name, &handle))) {
        ZwClose(handle);
    }
    return Complete(Irp, STATUS_SUCCESS);
}

NTSTATUS DispatchWrite_bad(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\SystemRoot\\audit.log");
    HANDLE handle;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(DeviceObject);

    status = OpenTarget(&name, &handle);
    if (NT_SUCCESS(status)) {
        ZwClose(handle);
    }
    // Too late: the create and the close have already run on this stack.
    if (IoGetRemainingStackSize() < STACK_NEEDED) { // expect: SL3002 "is checked only after 'OpenTarget'"
        return Complete(Irp, STATUS_INSUFFICIENT_RESOURCES);
    }
    return Complete(Irp, status);
}

NTSTATUS DispatchQueryInformation_bad(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\SystemRoot\\audit.log");
    HANDLE handle;
    UNREFERENCED_PARAMETER(DeviceObject);

    if (IoGetRemainingStackSize() < STACK_NEEDED) { // expect: SL3002 "both outcomes reach 'OpenTarget'"
        DbgPrint("audit: low on stack\n");
    }
    if (NT_SUCCESS(OpenTarget(&name, &handle))) {
        ZwClose(handle);
    }
    return Complete(Irp, STATUS_SUCCESS);
}

NTSTATUS DispatchSetInformation_ok(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\SystemRoot\\audit.log");
    HANDLE handle;
    BOOLEAN lowOnStack = IoGetRemainingStackSize() < STACK_NEEDED;
    UNREFERENCED_PARAMETER(DeviceObject);

    if (lowOnStack) {
        return Complete(Irp, STATUS_INSUFFICIENT_RESOURCES);
    }
    if (NT_SUCCESS(OpenTarget(&name, &handle))) {
        ZwClose(handle);
    }
    return Complete(Irp, STATUS_SUCCESS);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreate_bad;
    DriverObject->MajorFunction[IRP_MJ_READ] = DispatchRead_bad;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = DispatchWrite_bad;
    DriverObject->MajorFunction[IRP_MJ_QUERY_INFORMATION] = DispatchQueryInformation_bad;
    DriverObject->MajorFunction[IRP_MJ_SET_INFORMATION] = DispatchSetInformation_ok;
    return STATUS_SUCCESS;
}
