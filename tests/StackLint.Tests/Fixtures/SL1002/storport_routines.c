// SL1002 fixture: a StorPort miniport's routines that HW_INITIALIZATION_DATA does not name. HwFindAdapter sets the
// message-signaled interrupt routine in the port configuration; it runs on whatever stack the interrupt arrived on,
// so a large buffer there is reported. HwInitialize asks for passive initialization, which StorPort runs once from a
// system worker thread: a fresh stack, so its buffer is SL2002's business, not SL1002's.
#include <ntddk.h>

// storport.h, reduced to what this miniport uses.
typedef BOOLEAN (*EXAMPLE_HW_PASSIVE_INITIALIZE_ROUTINE)(PVOID DeviceExtension);
BOOLEAN StorPortEnablePassiveInitialization(PVOID DeviceExtension, EXAMPLE_HW_PASSIVE_INITIALIZE_ROUTINE HwPassiveInitializeRoutine);

typedef struct _EXAMPLE_PORT_CONFIGURATION_INFORMATION {
    ULONG Length;
    PVOID HwMSInterruptRoutine;
} EXAMPLE_PORT_CONFIGURATION_INFORMATION;

typedef struct _EXAMPLE_HW_INITIALIZATION_DATA {
    ULONG HwInitializationDataSize;
    PVOID HwInitialize;
    PVOID HwFindAdapter;
} EXAMPLE_HW_INITIALIZATION_DATA;

typedef struct _EXAMPLE_ADAPTER {
    UCHAR Inquiry[96];
    ULONG Completed;
} EXAMPLE_ADAPTER, *PEXAMPLE_ADAPTER;

static BOOLEAN MsiInterrupt_bad(PVOID DeviceExtension, ULONG MessageId)
{
    UCHAR completions[640]; // expect: SL1002 "'completions' in 'MsiInterrupt_bad' is a 640-byte array on the stack"
    PEXAMPLE_ADAPTER adapter = (PEXAMPLE_ADAPTER)DeviceExtension;
    RtlZeroMemory(completions, sizeof(completions));
    adapter->Completed += completions[MessageId % sizeof(completions)] + 1;
    return TRUE;
}

static BOOLEAN PassiveInitialize_ok(PVOID DeviceExtension)
{
    UCHAR page[900];
    PEXAMPLE_ADAPTER adapter = (PEXAMPLE_ADAPTER)DeviceExtension;
    RtlZeroMemory(page, sizeof(page));
    RtlCopyMemory(adapter->Inquiry, page, sizeof(adapter->Inquiry));
    return TRUE;
}

static BOOLEAN HwInitialize_ok(PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, PassiveInitialize_ok);
}

static ULONG HwFindAdapter_ok(PVOID DeviceExtension, EXAMPLE_PORT_CONFIGURATION_INFORMATION *ConfigInfo)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    ConfigInfo->HwMSInterruptRoutine = MsiInterrupt_bad;
    return 0;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    EXAMPLE_HW_INITIALIZATION_DATA init;
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.HwInitialize = HwInitialize_ok;
    init.HwFindAdapter = HwFindAdapter_ok;
    return init.HwInitialize != NULL ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}
