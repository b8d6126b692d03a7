// Stack-hungry calls that run on a stack the driver owns: DriverEntry, a work item routine, and a callout run
// through KeExpandKernelStackAndCallout (and a helper only that callout calls). A call compiled out with #if 0 is
// not code. The one report is a dispatch routine that opens the configuration file through a macro.
#include <ntifs.h>

#define OPEN_CONFIG(Handle, Attributes, Iosb)                                                            \
    ZwOpenFile((Handle), GENERIC_READ | SYNCHRONIZE, (Attributes), (Iosb), FILE_SHARE_READ,            \
               FILE_SYNCHRONOUS_IO_NONALERT)

typedef struct _CONFIG_CONTEXT {
    UNICODE_STRING Path;
    NTSTATUS Status;
} CONFIG_CONTEXT, *PCONFIG_CONTEXT;

static PIO_WORKITEM g_WorkItem;
static PDEVICE_OBJECT g_Device;

static NTSTATUS ReadConfigFile_ok(PCUNICODE_STRING Path)
{
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;
    HANDLE handle;
    UCHAR header[64];
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, (PUNICODE_STRING)Path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = OPEN_CONFIG(&handle, &attributes, &iosb);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ZwReadFile(handle, NULL, NULL, NULL, &iosb, header, sizeof(header), NULL, NULL);
    ZwClose(handle);
    return status;
}

// Runs on a guaranteed stack: only KeExpandKernelStackAndCallout calls it.
static VOID ReadConfigCallout_ok(PVOID Parameter)
{
    PCONFIG_CONTEXT context = (PCONFIG_CONTEXT)Parameter;
    context->Status = ReadConfigFile_ok(&context->Path);
}

// A work item routine runs at the bottom of a system worker thread's stack.
static VOID RefreshWorker_ok(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    UNICODE_STRING path = RTL_CONSTANT_STRING(L"\\SystemRoot\\config.dat");
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;
    HANDLE handle;
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    InitializeObjectAttributes(&attributes, &path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (NT_SUCCESS(ZwCreateFile(&handle, GENERIC_READ, &attributes, &iosb, NULL, FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ,
                                FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0))) {
        ZwClose(handle);
    }
}

NTSTATUS DispatchDeviceControl_ok(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    CONFIG_CONTEXT context;
    UNREFERENCED_PARAMETER(DeviceObject);

    RtlInitUnicodeString(&context.Path, L"\\SystemRoot\\config.dat");
    context.Status = STATUS_UNSUCCESSFUL;
    KeExpandKernelStackAndCallout(ReadConfigCallout_ok, &context, MAXIMUM_EXPANSION_SIZE);
    IoQueueWorkItem(g_WorkItem, RefreshWorker_ok, DelayedWorkQueue, NULL);
#if 0
    // Old synchronous refresh, kept for reference.
    ReadConfigFile_ok(&context.Path);
#endif
    Irp->IoStatus.Status = context.Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return context.Status;
}

NTSTATUS DispatchRead_bad(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNICODE_STRING path = RTL_CONSTANT_STRING(L"\\SystemRoot\\config.dat");
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;
    HANDLE handle;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(DeviceObject);

    InitializeObjectAttributes(&attributes, &path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = OPEN_CONFIG(&handle, &attributes, &iosb); // expect: SL3001 "'ZwOpenFile' (through macro 'OPEN_CONFIG') in 'DispatchRead_bad'"
    if (NT_SUCCESS(status)) {
        ZwClose(handle); // attached to the open's finding
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING path = RTL_CONSTANT_STRING(L"\\SystemRoot\\config.dat");
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);

    // DriverEntry runs on a system thread's fresh stack: reading configuration here needs no check.
    status = ReadConfigFile_ok(&path);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    g_WorkItem = IoAllocateWorkItem(g_Device);
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchDeviceControl_ok;
    DriverObject->MajorFunction[IRP_MJ_READ] = DispatchRead_bad;
    return STATUS_SUCCESS;
}
