// SL3001 fixture: a socket provider driver for its own transport. It implements the WSK provider dispatch table and
// exports a helper for other drivers; both run on whatever stack their caller (a WSK client, another driver) has
// left. Opening the transport's control device from them is a create through the I/O manager on that stack.
#include <ntddk.h>

// The WSK provider dispatch table (wsk.h), reduced to what this provider fills in.
typedef struct _EXAMPLE_WSK_PROVIDER_DISPATCH {
    USHORT Version;
    USHORT Reserved;
    PVOID WskSocket;
    PVOID WskSocketConnect;
    PVOID WskControlClient;
} WSK_PROVIDER_DISPATCH;

static NTSTATUS OpenTransport(PHANDLE Handle)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ExampleTransport");
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;
    InitializeObjectAttributes(&attributes, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    return ZwCreateFile(Handle, GENERIC_READ | GENERIC_WRITE, &attributes, &iosb, NULL, 0, 0, FILE_OPEN, 0, NULL, 0); // expect: SL3001 "'ZwCreateFile' in 'OpenTransport' is reachable from WSK provider dispatch routine 'ProviderSocket_bad'"
}

static NTSTATUS ProviderSocket_bad(PVOID Client, USHORT Family, USHORT Type, ULONG Protocol, ULONG Flags, PVOID Context,
                                   const VOID *Dispatch, PEPROCESS Process, PETHREAD Thread, PSECURITY_DESCRIPTOR Security, PIRP Irp)
{
    HANDLE handle;
    UNREFERENCED_PARAMETER(Client); UNREFERENCED_PARAMETER(Family); UNREFERENCED_PARAMETER(Type);
    UNREFERENCED_PARAMETER(Protocol); UNREFERENCED_PARAMETER(Flags); UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Dispatch); UNREFERENCED_PARAMETER(Process); UNREFERENCED_PARAMETER(Thread);
    UNREFERENCED_PARAMETER(Security);
    Irp->IoStatus.Status = OpenTransport(&handle);
    Irp->IoStatus.Information = (ULONG_PTR)handle;
    return Irp->IoStatus.Status;
}

static const WSK_PROVIDER_DISPATCH g_ProviderDispatch = { 0x0100, 0, ProviderSocket_bad, NULL, NULL };

__declspec(dllexport) NTSTATUS ExampleQueryTransport_bad(PULONG Flags)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ExampleTransport");
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;
    HANDLE handle;
    NTSTATUS status;
    InitializeObjectAttributes(&attributes, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenFile(&handle, FILE_READ_ATTRIBUTES, &attributes, &iosb, FILE_SHARE_READ, 0); // expect: SL3001 "reachable from exported function 'ExampleQueryTransport_bad'"
    if (NT_SUCCESS(status)) {
        *Flags = 1;
        ZwClose(handle);
    }
    return status;
}

NTSTATUS ExampleUnusedProbe_ok(VOID)
{
    // Neither registered, exported nor called: its caller (if any) is unknown, so it starts no walk.
    HANDLE handle;
    return OpenTransport(&handle) == STATUS_SUCCESS && g_ProviderDispatch.Version != 0 ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}
