// A StorPort SATA miniport's interrupt path: the ISR (HW_INITIALIZATION_DATA.HwInterrupt) runs on whatever stack the
// interrupt arrived on, at the interrupted thread's depth. On a fatal port error it runs the whole recovery inline:
// interrupt handler -> port service -> fatal-error handling -> error recovery -> NCQ recovery (read the NCQ error
// log) -> port reset -> COMRESET -> restart, and a restart that still sees an error resets the port again (SL2001's
// cycle). Each step keeps about 900 bytes of FIS copies and register snapshots on the stack: the path needs more than
// the 8 KB budget before it even reaches the cycle, so SL2002 reports the ISR and says where the recursion starts.
// The bus-reset routine enters the same recovery at the port reset: its path before the cycle fits, and SL2002 stays
// quiet.
#include <ntddk.h>

// storport.h, reduced to what this miniport uses.
typedef BOOLEAN EXAMPLE_HW_INTERRUPT(PVOID DeviceExtension);
typedef BOOLEAN EXAMPLE_HW_STARTIO(PVOID DeviceExtension, PVOID Srb);
typedef BOOLEAN EXAMPLE_HW_RESET_BUS(PVOID DeviceExtension, ULONG PathId);

typedef struct _EXAMPLE_HW_INITIALIZATION_DATA {
    ULONG HwInitializationDataSize;
    ULONG AdapterInterfaceType;
    EXAMPLE_HW_STARTIO *HwStartIo;
    EXAMPLE_HW_INTERRUPT *HwInterrupt;
    EXAMPLE_HW_RESET_BUS *HwResetBus;
} EXAMPLE_HW_INITIALIZATION_DATA;

ULONG ExampleStorPortInitialize(PVOID Argument1, PVOID Argument2, EXAMPLE_HW_INITIALIZATION_DATA *HwInitializationData, PVOID HwContext);

typedef struct _AHCI_PORT {
    volatile ULONG InterruptStatus;
    volatile ULONG TaskFileData;
    volatile ULONG SataError;
    ULONG ActiveSlots;
    ULONG ResetCount;
} AHCI_PORT, *PAHCI_PORT;

typedef struct _AHCI_ADAPTER {
    AHCI_PORT Ports[4];
    ULONG PendingPorts;
} AHCI_ADAPTER, *PAHCI_ADAPTER;

static ULONG AhciPortReset(PAHCI_PORT Port);

// Restarts the command engine; an error that is still there resets the port again.
static ULONG AhciRestartPort(PAHCI_PORT Port) // expect: SL2001 "make it iterative"
{
    UCHAR commandList[480];
    UCHAR receivedFis[400];

    RtlZeroMemory(commandList, sizeof(commandList));
    RtlZeroMemory(receivedFis, sizeof(receivedFis));
    Port->ActiveSlots = commandList[0] + receivedFis[0];
    return Port->SataError != 0 ? AhciPortReset(Port) : 0;
}

static ULONG AhciComReset(PAHCI_PORT Port)
{
    UCHAR control[480];
    UCHAR signature[400];

    RtlZeroMemory(control, sizeof(control));
    RtlZeroMemory(signature, sizeof(signature));
    Port->SataError = control[0] | signature[0];
    return AhciRestartPort(Port);
}

static ULONG AhciPortReset(PAHCI_PORT Port)
{
    UCHAR savedSlots[480];
    UCHAR savedFis[400];

    RtlZeroMemory(savedSlots, sizeof(savedSlots));
    RtlZeroMemory(savedFis, sizeof(savedFis));
    Port->ResetCount += savedSlots[0] + savedFis[0] + 1;
    return AhciComReset(Port);
}

static ULONG AhciReadNcqErrorLog(PAHCI_PORT Port)
{
    UCHAR logPage[480];
    UCHAR commandFis[400];

    RtlZeroMemory(logPage, sizeof(logPage));
    RtlZeroMemory(commandFis, sizeof(commandFis));
    Port->ActiveSlots &= ~(1u << (logPage[0] & 31));
    return commandFis[0] + AhciPortReset(Port);
}

