/*
 * wdfusb.h - StackLint embedded kernel prelude: KMDF USB I/O targets (WDFUSBDEVICE, WDFUSBINTERFACE, WDFUSBPIPE),
 * with the framework's shape as in wdf.h: configuration structures initialised by FORCEINLINE *_INIT functions and
 * every WdfUsbXxx routine a FORCEINLINE wrapper through WdfFunctions[]. Written from the documented KMDF 1.15 USB API;
 * sizes match the WDK's (layout.c checks them). Includes the prelude's <usb.h> and <usbdlib.h> (mingw-w64's when its
 * include folders come first).
 */
#ifndef _WDFUSB_H_
#define _WDFUSB_H_

#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>

/* mingw-w64's usbdlib.h predates USBD client contracts. */
#ifndef USBD_CLIENT_CONTRACT_VERSION_602
#define USBD_CLIENT_CONTRACT_VERSION_INVALID 0xFFFFFFFF
#define USBD_CLIENT_CONTRACT_VERSION_602 0x602
#endif

typedef struct WDFUSBDEVICE__ { int unused; } *WDFUSBDEVICE;
typedef struct WDFUSBINTERFACE__ { int unused; } *WDFUSBINTERFACE;
typedef struct WDFUSBPIPE__ { int unused; } *WDFUSBPIPE;

#ifndef BMREQUEST_HOST_TO_DEVICE
#define BMREQUEST_HOST_TO_DEVICE 0
#define BMREQUEST_DEVICE_TO_HOST 1
#define BMREQUEST_STANDARD 0
#define BMREQUEST_CLASS 1
#define BMREQUEST_VENDOR 2
#define BMREQUEST_TO_DEVICE 0
#define BMREQUEST_TO_INTERFACE 1
#define BMREQUEST_TO_ENDPOINT 2
#define BMREQUEST_TO_OTHER 3
#endif

typedef enum _WDF_USB_REQUEST_TYPE {
    WdfUsbRequestTypeInvalid = 0,
    WdfUsbRequestTypeNoFormat,
    WdfUsbRequestTypeDeviceString,
    WdfUsbRequestTypeDeviceControlTransfer,
    WdfUsbRequestTypeDeviceUrb,
    WdfUsbRequestTypePipeWrite,
    WdfUsbRequestTypePipeRead,
    WdfUsbRequestTypePipeAbort,
    WdfUsbRequestTypePipeReset,
    WdfUsbRequestTypePipeUrb
} WDF_USB_REQUEST_TYPE, *PWDF_USB_REQUEST_TYPE;

typedef enum _WDF_USB_BMREQUEST_DIRECTION { BmRequestHostToDevice = BMREQUEST_HOST_TO_DEVICE, BmRequestDeviceToHost = BMREQUEST_DEVICE_TO_HOST } WDF_USB_BMREQUEST_DIRECTION;
typedef enum _WDF_USB_BMREQUEST_TYPE { BmRequestStandard = BMREQUEST_STANDARD, BmRequestClass = BMREQUEST_CLASS, BmRequestVendor = BMREQUEST_VENDOR } WDF_USB_BMREQUEST_TYPE;
typedef enum _WDF_USB_BMREQUEST_RECIPIENT { BmRequestToDevice = BMREQUEST_TO_DEVICE, BmRequestToInterface = BMREQUEST_TO_INTERFACE, BmRequestToEndpoint = BMREQUEST_TO_ENDPOINT, BmRequestToOther = BMREQUEST_TO_OTHER } WDF_USB_BMREQUEST_RECIPIENT;
typedef enum _WDF_USB_PIPE_TYPE { WdfUsbPipeTypeInvalid = 0, WdfUsbPipeTypeControl, WdfUsbPipeTypeIsochronous, WdfUsbPipeTypeBulk, WdfUsbPipeTypeInterrupt } WDF_USB_PIPE_TYPE;
typedef enum _WdfUsbTargetDeviceSelectConfigType {
    WdfUsbTargetDeviceSelectConfigTypeInvalid = 0,
    WdfUsbTargetDeviceSelectConfigTypeDeconfig = 1,
    WdfUsbTargetDeviceSelectConfigTypeSingleInterface = 2,
    WdfUsbTargetDeviceSelectConfigTypeMultiInterface = 3,
    WdfUsbTargetDeviceSelectConfigTypeInterfacesPairs = 4,
    WdfUsbTargetDeviceSelectConfigTypeInterfacesDescriptor = 5,
    WdfUsbTargetDeviceSelectConfigTypeUrb = 6
} WdfUsbTargetDeviceSelectConfigType;
typedef enum _WdfUsbTargetDeviceSelectSettingType {
    WdfUsbInterfaceSelectSettingTypeDescriptor = 0x10,
    WdfUsbInterfaceSelectSettingTypeSetting = 0x11,
    WdfUsbInterfaceSelectSettingTypeUrb = 0x12
} WdfUsbTargetDeviceSelectSettingType;
typedef enum _WDF_USB_DEVICE_TRAITS {
    WDF_USB_DEVICE_TRAIT_SELF_POWERED = 0x00000001,
    WDF_USB_DEVICE_TRAIT_REMOTE_WAKE_CAPABLE = 0x00000002,
    WDF_USB_DEVICE_TRAIT_AT_HIGH_SPEED = 0x00000004
} WDF_USB_DEVICE_TRAITS;

typedef union _WDF_USB_CONTROL_SETUP_PACKET {
    struct {
        union {
            struct {
                UCHAR Recipient : 2;
                UCHAR Reserved : 3;
                UCHAR Type : 2;
                UCHAR Dir : 1;
            } Request;
            UCHAR Byte;
        } bm;
        UCHAR bRequest;
        union { struct { UCHAR LowByte; UCHAR HiByte; } Bytes; USHORT Value; } wValue;
        union { struct { UCHAR LowByte; UCHAR HiByte; } Bytes; USHORT Value; } wIndex;
        USHORT wLength;
    } Packet;
    struct { UCHAR Bytes[8]; } Generic;
} WDF_USB_CONTROL_SETUP_PACKET, *PWDF_USB_CONTROL_SETUP_PACKET;

