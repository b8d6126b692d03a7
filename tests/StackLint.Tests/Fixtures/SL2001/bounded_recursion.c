// Recursion its own argument bounds to one level: the function recurses only past a test of a parameter, and every
// recursive call passes a value that fails that test. Still a recursion (a note says it is bounded), not a warning.
#include <ntifs.h>

IO_COMPLETION_ROUTINE ControlCompletion;

NTSTATUS ControlCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

// Without an IRP of its own the request allocates one and calls itself with it: the nested call never allocates again.
NTSTATUS SendControl_ok(PDEVICE_OBJECT Target, ULONG Code, PIRP Irp) // expect: SL2001 "bounded: it recurses only past its test of 'Irp' (line 21) and its recursive call passes 'Irp' after testing it is not NULL (line 23)"
{
    KEVENT event;
    NTSTATUS status;

    if (!Irp) {
        Irp = IoAllocateIrp(Target->StackSize, FALSE);
        if (Irp == NULL) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        KeInitializeEvent(&event, NotificationEvent, FALSE);
        IoSetCompletionRoutine(Irp, ControlCompletion, &event, TRUE, TRUE, TRUE);
        status = SendControl_ok(Target, Code, Irp);
        if (status == STATUS_PENDING) {
            KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
            status = Irp->IoStatus.Status;
        }
        IoFreeIrp(Irp);
        return status;
    }
    IoGetNextIrpStackLocation(Irp)->Parameters.DeviceIoControl.IoControlCode = Code;
    return IoCallDriver(Target, Irp);
}

typedef struct _NAME_CACHE {
    struct _NAME_CACHE *Parent;
    UNICODE_STRING Name;
} NAME_CACHE, *PNAME_CACHE;

// A lookup that first retries from the volume root, passing NULL: the retry takes the other branch.
PNAME_CACHE FindName_ok(PNAME_CACHE Start, PCUNICODE_STRING Name) // expect: SL2001 "passes NULL, which fails that test"
{
    if (Start != NULL && !RtlEqualUnicodeString(&Start->Name, Name, TRUE)) {
        return FindName_ok(NULL, Name);
    }
    return Start;
}

// Depth 0 expands once with depth 1, which does not expand again.
ULONG CountEntries_ok(PNAME_CACHE Entry, ULONG Depth) // expect: SL2001 "passes the constant 1"
{
    ULONG count = 1;
    if (Depth == 0 && Entry->Parent != NULL) {
        count += CountEntries_ok(Entry->Parent, 1);
    }
    return count;
}

// The parent walk passes a pointer read from the data: nothing says where it ends.
ULONG Depth_bad(PNAME_CACHE Entry) // expect: SL2001 "make it iterative"
{
    if (Entry == NULL) {
        return 0;
    }
    return 1 + Depth_bad(Entry->Parent);
}

// Inside a loop the parameter test runs again on the next pass; it bounds nothing.
VOID Flush_bad(PNAME_CACHE Entry, ULONG Depth) // expect: SL2001 "make it iterative"
{
    while (Depth == 0) {
        Flush_bad(Entry, Depth + 1);
        Depth = Entry->Name.Length;
    }
}
