/*
 * kmdf_driver.c - a small KMDF driver (a control device with a default queue) used to check that <wdf.h> parses
 * with the embedded prelude (x64/x86/arm64) and on top of mingw-w64's headers (x64/x86). Not meant to be built.
 */
#include <ntddk.h>
#include <wdf.h>

#define KMDFSAMPLE_TAG 'lpmS'
#define IOCTL_KMDFSAMPLE_QUERY CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_KMDFSAMPLE_RESET CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _DEVICE_CONTEXT {
    WDFQUEUE DefaultQueue;
    WDFSPINLOCK Lock;
    WDFTIMER Poll;
    WDFWORKITEM Flush;
    ULONG Requests;
    UCHAR State[64];
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, DeviceGetContext)

typedef struct _QUERY_REPLY {
    ULONG Requests;
    UCHAR State[64];
} QUERY_REPLY, *PQUERY_REPLY;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD SampleEvtDeviceAdd;
EVT_WDF_DRIVER_UNLOAD SampleEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL SampleEvtIoDeviceControl;
EVT_WDF_IO_QUEUE_IO_READ SampleEvtIoRead;
EVT_WDF_IO_QUEUE_IO_STOP SampleEvtIoStop;
EVT_WDF_DEVICE_FILE_CREATE SampleEvtFileCreate;
EVT_WDF_FILE_CLOSE SampleEvtFileClose;
EVT_WDF_DEVICE_D0_ENTRY SampleEvtD0Entry;
EVT_WDF_DEVICE_D0_EXIT SampleEvtD0Exit;
EVT_WDF_TIMER SampleEvtPoll;
EVT_WDF_WORKITEM SampleEvtFlush;
EVT_WDF_OBJECT_CONTEXT_CLEANUP SampleEvtDeviceCleanup;
EVT_WDF_REQUEST_COMPLETION_ROUTINE SampleForwardCompleted;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, SampleEvtDeviceAdd);
    config.EvtDriverUnload = SampleEvtDriverUnload;
    config.DriverPoolTag = KMDFSAMPLE_TAG;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, WDF_NO_HANDLE);
    return status;
}

VOID SampleEvtDriverUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
}

NTSTATUS SampleEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_PNPPOWER_EVENT_CALLBACKS power;
    WDF_FILEOBJECT_CONFIG files;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_TIMER_CONFIG timerConfig;
    WDF_WORKITEM_CONFIG workConfig;
    WDFDEVICE device;
    PDEVICE_CONTEXT context;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(linkName, L"\\DosDevices\\KmdfSample");

    UNREFERENCED_PARAMETER(Driver);
    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);
    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&power);
    power.EvtDeviceD0Entry = SampleEvtD0Entry;
    power.EvtDeviceD0Exit = SampleEvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &power);
    WDF_FILEOBJECT_CONFIG_INIT(&files, SampleEvtFileCreate, SampleEvtFileClose, WDF_NO_EVENT_CALLBACK);
    WdfDeviceInitSetFileObjectConfig(DeviceInit, &files, WDF_NO_OBJECT_ATTRIBUTES);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);
    attributes.EvtCleanupCallback = SampleEvtDeviceCleanup;
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    context = DeviceGetContext(device);
    context->Requests = 0;

    status = WdfDeviceCreateSymbolicLink(device, &linkName);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = SampleEvtIoDeviceControl;
    queueConfig.EvtIoRead = SampleEvtIoRead;
    queueConfig.EvtIoStop = SampleEvtIoStop;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &context->DefaultQueue);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfSpinLockCreate(&attributes, &context->Lock);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    WDF_TIMER_CONFIG_INIT(&timerConfig, SampleEvtPoll);
    timerConfig.Period = 1000;
    status = WdfTimerCreate(&timerConfig, &attributes, &context->Poll);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    WDF_WORKITEM_CONFIG_INIT(&workConfig, SampleEvtFlush);
    return WdfWorkItemCreate(&workConfig, &attributes, &context->Flush);
}

static NTSTATUS SampleQuery(PDEVICE_CONTEXT Context, WDFREQUEST Request, size_t *Written)
{
    PQUERY_REPLY reply;
    size_t length;
    NTSTATUS status;

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(QUERY_REPLY), (PVOID *)&reply, &length);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    WdfSpinLockAcquire(Context->Lock);
    reply->Requests = Context->Requests;
    RtlCopyMemory(reply->State, Context->State, sizeof(reply->State));
    WdfSpinLockRelease(Context->Lock);
    *Written = sizeof(QUERY_REPLY);
    return STATUS_SUCCESS;
}

