// A device keeps its request handlers in its extension, and the dispatch routines copy the handler into a local
// before calling it ('PREQUEST_HANDLER handler = ctx->Handler; handler(ctx, Irp);'). The rekey handler goes nine
// levels of about 950 bytes deep on the stack of whoever sent the IOCTL: found only by binding the call through the
// local like a call through the field it was copied from. The read path's handler is small and stays quiet.
#include <ntddk.h>

typedef struct _DEVICE_CONTEXT DEVICE_CONTEXT, *PDEVICE_CONTEXT;
typedef ULONG REQUEST_HANDLER(PDEVICE_CONTEXT Context);
typedef REQUEST_HANDLER *PREQUEST_HANDLER;

struct _DEVICE_CONTEXT {
    PREQUEST_HANDLER Control;
    PREQUEST_HANDLER Read;
    ULONG Requests;
};

static DRIVER_DISPATCH DispatchControl_bad;
static DRIVER_DISPATCH DispatchRead_ok;

static NTSTATUS DispatchControl_bad(PDEVICE_OBJECT DeviceObject, PIRP Irp) // expect: SL2002 "'DispatchControl_bad' (IRP dispatch routine"
{
    PDEVICE_CONTEXT ctx = (PDEVICE_CONTEXT)DeviceObject->DeviceExtension;
    PREQUEST_HANDLER handler = ctx->Control;

    Irp->IoStatus.Information = handler(ctx);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS DispatchRead_ok(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDEVICE_CONTEXT ctx = (PDEVICE_CONTEXT)DeviceObject->DeviceExtension;
    PREQUEST_HANDLER handler = ctx->Read;

    Irp->IoStatus.Information = handler(ctx);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

// Rekey step 9 of 9: about 950 bytes of scratch.
static ULONG RekeySubmit(PDEVICE_CONTEXT Context)
{
    UCHAR block[480];
    UCHAR digest[440];

    RtlZeroMemory(block, sizeof(block));
    RtlZeroMemory(digest, sizeof(digest));
    return block[0] + digest[0] + Context->Requests;
}

// Rekey step 8 of 9: about 950 bytes of scratch.
static ULONG RekeyChecksum(PDEVICE_CONTEXT Context)
{
    UCHAR block[480];
    UCHAR digest[440];

    RtlZeroMemory(block, sizeof(block));
    RtlZeroMemory(digest, sizeof(digest));
    return block[0] + digest[0] + RekeySubmit(Context);
}

// Rekey step 7 of 9: about 950 bytes of scratch.
static ULONG RekeySeal(PDEVICE_CONTEXT Context)
{
    UCHAR block[480];
    UCHAR digest[440];

    RtlZeroMemory(block, sizeof(block));
    RtlZeroMemory(digest, sizeof(digest));
    return block[0] + digest[0] + RekeyChecksum(Context);
}

// Rekey step 6 of 9: about 950 bytes of scratch.
static ULONG RekeyEncode(PDEVICE_CONTEXT Context)
{
    UCHAR block[480];
    UCHAR digest[440];

    RtlZeroMemory(block, sizeof(block));
    RtlZeroMemory(digest, sizeof(digest));
    return block[0] + digest[0] + RekeySeal(Context);
}

// Rekey step 5 of 9: about 950 bytes of scratch.
static ULONG RekeyFlatten(PDEVICE_CONTEXT Context)
{
    UCHAR block[480];
    UCHAR digest[440];

    RtlZeroMemory(block, sizeof(block));
    RtlZeroMemory(digest, sizeof(digest));
    return block[0] + digest[0] + RekeyEncode(Context);
}

// Rekey step 4 of 9: about 950 bytes of scratch.
static ULONG RekeyWriteBack(PDEVICE_CONTEXT Context)
{
    UCHAR block[480];
    UCHAR digest[440];

    RtlZeroMemory(block, sizeof(block));
    RtlZeroMemory(digest, sizeof(digest));
    return block[0] + digest[0] + RekeyFlatten(Context);
}

// Rekey step 3 of 9: about 950 bytes of scratch.
static ULONG RekeyCheckpoint(PDEVICE_CONTEXT Context)
{
    UCHAR block[480];
    UCHAR digest[440];

    RtlZeroMemory(block, sizeof(block));
    RtlZeroMemory(digest, sizeof(digest));
    return block[0] + digest[0] + RekeyWriteBack(Context);
}

// Rekey step 2 of 9: about 950 bytes of scratch.
static ULONG RekeyCommit(PDEVICE_CONTEXT Context)
{
    UCHAR block[480];
    UCHAR digest[440];

    RtlZeroMemory(block, sizeof(block));
    RtlZeroMemory(digest, sizeof(digest));
    return block[0] + digest[0] + RekeyCheckpoint(Context);
}

// Rekey step 1 of 9: about 950 bytes of scratch.
static ULONG RekeyJournal(PDEVICE_CONTEXT Context)
{
    UCHAR block[480];
    UCHAR digest[440];

    RtlZeroMemory(block, sizeof(block));
    RtlZeroMemory(digest, sizeof(digest));
    return block[0] + digest[0] + RekeyCommit(Context);
}

static ULONG ReadCounters(PDEVICE_CONTEXT Context)
{
    return Context->Requests;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT device;
    PDEVICE_CONTEXT ctx;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    status = IoCreateDevice(DriverObject, sizeof(DEVICE_CONTEXT), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
    if (!NT_SUCCESS(status))
        return status;
    ctx = (PDEVICE_CONTEXT)device->DeviceExtension;
    ctx->Control = RekeyJournal;
    ctx->Read = ReadCounters;
    ctx->Requests = 0;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchControl_bad;
    DriverObject->MajorFunction[IRP_MJ_READ] = DispatchRead_ok;
    return STATUS_SUCCESS;
}
