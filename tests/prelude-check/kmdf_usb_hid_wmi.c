/*
 * kmdf_usb_hid_wmi.c - a small KMDF driver for a USB HID device: a USB target with a continuous reader and vendor
 * control transfers (<wdfusb.h>, <usbdlib.h>), a HID minidriver's internal device controls and report descriptor
 * (<hidport.h>, <hidusage.h>), and WDM-style WMI through WMILIB from an IRP preprocess callback (<wmilib.h>,
 * <wmistr.h>), after what such drivers in the wild include and call. Checks that these headers parse with the
 * embedded prelude (x64/x86/arm64) and with mingw-w64's headers underneath (x64/x86). Not meant to be built.
 */
#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>
#include <wmistr.h>
#include <wmilib.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>
#include <hidport.h>
#include <hidusage.h>

#define HIDUSB_TAG 'dihU'

DEFINE_GUID(HidUsbStatisticsGuid, 0x3b1c2a5e, 0x6f2d, 0x4c11, 0x8a, 0x40, 0x21, 0x3d, 0x6e, 0x52, 0x13, 0x91);

typedef struct _HIDUSB_CONTEXT {
    WDFUSBDEVICE UsbDevice;
    WDFUSBINTERFACE Interface;
    WDFUSBPIPE InterruptPipe;
    WDFQUEUE ReportQueue;
    USB_DEVICE_DESCRIPTOR DeviceDescriptor;
    WMILIB_CONTEXT WmiLib;
    ULONG ReportsRead;
    UCHAR LastReport[8];
} HIDUSB_CONTEXT, *PHIDUSB_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(HIDUSB_CONTEXT, HidUsbGetContext)

static const UCHAR HidUsbReportDescriptor[] = {
    0x05, (UCHAR)HID_USAGE_PAGE_GENERIC, 0x09, (UCHAR)HID_USAGE_GENERIC_MOUSE, 0xA1, 0x01,
    0x05, (UCHAR)HID_USAGE_PAGE_BUTTON, 0x19, 0x01, 0x29, 0x03, 0x15, 0x00, 0x25, 0x01, 0x95, 0x03, 0x75, 0x01, 0x81, 0x02,
    0x05, (UCHAR)HID_USAGE_PAGE_GENERIC, 0x09, (UCHAR)HID_USAGE_GENERIC_X, 0x09, (UCHAR)HID_USAGE_GENERIC_Y,
    0x15, 0x81, 0x25, 0x7F, 0x75, 0x08, 0x95, 0x02, 0x81, 0x06, 0xC0,
};

static WMIGUIDREGINFO HidUsbWmiGuids[] = { { &HidUsbStatisticsGuid, 1, 0 } };

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD HidUsbEvtDeviceAdd;
EVT_WDF_DEVICE_PREPARE_HARDWARE HidUsbEvtPrepareHardware;
EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL HidUsbEvtInternalDeviceControl;
EVT_WDF_USB_READER_COMPLETION_ROUTINE HidUsbEvtReadComplete;
EVT_WDF_USB_READERS_FAILED HidUsbEvtReadersFailed;
EVT_WDFDEVICE_WDM_IRP_PREPROCESS HidUsbEvtWmiPreprocess;
WMI_QUERY_REGINFO_CALLBACK HidUsbQueryWmiRegInfo;
WMI_QUERY_DATABLOCK_CALLBACK HidUsbQueryWmiDataBlock;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, HidUsbEvtDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}

NTSTATUS HidUsbEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE device;
    PHIDUSB_CONTEXT ctx;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(Driver);

    WdfFdoInitSetFilter(DeviceInit);
    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = HidUsbEvtPrepareHardware;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);
    status = WdfDeviceInitAssignWdmIrpPreprocessCallback(DeviceInit, HidUsbEvtWmiPreprocess, IRP_MJ_SYSTEM_CONTROL, NULL, 0);
    if (!NT_SUCCESS(status)) return status;

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, HIDUSB_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) return status;
    ctx = HidUsbGetContext(device);

    ctx->WmiLib.GuidCount = ARRAYSIZE(HidUsbWmiGuids);
    ctx->WmiLib.GuidList = HidUsbWmiGuids;
    ctx->WmiLib.QueryWmiRegInfo = HidUsbQueryWmiRegInfo;
    ctx->WmiLib.QueryWmiDataBlock = HidUsbQueryWmiDataBlock;
    status = IoWMIRegistrationControl(WdfDeviceWdmGetDeviceObject(device), WMIREG_ACTION_REGISTER);
    if (!NT_SUCCESS(status)) return status;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoInternalDeviceControl = HidUsbEvtInternalDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) return status;
    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
    return WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &ctx->ReportQueue);
}