VOID SampleEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength, size_t InputBufferLength, ULONG IoControlCode)
{
    PDEVICE_CONTEXT context = DeviceGetContext(WdfIoQueueGetDevice(Queue));
    WDF_REQUEST_PARAMETERS parameters;
    size_t written = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);
    WDF_REQUEST_PARAMETERS_INIT(&parameters);
    WdfRequestGetParameters(Request, &parameters);
    InterlockedIncrement((volatile LONG *)&context->Requests);

    switch (IoControlCode) {
    case IOCTL_KMDFSAMPLE_QUERY:
        status = SampleQuery(context, Request, &written);
        break;
    case IOCTL_KMDFSAMPLE_RESET:
        RtlZeroMemory(context->State, sizeof(context->State));
        WdfWorkItemEnqueue(context->Flush);
        status = STATUS_SUCCESS;
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    WdfRequestCompleteWithInformation(Request, status, written);
}

VOID SampleForwardCompleted(WDFREQUEST Request, WDFIOTARGET Target, PWDF_REQUEST_COMPLETION_PARAMS Params, WDFCONTEXT Context)
{
    UNREFERENCED_PARAMETER(Target);
    UNREFERENCED_PARAMETER(Context);
    WdfRequestComplete(Request, Params->IoStatus.Status);
}

VOID SampleEvtIoRead(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    WDF_REQUEST_SEND_OPTIONS options;
    WDFIOTARGET target = WdfDeviceGetIoTarget(WdfIoQueueGetDevice(Queue));

    UNREFERENCED_PARAMETER(Length);
    WdfRequestFormatRequestUsingCurrentType(Request);
    WdfRequestSetCompletionRoutine(Request, SampleForwardCompleted, WDF_NO_CONTEXT);
    WDF_REQUEST_SEND_OPTIONS_INIT(&options, 0);
    if (!WdfRequestSend(Request, target, &options)) {
        WdfRequestComplete(Request, WdfRequestGetStatus(Request));
    }
}

VOID SampleEvtIoStop(WDFQUEUE Queue, WDFREQUEST Request, ULONG ActionFlags)
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(ActionFlags);
    WdfRequestComplete(Request, STATUS_CANCELLED);
}

VOID SampleEvtFileCreate(WDFDEVICE Device, WDFREQUEST Request, WDFFILEOBJECT FileObject)
{
    UNREFERENCED_PARAMETER(Device);
    UNREFERENCED_PARAMETER(FileObject);
    WdfRequestComplete(Request, STATUS_SUCCESS);
}

VOID SampleEvtFileClose(WDFFILEOBJECT FileObject)
{
    UNREFERENCED_PARAMETER(FileObject);
}

NTSTATUS SampleEvtD0Entry(WDFDEVICE Device, WDF_POWER_DEVICE_STATE PreviousState)
{
    UNREFERENCED_PARAMETER(PreviousState);
    WdfTimerStart(DeviceGetContext(Device)->Poll, WDF_REL_TIMEOUT_IN_MS(1000));
    return STATUS_SUCCESS;
}

NTSTATUS SampleEvtD0Exit(WDFDEVICE Device, WDF_POWER_DEVICE_STATE TargetState)
{
    UNREFERENCED_PARAMETER(TargetState);
    WdfTimerStop(DeviceGetContext(Device)->Poll, TRUE);
    return STATUS_SUCCESS;
}

VOID SampleEvtPoll(WDFTIMER Timer)
{
    PDEVICE_CONTEXT context = DeviceGetContext(WdfTimerGetParentObject(Timer));
    context->State[0]++;
}

VOID SampleEvtFlush(WDFWORKITEM WorkItem)
{
    PDEVICE_CONTEXT context = DeviceGetContext(WdfWorkItemGetParentObject(WorkItem));
    UCHAR snapshot[64];
    RtlCopyMemory(snapshot, context->State, sizeof(snapshot));
}

VOID SampleEvtDeviceCleanup(WDFOBJECT Object)
{
    UNREFERENCED_PARAMETER(Object);
}