FORCEINLINE VOID STACKLINT_WDF_USB_SETUP(PWDF_USB_CONTROL_SETUP_PACKET Packet, UCHAR Direction, UCHAR Type, UCHAR Recipient, UCHAR Request, USHORT Value, USHORT Index)
{
    RtlZeroMemory(Packet, sizeof(WDF_USB_CONTROL_SETUP_PACKET));
    Packet->Packet.bm.Request.Dir = Direction;
    Packet->Packet.bm.Request.Type = Type;
    Packet->Packet.bm.Request.Recipient = Recipient;
    Packet->Packet.bRequest = Request;
    Packet->Packet.wValue.Value = Value;
    Packet->Packet.wIndex.Value = Index;
}
FORCEINLINE VOID WDF_USB_CONTROL_SETUP_PACKET_INIT(PWDF_USB_CONTROL_SETUP_PACKET Packet, WDF_USB_BMREQUEST_DIRECTION Direction, WDF_USB_BMREQUEST_RECIPIENT Recipient, UCHAR Request, USHORT Value, USHORT Index)
{
    STACKLINT_WDF_USB_SETUP(Packet, (UCHAR)Direction, (UCHAR)BmRequestStandard, (UCHAR)Recipient, Request, Value, Index);
}
FORCEINLINE VOID WDF_USB_CONTROL_SETUP_PACKET_INIT_CLASS(PWDF_USB_CONTROL_SETUP_PACKET Packet, WDF_USB_BMREQUEST_DIRECTION Direction, WDF_USB_BMREQUEST_RECIPIENT Recipient, UCHAR Request, USHORT Value, USHORT Index)
{
    STACKLINT_WDF_USB_SETUP(Packet, (UCHAR)Direction, (UCHAR)BmRequestClass, (UCHAR)Recipient, Request, Value, Index);
}
FORCEINLINE VOID WDF_USB_CONTROL_SETUP_PACKET_INIT_VENDOR(PWDF_USB_CONTROL_SETUP_PACKET Packet, WDF_USB_BMREQUEST_DIRECTION Direction, WDF_USB_BMREQUEST_RECIPIENT Recipient, UCHAR Request, USHORT Value, USHORT Index)
{
    STACKLINT_WDF_USB_SETUP(Packet, (UCHAR)Direction, (UCHAR)BmRequestVendor, (UCHAR)Recipient, Request, Value, Index);
}
FORCEINLINE VOID WDF_USB_CONTROL_SETUP_PACKET_INIT_FEATURE(PWDF_USB_CONTROL_SETUP_PACKET Packet, WDF_USB_BMREQUEST_RECIPIENT BmRequestRecipient, USHORT FeatureSelector, USHORT Index, BOOLEAN SetFeature)
{
    STACKLINT_WDF_USB_SETUP(Packet, (UCHAR)BmRequestHostToDevice, (UCHAR)BmRequestStandard, (UCHAR)BmRequestRecipient, SetFeature ? USB_REQUEST_SET_FEATURE : USB_REQUEST_CLEAR_FEATURE, FeatureSelector, Index);
}
FORCEINLINE VOID WDF_USB_CONTROL_SETUP_PACKET_INIT_GET_STATUS(PWDF_USB_CONTROL_SETUP_PACKET Packet, WDF_USB_BMREQUEST_RECIPIENT BmRequestRecipient, USHORT Index)
{
    STACKLINT_WDF_USB_SETUP(Packet, (UCHAR)BmRequestDeviceToHost, (UCHAR)BmRequestStandard, (UCHAR)BmRequestRecipient, USB_REQUEST_GET_STATUS, 0, Index);
}

typedef struct _WDF_USB_REQUEST_COMPLETION_PARAMS {
    USBD_STATUS UsbdStatus;
    WDF_USB_REQUEST_TYPE Type;
    union {
        struct { WDFMEMORY Buffer; USHORT LangID; UCHAR StringIndex; UCHAR RequiredSize; } DeviceString;
        struct { WDFMEMORY Buffer; WDF_USB_CONTROL_SETUP_PACKET SetupPacket; ULONG Length; } DeviceControlTransfer;
        struct { WDFMEMORY Buffer; } DeviceUrb;
        struct { WDFMEMORY Buffer; size_t Length; size_t Offset; } PipeWrite;
        struct { WDFMEMORY Buffer; size_t Length; size_t Offset; } PipeRead;
        struct { WDFMEMORY Buffer; } PipeUrb;
    } Parameters;
} WDF_USB_REQUEST_COMPLETION_PARAMS, *PWDF_USB_REQUEST_COMPLETION_PARAMS;

typedef VOID EVT_WDF_USB_READER_COMPLETION_ROUTINE(WDFUSBPIPE Pipe, WDFMEMORY Buffer, size_t NumBytesTransferred, WDFCONTEXT Context);
typedef EVT_WDF_USB_READER_COMPLETION_ROUTINE *PFN_WDF_USB_READER_COMPLETION_ROUTINE;
typedef BOOLEAN EVT_WDF_USB_READERS_FAILED(WDFUSBPIPE Pipe, NTSTATUS Status, USBD_STATUS UsbdStatus);
typedef EVT_WDF_USB_READERS_FAILED *PFN_WDF_USB_READERS_FAILED;

typedef struct _WDF_USB_CONTINUOUS_READER_CONFIG {
    ULONG Size;
    size_t TransferLength;
    size_t HeaderLength;
    size_t TrailerLength;
    UCHAR NumPendingReads;
    PWDF_OBJECT_ATTRIBUTES BufferAttributes;
    PFN_WDF_USB_READER_COMPLETION_ROUTINE EvtUsbTargetPipeReadComplete;
    WDFCONTEXT EvtUsbTargetPipeReadCompleteContext;
    PFN_WDF_USB_READERS_FAILED EvtUsbTargetPipeReadersFailed;
} WDF_USB_CONTINUOUS_READER_CONFIG, *PWDF_USB_CONTINUOUS_READER_CONFIG;

FORCEINLINE VOID WDF_USB_CONTINUOUS_READER_CONFIG_INIT(PWDF_USB_CONTINUOUS_READER_CONFIG Config, PFN_WDF_USB_READER_COMPLETION_ROUTINE EvtUsbTargetPipeReadComplete, WDFCONTEXT EvtUsbTargetPipeReadCompleteContext, size_t TransferLength)
{
    RtlZeroMemory(Config, sizeof(WDF_USB_CONTINUOUS_READER_CONFIG));
    Config->Size = sizeof(WDF_USB_CONTINUOUS_READER_CONFIG);
    Config->EvtUsbTargetPipeReadComplete = EvtUsbTargetPipeReadComplete;
    Config->EvtUsbTargetPipeReadCompleteContext = EvtUsbTargetPipeReadCompleteContext;
    Config->TransferLength = TransferLength;
}

/* A USB device and a pipe are I/O targets: the handle converts. */
FORCEINLINE WDFIOTARGET WdfUsbTargetDeviceGetIoTarget(WDFUSBDEVICE UsbDevice) { return (WDFIOTARGET)UsbDevice; }
FORCEINLINE WDFIOTARGET WdfUsbTargetPipeGetIoTarget(WDFUSBPIPE Pipe) { return (WDFIOTARGET)Pipe; }

typedef struct _WDF_USB_DEVICE_INFORMATION {
    ULONG Size;
    USBD_VERSION_INFORMATION UsbdVersionInformation;
    ULONG HcdPortCapabilities;
    ULONG Traits;
} WDF_USB_DEVICE_INFORMATION, *PWDF_USB_DEVICE_INFORMATION;

FORCEINLINE VOID WDF_USB_DEVICE_INFORMATION_INIT(PWDF_USB_DEVICE_INFORMATION Udi)
{
    RtlZeroMemory(Udi, sizeof(WDF_USB_DEVICE_INFORMATION));
    Udi->Size = sizeof(WDF_USB_DEVICE_INFORMATION);
}

typedef struct _WDF_USB_INTERFACE_SETTING_PAIR {
    WDFUSBINTERFACE UsbInterface;
    UCHAR SettingIndex;
} WDF_USB_INTERFACE_SETTING_PAIR, *PWDF_USB_INTERFACE_SETTING_PAIR;

typedef struct _WDF_USB_DEVICE_SELECT_CONFIG_PARAMS {
    ULONG Size;
    WdfUsbTargetDeviceSelectConfigType Type;
    union {
        struct { PUSB_CONFIGURATION_DESCRIPTOR ConfigurationDescriptor; PUSB_INTERFACE_DESCRIPTOR *InterfaceDescriptors; ULONG NumInterfaceDescriptors; } Descriptor;
        struct { PURB Urb; } Urb;
        struct { UCHAR NumberConfiguredPipes; WDFUSBINTERFACE ConfiguredUsbInterface; } SingleInterface;
        struct { UCHAR NumberInterfaces; PWDF_USB_INTERFACE_SETTING_PAIR Pairs; UCHAR NumberOfConfiguredInterfaces; } MultiInterface;
    } Types;
} WDF_USB_DEVICE_SELECT_CONFIG_PARAMS, *PWDF_USB_DEVICE_SELECT_CONFIG_PARAMS;