static ULONG AhciNcqErrorRecovery(PAHCI_PORT Port)
{
    UCHAR outstanding[480];
    UCHAR senseData[400];

    RtlZeroMemory(outstanding, sizeof(outstanding));
    RtlZeroMemory(senseData, sizeof(senseData));
    return outstanding[0] + senseData[0] + AhciReadNcqErrorLog(Port);
}

static ULONG AhciErrorRecovery(PAHCI_PORT Port)
{
    UCHAR taskFile[480];
    UCHAR errorLog[400];

    RtlZeroMemory(taskFile, sizeof(taskFile));
    RtlZeroMemory(errorLog, sizeof(errorLog));
    Port->TaskFileData = taskFile[0] + errorLog[0];
    return AhciNcqErrorRecovery(Port);
}

static ULONG AhciHandleFatalError(PAHCI_PORT Port)
{
    UCHAR failedFis[480];
    UCHAR registers[400];

    RtlZeroMemory(failedFis, sizeof(failedFis));
    RtlZeroMemory(registers, sizeof(registers));
    return failedFis[0] + registers[0] + AhciErrorRecovery(Port);
}

static ULONG AhciProcessPortInterrupt(PAHCI_PORT Port)
{
    UCHAR completions[480];
    UCHAR status[400];

    RtlZeroMemory(completions, sizeof(completions));
    RtlZeroMemory(status, sizeof(status));
    if (Port->InterruptStatus & 0x40000000) {
        return AhciHandleFatalError(Port);
    }
    return completions[0] + status[0];
}

static ULONG AhciServicePort(PAHCI_PORT Port)
{
    UCHAR doneSlots[480];
    UCHAR doneFis[400];

    RtlZeroMemory(doneSlots, sizeof(doneSlots));
    RtlZeroMemory(doneFis, sizeof(doneFis));
    Port->ActiveSlots &= ~(ULONG)(doneSlots[0] | doneFis[0]);
    return AhciProcessPortInterrupt(Port);
}

static BOOLEAN AhciInterruptHandler(PAHCI_ADAPTER Adapter)
{
    UCHAR portSnapshot[480];
    UCHAR slotSnapshot[400];
    ULONG i;

    RtlZeroMemory(portSnapshot, sizeof(portSnapshot));
    RtlZeroMemory(slotSnapshot, sizeof(slotSnapshot));
    for (i = 0; i < 4; i++) {
        if (Adapter->PendingPorts & (1u << i)) {
            AhciServicePort(&Adapter->Ports[i]);
        }
    }
    return portSnapshot[0] == slotSnapshot[0];
}

static BOOLEAN AhciHwInterrupt_bad(PVOID DeviceExtension) // expect: SL2002 "'AhciHwInterrupt_bad' (StorPort interrupt service routine, on the stack it interrupted)"
{
    UCHAR pending[480];
    UCHAR globalStatus[400];
    PAHCI_ADAPTER adapter = (PAHCI_ADAPTER)DeviceExtension;

    RtlZeroMemory(pending, sizeof(pending));
    RtlZeroMemory(globalStatus, sizeof(globalStatus));
    adapter->PendingPorts = pending[0] | globalStatus[0];
    return adapter->PendingPorts != 0 && AhciInterruptHandler(adapter);
}

static BOOLEAN AhciHwResetBus_ok(PVOID DeviceExtension, ULONG PathId)
{
    PAHCI_ADAPTER adapter = (PAHCI_ADAPTER)DeviceExtension;

    return AhciPortReset(&adapter->Ports[PathId & 3]) == 0;
}

static BOOLEAN AhciHwStartIo_ok(PVOID DeviceExtension, PVOID Srb)
{
    PAHCI_ADAPTER adapter = (PAHCI_ADAPTER)DeviceExtension;

    adapter->Ports[0].ActiveSlots |= Srb != NULL ? 1u : 0u;
    return TRUE;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    EXAMPLE_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.HwStartIo = AhciHwStartIo_ok;
    init.HwInterrupt = AhciHwInterrupt_bad;
    init.HwResetBus = AhciHwResetBus_ok;
    return (NTSTATUS)ExampleStorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