static NTSTATUS HidUsbSendVendorCommand(PHIDUSB_CONTEXT ctx, UCHAR command, USHORT value)
{
    WDF_USB_CONTROL_SETUP_PACKET packet;
    WDF_REQUEST_SEND_OPTIONS options;
    ULONG transferred = 0;
    WDF_USB_CONTROL_SETUP_PACKET_INIT_VENDOR(&packet, BmRequestHostToDevice, BmRequestToDevice, command, value, 0);
    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_TIMEOUT);
    WDF_REQUEST_SEND_OPTIONS_SET_TIMEOUT(&options, WDF_REL_TIMEOUT_IN_MS(500));
    return WdfUsbTargetDeviceSendControlTransferSynchronously(ctx->UsbDevice, WDF_NO_HANDLE, &options, &packet, NULL, &transferred);
}

NTSTATUS HidUsbEvtPrepareHardware(WDFDEVICE Device, WDFCMRESLIST ResourcesRaw, WDFCMRESLIST ResourcesTranslated)
{
    PHIDUSB_CONTEXT ctx = HidUsbGetContext(Device);
    WDF_USB_DEVICE_CREATE_CONFIG createConfig;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS selectParams;
    WDF_USB_PIPE_INFORMATION pipeInfo;
    WDF_USB_CONTINUOUS_READER_CONFIG readerConfig;
    UCHAR index;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(ResourcesRaw);
    UNREFERENCED_PARAMETER(ResourcesTranslated);

    if (ctx->UsbDevice == NULL) {
        WDF_USB_DEVICE_CREATE_CONFIG_INIT(&createConfig, USBD_CLIENT_CONTRACT_VERSION_602);
        status = WdfUsbTargetDeviceCreateWithParameters(Device, &createConfig, WDF_NO_OBJECT_ATTRIBUTES, &ctx->UsbDevice);
        if (!NT_SUCCESS(status)) return status;
    }
    WdfUsbTargetDeviceGetDeviceDescriptor(ctx->UsbDevice, &ctx->DeviceDescriptor);

    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&selectParams);
    status = WdfUsbTargetDeviceSelectConfig(ctx->UsbDevice, WDF_NO_OBJECT_ATTRIBUTES, &selectParams);
    if (!NT_SUCCESS(status)) return status;
    ctx->Interface = selectParams.Types.SingleInterface.ConfiguredUsbInterface;

    for (index = 0; index < WdfUsbInterfaceGetNumConfiguredPipes(ctx->Interface); index++) {
        WDFUSBPIPE pipe;
        WDF_USB_PIPE_INFORMATION_INIT(&pipeInfo);
        pipe = WdfUsbInterfaceGetConfiguredPipe(ctx->Interface, index, &pipeInfo);
        if (pipeInfo.PipeType == WdfUsbPipeTypeInterrupt && WdfUsbTargetPipeIsInEndpoint(pipe)) {
            ctx->InterruptPipe = pipe;
        }
    }
    if (ctx->InterruptPipe == NULL) return STATUS_INVALID_DEVICE_STATE;

    WdfUsbTargetPipeSetNoMaximumPacketSizeCheck(ctx->InterruptPipe);
    WDF_USB_CONTINUOUS_READER_CONFIG_INIT(&readerConfig, HidUsbEvtReadComplete, ctx, sizeof(ctx->LastReport));
    readerConfig.EvtUsbTargetPipeReadersFailed = HidUsbEvtReadersFailed;
    status = WdfUsbTargetPipeConfigContinuousReader(ctx->InterruptPipe, &readerConfig);
    if (!NT_SUCCESS(status)) return status;
    status = HidUsbSendVendorCommand(ctx, 0x01, 1);
    if (!NT_SUCCESS(status)) return status;
    return WdfIoTargetStart(WdfUsbTargetPipeGetIoTarget(ctx->InterruptPipe));
}

VOID HidUsbEvtReadComplete(WDFUSBPIPE Pipe, WDFMEMORY Buffer, size_t NumBytesTransferred, WDFCONTEXT Context)
{
    PHIDUSB_CONTEXT ctx = (PHIDUSB_CONTEXT)Context;
    WDFREQUEST request;
    PHID_XFER_PACKET packet;
    PVOID data = WdfMemoryGetBuffer(Buffer, NULL);
    UNREFERENCED_PARAMETER(Pipe);

    if (NumBytesTransferred > sizeof(ctx->LastReport)) NumBytesTransferred = sizeof(ctx->LastReport);
    RtlCopyMemory(ctx->LastReport, data, NumBytesTransferred);
    ctx->ReportsRead++;
    if (NT_SUCCESS(WdfIoQueueRetrieveNextRequest(ctx->ReportQueue, &request))) {
        packet = (PHID_XFER_PACKET)WdfRequestWdmGetIrp(request)->UserBuffer;
        RtlCopyMemory(packet->reportBuffer, ctx->LastReport, NumBytesTransferred);
        WdfRequestCompleteWithInformation(request, STATUS_SUCCESS, NumBytesTransferred);
    }
}

