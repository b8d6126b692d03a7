/*
 * usbdlib.h - StackLint embedded kernel prelude: the USBD client library (URB builders, configuration parsing,
 * USBD handles), written from the documented USB client driver API.
 */
#ifndef __USBDLIB_H__
#define __USBDLIB_H__
#include <usb.h>

typedef struct _USBD_INTERFACE_LIST_ENTRY {
    PUSB_INTERFACE_DESCRIPTOR InterfaceDescriptor;
    PUSBD_INTERFACE_INFORMATION Interface;
} USBD_INTERFACE_LIST_ENTRY, *PUSBD_INTERFACE_LIST_ENTRY;

#define UsbBuildInterruptOrBulkTransferRequest(urb, length, pipeHandle, transferBuffer, transferBufferMDL, transferBufferLength, transferFlags, link) { \
    (urb)->UrbHeader.Function = URB_FUNCTION_BULK_OR_INTERRUPT_TRANSFER; \
    (urb)->UrbHeader.Length = (length); \
    (urb)->UrbBulkOrInterruptTransfer.PipeHandle = (pipeHandle); \
    (urb)->UrbBulkOrInterruptTransfer.TransferBufferLength = (transferBufferLength); \
    (urb)->UrbBulkOrInterruptTransfer.TransferBufferMDL = (transferBufferMDL); \
    (urb)->UrbBulkOrInterruptTransfer.TransferBuffer = (transferBuffer); \
    (urb)->UrbBulkOrInterruptTransfer.TransferFlags = (transferFlags); \
    (urb)->UrbBulkOrInterruptTransfer.UrbLink = (link); }

#define UsbBuildGetDescriptorRequest(urb, length, descriptorType, descriptorIndex, languageId, transferBuffer, transferBufferMDL, transferBufferLength, link) { \
    (urb)->UrbHeader.Function = URB_FUNCTION_GET_DESCRIPTOR_FROM_DEVICE; \
    (urb)->UrbHeader.Length = (length); \
    (urb)->UrbControlDescriptorRequest.TransferBufferLength = (transferBufferLength); \
    (urb)->UrbControlDescriptorRequest.TransferBufferMDL = (transferBufferMDL); \
    (urb)->UrbControlDescriptorRequest.TransferBuffer = (transferBuffer); \
    (urb)->UrbControlDescriptorRequest.DescriptorType = (descriptorType); \
    (urb)->UrbControlDescriptorRequest.Index = (descriptorIndex); \
    (urb)->UrbControlDescriptorRequest.LanguageId = (languageId); \
    (urb)->UrbControlDescriptorRequest.UrbLink = (link); }

#define UsbBuildSelectConfigurationRequest(urb, length, configurationDescriptor) { \
    (urb)->UrbHeader.Function = URB_FUNCTION_SELECT_CONFIGURATION; \
    (urb)->UrbHeader.Length = (length); \
    (urb)->UrbSelectConfiguration.ConfigurationDescriptor = (configurationDescriptor); }

#define UsbBuildVendorRequest(urb, cmd, length, transferFlags, reservedbits, request, value, index, transferBuffer, transferBufferMDL, transferBufferLength, link) { \
    (urb)->UrbHeader.Function = cmd; \
    (urb)->UrbHeader.Length = (length); \
    (urb)->UrbControlVendorClassRequest.TransferBufferLength = (transferBufferLength); \
    (urb)->UrbControlVendorClassRequest.TransferBufferMDL = (transferBufferMDL); \
    (urb)->UrbControlVendorClassRequest.TransferBuffer = (transferBuffer); \
    (urb)->UrbControlVendorClassRequest.RequestTypeReservedBits = (reservedbits); \
    (urb)->UrbControlVendorClassRequest.Request = (request); \
    (urb)->UrbControlVendorClassRequest.Value = (value); \
    (urb)->UrbControlVendorClassRequest.Index = (index); \
    (urb)->UrbControlVendorClassRequest.TransferFlags = (transferFlags); \
    (urb)->UrbControlVendorClassRequest.UrbLink = (link); }

#define URB_STATUS(urb) ((urb)->UrbHeader.Status)
#define GET_SELECT_CONFIGURATION_REQUEST_SIZE(totalInterfaces, totalPipes) \
    ((sizeof(struct _URB_SELECT_CONFIGURATION) - sizeof(USBD_INTERFACE_INFORMATION)) + \
     ((totalInterfaces) * (sizeof(USBD_INTERFACE_INFORMATION) - sizeof(USBD_PIPE_INFORMATION))) + \
     ((totalPipes) * sizeof(USBD_PIPE_INFORMATION)))
