// Stack expansion around stack-hungry work: the size asked for must cover the callout and may not exceed
// MAXIMUM_EXPANSION_SIZE (71,680 bytes on x64), or the call fails with STATUS_INVALID_PARAMETER_3.
#include <ntifs.h>

// mingw-w64's ntddk.h predates the Ex routine; this is the WDK prototype.
NTKERNELAPI NTSTATUS NTAPI KeExpandKernelStackAndCalloutEx(PEXPAND_STACK_CALLOUT Callout, PVOID Parameter, SIZE_T Size,
                                                          BOOLEAN Wait, PVOID Context);

typedef struct _SECTOR_REQUEST {
    HANDLE File;
    LARGE_INTEGER Offset;
    ULONG Checksum;
    NTSTATUS Status;
} SECTOR_REQUEST, *PSECTOR_REQUEST;

// Reads one sector into a stack buffer: about 4 KB of frame, which is why it runs on an expanded stack.
static VOID ChecksumSectorCallout(PVOID Parameter) // expect: SL1001
{
    PSECTOR_REQUEST request = (PSECTOR_REQUEST)Parameter;
    IO_STATUS_BLOCK iosb;
    UCHAR sector[4096]; // not SL1002: a callout starts on the stack it asked for, and SL3003 checks that size
    ULONG i;

    request->Status = ZwReadFile(request->File, NULL, NULL, NULL, &iosb, sector, sizeof(sector), &request->Offset, NULL);
    request->Checksum = 0;
    for (i = 0; NT_SUCCESS(request->Status) && i < sizeof(sector); i++) {
        request->Checksum = (request->Checksum << 1) ^ sector[i];
    }
}

static VOID CloseFileCallout(PVOID Parameter)
{
    PSECTOR_REQUEST request = (PSECTOR_REQUEST)Parameter;
    request->Status = ZwClose(request->File);
}

NTSTATUS ChecksumSector_bad(PSECTOR_REQUEST Request)
{
    NTSTATUS status = KeExpandKernelStackAndCalloutEx(ChecksumSectorCallout, Request, 0x1000, FALSE, NULL); // expect: SL3003 "asks for 4,096 bytes of stack, but its callout 'ChecksumSectorCallout' needs an estimated"
    return NT_SUCCESS(status) ? Request->Status : status;
}

NTSTATUS ChecksumSector_ok(PSECTOR_REQUEST Request)
{
    NTSTATUS status = KeExpandKernelStackAndCalloutEx(ChecksumSectorCallout, Request, 0x6000, FALSE, NULL);
    return NT_SUCCESS(status) ? Request->Status : status;
}

NTSTATUS CloseFile_bad(PSECTOR_REQUEST Request)
{
    NTSTATUS status = KeExpandKernelStackAndCallout(CloseFileCallout, Request, 0x20000); // expect: SL3003 "more than MAXIMUM_EXPANSION_SIZE (71,680 bytes on x64)"
    return NT_SUCCESS(status) ? Request->Status : status;
}

NTSTATUS CloseFile_ok(PSECTOR_REQUEST Request, SIZE_T Size)
{
    // Not a constant: not judged.
    NTSTATUS status = KeExpandKernelStackAndCallout(CloseFileCallout, Request, Size);
    return NT_SUCCESS(status) ? Request->Status : status;
}

NTSTATUS CloseFileMaximum_ok(PSECTOR_REQUEST Request)
{
    NTSTATUS status = KeExpandKernelStackAndCallout(CloseFileCallout, Request, MAXIMUM_EXPANSION_SIZE);
    return NT_SUCCESS(status) ? Request->Status : status;
}
