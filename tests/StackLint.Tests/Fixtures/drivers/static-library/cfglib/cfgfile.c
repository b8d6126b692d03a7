// Reads a configuration file whole: a create, a read and a cleanup and close, each through every file-system filter
// and the file system, on the calling thread's stack. Which stack that is depends on the driver that links the
// library (../driver/driver.c).
#include "cfglib.h"

NTSTATUS CfgReadBlob(PCUNICODE_STRING Path, PVOID Buffer, ULONG Length, PULONG Read)
{
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;
    HANDLE file;
    NTSTATUS status;

    *Read = 0;
    InitializeObjectAttributes(&attributes, (PUNICODE_STRING)Path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenFile(&file, GENERIC_READ | SYNCHRONIZE, &attributes, &iosb, FILE_SHARE_READ, // expect: SL3001 "'ZwOpenFile' in 'CfgReadBlob' is reachable from IRP dispatch routine 'CfgDeviceControl_bad'"
                        FILE_NON_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ZwReadFile(file, NULL, NULL, NULL, &iosb, Buffer, Length, NULL, NULL); // expect: SL3001 "'ZwReadFile' in 'CfgReadBlob' is reachable from IRP dispatch routine 'CfgDeviceControl_bad'"
    if (NT_SUCCESS(status)) {
        *Read = (ULONG)iosb.Information;
    }
    ZwClose(file);
    return status;
}