#define GET_SELECT_INTERFACE_REQUEST_SIZE(totalPipes) \
    ((sizeof(struct _URB_SELECT_INTERFACE) - sizeof(USBD_PIPE_INFORMATION)) + ((totalPipes) * sizeof(USBD_PIPE_INFORMATION)))
#define GET_USBD_INTERFACE_SIZE(numEndpoints) \
    (sizeof(USBD_INTERFACE_INFORMATION) + (sizeof(USBD_PIPE_INFORMATION) * (numEndpoints)) - sizeof(USBD_PIPE_INFORMATION))
#define GET_ISO_URB_SIZE(n) (sizeof(struct _URB_ISOCH_TRANSFER) + sizeof(USBD_ISO_PACKET_DESCRIPTOR) * (n))

#define USBD_CLIENT_CONTRACT_VERSION_INVALID 0xFFFFFFFF
#define USBD_CLIENT_CONTRACT_VERSION_602 0x602
#define USBD_INTERFACE_VERSION_600 0x600
#define USBD_INTERFACE_VERSION_602 0x602
#define USBD_INTERFACE_VERSION_603 0x603
typedef struct USBD_HANDLE__ { int unused; } *USBD_HANDLE;

VOID USBD_GetUSBDIVersion(PUSBD_VERSION_INFORMATION VersionInformation);
PUSB_INTERFACE_DESCRIPTOR USBD_ParseConfigurationDescriptor(PUSB_CONFIGURATION_DESCRIPTOR ConfigurationDescriptor, UCHAR InterfaceNumber, UCHAR AlternateSetting);
PURB USBD_CreateConfigurationRequest(PUSB_CONFIGURATION_DESCRIPTOR ConfigurationDescriptor, PUSHORT Siz);
PUSB_COMMON_DESCRIPTOR USBD_ParseDescriptors(PVOID DescriptorBuffer, ULONG TotalLength, PVOID StartPosition, LONG DescriptorType);
PUSB_INTERFACE_DESCRIPTOR USBD_ParseConfigurationDescriptorEx(PUSB_CONFIGURATION_DESCRIPTOR ConfigurationDescriptor, PVOID StartPosition, LONG InterfaceNumber, LONG AlternateSetting, LONG InterfaceClass, LONG InterfaceSubClass, LONG InterfaceProtocol);
PURB USBD_CreateConfigurationRequestEx(PUSB_CONFIGURATION_DESCRIPTOR ConfigurationDescriptor, PUSBD_INTERFACE_LIST_ENTRY InterfaceList);
ULONG USBD_GetInterfaceLength(PUSB_INTERFACE_DESCRIPTOR InterfaceDescriptor, PUCHAR BufferEnd);
USBD_STATUS USBD_ValidateConfigurationDescriptor(PUSB_CONFIGURATION_DESCRIPTOR ConfigDesc, ULONG BufferLength, USHORT Level, PUCHAR *Offset, ULONG Tag);
NTSTATUS USBD_CreateHandle(PDEVICE_OBJECT DeviceObject, PDEVICE_OBJECT TargetDeviceObject, ULONG USBDClientContractVersion, ULONG PoolTag, USBD_HANDLE *USBDHandle);
VOID USBD_CloseHandle(USBD_HANDLE USBDHandle);
BOOLEAN USBD_IsInterfaceVersionSupported(USBD_HANDLE USBDHandle, ULONG USBDInterfaceVersion);
NTSTATUS USBD_UrbAllocate(USBD_HANDLE USBDHandle, PURB *Urb);
NTSTATUS USBD_IsochUrbAllocate(USBD_HANDLE USBDHandle, ULONG NumberOfIsochPackets, PURB *Urb);
VOID USBD_UrbFree(USBD_HANDLE USBDHandle, PURB Urb);
NTSTATUS USBD_SelectConfigUrbAllocateAndBuild(USBD_HANDLE USBDHandle, PUSB_CONFIGURATION_DESCRIPTOR ConfigurationDescriptor, PUSBD_INTERFACE_LIST_ENTRY InterfaceList, PURB *Urb);
NTSTATUS USBD_SelectInterfaceUrbAllocateAndBuild(USBD_HANDLE USBDHandle, USBD_CONFIGURATION_HANDLE ConfigurationHandle, PUSBD_INTERFACE_LIST_ENTRY InterfaceListEntry, PURB *Urb);
VOID USBD_AssignUrbToIoStackLocation(USBD_HANDLE USBDHandle, PIO_STACK_LOCATION IoStackLocation, PURB Urb);
NTSTATUS USBD_QueryUsbCapability(USBD_HANDLE USBDHandle, const GUID *CapabilityType, ULONG OutputBufferLength, PUCHAR OutputBuffer, PULONG ResultLength);

#endif /* __USBDLIB_H__ */
