// A dispatch routine that enters a recursive-descent parser: a value can hold a list, a list a pair, a pair a
// value again, and so on through eight levels before the first one repeats. Each level is under the frame limit,
// but one pass through the cycle, which a nested document must make before any level can return, already takes the
// path past the 8 KB budget: SL2002 reports the entry with what the path costs before the recursion repeats. A
// dispatch routine that enters a two-level cycle of small frames stays quiet (SL2001 alone speaks).
#include <ntddk.h>

DRIVER_DISPATCH ParseDispatch_bad;
DRIVER_DISPATCH CountDispatch_ok;
DRIVER_INITIALIZE DriverEntry;

typedef struct _NODE {
    struct _NODE *Child;
    ULONG Kind;
} NODE, *PNODE;

static ULONG ParseValue(PNODE Node);
static ULONG ParseList(PNODE Node);
static ULONG ParsePair(PNODE Node);
static ULONG ParseKey(PNODE Node);
static ULONG ParseString(PNODE Node);
static ULONG ParseEscape(PNODE Node);
static ULONG ParseNumber(PNODE Node);
static ULONG ParseExponent(PNODE Node);

// Parse level 1 of 8: about 950 bytes of token and scratch text.
static ULONG ParseValue(PNODE Node) // expect: SL2001 "make it iterative"
{
    UCHAR token[480];
    UCHAR text[440];

    RtlZeroMemory(token, sizeof(token));
    RtlZeroMemory(text, sizeof(text));
    token[0] = (UCHAR)Node->Kind;
    return token[0] + text[0] + (Node->Child != NULL ? ParseList(Node->Child) : 0);
}

// Parse level 2 of 8: about 950 bytes of token and scratch text.
static ULONG ParseList(PNODE Node)
{
    UCHAR token[480];
    UCHAR text[440];

    RtlZeroMemory(token, sizeof(token));
    RtlZeroMemory(text, sizeof(text));
    token[0] = (UCHAR)Node->Kind;
    return token[0] + text[0] + (Node->Child != NULL ? ParsePair(Node->Child) : 0);
}

// Parse level 3 of 8: about 950 bytes of token and scratch text.
static ULONG ParsePair(PNODE Node)
{
    UCHAR token[480];
    UCHAR text[440];

    RtlZeroMemory(token, sizeof(token));
    RtlZeroMemory(text, sizeof(text));
    token[0] = (UCHAR)Node->Kind;
    return token[0] + text[0] + (Node->Child != NULL ? ParseKey(Node->Child) : 0);
}

// Parse level 4 of 8: about 950 bytes of token and scratch text.
static ULONG ParseKey(PNODE Node)
{
    UCHAR token[480];
    UCHAR text[440];

    RtlZeroMemory(token, sizeof(token));
    RtlZeroMemory(text, sizeof(text));
    token[0] = (UCHAR)Node->Kind;
    return token[0] + text[0] + (Node->Child != NULL ? ParseString(Node->Child) : 0);
}

// Parse level 5 of 8: about 950 bytes of token and scratch text.
static ULONG ParseString(PNODE Node)
{
    UCHAR token[480];
    UCHAR text[440];

    RtlZeroMemory(token, sizeof(token));
    RtlZeroMemory(text, sizeof(text));
    token[0] = (UCHAR)Node->Kind;
    return token[0] + text[0] + (Node->Child != NULL ? ParseEscape(Node->Child) : 0);
}

// Parse level 6 of 8: about 950 bytes of token and scratch text.
static ULONG ParseEscape(PNODE Node)
{
    UCHAR token[480];
    UCHAR text[440];

    RtlZeroMemory(token, sizeof(token));
    RtlZeroMemory(text, sizeof(text));
    token[0] = (UCHAR)Node->Kind;
    return token[0] + text[0] + (Node->Child != NULL ? ParseNumber(Node->Child) : 0);
}

// Parse level 7 of 8: about 950 bytes of token and scratch text.
static ULONG ParseNumber(PNODE Node)
{
    UCHAR token[480];
    UCHAR text[440];

    RtlZeroMemory(token, sizeof(token));
    RtlZeroMemory(text, sizeof(text));
    token[0] = (UCHAR)Node->Kind;
    return token[0] + text[0] + (Node->Child != NULL ? ParseExponent(Node->Child) : 0);
}

// Parse level 8 of 8: about 950 bytes of token and scratch text.
static ULONG ParseExponent(PNODE Node)
{
    UCHAR token[480];
    UCHAR text[440];

    RtlZeroMemory(token, sizeof(token));
    RtlZeroMemory(text, sizeof(text));
    token[0] = (UCHAR)Node->Kind;
    return token[0] + text[0] + (Node->Child != NULL ? ParseValue(Node->Child) : 0);
}

// A two-level walk of small frames: the pass through its cycle is a few hundred bytes.
static ULONG CountChildren(PNODE Node);

static ULONG CountNode(PNODE Node) // expect: SL2001 "make it iterative"
{
    ULONG seen[8];

    RtlZeroMemory(seen, sizeof(seen));
    return seen[0] + (Node->Child != NULL ? CountChildren(Node->Child) : 0);
}

static ULONG CountChildren(PNODE Node)
{
    ULONG seen[8];

    RtlZeroMemory(seen, sizeof(seen));
    return seen[0] + 1 + CountNode(Node);
}

NTSTATUS ParseDispatch_bad(PDEVICE_OBJECT DeviceObject, PIRP Irp) // expect: SL2002 "can use at least 8,"
{
    UCHAR header[480];

    RtlZeroMemory(header, sizeof(header));
    header[0] = (UCHAR)ParseValue((PNODE)Irp->AssociatedIrp.SystemBuffer);
    Irp->IoStatus.Status = header[0] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
    UNREFERENCED_PARAMETER(DeviceObject);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS CountDispatch_ok(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    ULONG count = CountNode((PNODE)Irp->AssociatedIrp.SystemBuffer);

    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Information = count;
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ParseDispatch_bad;
    DriverObject->MajorFunction[IRP_MJ_QUERY_INFORMATION] = CountDispatch_ok;
    return STATUS_SUCCESS;
}
