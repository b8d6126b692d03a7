// A dispatch routine whose path needs more than the 8 KB budget before it even reaches a recursion: the recursion
// cannot make the path smaller, so SL2002 reports the entry and says where the cycle starts (SL2001 reports the
// cycle). A dispatch routine whose path before the same recursion fits stays quiet (SL2001 alone speaks).
#include <ntddk.h>

DRIVER_DISPATCH RecoverDispatch_bad;
DRIVER_DISPATCH QueryDispatch_ok;
DRIVER_INITIALIZE DriverEntry;

typedef struct _PORT {
    struct _PORT *Next;
    ULONG Errors;
} PORT, *PPORT;

// The walk over the chained ports recurses as deep as the chain is long.
static ULONG ResetPortChain(PPORT Port) // expect: SL2001 "make it iterative"
{
    UCHAR command[64];

    RtlZeroMemory(command, sizeof(command));
    Port->Errors = command[0];
    return Port->Next != NULL ? 1 + ResetPortChain(Port->Next) : 1;
}

// Recovery step: about 950 bytes of sense data and log text each.
static ULONG RecoverPort(PPORT Port)
{
    UCHAR sense[480];
    UCHAR text[440];

    RtlZeroMemory(sense, sizeof(sense));
    RtlZeroMemory(text, sizeof(text));
    return sense[0] + text[0] + ResetPortChain(Port);
}

// Recovery step: about 950 bytes of sense data and log text each.
static ULONG RecoverLink(PPORT Port)
{
    UCHAR sense[480];
    UCHAR text[440];

    RtlZeroMemory(sense, sizeof(sense));
    RtlZeroMemory(text, sizeof(text));
    return sense[0] + text[0] + RecoverPort(Port);
}

// Recovery step: about 950 bytes of sense data and log text each.
static ULONG RecoverQueue(PPORT Port)
{
    UCHAR sense[480];
    UCHAR text[440];

    RtlZeroMemory(sense, sizeof(sense));
    RtlZeroMemory(text, sizeof(text));
    return sense[0] + text[0] + RecoverLink(Port);
}

// Recovery step: about 950 bytes of sense data and log text each.
static ULONG RecoverTags(PPORT Port)
{
    UCHAR sense[480];
    UCHAR text[440];

    RtlZeroMemory(sense, sizeof(sense));
    RtlZeroMemory(text, sizeof(text));
    return sense[0] + text[0] + RecoverQueue(Port);
}

// Recovery step: about 950 bytes of sense data and log text each.
static ULONG RecoverCommands(PPORT Port)
{
    UCHAR sense[480];
    UCHAR text[440];

    RtlZeroMemory(sense, sizeof(sense));
    RtlZeroMemory(text, sizeof(text));
    return sense[0] + text[0] + RecoverTags(Port);
}

// Recovery step: about 950 bytes of sense data and log text each.
static ULONG RecoverErrors(PPORT Port)
{
    UCHAR sense[480];
    UCHAR text[440];

    RtlZeroMemory(sense, sizeof(sense));
    RtlZeroMemory(text, sizeof(text));
    return sense[0] + text[0] + RecoverCommands(Port);
}

// Recovery step: about 950 bytes of sense data and log text each.
static ULONG RecoverController(PPORT Port)
{
    UCHAR sense[480];
    UCHAR text[440];

    RtlZeroMemory(sense, sizeof(sense));
    RtlZeroMemory(text, sizeof(text));
    return sense[0] + text[0] + RecoverErrors(Port);
}

// Recovery step: about 950 bytes of sense data and log text each.
static ULONG RecoverInterrupt(PPORT Port)
{
    UCHAR sense[480];
    UCHAR text[440];

    RtlZeroMemory(sense, sizeof(sense));
    RtlZeroMemory(text, sizeof(text));
    return sense[0] + text[0] + RecoverController(Port);
}

NTSTATUS RecoverDispatch_bad(PDEVICE_OBJECT DeviceObject, PIRP Irp) // expect: SL2002 "before the recursion at 'ResetPortChain' repeats"
{
    UCHAR snapshot[480];

    RtlZeroMemory(snapshot, sizeof(snapshot));
    snapshot[0] = (UCHAR)RecoverInterrupt((PPORT)DeviceObject->DeviceExtension);
    Irp->IoStatus.Status = snapshot[0] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS QueryDispatch_ok(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    ULONG count = RecoverPort((PPORT)DeviceObject->DeviceExtension);

    Irp->IoStatus.Information = count;
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RecoverDispatch_bad;
    DriverObject->MajorFunction[IRP_MJ_QUERY_INFORMATION] = QueryDispatch_ok;
    return STATUS_SUCCESS;
}