FORCEINLINE VOID WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(PWDF_USB_DEVICE_SELECT_CONFIG_PARAMS Params)
{
    RtlZeroMemory(Params, sizeof(WDF_USB_DEVICE_SELECT_CONFIG_PARAMS));
    Params->Size = sizeof(WDF_USB_DEVICE_SELECT_CONFIG_PARAMS);
    Params->Type = WdfUsbTargetDeviceSelectConfigTypeSingleInterface;
}
FORCEINLINE VOID WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_MULTIPLE_INTERFACES(PWDF_USB_DEVICE_SELECT_CONFIG_PARAMS Params, UCHAR NumberInterfaces, PWDF_USB_INTERFACE_SETTING_PAIR SettingPairs)
{
    RtlZeroMemory(Params, sizeof(WDF_USB_DEVICE_SELECT_CONFIG_PARAMS));
    Params->Size = sizeof(WDF_USB_DEVICE_SELECT_CONFIG_PARAMS);
    if (SettingPairs != NULL && NumberInterfaces != 0) {
        Params->Type = WdfUsbTargetDeviceSelectConfigTypeInterfacesPairs;
        Params->Types.MultiInterface.NumberInterfaces = NumberInterfaces;
        Params->Types.MultiInterface.Pairs = SettingPairs;
    } else {
        Params->Type = WdfUsbTargetDeviceSelectConfigTypeMultiInterface;
    }
}
FORCEINLINE VOID WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_INTERFACES_DESCRIPTORS(PWDF_USB_DEVICE_SELECT_CONFIG_PARAMS Params, PUSB_CONFIGURATION_DESCRIPTOR ConfigDescriptor, PUSB_INTERFACE_DESCRIPTOR *InterfaceDescriptors, ULONG NumInterfaceDescriptors)
{
    RtlZeroMemory(Params, sizeof(WDF_USB_DEVICE_SELECT_CONFIG_PARAMS));
    Params->Size = sizeof(WDF_USB_DEVICE_SELECT_CONFIG_PARAMS);
    Params->Type = WdfUsbTargetDeviceSelectConfigTypeInterfacesDescriptor;
    Params->Types.Descriptor.ConfigurationDescriptor = ConfigDescriptor;
    Params->Types.Descriptor.InterfaceDescriptors = InterfaceDescriptors;
    Params->Types.Descriptor.NumInterfaceDescriptors = NumInterfaceDescriptors;
}
FORCEINLINE VOID WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_URB(PWDF_USB_DEVICE_SELECT_CONFIG_PARAMS Params, PURB Urb)
{
    RtlZeroMemory(Params, sizeof(WDF_USB_DEVICE_SELECT_CONFIG_PARAMS));
    Params->Size = sizeof(WDF_USB_DEVICE_SELECT_CONFIG_PARAMS);
    Params->Type = WdfUsbTargetDeviceSelectConfigTypeUrb;
    Params->Types.Urb.Urb = Urb;
}
FORCEINLINE VOID WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_DECONFIG(PWDF_USB_DEVICE_SELECT_CONFIG_PARAMS Params)
{
    RtlZeroMemory(Params, sizeof(WDF_USB_DEVICE_SELECT_CONFIG_PARAMS));
    Params->Size = sizeof(WDF_USB_DEVICE_SELECT_CONFIG_PARAMS);
    Params->Type = WdfUsbTargetDeviceSelectConfigTypeDeconfig;
}

typedef struct _WDF_USB_INTERFACE_SELECT_SETTING_PARAMS {
    ULONG Size;
    WdfUsbTargetDeviceSelectSettingType Type;
    union {
        struct { PUSB_INTERFACE_DESCRIPTOR InterfaceDescriptor; } Descriptor;
        struct { UCHAR SettingIndex; } Interface;
        struct { PURB Urb; } Urb;
    } Types;
} WDF_USB_INTERFACE_SELECT_SETTING_PARAMS, *PWDF_USB_INTERFACE_SELECT_SETTING_PARAMS;

FORCEINLINE VOID WDF_USB_INTERFACE_SELECT_SETTING_PARAMS_INIT_SETTING(PWDF_USB_INTERFACE_SELECT_SETTING_PARAMS Params, UCHAR SettingIndex)
{
    RtlZeroMemory(Params, sizeof(WDF_USB_INTERFACE_SELECT_SETTING_PARAMS));
    Params->Size = sizeof(WDF_USB_INTERFACE_SELECT_SETTING_PARAMS);
    Params->Type = WdfUsbInterfaceSelectSettingTypeSetting;
    Params->Types.Interface.SettingIndex = SettingIndex;
}
FORCEINLINE VOID WDF_USB_INTERFACE_SELECT_SETTING_PARAMS_INIT_DESCRIPTOR(PWDF_USB_INTERFACE_SELECT_SETTING_PARAMS Params, PUSB_INTERFACE_DESCRIPTOR Interface)
{
    RtlZeroMemory(Params, sizeof(WDF_USB_INTERFACE_SELECT_SETTING_PARAMS));
    Params->Size = sizeof(WDF_USB_INTERFACE_SELECT_SETTING_PARAMS);
    Params->Type = WdfUsbInterfaceSelectSettingTypeDescriptor;
    Params->Types.Descriptor.InterfaceDescriptor = Interface;
}

typedef struct _WDF_USB_PIPE_INFORMATION {
    ULONG Size;
    ULONG MaximumPacketSize;
    UCHAR EndpointAddress;
    UCHAR Interval;
    UCHAR SettingIndex;
    WDF_USB_PIPE_TYPE PipeType;
    ULONG MaximumTransferSize;
} WDF_USB_PIPE_INFORMATION, *PWDF_USB_PIPE_INFORMATION;

FORCEINLINE VOID WDF_USB_PIPE_INFORMATION_INIT(PWDF_USB_PIPE_INFORMATION Info)
{
    RtlZeroMemory(Info, sizeof(WDF_USB_PIPE_INFORMATION));
    Info->Size = sizeof(WDF_USB_PIPE_INFORMATION);
}
FORCEINLINE BOOLEAN WDF_USB_PIPE_DIRECTION_IN(UCHAR EndpointAddress) { return (EndpointAddress & USB_ENDPOINT_DIRECTION_MASK) ? TRUE : FALSE; }
FORCEINLINE BOOLEAN WDF_USB_PIPE_DIRECTION_OUT(UCHAR EndpointAddress) { return (EndpointAddress & USB_ENDPOINT_DIRECTION_MASK) == 0x00 ? TRUE : FALSE; }

typedef struct _WDF_USB_DEVICE_CREATE_CONFIG {
    ULONG Size;
    ULONG USBDClientContractVersion;
} WDF_USB_DEVICE_CREATE_CONFIG, *PWDF_USB_DEVICE_CREATE_CONFIG;

FORCEINLINE VOID WDF_USB_DEVICE_CREATE_CONFIG_INIT(PWDF_USB_DEVICE_CREATE_CONFIG Config, ULONG USBDClientContractVersion)
{
    RtlZeroMemory(Config, sizeof(WDF_USB_DEVICE_CREATE_CONFIG));
    Config->Size = sizeof(WDF_USB_DEVICE_CREATE_CONFIG);
    Config->USBDClientContractVersion = USBDClientContractVersion;
}

