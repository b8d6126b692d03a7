/*
 * kmdf_dma_wmi.c - a small KMDF bus-master driver (DMA enabler and transactions, a common buffer, KMDF WMI, resource
 * lists, interrupt information, a lower I/O target, power policy, lookaside memory and collections) used to check
 * that these parts of <wdf.h> parse with the embedded prelude (x64/x86/arm64) and on top of mingw-w64's headers
 * (x64/x86), after what KMDF drivers in the wild call. Not meant to be built.
 */
#include <ntddk.h>
#include <wdf.h>

#define DMASAMPLE_TAG 'amDS'

typedef struct _DMA_DEVICE_CONTEXT {
    WDFDMAENABLER Enabler;
    WDFCOMMONBUFFER Ring;
    PVOID RingVa;
    PHYSICAL_ADDRESS RingLa;
    WDFIOTARGET Lower;
    WDFLOOKASIDE Headers;
    WDFCOLLECTION Pending;
    WDFWMIINSTANCE Statistics;
    ULONG InterruptVector;
    ULONG Transfers;
} DMA_DEVICE_CONTEXT, *PDMA_DEVICE_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DMA_DEVICE_CONTEXT, DmaGetContext)

typedef struct _DMA_STATISTICS {
    ULONG Transfers;
    ULONG Errors;
} DMA_STATISTICS;

static const GUID DmaStatisticsGuid = { 0x1b3c1a2e, 0x7f1d, 0x4c53, { 0x9a, 0x44, 0x10, 0x2d, 0x6e, 0x51, 0x33, 0x90 } };

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD DmaEvtDeviceAdd;
EVT_WDF_DEVICE_PREPARE_HARDWARE DmaEvtPrepareHardware;
EVT_WDF_IO_QUEUE_IO_WRITE DmaEvtIoWrite;
EVT_WDF_PROGRAM_DMA DmaEvtProgramDma;
EVT_WDF_INTERRUPT_ISR DmaEvtIsr;
EVT_WDF_INTERRUPT_DPC DmaEvtDpc;
EVT_WDF_WMI_INSTANCE_QUERY_INSTANCE DmaEvtWmiQuery;
EVT_WDF_INTERRUPT_SYNCHRONIZE DmaEvtSynchronize;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, DmaEvtDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}

NTSTATUS DmaEvtWmiQuery(WDFWMIINSTANCE WmiInstance, ULONG OutBufferSize, PVOID OutBuffer, PULONG BufferUsed)
{
    PDMA_DEVICE_CONTEXT ctx = DmaGetContext(WdfWmiInstanceGetDevice(WmiInstance));
    DMA_STATISTICS stats;
    if (OutBufferSize < sizeof(stats)) return STATUS_BUFFER_TOO_SMALL;
    stats.Transfers = ctx->Transfers;
    stats.Errors = 0;
    RtlCopyMemory(OutBuffer, &stats, sizeof(stats));
    *BufferUsed = sizeof(stats);
    return STATUS_SUCCESS;
}

NTSTATUS DmaEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queue;
    WDF_DMA_ENABLER_CONFIG dma;
    WDF_WMI_PROVIDER_CONFIG provider;
    WDF_WMI_INSTANCE_CONFIG instance;
    WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS idle;
    WDF_INTERRUPT_CONFIG interrupt;
    WDFINTERRUPT isr;
    WDFDEVICE device;
    PDMA_DEVICE_CONTEXT ctx;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(Driver);

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = DmaEvtPrepareHardware;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DMA_DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) return status;
    ctx = DmaGetContext(device);

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queue, WdfIoQueueDispatchSequential);
    queue.EvtIoWrite = DmaEvtIoWrite;
    status = WdfIoQueueCreate(device, &queue, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) return status;

    WdfDeviceSetAlignmentRequirement(device, FILE_QUAD_ALIGNMENT);
    WDF_DMA_ENABLER_CONFIG_INIT(&dma, WdfDmaProfileScatterGather64, 0x10000);
    status = WdfDmaEnablerCreate(device, &dma, WDF_NO_OBJECT_ATTRIBUTES, &ctx->Enabler);
    if (!NT_SUCCESS(status)) return status;
    WdfDmaEnablerSetMaximumScatterGatherElements(ctx->Enabler, 32);
    status = WdfCommonBufferCreate(ctx->Enabler, PAGE_SIZE, WDF_NO_OBJECT_ATTRIBUTES, &ctx->Ring);
    if (!NT_SUCCESS(status)) return status;
    ctx->RingVa = WdfCommonBufferGetAlignedVirtualAddress(ctx->Ring);
    ctx->RingLa = WdfCommonBufferGetAlignedLogicalAddress(ctx->Ring);

    WDF_INTERRUPT_CONFIG_INIT(&interrupt, DmaEvtIsr, DmaEvtDpc);
    status = WdfInterruptCreate(device, &interrupt, WDF_NO_OBJECT_ATTRIBUTES, &isr);
    if (!NT_SUCCESS(status)) return status;

    WDF_WMI_PROVIDER_CONFIG_INIT(&provider, &DmaStatisticsGuid);
    provider.MinInstanceBufferSize = sizeof(DMA_STATISTICS);
    WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER_CONFIG(&instance, &provider);
    instance.Register = TRUE;
    instance.EvtWmiInstanceQueryInstance = DmaEvtWmiQuery;
    status = WdfWmiInstanceCreate(device, &instance, WDF_NO_OBJECT_ATTRIBUTES, &ctx->Statistics);
    if (!NT_SUCCESS(status)) return status;

    status = WdfLookasideListCreate(WDF_NO_OBJECT_ATTRIBUTES, 256, NonPagedPoolNx, WDF_NO_OBJECT_ATTRIBUTES, DMASAMPLE_TAG, &ctx->Headers);
    if (!NT_SUCCESS(status)) return status;
    status = WdfCollectionCreate(WDF_NO_OBJECT_ATTRIBUTES, &ctx->Pending);
    if (!NT_SUCCESS(status)) return status;

    WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS_INIT(&idle, IdleCannotWakeFromS0);
    idle.IdleTimeout = 10000;
    return WdfDeviceAssignS0IdleSettings(device, &idle);
}

