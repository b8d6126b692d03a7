// A PCI data-acquisition card's WDM driver connects its interrupt with IoConnectInterruptEx (a fully specified
// parameter block) where the system has it, else with IoConnectInterrupt. The interrupt service routine runs on
// whatever stack the interrupt arrived on: a thread at any depth of its kernel stack. The newer ISR decodes a fault
// inline through eight levels of register snapshots, past the 8 KB path budget; the legacy ISR only acknowledges the
// interrupt and stays quiet.
#include <ntddk.h>

// wdm.h's IoConnectInterruptEx parameter block, reduced to the fully specified form this driver uses.
typedef struct _EXAMPLE_IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS {
    PDEVICE_OBJECT PhysicalDeviceObject;
    PKINTERRUPT *InterruptObject;
    PKSERVICE_ROUTINE ServiceRoutine;
    PVOID ServiceContext;
    ULONG Vector;
    KIRQL Irql;
} EXAMPLE_IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS;

typedef struct _EXAMPLE_IO_CONNECT_INTERRUPT_PARAMETERS {
    ULONG Version;
    EXAMPLE_IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS FullySpecified;
} EXAMPLE_IO_CONNECT_INTERRUPT_PARAMETERS;

NTSTATUS ExampleIoConnectInterruptEx(EXAMPLE_IO_CONNECT_INTERRUPT_PARAMETERS *Parameters);

typedef struct _DAQ_DEVICE {
    PKINTERRUPT Interrupt;
    volatile ULONG Status;
    ULONG Faults;
} DAQ_DEVICE, *PDAQ_DEVICE;

static PDAQ_DEVICE g_Daq;

static ULONG DaqRecordFault(PDAQ_DEVICE Device)
{
    UCHAR snapshot[480];
    UCHAR scratch[416];

    RtlZeroMemory(snapshot, sizeof(snapshot));
    RtlZeroMemory(scratch, sizeof(scratch));
    Device->Faults++;
    return snapshot[0] + scratch[0];
}

static ULONG DaqCheckCalibration(PDAQ_DEVICE Device)
{
    UCHAR snapshot[480];
    UCHAR scratch[416];

    RtlZeroMemory(snapshot, sizeof(snapshot));
    RtlZeroMemory(scratch, sizeof(scratch));
    return snapshot[0] + scratch[0] + DaqRecordFault(Device);
}

static ULONG DaqCheckTrigger(PDAQ_DEVICE Device)
{
    UCHAR snapshot[480];
    UCHAR scratch[416];

    RtlZeroMemory(snapshot, sizeof(snapshot));
    RtlZeroMemory(scratch, sizeof(scratch));
    return snapshot[0] + scratch[0] + DaqCheckCalibration(Device);
}

static ULONG DaqCheckTiming(PDAQ_DEVICE Device)
{
    UCHAR snapshot[480];
    UCHAR scratch[416];

    RtlZeroMemory(snapshot, sizeof(snapshot));
    RtlZeroMemory(scratch, sizeof(scratch));
    return snapshot[0] + scratch[0] + DaqCheckTrigger(Device);
}

static ULONG DaqCheckDma(PDAQ_DEVICE Device)
{
    UCHAR snapshot[480];
    UCHAR scratch[416];

    RtlZeroMemory(snapshot, sizeof(snapshot));
    RtlZeroMemory(scratch, sizeof(scratch));
    return snapshot[0] + scratch[0] + DaqCheckTiming(Device);
}

static ULONG DaqReadFifo(PDAQ_DEVICE Device)
{
    UCHAR snapshot[480];
    UCHAR scratch[416];

    RtlZeroMemory(snapshot, sizeof(snapshot));
    RtlZeroMemory(scratch, sizeof(scratch));
    return snapshot[0] + scratch[0] + DaqCheckDma(Device);
}

static ULONG DaqReadChannels(PDAQ_DEVICE Device)
{
    UCHAR snapshot[480];
    UCHAR scratch[416];

    RtlZeroMemory(snapshot, sizeof(snapshot));
    RtlZeroMemory(scratch, sizeof(scratch));
    return snapshot[0] + scratch[0] + DaqReadFifo(Device);
}

static ULONG DaqDecodeFault(PDAQ_DEVICE Device)
{
    UCHAR snapshot[480];
    UCHAR scratch[416];

    RtlZeroMemory(snapshot, sizeof(snapshot));
    RtlZeroMemory(scratch, sizeof(scratch));
    return snapshot[0] + scratch[0] + DaqReadChannels(Device);
}

static BOOLEAN DaqIsr_bad(PKINTERRUPT Interrupt, PVOID ServiceContext) // expect: SL2002 "'DaqIsr_bad' (interrupt service routine, on the stack it interrupted) can use"
{
    PDAQ_DEVICE device = (PDAQ_DEVICE)ServiceContext;
    UCHAR registers[480];
    UCHAR pending[416];
    UNREFERENCED_PARAMETER(Interrupt);

    RtlZeroMemory(registers, sizeof(registers));
    RtlZeroMemory(pending, sizeof(pending));
    if ((device->Status & 0x80000000) == 0) {
        return FALSE;
    }
    device->Faults += DaqDecodeFault(device) + registers[0] + pending[0];
    return TRUE;
}

static BOOLEAN DaqLegacyIsr_ok(PKINTERRUPT Interrupt, PVOID ServiceContext)
{
    PDAQ_DEVICE device = (PDAQ_DEVICE)ServiceContext;
    UNREFERENCED_PARAMETER(Interrupt);

    if ((device->Status & 0x80000000) == 0) {
        return FALSE;
    }
    device->Status = 0;
    return TRUE;
}

NTSTATUS DaqConnectInterrupt(PDEVICE_OBJECT Pdo, ULONG Vector, KIRQL Irql, KAFFINITY Affinity, BOOLEAN HaveConnectEx)
{
    EXAMPLE_IO_CONNECT_INTERRUPT_PARAMETERS parameters;

    if (!HaveConnectEx) {
        return IoConnectInterrupt(&g_Daq->Interrupt, DaqLegacyIsr_ok, g_Daq, NULL, Vector, Irql, Irql, LevelSensitive, TRUE, Affinity, FALSE);
    }
    RtlZeroMemory(&parameters, sizeof(parameters));
    parameters.Version = 1;
    parameters.FullySpecified.PhysicalDeviceObject = Pdo;
    parameters.FullySpecified.InterruptObject = &g_Daq->Interrupt;
    parameters.FullySpecified.ServiceRoutine = DaqIsr_bad;
    parameters.FullySpecified.ServiceContext = g_Daq;
    parameters.FullySpecified.Vector = Vector;
    parameters.FullySpecified.Irql = Irql;
    return ExampleIoConnectInterruptEx(&parameters);
}
