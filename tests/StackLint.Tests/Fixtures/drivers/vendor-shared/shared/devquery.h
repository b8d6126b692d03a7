// The vendor's device-query helpers, compiled into each of its drivers from this shared folder: each driver's WDK
// 'sources' file lists ..\shared\devquery.c.
#pragma once
#include <ntddk.h>

#define VENDOR_IOCTL_QUERY_STATE CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)

NTSTATUS VendorQueryDevice(PUNICODE_STRING DeviceName, PULONG State);
