// Opens the companion device by name and asks it for its state with an IOCTL: a create, the IOCTL and a cleanup and
// close, each through the companion's whole device stack, on the calling thread's stack. Which stack that is depends
// on the driver that calls it (see ../driver.c).
#include "companion.h"

NTSTATUS CompanionQueryState(PCUNICODE_STRING DeviceName, PCOMPANION_STATE State)
{
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;
    HANDLE device;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, (PUNICODE_STRING)DeviceName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenFile(&device, GENERIC_READ | SYNCHRONIZE, &attributes, &iosb, FILE_SHARE_READ | FILE_SHARE_WRITE, // expect: SL3001 "'ZwOpenFile' in 'CompanionQueryState' is reachable from IRP dispatch routine 'SensorDeviceControl_bad' with no remaining-stack check"
                        FILE_NON_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ZwDeviceIoControlFile(device, NULL, NULL, NULL, &iosb, COMPANION_IOCTL_QUERY_STATE, NULL, 0, State, sizeof(*State)); // expect: SL3001 "'ZwDeviceIoControlFile' in 'CompanionQueryState' is reachable from IRP dispatch routine 'SensorDeviceControl_bad' with no remaining-stack check"
    ZwClose(device);
    return status;
}