/* The USB routines' slots in the framework's function table (after wdf.h's). */
typedef enum _STACKLINT_WDFUSBFUNCENUM {
    WdfUsbTargetDeviceCreateTableIndex = WdfFunctionTableNumEntries + 512,
    WdfUsbTargetDeviceCreateWithParametersTableIndex,
    WdfUsbTargetDeviceRetrieveInformationTableIndex,
    WdfUsbTargetDeviceGetDeviceDescriptorTableIndex,
    WdfUsbTargetDeviceRetrieveConfigDescriptorTableIndex,
    WdfUsbTargetDeviceQueryStringTableIndex,
    WdfUsbTargetDeviceAllocAndQueryStringTableIndex,
    WdfUsbTargetDeviceFormatRequestForStringTableIndex,
    WdfUsbTargetDeviceGetNumInterfacesTableIndex,
    WdfUsbTargetDeviceSelectConfigTableIndex,
    WdfUsbTargetDeviceWdmGetConfigurationHandleTableIndex,
    WdfUsbTargetDeviceRetrieveCurrentFrameNumberTableIndex,
    WdfUsbTargetDeviceSendControlTransferSynchronouslyTableIndex,
    WdfUsbTargetDeviceFormatRequestForControlTransferTableIndex,
    WdfUsbTargetDeviceIsConnectedSynchronousTableIndex,
    WdfUsbTargetDeviceResetPortSynchronouslyTableIndex,
    WdfUsbTargetDeviceCyclePortSynchronouslyTableIndex,
    WdfUsbTargetDeviceFormatRequestForCyclePortTableIndex,
    WdfUsbTargetDeviceSendUrbSynchronouslyTableIndex,
    WdfUsbTargetDeviceFormatRequestForUrbTableIndex,
    WdfUsbTargetDeviceQueryUsbCapabilityTableIndex,
    WdfUsbTargetDeviceCreateUrbTableIndex,
    WdfUsbTargetDeviceCreateIsochUrbTableIndex,
    WdfUsbTargetPipeGetInformationTableIndex,
    WdfUsbTargetPipeIsInEndpointTableIndex,
    WdfUsbTargetPipeIsOutEndpointTableIndex,
    WdfUsbTargetPipeGetTypeTableIndex,
    WdfUsbTargetPipeSetNoMaximumPacketSizeCheckTableIndex,
    WdfUsbTargetPipeWriteSynchronouslyTableIndex,
    WdfUsbTargetPipeFormatRequestForWriteTableIndex,
    WdfUsbTargetPipeReadSynchronouslyTableIndex,
    WdfUsbTargetPipeFormatRequestForReadTableIndex,
    WdfUsbTargetPipeConfigContinuousReaderTableIndex,
    WdfUsbTargetPipeAbortSynchronouslyTableIndex,
    WdfUsbTargetPipeFormatRequestForAbortTableIndex,
    WdfUsbTargetPipeResetSynchronouslyTableIndex,
    WdfUsbTargetPipeFormatRequestForResetTableIndex,
    WdfUsbTargetPipeSendUrbSynchronouslyTableIndex,
    WdfUsbTargetPipeFormatRequestForUrbTableIndex,
    WdfUsbInterfaceGetInterfaceNumberTableIndex,
    WdfUsbInterfaceGetNumEndpointsTableIndex,
    WdfUsbInterfaceGetDescriptorTableIndex,
    WdfUsbInterfaceGetNumSettingsTableIndex,
    WdfUsbInterfaceSelectSettingTableIndex,
    WdfUsbInterfaceGetEndpointInformationTableIndex,
    WdfUsbTargetDeviceGetInterfaceTableIndex,
    WdfUsbInterfaceGetConfiguredSettingIndexTableIndex,
    WdfUsbInterfaceGetNumConfiguredPipesTableIndex,
    WdfUsbInterfaceGetConfiguredPipeTableIndex,
    WdfUsbTargetPipeWdmGetPipeHandleTableIndex
} STACKLINT_WDFUSBFUNCENUM;

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETDEVICECREATE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, PWDF_OBJECT_ATTRIBUTES Attributes, WDFUSBDEVICE *UsbDevice);
FORCEINLINE NTSTATUS WdfUsbTargetDeviceCreate(WDFDEVICE Device, PWDF_OBJECT_ATTRIBUTES Attributes, WDFUSBDEVICE *UsbDevice)
{
    return ((PFN_WDFUSBTARGETDEVICECREATE)WdfFunctions[WdfUsbTargetDeviceCreateTableIndex])(WdfDriverGlobals, Device, Attributes, UsbDevice);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETDEVICECREATEWITHPARAMETERS)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, PWDF_USB_DEVICE_CREATE_CONFIG Config, PWDF_OBJECT_ATTRIBUTES Attributes, WDFUSBDEVICE *UsbDevice);
FORCEINLINE NTSTATUS WdfUsbTargetDeviceCreateWithParameters(WDFDEVICE Device, PWDF_USB_DEVICE_CREATE_CONFIG Config, PWDF_OBJECT_ATTRIBUTES Attributes, WDFUSBDEVICE *UsbDevice)
{
    return ((PFN_WDFUSBTARGETDEVICECREATEWITHPARAMETERS)WdfFunctions[WdfUsbTargetDeviceCreateWithParametersTableIndex])(WdfDriverGlobals, Device, Config, Attributes, UsbDevice);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETDEVICERETRIEVEINFORMATION)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBDEVICE UsbDevice, PWDF_USB_DEVICE_INFORMATION Information);
FORCEINLINE NTSTATUS WdfUsbTargetDeviceRetrieveInformation(WDFUSBDEVICE UsbDevice, PWDF_USB_DEVICE_INFORMATION Information)
{
    return ((PFN_WDFUSBTARGETDEVICERETRIEVEINFORMATION)WdfFunctions[WdfUsbTargetDeviceRetrieveInformationTableIndex])(WdfDriverGlobals, UsbDevice, Information);
}

typedef VOID (NTAPI *PFN_WDFUSBTARGETDEVICEGETDEVICEDESCRIPTOR)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBDEVICE UsbDevice, PUSB_DEVICE_DESCRIPTOR UsbDeviceDescriptor);
FORCEINLINE VOID WdfUsbTargetDeviceGetDeviceDescriptor(WDFUSBDEVICE UsbDevice, PUSB_DEVICE_DESCRIPTOR UsbDeviceDescriptor)
{
    ((PFN_WDFUSBTARGETDEVICEGETDEVICEDESCRIPTOR)WdfFunctions[WdfUsbTargetDeviceGetDeviceDescriptorTableIndex])(WdfDriverGlobals, UsbDevice, UsbDeviceDescriptor);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETDEVICERETRIEVECONFIGDESCRIPTOR)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBDEVICE UsbDevice, PVOID ConfigDescriptor, PUSHORT ConfigDescriptorLength);
FORCEINLINE NTSTATUS WdfUsbTargetDeviceRetrieveConfigDescriptor(WDFUSBDEVICE UsbDevice, PVOID ConfigDescriptor, PUSHORT ConfigDescriptorLength)
{
    return ((PFN_WDFUSBTARGETDEVICERETRIEVECONFIGDESCRIPTOR)WdfFunctions[WdfUsbTargetDeviceRetrieveConfigDescriptorTableIndex])(WdfDriverGlobals, UsbDevice, ConfigDescriptor, ConfigDescriptorLength);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETDEVICEQUERYSTRING)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBDEVICE UsbDevice, WDFREQUEST Request, PWDF_REQUEST_SEND_OPTIONS RequestOptions, _Out_writes_opt_( *NumCharacters) PUSHORT String, PUSHORT NumCharacters, UCHAR StringIndex, USHORT LangID);
