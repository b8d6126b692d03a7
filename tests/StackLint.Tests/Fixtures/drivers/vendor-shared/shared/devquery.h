// The vendor's device-query helpers, compiled into each of its drivers from this shared folder (no project file here
// says which: the drivers' build scripts list it).
#pragma once
#include <ntddk.h>

#define VENDOR_IOCTL_QUERY_STATE CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)

NTSTATUS VendorQueryDevice(PUNICODE_STRING DeviceName, PULONG State);
