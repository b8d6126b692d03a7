// Shared declarations of the example "scanner" minifilter.
#pragma once
#include <fltKernel.h>

#define SCANNER_TAG 'nacS'
#define SCANNER_MAX_DEPTH 8
// Below this much remaining stack, file I/O is posted to a worker thread instead of issued inline.
#define SCANNER_MIN_STACK_FOR_IO 0x2000

typedef struct _SCANNER_GLOBALS {
    PFLT_FILTER Filter;
    PDRIVER_OBJECT DriverObject;
    LONG ScansStarted;
} SCANNER_GLOBALS;

extern SCANNER_GLOBALS Globals;

FLT_PREOP_CALLBACK_STATUS FLTAPI ScannerPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);
FLT_POSTOP_CALLBACK_STATUS FLTAPI ScannerPostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags);
FLT_PREOP_CALLBACK_STATUS FLTAPI ScannerPreCleanup(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);

NTSTATUS ScannerOpenSidecar(PFLT_INSTANCE Instance, PCUNICODE_STRING FileName, PHANDLE Handle);
NTSTATUS ScannerWalkDirectory(PFLT_INSTANCE Instance, HANDLE Directory, ULONG Depth);
NTSTATUS ScannerWalkEntry(PFLT_INSTANCE Instance, HANDLE Directory, PFILE_DIRECTORY_INFORMATION Entry, ULONG Depth);
