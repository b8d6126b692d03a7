// An input filter that hooks the class driver's service callback: on the connect IOCTL it saves the class driver's
// connect data and puts its own callback in its place; its callback filters the packets and hands them on through the
// saved copy. Its own routine and the class driver's share the field 'ClassService', but calling through it is the
// hand-on to the class driver, not a recursion. Likewise a code page that falls back to its base table's routine.
#include <ntddk.h>

typedef VOID (*EXAMPLE_SERVICE_CALLBACK)(PDEVICE_OBJECT DeviceObject, PVOID Start, PVOID End, PULONG Consumed);

typedef struct _EXAMPLE_CONNECT_DATA {
    PDEVICE_OBJECT ClassDeviceObject;
    PVOID ClassService;
} EXAMPLE_CONNECT_DATA, *PEXAMPLE_CONNECT_DATA;

typedef struct _FILTER_EXTENSION {
    EXAMPLE_CONNECT_DATA UpperConnect;
    ULONG Dropped;
} FILTER_EXTENSION, *PFILTER_EXTENSION;

typedef struct _CODE_PAGE {
    int (*ToUnicode)(const unsigned char *In, int Length, unsigned short *Out);
    struct _CODE_PAGE *Base;
} CODE_PAGE;

#define EXAMPLE_IOCTL_CONNECT 0x000B0203

static VOID FilterServiceCallback_ok(PDEVICE_OBJECT DeviceObject, PVOID Start, PVOID End, PULONG Consumed)
{
    PFILTER_EXTENSION extension = (PFILTER_EXTENSION)DeviceObject->DeviceExtension;
    // Hand the packets on to the class driver's callback saved at connect time.
    (*(EXAMPLE_SERVICE_CALLBACK)extension->UpperConnect.ClassService)(extension->UpperConnect.ClassDeviceObject, Start, End, Consumed);
}

NTSTATUS FilterInternalIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PFILTER_EXTENSION extension = (PFILTER_EXTENSION)DeviceObject->DeviceExtension;
    if (stack->Parameters.DeviceIoControl.IoControlCode == EXAMPLE_IOCTL_CONNECT) {
        PEXAMPLE_CONNECT_DATA connect = (PEXAMPLE_CONNECT_DATA)stack->Parameters.DeviceIoControl.Type3InputBuffer;
        extension->UpperConnect = *connect;
        connect->ClassDeviceObject = DeviceObject;
        connect->ClassService = FilterServiceCallback_ok;
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static CODE_PAGE g_Ascii;

static int AsciiToUnicode_ok(const unsigned char *In, int Length, unsigned short *Out)
{
    int i;
    for (i = 0; i < Length; i++) {
        Out[i] = In[i];
    }
    return Length;
}

static int ShiftToUnicode_ok(const unsigned char *In, int Length, unsigned short *Out)
{
    static CODE_PAGE shift;
    if (Length > 0 && In[0] < 0x80 && shift.Base != NULL) {
        return shift.Base->ToUnicode(In, Length, Out);   // the base table's routine, not this one
    }
    return 0;
}

static CODE_PAGE g_Shift = { ShiftToUnicode_ok, &g_Ascii };

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    g_Ascii.ToUnicode = AsciiToUnicode_ok;
    DriverObject->MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL] = FilterInternalIoctl;
    return g_Shift.ToUnicode != NULL ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}
