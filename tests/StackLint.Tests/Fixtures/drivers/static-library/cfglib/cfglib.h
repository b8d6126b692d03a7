// The vendor's configuration library: a static library (cfglib.vcxproj) that several of its drivers link.
#pragma once
#include <ntddk.h>

#define CFG_BLOB_MAX 512

NTSTATUS CfgReadBlob(PCUNICODE_STRING Path, PVOID Buffer, ULONG Length, PULONG Read);
