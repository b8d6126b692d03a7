// The companion-device helpers several of the vendor's drivers compile from this shared folder.
#pragma once
#include <ntddk.h>

#define COMPANION_IOCTL_QUERY_STATE CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _COMPANION_STATE {
    ULONG Version;
    ULONG Flags;
    ULONG Temperature;
} COMPANION_STATE, *PCOMPANION_STATE;

NTSTATUS CompanionQueryState(PCUNICODE_STRING DeviceName, PCOMPANION_STATE State);
