// IRP_MJ_CREATE handling: the scanner opens a ".scan" sidecar file next to the file being opened.
#include "scanner.h"

// Builds "<name>.scan" into a caller-supplied string.
static NTSTATUS BuildSidecarName(PCUNICODE_STRING FileName, PUNICODE_STRING Sidecar)
{
    NTSTATUS status = RtlAppendUnicodeStringToString(Sidecar, FileName);
    if (NT_SUCCESS(status)) {
        status = RtlAppendUnicodeToString(Sidecar, L".scan");
    }
    return status;
}

NTSTATUS ScannerOpenSidecar(PFLT_INSTANCE Instance, PCUNICODE_STRING FileName, PHANDLE Handle)
{
    WCHAR nameBuffer[260];  // a MAX_PATH buffer on the stack: 520 bytes
    UNICODE_STRING sidecar;
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;
    NTSTATUS status;

    RtlInitEmptyUnicodeString(&sidecar, nameBuffer, sizeof(nameBuffer));
    status = BuildSidecarName(FileName, &sidecar);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&attributes, &sidecar, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);

    // Re-enters the file-system stack below this instance on the current thread's stack.
    return FltCreateFile(Globals.Filter, Instance, Handle, FILE_GENERIC_READ, &attributes, &iosb, NULL,
                         FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN, FILE_NON_DIRECTORY_FILE, NULL, 0, 0);
}

FLT_PREOP_CALLBACK_STATUS FLTAPI ScannerPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    PFLT_FILE_NAME_INFORMATION nameInfo;
    HANDLE sidecar;
    NTSTATUS status;

    *CompletionContext = NULL;
    if (FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DIRECTORY_FILE)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    // Unguarded: opening the sidecar from inside someone else's create walks the whole stack again.
    status = ScannerOpenSidecar(FltObjects->Instance, &nameInfo->Name, &sidecar);
    if (NT_SUCCESS(status)) {
        ZwClose(sidecar);
    }
    FltReleaseFileNameInformation(nameInfo);
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}
