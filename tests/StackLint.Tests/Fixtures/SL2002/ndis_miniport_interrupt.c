// An NDIS 6 miniport registers its interrupt handlers with NdisMRegisterInterruptEx
// (NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS). The message-signaled interrupt handler runs on whatever stack the
// interrupt arrived on, and this one walks the completion ring inline, copying each descriptor level by level: past
// the 8 KB path budget. The line-based handler only claims the interrupt and queues the DPC, and the DPC handler
// (at DISPATCH_LEVEL, after the interrupt) drains a short queue: both stay quiet.
#include <ntddk.h>

// ndis.h, reduced to what this miniport uses.
typedef BOOLEAN EXAMPLE_MINIPORT_ISR(PVOID MiniportInterruptContext, PBOOLEAN QueueDefaultInterruptDpc, PULONG TargetProcessors);
typedef BOOLEAN EXAMPLE_MINIPORT_MESSAGE_ISR(PVOID MiniportInterruptContext, ULONG MessageId, PBOOLEAN QueueDefaultInterruptDpc, PULONG TargetProcessors);
typedef VOID EXAMPLE_MINIPORT_INTERRUPT_DPC(PVOID MiniportInterruptContext, PVOID MiniportDpcContext, PULONG Reserved1, PULONG Reserved2);

typedef struct _EXAMPLE_NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS {
    ULONG Size;
    EXAMPLE_MINIPORT_ISR *InterruptHandler;
    EXAMPLE_MINIPORT_INTERRUPT_DPC *InterruptDpcHandler;
    EXAMPLE_MINIPORT_MESSAGE_ISR *MessageInterruptHandler;
    EXAMPLE_MINIPORT_INTERRUPT_DPC *MessageInterruptDpcHandler;
    BOOLEAN MsiSupported;
} EXAMPLE_NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS;

NTSTATUS ExampleNdisMRegisterInterruptEx(PVOID MiniportAdapterHandle, PVOID MiniportInterruptContext, EXAMPLE_NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS *Characteristics, PVOID *NdisInterruptHandle);

typedef struct _NIC_ADAPTER {
    PVOID InterruptHandle;
    volatile ULONG Cause;
    ULONG Completed;
} NIC_ADAPTER, *PNIC_ADAPTER;

static ULONG NicCountPacket(PNIC_ADAPTER Adapter)
{
    UCHAR snapshot[480];
    UCHAR scratch[416];

    RtlZeroMemory(snapshot, sizeof(snapshot));
    RtlZeroMemory(scratch, sizeof(scratch));
    Adapter->Completed++;
    return snapshot[0] + scratch[0];
}

static ULONG NicCheckRss(PNIC_ADAPTER Adapter)
{
    UCHAR snapshot[480];
    UCHAR scratch[416];

    RtlZeroMemory(snapshot, sizeof(snapshot));
    RtlZeroMemory(scratch, sizeof(scratch));
    return snapshot[0] + scratch[0] + NicCountPacket(Adapter);
}

static ULONG NicCheckVlan(PNIC_ADAPTER Adapter)
{
    UCHAR snapshot[480];
    UCHAR scratch[416];

    RtlZeroMemory(snapshot, sizeof(snapshot));
    RtlZeroMemory(scratch, sizeof(scratch));
    return snapshot[0] + scratch[0] + NicCheckRss(Adapter);
}

static ULONG NicCheckSegments(PNIC_ADAPTER Adapter)
{
    UCHAR snapshot[480];
    UCHAR scratch[416];

    RtlZeroMemory(snapshot, sizeof(snapshot));
    RtlZeroMemory(scratch, sizeof(scratch));
    return snapshot[0] + scratch[0] + NicCheckVlan(Adapter);
}

static ULONG NicCheckChecksum(PNIC_ADAPTER Adapter)
{
    UCHAR snapshot[480];
    UCHAR scratch[416];

    RtlZeroMemory(snapshot, sizeof(snapshot));
    RtlZeroMemory(scratch, sizeof(scratch));
    return snapshot[0] + scratch[0] + NicCheckSegments(Adapter);
}