FORCEINLINE NTSTATUS WdfUsbTargetDeviceQueryString(WDFUSBDEVICE UsbDevice, WDFREQUEST Request, PWDF_REQUEST_SEND_OPTIONS RequestOptions, _Out_writes_opt_( *NumCharacters) PUSHORT String, PUSHORT NumCharacters, UCHAR StringIndex, USHORT LangID)
{
    return ((PFN_WDFUSBTARGETDEVICEQUERYSTRING)WdfFunctions[WdfUsbTargetDeviceQueryStringTableIndex])(WdfDriverGlobals, UsbDevice, Request, RequestOptions, String, NumCharacters, StringIndex, LangID);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETDEVICEALLOCANDQUERYSTRING)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBDEVICE UsbDevice, PWDF_OBJECT_ATTRIBUTES StringMemoryAttributes, WDFMEMORY *StringMemory, PUSHORT NumCharacters, UCHAR StringIndex, USHORT LangID);
FORCEINLINE NTSTATUS WdfUsbTargetDeviceAllocAndQueryString(WDFUSBDEVICE UsbDevice, PWDF_OBJECT_ATTRIBUTES StringMemoryAttributes, WDFMEMORY *StringMemory, PUSHORT NumCharacters, UCHAR StringIndex, USHORT LangID)
{
    return ((PFN_WDFUSBTARGETDEVICEALLOCANDQUERYSTRING)WdfFunctions[WdfUsbTargetDeviceAllocAndQueryStringTableIndex])(WdfDriverGlobals, UsbDevice, StringMemoryAttributes, StringMemory, NumCharacters, StringIndex, LangID);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETDEVICEFORMATREQUESTFORSTRING)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBDEVICE UsbDevice, WDFREQUEST Request, WDFMEMORY Memory, PWDFMEMORY_OFFSET Offset, UCHAR StringIndex, USHORT LangID);
FORCEINLINE NTSTATUS WdfUsbTargetDeviceFormatRequestForString(WDFUSBDEVICE UsbDevice, WDFREQUEST Request, WDFMEMORY Memory, PWDFMEMORY_OFFSET Offset, UCHAR StringIndex, USHORT LangID)
{
    return ((PFN_WDFUSBTARGETDEVICEFORMATREQUESTFORSTRING)WdfFunctions[WdfUsbTargetDeviceFormatRequestForStringTableIndex])(WdfDriverGlobals, UsbDevice, Request, Memory, Offset, StringIndex, LangID);
}

typedef UCHAR (NTAPI *PFN_WDFUSBTARGETDEVICEGETNUMINTERFACES)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBDEVICE UsbDevice);
FORCEINLINE UCHAR WdfUsbTargetDeviceGetNumInterfaces(WDFUSBDEVICE UsbDevice)
{
    return ((PFN_WDFUSBTARGETDEVICEGETNUMINTERFACES)WdfFunctions[WdfUsbTargetDeviceGetNumInterfacesTableIndex])(WdfDriverGlobals, UsbDevice);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETDEVICESELECTCONFIG)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBDEVICE UsbDevice, PWDF_OBJECT_ATTRIBUTES PipeAttributes, PWDF_USB_DEVICE_SELECT_CONFIG_PARAMS Params);
FORCEINLINE NTSTATUS WdfUsbTargetDeviceSelectConfig(WDFUSBDEVICE UsbDevice, PWDF_OBJECT_ATTRIBUTES PipeAttributes, PWDF_USB_DEVICE_SELECT_CONFIG_PARAMS Params)
{
    return ((PFN_WDFUSBTARGETDEVICESELECTCONFIG)WdfFunctions[WdfUsbTargetDeviceSelectConfigTableIndex])(WdfDriverGlobals, UsbDevice, PipeAttributes, Params);
}

typedef USBD_CONFIGURATION_HANDLE (NTAPI *PFN_WDFUSBTARGETDEVICEWDMGETCONFIGURATIONHANDLE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBDEVICE UsbDevice);
FORCEINLINE USBD_CONFIGURATION_HANDLE WdfUsbTargetDeviceWdmGetConfigurationHandle(WDFUSBDEVICE UsbDevice)
{
    return ((PFN_WDFUSBTARGETDEVICEWDMGETCONFIGURATIONHANDLE)WdfFunctions[WdfUsbTargetDeviceWdmGetConfigurationHandleTableIndex])(WdfDriverGlobals, UsbDevice);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETDEVICERETRIEVECURRENTFRAMENUMBER)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBDEVICE UsbDevice, PULONG CurrentFrameNumber);
FORCEINLINE NTSTATUS WdfUsbTargetDeviceRetrieveCurrentFrameNumber(WDFUSBDEVICE UsbDevice, PULONG CurrentFrameNumber)
{
    return ((PFN_WDFUSBTARGETDEVICERETRIEVECURRENTFRAMENUMBER)WdfFunctions[WdfUsbTargetDeviceRetrieveCurrentFrameNumberTableIndex])(WdfDriverGlobals, UsbDevice, CurrentFrameNumber);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETDEVICESENDCONTROLTRANSFERSYNCHRONOUSLY)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBDEVICE UsbDevice, WDFREQUEST Request, PWDF_REQUEST_SEND_OPTIONS RequestOptions, PWDF_USB_CONTROL_SETUP_PACKET SetupPacket, PWDF_MEMORY_DESCRIPTOR MemoryDescriptor, PULONG BytesTransferred);
FORCEINLINE NTSTATUS WdfUsbTargetDeviceSendControlTransferSynchronously(WDFUSBDEVICE UsbDevice, WDFREQUEST Request, PWDF_REQUEST_SEND_OPTIONS RequestOptions, PWDF_USB_CONTROL_SETUP_PACKET SetupPacket, PWDF_MEMORY_DESCRIPTOR MemoryDescriptor, PULONG BytesTransferred)
{
    return ((PFN_WDFUSBTARGETDEVICESENDCONTROLTRANSFERSYNCHRONOUSLY)WdfFunctions[WdfUsbTargetDeviceSendControlTransferSynchronouslyTableIndex])(WdfDriverGlobals, UsbDevice, Request, RequestOptions, SetupPacket, MemoryDescriptor, BytesTransferred);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETDEVICEFORMATREQUESTFORCONTROLTRANSFER)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBDEVICE UsbDevice, WDFREQUEST Request, PWDF_USB_CONTROL_SETUP_PACKET SetupPacket, WDFMEMORY TransferMemory, PWDFMEMORY_OFFSET TransferOffset);
FORCEINLINE NTSTATUS WdfUsbTargetDeviceFormatRequestForControlTransfer(WDFUSBDEVICE UsbDevice, WDFREQUEST Request, PWDF_USB_CONTROL_SETUP_PACKET SetupPacket, WDFMEMORY TransferMemory, PWDFMEMORY_OFFSET TransferOffset)
{
    return ((PFN_WDFUSBTARGETDEVICEFORMATREQUESTFORCONTROLTRANSFER)WdfFunctions[WdfUsbTargetDeviceFormatRequestForControlTransferTableIndex])(WdfDriverGlobals, UsbDevice, Request, SetupPacket, TransferMemory, TransferOffset);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETDEVICEISCONNECTEDSYNCHRONOUS)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBDEVICE UsbDevice);
FORCEINLINE NTSTATUS WdfUsbTargetDeviceIsConnectedSynchronous(WDFUSBDEVICE UsbDevice)
{
    return ((PFN_WDFUSBTARGETDEVICEISCONNECTEDSYNCHRONOUS)WdfFunctions[WdfUsbTargetDeviceIsConnectedSynchronousTableIndex])(WdfDriverGlobals, UsbDevice);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETDEVICERESETPORTSYNCHRONOUSLY)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBDEVICE UsbDevice);