BOOLEAN HidUsbEvtReadersFailed(WDFUSBPIPE Pipe, NTSTATUS Status, USBD_STATUS UsbdStatus)
{
    UNREFERENCED_PARAMETER(Pipe);
    UNREFERENCED_PARAMETER(Status);
    return USBD_STATUS_DEVICE_GONE != UsbdStatus;
}

VOID HidUsbEvtInternalDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength, size_t InputBufferLength, ULONG IoControlCode)
{
    PHIDUSB_CONTEXT ctx = HidUsbGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR information = 0;
    PVOID buffer;
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_HID_GET_DEVICE_DESCRIPTOR: {
        HID_DESCRIPTOR descriptor;
        RtlZeroMemory(&descriptor, sizeof(descriptor));
        descriptor.bLength = sizeof(descriptor);
        descriptor.bDescriptorType = HID_HID_DESCRIPTOR_TYPE;
        descriptor.bcdHID = 0x0101;
        descriptor.bNumDescriptors = 1;
        descriptor.DescriptorList[0].bReportType = HID_REPORT_DESCRIPTOR_TYPE;
        descriptor.DescriptorList[0].wReportLength = sizeof(HidUsbReportDescriptor);
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(descriptor), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            RtlCopyMemory(buffer, &descriptor, sizeof(descriptor));
            information = sizeof(descriptor);
        }
        break;
    }
    case IOCTL_HID_GET_REPORT_DESCRIPTOR:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(HidUsbReportDescriptor), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            RtlCopyMemory(buffer, HidUsbReportDescriptor, sizeof(HidUsbReportDescriptor));
            information = sizeof(HidUsbReportDescriptor);
        }
        break;
    case IOCTL_HID_GET_DEVICE_ATTRIBUTES: {
        PHID_DEVICE_ATTRIBUTES attributes;
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(HID_DEVICE_ATTRIBUTES), (PVOID *)&attributes, NULL);
        if (NT_SUCCESS(status)) {
            RtlZeroMemory(attributes, sizeof(*attributes));
            attributes->Size = sizeof(*attributes);
            attributes->VendorID = ctx->DeviceDescriptor.idVendor;
            attributes->ProductID = ctx->DeviceDescriptor.idProduct;
            attributes->VersionNumber = ctx->DeviceDescriptor.bcdDevice;
            information = sizeof(*attributes);
        }
        break;
    }
    case IOCTL_HID_READ_REPORT:
        status = WdfRequestForwardToIoQueue(Request, ctx->ReportQueue);
        if (NT_SUCCESS(status)) return;
        break;
    default:
        UNREFERENCED_PARAMETER(OutputBufferLength);
        status = STATUS_NOT_SUPPORTED;
        break;
    }
    WdfRequestCompleteWithInformation(Request, status, information);
}

NTSTATUS HidUsbEvtWmiPreprocess(WDFDEVICE Device, PIRP Irp)
{
    PHIDUSB_CONTEXT ctx = HidUsbGetContext(Device);
    SYSCTL_IRP_DISPOSITION disposition;
    NTSTATUS status = WmiSystemControl(&ctx->WmiLib, WdfDeviceWdmGetDeviceObject(Device), Irp, &disposition);
    switch (disposition) {
    case IrpProcessed:
        return status;
    case IrpNotCompleted:
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    default:
        IoSkipCurrentIrpStackLocation(Irp);
        return WdfDeviceWdmDispatchPreprocessedIrp(Device, Irp);
    }
}

NTSTATUS HidUsbQueryWmiRegInfo(PDEVICE_OBJECT DeviceObject, PULONG RegFlags, PUNICODE_STRING InstanceName, PUNICODE_STRING *RegistryPath, PUNICODE_STRING MofResourceName, PDEVICE_OBJECT *Pdo)
{
    UNREFERENCED_PARAMETER(InstanceName);
    UNREFERENCED_PARAMETER(MofResourceName);
    *RegFlags = WMIREG_FLAG_INSTANCE_PDO;
    *RegistryPath = NULL;
    *Pdo = DeviceObject;
    return STATUS_SUCCESS;
}

NTSTATUS HidUsbQueryWmiDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex, ULONG InstanceCount, PULONG InstanceLengthArray, ULONG BufferAvail, PUCHAR Buffer)
{
    ULONG reports = 0;
    UNREFERENCED_PARAMETER(InstanceIndex);
    if (GuidIndex != 0 || InstanceCount != 1) {
        return WmiCompleteRequest(DeviceObject, Irp, STATUS_WMI_GUID_NOT_FOUND, 0, IO_NO_INCREMENT);
    }
    if (BufferAvail < sizeof(ULONG)) {
        return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, sizeof(ULONG), IO_NO_INCREMENT);
    }
    *InstanceLengthArray = sizeof(ULONG);
    RtlCopyMemory(Buffer, &reports, sizeof(reports));
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, sizeof(ULONG), IO_NO_INCREMENT);
}
