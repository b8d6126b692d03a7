// Opens a device by name and sends it one IOCTL: a create, the IOCTL, and a cleanup and close through that device's
// stack, on the calling thread's stack. Beside the drivers rather than inside one, it is linked with each driver whose
// 'sources' file lists it (sensor and pad): the sensor driver reaches it from a dispatch routine.
#include "devquery.h"

NTSTATUS VendorQueryDevice(PUNICODE_STRING DeviceName, PULONG State)
{
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;
    HANDLE device;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, DeviceName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenFile(&device, GENERIC_READ | SYNCHRONIZE, &attributes, &iosb, FILE_SHARE_READ, FILE_SYNCHRONOUS_IO_NONALERT); // expect: SL3001 "'ZwOpenFile' in 'VendorQueryDevice' is reachable from IRP dispatch routine 'SensorQuery_bad'"
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ZwDeviceIoControlFile(device, NULL, NULL, NULL, &iosb, VENDOR_IOCTL_QUERY_STATE, NULL, 0, State, sizeof(*State)); // expect: SL3001 "'ZwDeviceIoControlFile' in 'VendorQueryDevice' is reachable from IRP dispatch routine 'SensorQuery_bad'"
    ZwClose(device);
    return status;
}