FORCEINLINE NTSTATUS WdfUsbTargetDeviceResetPortSynchronously(WDFUSBDEVICE UsbDevice)
{
    return ((PFN_WDFUSBTARGETDEVICERESETPORTSYNCHRONOUSLY)WdfFunctions[WdfUsbTargetDeviceResetPortSynchronouslyTableIndex])(WdfDriverGlobals, UsbDevice);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETDEVICECYCLEPORTSYNCHRONOUSLY)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBDEVICE UsbDevice);
FORCEINLINE NTSTATUS WdfUsbTargetDeviceCyclePortSynchronously(WDFUSBDEVICE UsbDevice)
{
    return ((PFN_WDFUSBTARGETDEVICECYCLEPORTSYNCHRONOUSLY)WdfFunctions[WdfUsbTargetDeviceCyclePortSynchronouslyTableIndex])(WdfDriverGlobals, UsbDevice);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETDEVICEFORMATREQUESTFORCYCLEPORT)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBDEVICE UsbDevice, WDFREQUEST Request);
FORCEINLINE NTSTATUS WdfUsbTargetDeviceFormatRequestForCyclePort(WDFUSBDEVICE UsbDevice, WDFREQUEST Request)
{
    return ((PFN_WDFUSBTARGETDEVICEFORMATREQUESTFORCYCLEPORT)WdfFunctions[WdfUsbTargetDeviceFormatRequestForCyclePortTableIndex])(WdfDriverGlobals, UsbDevice, Request);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETDEVICESENDURBSYNCHRONOUSLY)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBDEVICE UsbDevice, WDFREQUEST Request, PWDF_REQUEST_SEND_OPTIONS RequestOptions, PURB Urb);
FORCEINLINE NTSTATUS WdfUsbTargetDeviceSendUrbSynchronously(WDFUSBDEVICE UsbDevice, WDFREQUEST Request, PWDF_REQUEST_SEND_OPTIONS RequestOptions, PURB Urb)
{
    return ((PFN_WDFUSBTARGETDEVICESENDURBSYNCHRONOUSLY)WdfFunctions[WdfUsbTargetDeviceSendUrbSynchronouslyTableIndex])(WdfDriverGlobals, UsbDevice, Request, RequestOptions, Urb);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETDEVICEFORMATREQUESTFORURB)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBDEVICE UsbDevice, WDFREQUEST Request, WDFMEMORY UrbMemory, PWDFMEMORY_OFFSET UrbMemoryOffset);
FORCEINLINE NTSTATUS WdfUsbTargetDeviceFormatRequestForUrb(WDFUSBDEVICE UsbDevice, WDFREQUEST Request, WDFMEMORY UrbMemory, PWDFMEMORY_OFFSET UrbMemoryOffset)
{
    return ((PFN_WDFUSBTARGETDEVICEFORMATREQUESTFORURB)WdfFunctions[WdfUsbTargetDeviceFormatRequestForUrbTableIndex])(WdfDriverGlobals, UsbDevice, Request, UrbMemory, UrbMemoryOffset);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETDEVICEQUERYUSBCAPABILITY)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBDEVICE UsbDevice, CONST GUID *CapabilityType, ULONG CapabilityBufferLength, PVOID CapabilityBuffer, PULONG ResultLength);
FORCEINLINE NTSTATUS WdfUsbTargetDeviceQueryUsbCapability(WDFUSBDEVICE UsbDevice, CONST GUID *CapabilityType, ULONG CapabilityBufferLength, PVOID CapabilityBuffer, PULONG ResultLength)
{
    return ((PFN_WDFUSBTARGETDEVICEQUERYUSBCAPABILITY)WdfFunctions[WdfUsbTargetDeviceQueryUsbCapabilityTableIndex])(WdfDriverGlobals, UsbDevice, CapabilityType, CapabilityBufferLength, CapabilityBuffer, ResultLength);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETDEVICECREATEURB)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBDEVICE UsbDevice, PWDF_OBJECT_ATTRIBUTES Attributes, WDFMEMORY *UrbMemory, PURB *Urb);
FORCEINLINE NTSTATUS WdfUsbTargetDeviceCreateUrb(WDFUSBDEVICE UsbDevice, PWDF_OBJECT_ATTRIBUTES Attributes, WDFMEMORY *UrbMemory, PURB *Urb)
{
    return ((PFN_WDFUSBTARGETDEVICECREATEURB)WdfFunctions[WdfUsbTargetDeviceCreateUrbTableIndex])(WdfDriverGlobals, UsbDevice, Attributes, UrbMemory, Urb);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETDEVICECREATEISOCHURB)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBDEVICE UsbDevice, PWDF_OBJECT_ATTRIBUTES Attributes, ULONG NumberOfIsochPackets, WDFMEMORY *UrbMemory, PURB *Urb);
FORCEINLINE NTSTATUS WdfUsbTargetDeviceCreateIsochUrb(WDFUSBDEVICE UsbDevice, PWDF_OBJECT_ATTRIBUTES Attributes, ULONG NumberOfIsochPackets, WDFMEMORY *UrbMemory, PURB *Urb)
{
    return ((PFN_WDFUSBTARGETDEVICECREATEISOCHURB)WdfFunctions[WdfUsbTargetDeviceCreateIsochUrbTableIndex])(WdfDriverGlobals, UsbDevice, Attributes, NumberOfIsochPackets, UrbMemory, Urb);
}

typedef VOID (NTAPI *PFN_WDFUSBTARGETPIPEGETINFORMATION)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBPIPE Pipe, PWDF_USB_PIPE_INFORMATION PipeInformation);
FORCEINLINE VOID WdfUsbTargetPipeGetInformation(WDFUSBPIPE Pipe, PWDF_USB_PIPE_INFORMATION PipeInformation)
{
    ((PFN_WDFUSBTARGETPIPEGETINFORMATION)WdfFunctions[WdfUsbTargetPipeGetInformationTableIndex])(WdfDriverGlobals, Pipe, PipeInformation);
}

typedef BOOLEAN (NTAPI *PFN_WDFUSBTARGETPIPEISINENDPOINT)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBPIPE Pipe);
FORCEINLINE BOOLEAN WdfUsbTargetPipeIsInEndpoint(WDFUSBPIPE Pipe)
{
    return ((PFN_WDFUSBTARGETPIPEISINENDPOINT)WdfFunctions[WdfUsbTargetPipeIsInEndpointTableIndex])(WdfDriverGlobals, Pipe);
}

typedef BOOLEAN (NTAPI *PFN_WDFUSBTARGETPIPEISOUTENDPOINT)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBPIPE Pipe);
FORCEINLINE BOOLEAN WdfUsbTargetPipeIsOutEndpoint(WDFUSBPIPE Pipe)
{
    return ((PFN_WDFUSBTARGETPIPEISOUTENDPOINT)WdfFunctions[WdfUsbTargetPipeIsOutEndpointTableIndex])(WdfDriverGlobals, Pipe);
}

typedef WDF_USB_PIPE_TYPE (NTAPI *PFN_WDFUSBTARGETPIPEGETTYPE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBPIPE Pipe);
FORCEINLINE WDF_USB_PIPE_TYPE WdfUsbTargetPipeGetType(WDFUSBPIPE Pipe)
{
    return ((PFN_WDFUSBTARGETPIPEGETTYPE)WdfFunctions[WdfUsbTargetPipeGetTypeTableIndex])(WdfDriverGlobals, Pipe);
}