static ULONG NicReadExtended(PNIC_ADAPTER Adapter)
{
    UCHAR snapshot[480];
    UCHAR scratch[416];

    RtlZeroMemory(snapshot, sizeof(snapshot));
    RtlZeroMemory(scratch, sizeof(scratch));
    return snapshot[0] + scratch[0] + NicCheckChecksum(Adapter);
}

static ULONG NicReadDescriptor(PNIC_ADAPTER Adapter)
{
    UCHAR snapshot[480];
    UCHAR scratch[416];

    RtlZeroMemory(snapshot, sizeof(snapshot));
    RtlZeroMemory(scratch, sizeof(scratch));
    return snapshot[0] + scratch[0] + NicReadExtended(Adapter);
}

static ULONG NicWalkRing(PNIC_ADAPTER Adapter)
{
    UCHAR snapshot[480];
    UCHAR scratch[416];

    RtlZeroMemory(snapshot, sizeof(snapshot));
    RtlZeroMemory(scratch, sizeof(scratch));
    return snapshot[0] + scratch[0] + NicReadDescriptor(Adapter);
}

static BOOLEAN NicMessageIsr_bad(PVOID MiniportInterruptContext, ULONG MessageId, PBOOLEAN QueueDefaultInterruptDpc, PULONG TargetProcessors) // expect: SL2002 "'NicMessageIsr_bad' (NDIS miniport message-signaled interrupt handler, on the stack it interrupted) can use"
{
    PNIC_ADAPTER adapter = (PNIC_ADAPTER)MiniportInterruptContext;
    UCHAR causes[480];
    UCHAR vectors[416];
    UNREFERENCED_PARAMETER(TargetProcessors);

    RtlZeroMemory(causes, sizeof(causes));
    RtlZeroMemory(vectors, sizeof(vectors));
    adapter->Completed += NicWalkRing(adapter) + causes[MessageId & 7] + vectors[0];
    *QueueDefaultInterruptDpc = FALSE;
    return TRUE;
}

static BOOLEAN NicIsr_ok(PVOID MiniportInterruptContext, PBOOLEAN QueueDefaultInterruptDpc, PULONG TargetProcessors)
{
    PNIC_ADAPTER adapter = (PNIC_ADAPTER)MiniportInterruptContext;
    UNREFERENCED_PARAMETER(TargetProcessors);

    if (adapter->Cause == 0) {
        return FALSE;
    }
    *QueueDefaultInterruptDpc = TRUE;
    return TRUE;
}

static VOID NicInterruptDpc_ok(PVOID MiniportInterruptContext, PVOID MiniportDpcContext, PULONG Reserved1, PULONG Reserved2)
{
    PNIC_ADAPTER adapter = (PNIC_ADAPTER)MiniportInterruptContext;
    UNREFERENCED_PARAMETER(MiniportDpcContext);
    UNREFERENCED_PARAMETER(Reserved1);
    UNREFERENCED_PARAMETER(Reserved2);

    adapter->Completed += NicCountPacket(adapter);
    adapter->Cause = 0;
}

NTSTATUS NicRegisterInterrupt(PVOID MiniportAdapterHandle, PNIC_ADAPTER Adapter)
{
    EXAMPLE_NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS characteristics;

    RtlZeroMemory(&characteristics, sizeof(characteristics));
    characteristics.Size = sizeof(characteristics);
    characteristics.InterruptHandler = NicIsr_ok;
    characteristics.InterruptDpcHandler = NicInterruptDpc_ok;
    characteristics.MessageInterruptHandler = NicMessageIsr_bad;
    characteristics.MessageInterruptDpcHandler = NicInterruptDpc_ok;
    characteristics.MsiSupported = TRUE;
    return ExampleNdisMRegisterInterruptEx(MiniportAdapterHandle, Adapter, &characteristics, &Adapter->InterruptHandle);
}
