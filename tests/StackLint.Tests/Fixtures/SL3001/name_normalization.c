// A name-provider minifilter (it presents a virtual namespace, so it answers the filter manager's name queries
// itself). To expand a short name component it opens the parent directory and sends a directory query for the one
// component with FltPerformSynchronousIo. The filter manager calls the normalization callback while it builds a
// name for whoever asked, often another filter deep in a create: the open and the query run through the filters
// below and the file system on that stack. The callback for older systems does so directly; the Ex callback, used
// where the system has it, runs the same work through KeExpandKernelStackAndCalloutEx on a stack of known size.
#include <fltKernel.h>

#define NAME_TAG 'mNeV'
#define NAME_EXPAND_STACK 0x4000

PFLT_FILTER g_NameFilter;

typedef struct _EXPAND_REQUEST {
    PFLT_INSTANCE Instance;
    PCUNICODE_STRING ParentDirectory;
    PCUNICODE_STRING Component;
    PFILE_NAMES_INFORMATION Expanded;
    ULONG ExpandedLength;
    NTSTATUS Status;
} EXPAND_REQUEST, *PEXPAND_REQUEST;

static NTSTATUS OpenParent(PFLT_INSTANCE Instance, PCUNICODE_STRING ParentDirectory, PHANDLE Handle, PFILE_OBJECT *FileObject)
{
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;

    InitializeObjectAttributes(&attributes, (PUNICODE_STRING)ParentDirectory, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    return FltCreateFileEx(g_NameFilter, Instance, Handle, FileObject, FILE_LIST_DIRECTORY | SYNCHRONIZE, &attributes, &iosb, // expect: SL3001 "'FltCreateFileEx' in 'OpenParent' is reachable from minifilter name normalization callback 'NormalizeComponent_bad' with no remaining-stack check"
                           NULL, FILE_ATTRIBUTE_DIRECTORY, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, FILE_OPEN,
                           FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0, IO_IGNORE_SHARE_ACCESS_CHECK);
}

// One IRP_MN_QUERY_DIRECTORY for exactly the component, built on filter-manager callback data and sent below.
static NTSTATUS QueryComponent(PFLT_INSTANCE Instance, PFILE_OBJECT Directory, PCUNICODE_STRING Component,
                               PFILE_NAMES_INFORMATION Expanded, ULONG ExpandedLength)
{
    PFLT_CALLBACK_DATA data;
    NTSTATUS status;

    status = FltAllocateCallbackData(Instance, Directory, &data);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    data->Iopb->MajorFunction = IRP_MJ_DIRECTORY_CONTROL;
    data->Iopb->MinorFunction = IRP_MN_QUERY_DIRECTORY;
    data->Iopb->OperationFlags = SL_RETURN_SINGLE_ENTRY | SL_RESTART_SCAN;
    data->Iopb->Parameters.DirectoryControl.QueryDirectory.Length = ExpandedLength;
    data->Iopb->Parameters.DirectoryControl.QueryDirectory.FileName = (PUNICODE_STRING)Component;
    data->Iopb->Parameters.DirectoryControl.QueryDirectory.FileInformationClass = FileNamesInformation;
    data->Iopb->Parameters.DirectoryControl.QueryDirectory.DirectoryBuffer = Expanded;
    FltPerformSynchronousIo(data); // expect: SL3001 "'FltPerformSynchronousIo' in 'QueryComponent' is reachable from minifilter name normalization callback 'NormalizeComponent_bad' with no remaining-stack check"
    status = data->IoStatus.Status;
    FltFreeCallbackData(data);
    return status;
}

static NTSTATUS ExpandComponent(PFLT_INSTANCE Instance, PCUNICODE_STRING ParentDirectory, PCUNICODE_STRING Component,
                                PFILE_NAMES_INFORMATION Expanded, ULONG ExpandedLength)
{
    HANDLE handle;
    PFILE_OBJECT directory;
    NTSTATUS status;

    status = OpenParent(Instance, ParentDirectory, &handle, &directory);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = QueryComponent(Instance, directory, Component, Expanded, ExpandedLength);
    ObDereferenceObject(directory);
    FltClose(handle);
    return status;
}

static NTSTATUS FLTAPI NormalizeComponent_bad(PFLT_INSTANCE Instance, PCUNICODE_STRING ParentDirectory, USHORT VolumeNameLength,
                                              PCUNICODE_STRING Component, PFILE_NAMES_INFORMATION ExpandComponentName,
                                              ULONG ExpandComponentNameLength, FLT_NORMALIZE_NAME_FLAGS Flags, PVOID *NormalizationContext)
{
    UNREFERENCED_PARAMETER(VolumeNameLength);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(NormalizationContext);
    return ExpandComponent(Instance, ParentDirectory, Component, ExpandComponentName, ExpandComponentNameLength);
}

// The callout: a fresh stack of NAME_EXPAND_STACK bytes.
static VOID ExpandCallout_ok(PVOID Parameter)
{
    PEXPAND_REQUEST request = (PEXPAND_REQUEST)Parameter;

    request->Status = ExpandComponent(request->Instance, request->ParentDirectory, request->Component, request->Expanded,
                                      request->ExpandedLength);
}

static NTSTATUS FLTAPI NormalizeComponentEx_ok(PFLT_INSTANCE Instance, PFILE_OBJECT FileObject, PCUNICODE_STRING ParentDirectory,
                                               USHORT VolumeNameLength, PCUNICODE_STRING Component,
                                               PFILE_NAMES_INFORMATION ExpandComponentName, ULONG ExpandComponentNameLength,
                                               FLT_NORMALIZE_NAME_FLAGS Flags, PVOID *NormalizationContext)
{
    EXPAND_REQUEST request;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(FileObject);
    UNREFERENCED_PARAMETER(VolumeNameLength);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(NormalizationContext);

    request.Instance = Instance;
    request.ParentDirectory = ParentDirectory;
    request.Component = Component;
    request.Expanded = ExpandComponentName;
    request.ExpandedLength = ExpandComponentNameLength;
    request.Status = STATUS_UNSUCCESSFUL;
    status = KeExpandKernelStackAndCalloutEx(ExpandCallout_ok, &request, NAME_EXPAND_STACK, FALSE, NULL);
    return NT_SUCCESS(status) ? request.Status : status;
}

static NTSTATUS FLTAPI NameUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(g_NameFilter);
    return STATUS_SUCCESS;
}

const FLT_OPERATION_REGISTRATION NameCallbacks[] = {
    { IRP_MJ_OPERATION_END }
};

// Before Vista the filter manager has no Ex callback.
const FLT_REGISTRATION LegacyRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION_0200,
    0,
    NULL,
    NameCallbacks,
    NameUnload,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NormalizeComponent_bad,
    NULL,
};

const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    NameCallbacks,
    NameUnload,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NormalizeComponentEx_ok,
    NULL,
};

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, RtlIsNtDdiVersionAvailable(NTDDI_VISTA) ? &Registration : &LegacyRegistration,
                               &g_NameFilter);
    if (NT_SUCCESS(status)) {
        status = FltStartFiltering(g_NameFilter);
        if (!NT_SUCCESS(status)) {
            FltUnregisterFilter(g_NameFilter);
        }
    }
    return status;
}
