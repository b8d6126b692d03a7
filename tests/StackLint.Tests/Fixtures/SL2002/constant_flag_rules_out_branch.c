// A lookup that maps a block with Allocate FALSE, and a write that maps it with Allocate TRUE. Only an allocation
// grows the map, through eight levels of about 950 bytes each, and the mapper tests Allocate before it grows: the
// flag is passed on unchanged from the lookup or the write to the mapper. The write's path is over the 8 KB budget;
// the lookup's would be only if the growth it never runs were counted.
#include <ntddk.h>

DRIVER_DISPATCH WriteDispatch_bad;
DRIVER_DISPATCH ReadDispatch_ok;
DRIVER_INITIALIZE DriverEntry;

typedef struct _MAP {
    struct _MAP *Next;
    ULONG Blocks;
} MAP, *PMAP;

// Growth step 8 of 8: about 950 bytes of index and leaf copies.
static ULONG WriteLeaf(PMAP Map)
{
    UCHAR index[480];
    UCHAR leaf[440];

    RtlZeroMemory(index, sizeof(index));
    RtlZeroMemory(leaf, sizeof(leaf));
    return index[0] + leaf[0] + Map->Blocks;
}

// Growth step 7 of 8: about 950 bytes of index and leaf copies.
static ULONG WriteIndex(PMAP Map)
{
    UCHAR index[480];
    UCHAR leaf[440];

    RtlZeroMemory(index, sizeof(index));
    RtlZeroMemory(leaf, sizeof(leaf));
    return index[0] + leaf[0] + WriteLeaf(Map);
}

// Growth step 6 of 8: about 950 bytes of index and leaf copies.
static ULONG SplitIndex(PMAP Map)
{
    UCHAR index[480];
    UCHAR leaf[440];

    RtlZeroMemory(index, sizeof(index));
    RtlZeroMemory(leaf, sizeof(leaf));
    return index[0] + leaf[0] + WriteIndex(Map);
}

// Growth step 5 of 8: about 950 bytes of index and leaf copies.
static ULONG SplitLeaf(PMAP Map)
{
    UCHAR index[480];
    UCHAR leaf[440];

    RtlZeroMemory(index, sizeof(index));
    RtlZeroMemory(leaf, sizeof(leaf));
    return index[0] + leaf[0] + SplitIndex(Map);
}

// Growth step 4 of 8: about 950 bytes of index and leaf copies.
static ULONG GrowLeaf(PMAP Map)
{
    UCHAR index[480];
    UCHAR leaf[440];

    RtlZeroMemory(index, sizeof(index));
    RtlZeroMemory(leaf, sizeof(leaf));
    return index[0] + leaf[0] + SplitLeaf(Map);
}

// Growth step 3 of 8: about 950 bytes of index and leaf copies.
static ULONG GrowIndex(PMAP Map)
{
    UCHAR index[480];
    UCHAR leaf[440];

    RtlZeroMemory(index, sizeof(index));
    RtlZeroMemory(leaf, sizeof(leaf));
    return index[0] + leaf[0] + GrowLeaf(Map);
}

// Growth step 2 of 8: about 950 bytes of index and leaf copies.
static ULONG GrowLevel(PMAP Map)
{
    UCHAR index[480];
    UCHAR leaf[440];

    RtlZeroMemory(index, sizeof(index));
    RtlZeroMemory(leaf, sizeof(leaf));
    return index[0] + leaf[0] + GrowIndex(Map);
}

// Growth step 1 of 8: about 950 bytes of index and leaf copies.
static ULONG GrowMap(PMAP Map)
{
    UCHAR index[480];
    UCHAR leaf[440];

    RtlZeroMemory(index, sizeof(index));
    RtlZeroMemory(leaf, sizeof(leaf));
    return index[0] + leaf[0] + GrowLevel(Map);
}

// Maps a block; grows the map only when asked to allocate.
static ULONG MapBlock(PMAP Map, ULONG Block, BOOLEAN Allocate)
{
    ULONG found = Map->Blocks > Block ? Block : 0;

    if (found == 0 && Allocate) {
        found = GrowMap(Map);
    }
    return found;
}

static ULONG LocateBlock(PMAP Map, ULONG Block, BOOLEAN Allocate)
{
    return MapBlock(Map, Block, Allocate);
}

NTSTATUS WriteDispatch_bad(PDEVICE_OBJECT DeviceObject, PIRP Irp) // expect: SL2002 "-> 'MapBlock' (80) -> 'GrowMap' (976)"
{
    UCHAR record[480];

    RtlZeroMemory(record, sizeof(record));
    record[0] = (UCHAR)LocateBlock((PMAP)DeviceObject->DeviceExtension, 4, TRUE);
    Irp->IoStatus.Status = record[0] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS ReadDispatch_ok(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UCHAR record[480];

    RtlZeroMemory(record, sizeof(record));
    record[0] = (UCHAR)LocateBlock((PMAP)DeviceObject->DeviceExtension, 4, FALSE);
    Irp->IoStatus.Status = record[0] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_WRITE] = WriteDispatch_bad;
    DriverObject->MajorFunction[IRP_MJ_READ] = ReadDispatch_ok;
    return STATUS_SUCCESS;
}