NTSTATUS DmaEvtPrepareHardware(WDFDEVICE Device, WDFCMRESLIST Raw, WDFCMRESLIST Translated)
{
    PDMA_DEVICE_CONTEXT ctx = DmaGetContext(Device);
    ULONG i;
    UNREFERENCED_PARAMETER(Raw);
    for (i = 0; i < WdfCmResourceListGetCount(Translated); i++) {
        PCM_PARTIAL_RESOURCE_DESCRIPTOR descriptor = WdfCmResourceListGetDescriptor(Translated, i);
        if (descriptor != NULL && descriptor->Type == CmResourceTypeInterrupt) {
            ctx->InterruptVector = descriptor->u.Interrupt.Vector;
        }
    }
    return WdfIoTargetStart(WdfDeviceGetIoTarget(Device));
}

VOID DmaEvtIoWrite(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    PDMA_DEVICE_CONTEXT ctx = DmaGetContext(WdfIoQueueGetDevice(Queue));
    WDFDMATRANSACTION transaction;
    WDFMEMORY header;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(Length);

    status = WdfMemoryCreateFromLookaside(ctx->Headers, &header);
    if (NT_SUCCESS(status)) {
        WdfCollectionAdd(ctx->Pending, header);
    }
    status = WdfDmaTransactionCreate(ctx->Enabler, WDF_NO_OBJECT_ATTRIBUTES, &transaction);
    if (NT_SUCCESS(status)) {
        status = WdfDmaTransactionInitializeUsingRequest(transaction, Request, DmaEvtProgramDma, WdfDmaDirectionWriteToDevice);
    }
    if (NT_SUCCESS(status)) {
        status = WdfDmaTransactionExecute(transaction, WDF_NO_CONTEXT);
    }
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
    }
}

BOOLEAN DmaEvtProgramDma(WDFDMATRANSACTION Transaction, WDFDEVICE Device, WDFCONTEXT Context, WDF_DMA_DIRECTION Direction,
    PSCATTER_GATHER_LIST SgList)
{
    PDMA_DEVICE_CONTEXT ctx = DmaGetContext(Device);
    UNREFERENCED_PARAMETER(Transaction);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Direction);
    ctx->Transfers += SgList->NumberOfElements;
    return TRUE;
}

BOOLEAN DmaEvtIsr(WDFINTERRUPT Interrupt, ULONG MessageID)
{
    WDF_INTERRUPT_INFO info;
    UNREFERENCED_PARAMETER(MessageID);
    WDF_INTERRUPT_INFO_INIT(&info);
    WdfInterruptGetInfo(Interrupt, &info);
    return info.MessageSignaled ? WdfInterruptQueueDpcForIsr(Interrupt) : FALSE;
}

BOOLEAN DmaEvtSynchronize(WDFINTERRUPT Interrupt, WDFCONTEXT Context)
{
    UNREFERENCED_PARAMETER(Interrupt);
    return Context != NULL;
}

VOID DmaEvtDpc(WDFINTERRUPT Interrupt, WDFOBJECT AssociatedObject)
{
    PDMA_DEVICE_CONTEXT ctx = DmaGetContext(WdfInterruptGetDevice(Interrupt));
    WDFREQUEST request;
    UNREFERENCED_PARAMETER(AssociatedObject);
    WdfInterruptSynchronize(Interrupt, DmaEvtSynchronize, ctx);
    if (WdfCollectionGetCount(ctx->Pending) > 0) {
        WDFOBJECT first = WdfCollectionGetFirstItem(ctx->Pending);
        WdfCollectionRemove(ctx->Pending, first);
        WdfObjectDelete(first);
    }
    if (NT_SUCCESS(WdfIoQueueRetrieveNextRequest(WdfDeviceGetDefaultQueue(WdfInterruptGetDevice(Interrupt)), &request))) {
        WdfRequestComplete(request, STATUS_SUCCESS);
    }
}