typedef VOID (NTAPI *PFN_WDFUSBTARGETPIPESETNOMAXIMUMPACKETSIZECHECK)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBPIPE Pipe);
FORCEINLINE VOID WdfUsbTargetPipeSetNoMaximumPacketSizeCheck(WDFUSBPIPE Pipe)
{
    ((PFN_WDFUSBTARGETPIPESETNOMAXIMUMPACKETSIZECHECK)WdfFunctions[WdfUsbTargetPipeSetNoMaximumPacketSizeCheckTableIndex])(WdfDriverGlobals, Pipe);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETPIPEWRITESYNCHRONOUSLY)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBPIPE Pipe, WDFREQUEST Request, PWDF_REQUEST_SEND_OPTIONS RequestOptions, PWDF_MEMORY_DESCRIPTOR MemoryDescriptor, PULONG BytesWritten);
FORCEINLINE NTSTATUS WdfUsbTargetPipeWriteSynchronously(WDFUSBPIPE Pipe, WDFREQUEST Request, PWDF_REQUEST_SEND_OPTIONS RequestOptions, PWDF_MEMORY_DESCRIPTOR MemoryDescriptor, PULONG BytesWritten)
{
    return ((PFN_WDFUSBTARGETPIPEWRITESYNCHRONOUSLY)WdfFunctions[WdfUsbTargetPipeWriteSynchronouslyTableIndex])(WdfDriverGlobals, Pipe, Request, RequestOptions, MemoryDescriptor, BytesWritten);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETPIPEFORMATREQUESTFORWRITE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBPIPE Pipe, WDFREQUEST Request, WDFMEMORY WriteMemory, PWDFMEMORY_OFFSET WriteOffset);
FORCEINLINE NTSTATUS WdfUsbTargetPipeFormatRequestForWrite(WDFUSBPIPE Pipe, WDFREQUEST Request, WDFMEMORY WriteMemory, PWDFMEMORY_OFFSET WriteOffset)
{
    return ((PFN_WDFUSBTARGETPIPEFORMATREQUESTFORWRITE)WdfFunctions[WdfUsbTargetPipeFormatRequestForWriteTableIndex])(WdfDriverGlobals, Pipe, Request, WriteMemory, WriteOffset);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETPIPEREADSYNCHRONOUSLY)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBPIPE Pipe, WDFREQUEST Request, PWDF_REQUEST_SEND_OPTIONS RequestOptions, PWDF_MEMORY_DESCRIPTOR MemoryDescriptor, PULONG BytesRead);
FORCEINLINE NTSTATUS WdfUsbTargetPipeReadSynchronously(WDFUSBPIPE Pipe, WDFREQUEST Request, PWDF_REQUEST_SEND_OPTIONS RequestOptions, PWDF_MEMORY_DESCRIPTOR MemoryDescriptor, PULONG BytesRead)
{
    return ((PFN_WDFUSBTARGETPIPEREADSYNCHRONOUSLY)WdfFunctions[WdfUsbTargetPipeReadSynchronouslyTableIndex])(WdfDriverGlobals, Pipe, Request, RequestOptions, MemoryDescriptor, BytesRead);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETPIPEFORMATREQUESTFORREAD)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBPIPE Pipe, WDFREQUEST Request, WDFMEMORY ReadMemory, PWDFMEMORY_OFFSET ReadOffset);
FORCEINLINE NTSTATUS WdfUsbTargetPipeFormatRequestForRead(WDFUSBPIPE Pipe, WDFREQUEST Request, WDFMEMORY ReadMemory, PWDFMEMORY_OFFSET ReadOffset)
{
    return ((PFN_WDFUSBTARGETPIPEFORMATREQUESTFORREAD)WdfFunctions[WdfUsbTargetPipeFormatRequestForReadTableIndex])(WdfDriverGlobals, Pipe, Request, ReadMemory, ReadOffset);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETPIPECONFIGCONTINUOUSREADER)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBPIPE Pipe, PWDF_USB_CONTINUOUS_READER_CONFIG Config);
FORCEINLINE NTSTATUS WdfUsbTargetPipeConfigContinuousReader(WDFUSBPIPE Pipe, PWDF_USB_CONTINUOUS_READER_CONFIG Config)
{
    return ((PFN_WDFUSBTARGETPIPECONFIGCONTINUOUSREADER)WdfFunctions[WdfUsbTargetPipeConfigContinuousReaderTableIndex])(WdfDriverGlobals, Pipe, Config);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETPIPEABORTSYNCHRONOUSLY)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBPIPE Pipe, WDFREQUEST Request, PWDF_REQUEST_SEND_OPTIONS RequestOptions);
FORCEINLINE NTSTATUS WdfUsbTargetPipeAbortSynchronously(WDFUSBPIPE Pipe, WDFREQUEST Request, PWDF_REQUEST_SEND_OPTIONS RequestOptions)
{
    return ((PFN_WDFUSBTARGETPIPEABORTSYNCHRONOUSLY)WdfFunctions[WdfUsbTargetPipeAbortSynchronouslyTableIndex])(WdfDriverGlobals, Pipe, Request, RequestOptions);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETPIPEFORMATREQUESTFORABORT)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBPIPE Pipe, WDFREQUEST Request);
FORCEINLINE NTSTATUS WdfUsbTargetPipeFormatRequestForAbort(WDFUSBPIPE Pipe, WDFREQUEST Request)
{
    return ((PFN_WDFUSBTARGETPIPEFORMATREQUESTFORABORT)WdfFunctions[WdfUsbTargetPipeFormatRequestForAbortTableIndex])(WdfDriverGlobals, Pipe, Request);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETPIPERESETSYNCHRONOUSLY)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBPIPE Pipe, WDFREQUEST Request, PWDF_REQUEST_SEND_OPTIONS RequestOptions);
FORCEINLINE NTSTATUS WdfUsbTargetPipeResetSynchronously(WDFUSBPIPE Pipe, WDFREQUEST Request, PWDF_REQUEST_SEND_OPTIONS RequestOptions)
{
    return ((PFN_WDFUSBTARGETPIPERESETSYNCHRONOUSLY)WdfFunctions[WdfUsbTargetPipeResetSynchronouslyTableIndex])(WdfDriverGlobals, Pipe, Request, RequestOptions);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETPIPEFORMATREQUESTFORRESET)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBPIPE Pipe, WDFREQUEST Request);
FORCEINLINE NTSTATUS WdfUsbTargetPipeFormatRequestForReset(WDFUSBPIPE Pipe, WDFREQUEST Request)
{
    return ((PFN_WDFUSBTARGETPIPEFORMATREQUESTFORRESET)WdfFunctions[WdfUsbTargetPipeFormatRequestForResetTableIndex])(WdfDriverGlobals, Pipe, Request);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETPIPESENDURBSYNCHRONOUSLY)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBPIPE Pipe, WDFREQUEST Request, PWDF_REQUEST_SEND_OPTIONS RequestOptions, PURB Urb);
FORCEINLINE NTSTATUS WdfUsbTargetPipeSendUrbSynchronously(WDFUSBPIPE Pipe, WDFREQUEST Request, PWDF_REQUEST_SEND_OPTIONS RequestOptions, PURB Urb)
{
    return ((PFN_WDFUSBTARGETPIPESENDURBSYNCHRONOUSLY)WdfFunctions[WdfUsbTargetPipeSendUrbSynchronouslyTableIndex])(WdfDriverGlobals, Pipe, Request, RequestOptions, Urb);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBTARGETPIPEFORMATREQUESTFORURB)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBPIPE PIPE, WDFREQUEST Request, WDFMEMORY UrbMemory, PWDFMEMORY_OFFSET UrbMemoryOffset);
