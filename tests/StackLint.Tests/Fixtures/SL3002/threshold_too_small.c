// A file system's name lookup reads directory blocks from the disk below with synchronous IRPs, and its dispatch
// routines check the remaining stack first. The create check asks for 1 KB, but the lookup it lets run needs about
// 1.7 KB of this driver's own frames before its read even reaches the storage stack: the check passes on a stack that
// cannot hold the next call. The link resolution makes the same mistake at each level of its recursion. The
// directory-control check asks for 12 KB and is fine.
#include <ntifs.h>

#define LOOKUP_STACK_NEEDED 0x3000

typedef struct _VOLUME {
    PDEVICE_OBJECT TargetDevice;
    ULONG BlockSize;
    ULONGLONG RootBlock;
} VOLUME, *PVOLUME;

typedef struct _DIR_ENTRY {
    ULONG Inode;
    ULONGLONG NextBlock;
    USHORT NameLength;
    WCHAR Name[196];
} DIR_ENTRY, *PDIR_ENTRY;

static NTSTATUS ReadBlock(PVOLUME Volume, ULONGLONG Block, PVOID Buffer)
{
    KEVENT event;
    IO_STATUS_BLOCK iosb;
    LARGE_INTEGER offset;
    PIRP irp;
    NTSTATUS status;

    offset.QuadPart = (LONGLONG)(Block * Volume->BlockSize);
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    irp = IoBuildSynchronousFsdRequest(IRP_MJ_READ, Volume->TargetDevice, Buffer, Volume->BlockSize, &offset, &event, &iosb);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = IoCallDriver(Volume->TargetDevice, irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
        status = iosb.Status;
    }
    return status;
}

static NTSTATUS FindEntry(PVOLUME Volume, PCUNICODE_STRING Name, ULONGLONG Block, PDIR_ENTRY Found)
{
    DIR_ENTRY candidate;
    UCHAR summary[64];
    UNICODE_STRING candidateName;
    PUCHAR data;
    NTSTATUS status;

    data = ExAllocatePool2(POOL_FLAG_PAGED, Volume->BlockSize, 'kbLD');
    if (data == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = ReadBlock(Volume, Block, data);
    if (NT_SUCCESS(status)) {
        RtlCopyMemory(&candidate, data, sizeof(candidate));
        RtlCopyMemory(summary, data + sizeof(candidate), sizeof(summary));
        candidateName.Buffer = candidate.Name;
        candidateName.Length = candidate.NameLength;
        candidateName.MaximumLength = sizeof(candidate.Name);
        status = RtlEqualUnicodeString(&candidateName, Name, TRUE) && summary[0] != 0 ? STATUS_SUCCESS : STATUS_OBJECT_NAME_NOT_FOUND;
        if (NT_SUCCESS(status)) {
            *Found = candidate;
        }
    }
    ExFreePoolWithTag(data, 'kbLD');
    return status;
}

static NTSTATUS LookupPath(PVOLUME Volume, PCUNICODE_STRING Path, PULONG Inode)
{
    DIR_ENTRY entry;
    WCHAR component[196];
    UNICODE_STRING name;
    USHORT i, length = 0;
    ULONGLONG block = Volume->RootBlock;
    NTSTATUS status = STATUS_OBJECT_NAME_INVALID;

    for (i = 0; i < Path->Length / sizeof(WCHAR); i++) {
        WCHAR c = Path->Buffer[i];
        if (c != L'\\' && length < RTL_NUMBER_OF(component)) {
            component[length++] = c;
            if (i + 1 < Path->Length / sizeof(WCHAR)) {
                continue;
            }
        }
        if (length == 0) {
            continue;
        }
        name.Buffer = component;
        name.Length = (USHORT)(length * sizeof(WCHAR));
        name.MaximumLength = sizeof(component);
        status = FindEntry(Volume, &name, block, &entry);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        block = entry.NextBlock;
        length = 0;
    }
    *Inode = NT_SUCCESS(status) ? entry.Inode : 0;
    return status;
}

// Follows a chain of links, each one a whole lookup: the 1 KB check does not cover one more round (SL2001 notes the
// depth bound; the check is what was meant to keep the nine rounds on the stack).
static NTSTATUS ResolveLinks_bad(PVOLUME Volume, PUNICODE_STRING Path, ULONG Depth, PULONG Inode) // expect: SL2001 "at most 9 levels deep"
{
    NTSTATUS status;

    if (Depth >= 8 || IoGetRemainingStackSize() < 1024) { // expect: SL3002 "needs at least an estimated"
        return STATUS_REPARSE_POINT_NOT_RESOLVED;
    }
    status = LookupPath(Volume, Path, Inode);
    if (status == STATUS_REPARSE) {
        return ResolveLinks_bad(Volume, Path, Depth + 1, Inode);
    }
    return status;
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
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG inode;

    if (IoGetRemainingStackSize() < 1024) { // expect: SL3002 "asks for 1,024 bytes, but 'LookupPath'"
        return Complete(Irp, STATUS_INSUFFICIENT_RESOURCES);
    }
    return Complete(Irp, LookupPath((PVOLUME)DeviceObject->DeviceExtension, &stack->FileObject->FileName, &inode));
}

NTSTATUS DispatchQueryInformation(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG inode;

    return Complete(Irp, ResolveLinks_bad((PVOLUME)DeviceObject->DeviceExtension, &stack->FileObject->FileName, 0, &inode));
}

NTSTATUS DispatchDirectoryControl_ok(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG inode;

    if (IoGetRemainingStackSize() < LOOKUP_STACK_NEEDED) {
        return Complete(Irp, STATUS_INSUFFICIENT_RESOURCES);
    }
    return Complete(Irp, LookupPath((PVOLUME)DeviceObject->DeviceExtension, stack->Parameters.QueryDirectory.FileName, &inode));
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreate_bad;
    DriverObject->MajorFunction[IRP_MJ_DIRECTORY_CONTROL] = DispatchDirectoryControl_ok;
    DriverObject->MajorFunction[IRP_MJ_QUERY_INFORMATION] = DispatchQueryInformation;
    return STATUS_SUCCESS;
}