FORCEINLINE NTSTATUS WdfUsbTargetPipeFormatRequestForUrb(WDFUSBPIPE PIPE, WDFREQUEST Request, WDFMEMORY UrbMemory, PWDFMEMORY_OFFSET UrbMemoryOffset)
{
    return ((PFN_WDFUSBTARGETPIPEFORMATREQUESTFORURB)WdfFunctions[WdfUsbTargetPipeFormatRequestForUrbTableIndex])(WdfDriverGlobals, PIPE, Request, UrbMemory, UrbMemoryOffset);
}

typedef UCHAR (NTAPI *PFN_WDFUSBINTERFACEGETINTERFACENUMBER)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBINTERFACE UsbInterface);
FORCEINLINE UCHAR WdfUsbInterfaceGetInterfaceNumber(WDFUSBINTERFACE UsbInterface)
{
    return ((PFN_WDFUSBINTERFACEGETINTERFACENUMBER)WdfFunctions[WdfUsbInterfaceGetInterfaceNumberTableIndex])(WdfDriverGlobals, UsbInterface);
}

typedef UCHAR (NTAPI *PFN_WDFUSBINTERFACEGETNUMENDPOINTS)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBINTERFACE UsbInterface, UCHAR SettingIndex);
FORCEINLINE UCHAR WdfUsbInterfaceGetNumEndpoints(WDFUSBINTERFACE UsbInterface, UCHAR SettingIndex)
{
    return ((PFN_WDFUSBINTERFACEGETNUMENDPOINTS)WdfFunctions[WdfUsbInterfaceGetNumEndpointsTableIndex])(WdfDriverGlobals, UsbInterface, SettingIndex);
}

typedef VOID (NTAPI *PFN_WDFUSBINTERFACEGETDESCRIPTOR)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBINTERFACE UsbInterface, UCHAR SettingIndex, PUSB_INTERFACE_DESCRIPTOR InterfaceDescriptor);
FORCEINLINE VOID WdfUsbInterfaceGetDescriptor(WDFUSBINTERFACE UsbInterface, UCHAR SettingIndex, PUSB_INTERFACE_DESCRIPTOR InterfaceDescriptor)
{
    ((PFN_WDFUSBINTERFACEGETDESCRIPTOR)WdfFunctions[WdfUsbInterfaceGetDescriptorTableIndex])(WdfDriverGlobals, UsbInterface, SettingIndex, InterfaceDescriptor);
}

typedef UCHAR (NTAPI *PFN_WDFUSBINTERFACEGETNUMSETTINGS)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBINTERFACE UsbInterface);
FORCEINLINE UCHAR WdfUsbInterfaceGetNumSettings(WDFUSBINTERFACE UsbInterface)
{
    return ((PFN_WDFUSBINTERFACEGETNUMSETTINGS)WdfFunctions[WdfUsbInterfaceGetNumSettingsTableIndex])(WdfDriverGlobals, UsbInterface);
}

typedef NTSTATUS (NTAPI *PFN_WDFUSBINTERFACESELECTSETTING)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBINTERFACE UsbInterface, PWDF_OBJECT_ATTRIBUTES PipesAttributes, PWDF_USB_INTERFACE_SELECT_SETTING_PARAMS Params);
FORCEINLINE NTSTATUS WdfUsbInterfaceSelectSetting(WDFUSBINTERFACE UsbInterface, PWDF_OBJECT_ATTRIBUTES PipesAttributes, PWDF_USB_INTERFACE_SELECT_SETTING_PARAMS Params)
{
    return ((PFN_WDFUSBINTERFACESELECTSETTING)WdfFunctions[WdfUsbInterfaceSelectSettingTableIndex])(WdfDriverGlobals, UsbInterface, PipesAttributes, Params);
}

typedef VOID (NTAPI *PFN_WDFUSBINTERFACEGETENDPOINTINFORMATION)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBINTERFACE UsbInterface, UCHAR SettingIndex, UCHAR EndpointIndex, PWDF_USB_PIPE_INFORMATION EndpointInfo);
FORCEINLINE VOID WdfUsbInterfaceGetEndpointInformation(WDFUSBINTERFACE UsbInterface, UCHAR SettingIndex, UCHAR EndpointIndex, PWDF_USB_PIPE_INFORMATION EndpointInfo)
{
    ((PFN_WDFUSBINTERFACEGETENDPOINTINFORMATION)WdfFunctions[WdfUsbInterfaceGetEndpointInformationTableIndex])(WdfDriverGlobals, UsbInterface, SettingIndex, EndpointIndex, EndpointInfo);
}

typedef WDFUSBINTERFACE (NTAPI *PFN_WDFUSBTARGETDEVICEGETINTERFACE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBDEVICE UsbDevice, UCHAR InterfaceIndex);
FORCEINLINE WDFUSBINTERFACE WdfUsbTargetDeviceGetInterface(WDFUSBDEVICE UsbDevice, UCHAR InterfaceIndex)
{
    return ((PFN_WDFUSBTARGETDEVICEGETINTERFACE)WdfFunctions[WdfUsbTargetDeviceGetInterfaceTableIndex])(WdfDriverGlobals, UsbDevice, InterfaceIndex);
}

typedef UCHAR (NTAPI *PFN_WDFUSBINTERFACEGETCONFIGUREDSETTINGINDEX)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBINTERFACE Interface);
FORCEINLINE UCHAR WdfUsbInterfaceGetConfiguredSettingIndex(WDFUSBINTERFACE Interface)
{
    return ((PFN_WDFUSBINTERFACEGETCONFIGUREDSETTINGINDEX)WdfFunctions[WdfUsbInterfaceGetConfiguredSettingIndexTableIndex])(WdfDriverGlobals, Interface);
}

typedef UCHAR (NTAPI *PFN_WDFUSBINTERFACEGETNUMCONFIGUREDPIPES)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBINTERFACE UsbInterface);
FORCEINLINE UCHAR WdfUsbInterfaceGetNumConfiguredPipes(WDFUSBINTERFACE UsbInterface)
{
    return ((PFN_WDFUSBINTERFACEGETNUMCONFIGUREDPIPES)WdfFunctions[WdfUsbInterfaceGetNumConfiguredPipesTableIndex])(WdfDriverGlobals, UsbInterface);
}

typedef WDFUSBPIPE (NTAPI *PFN_WDFUSBINTERFACEGETCONFIGUREDPIPE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBINTERFACE UsbInterface, UCHAR PipeIndex, PWDF_USB_PIPE_INFORMATION PipeInfo);
FORCEINLINE WDFUSBPIPE WdfUsbInterfaceGetConfiguredPipe(WDFUSBINTERFACE UsbInterface, UCHAR PipeIndex, PWDF_USB_PIPE_INFORMATION PipeInfo)
{
    return ((PFN_WDFUSBINTERFACEGETCONFIGUREDPIPE)WdfFunctions[WdfUsbInterfaceGetConfiguredPipeTableIndex])(WdfDriverGlobals, UsbInterface, PipeIndex, PipeInfo);
}

typedef USBD_PIPE_HANDLE (NTAPI *PFN_WDFUSBTARGETPIPEWDMGETPIPEHANDLE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFUSBPIPE UsbPipe);
FORCEINLINE USBD_PIPE_HANDLE WdfUsbTargetPipeWdmGetPipeHandle(WDFUSBPIPE UsbPipe)
{
    return ((PFN_WDFUSBTARGETPIPEWDMGETPIPEHANDLE)WdfFunctions[WdfUsbTargetPipeWdmGetPipeHandleTableIndex])(WdfDriverGlobals, UsbPipe);
}

#endif /* _WDFUSB_H_ */
