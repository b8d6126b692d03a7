/*
 * wdf.h - StackLint embedded kernel prelude: Kernel-Mode Driver Framework (KMDF).
 * Declares the KMDF types, callback roles and routines drivers use, written from the documented KMDF API, with
 * the framework's shape: object handles are distinct pointer types, configuration structures are initialised by
 * FORCEINLINE *_INIT functions, and every WdfXxx routine is a FORCEINLINE wrapper that calls the framework through
 * its function table (WdfFunctions[WdfXxxTableIndex]) with the driver's globals first. Used when no WDK is found;
 * works on top of the prelude's ntddk.h and of mingw-w64's. Sizes follow the documented member lists.
 */
#ifndef _STACKLINT_WDF_H_
#define _STACKLINT_WDF_H_

#include <ntddk.h>

#ifndef KMDF_VERSION_MAJOR
#define KMDF_VERSION_MAJOR 1
#endif
#ifndef KMDF_VERSION_MINOR
#define KMDF_VERSION_MINOR 15
#endif

#ifndef FORCEINLINE
#define FORCEINLINE __forceinline
#endif
#ifndef POINTER_ALIGNMENT
#if defined(_WIN64)
#define POINTER_ALIGNMENT __declspec(align(8))
#else
#define POINTER_ALIGNMENT
#endif
#endif
#ifndef WDFAPI
#define WDFAPI
#endif
#ifndef NTAPI
#define NTAPI __stdcall
#endif

#define WDF_NO_OBJECT_ATTRIBUTES ((PWDF_OBJECT_ATTRIBUTES)NULL)
#define WDF_NO_HANDLE NULL
#define WDF_NO_CONTEXT NULL
#define WDF_NO_SEND_OPTIONS NULL
#define WDF_NO_EVENT_CALLBACK NULL
/* Timeouts in 100 ns units: negative relative, positive absolute. */
#define WDF_REL_TIMEOUT_IN_SEC(Time) ((LONGLONG)(Time) * -10000000)
#define WDF_REL_TIMEOUT_IN_MS(Time) ((LONGLONG)(Time) * -10000)
#define WDF_REL_TIMEOUT_IN_US(Time) ((LONGLONG)(Time) * -10)
#define WDF_ABS_TIMEOUT_IN_MS(Time) ((LONGLONG)(Time) * 10000)
#define WDF_DRIVER_GLOBALS_NAME_LEN 32

/* Object handles: one distinct type each, as DECLARE_HANDLE makes them. */
#define STACKLINT_WDF_HANDLE(name) typedef struct name##__ { int unused; } *name
typedef PVOID WDFOBJECT, *PWDFOBJECT;
typedef PVOID WDFCONTEXT;
STACKLINT_WDF_HANDLE(WDFDRIVER);
STACKLINT_WDF_HANDLE(WDFDEVICE);
STACKLINT_WDF_HANDLE(WDFQUEUE);
STACKLINT_WDF_HANDLE(WDFREQUEST);
STACKLINT_WDF_HANDLE(WDFFILEOBJECT);
STACKLINT_WDF_HANDLE(WDFMEMORY);
STACKLINT_WDF_HANDLE(WDFTIMER);
STACKLINT_WDF_HANDLE(WDFWORKITEM);
STACKLINT_WDF_HANDLE(WDFDPC);
STACKLINT_WDF_HANDLE(WDFINTERRUPT);
STACKLINT_WDF_HANDLE(WDFSPINLOCK);
STACKLINT_WDF_HANDLE(WDFWAITLOCK);
STACKLINT_WDF_HANDLE(WDFKEY);
STACKLINT_WDF_HANDLE(WDFSTRING);
STACKLINT_WDF_HANDLE(WDFCOLLECTION);
STACKLINT_WDF_HANDLE(WDFIOTARGET);
STACKLINT_WDF_HANDLE(WDFCMRESLIST);
STACKLINT_WDF_HANDLE(WDFLOOKASIDE);
#undef STACKLINT_WDF_HANDLE
typedef struct WDFDEVICE_INIT *PWDFDEVICE_INIT;

typedef struct _WDF_DRIVER_GLOBALS {
    WDFDRIVER Driver;
    ULONG DriverFlags;
    ULONG DriverTag;
    CHAR DriverName[WDF_DRIVER_GLOBALS_NAME_LEN];
    BOOLEAN DisplaceDriverUnload;
} WDF_DRIVER_GLOBALS, *PWDF_DRIVER_GLOBALS;

/* The framework's function table and the driver's globals, filled in when the driver binds to the framework. */
typedef VOID (*WDFFUNC)(VOID);
extern const WDFFUNC *WdfFunctions;
extern PWDF_DRIVER_GLOBALS WdfDriverGlobals;

typedef enum _WDF_TRI_STATE { WdfFalse = FALSE, WdfTrue = TRUE, WdfUseDefault = 2 } WDF_TRI_STATE, *PWDF_TRI_STATE;
typedef enum _WDF_EXECUTION_LEVEL { WdfExecutionLevelInvalid = 0, WdfExecutionLevelInheritFromParent, WdfExecutionLevelPassive, WdfExecutionLevelDispatch } WDF_EXECUTION_LEVEL;
typedef enum _WDF_SYNCHRONIZATION_SCOPE { WdfSynchronizationScopeInvalid = 0, WdfSynchronizationScopeInheritFromParent, WdfSynchronizationScopeDevice, WdfSynchronizationScopeQueue, WdfSynchronizationScopeNone } WDF_SYNCHRONIZATION_SCOPE;
typedef enum _WDF_IO_QUEUE_DISPATCH_TYPE { WdfIoQueueDispatchInvalid = 0, WdfIoQueueDispatchSequential, WdfIoQueueDispatchParallel, WdfIoQueueDispatchManual, WdfIoQueueDispatchMax } WDF_IO_QUEUE_DISPATCH_TYPE;
typedef enum _WDF_DEVICE_IO_TYPE { WdfDeviceIoUndefined = 0, WdfDeviceIoNeither, WdfDeviceIoBuffered, WdfDeviceIoDirect, WdfDeviceIoBufferedOrDirect = 4 } WDF_DEVICE_IO_TYPE;
typedef enum _WDF_FILEOBJECT_CLASS { WdfFileObjectInvalid = 0, WdfFileObjectNotRequired = 1, WdfFileObjectWdfCanUseFsContext = 2, WdfFileObjectWdfCanUseFsContext2 = 3, WdfFileObjectWdfCannotUseFsContexts = 4, WdfFileObjectCanBeOptional = 0x80000000 } WDF_FILEOBJECT_CLASS;
typedef enum _WDF_POWER_DEVICE_STATE { WdfPowerDeviceInvalid = 0, WdfPowerDeviceD0, WdfPowerDeviceD1, WdfPowerDeviceD2, WdfPowerDeviceD3, WdfPowerDeviceD3Final, WdfPowerDevicePrepareForHibernation, WdfPowerDeviceMaximum } WDF_POWER_DEVICE_STATE;
typedef enum _WDF_REQUEST_TYPE { WdfRequestTypeCreate = 0x0, WdfRequestTypeCreateNamedPipe = 0x1, WdfRequestTypeClose = 0x2, WdfRequestTypeRead = 0x3, WdfRequestTypeWrite = 0x4, WdfRequestTypeDeviceControl = 0xE, WdfRequestTypeDeviceControlInternal = 0xF, WdfRequestTypeOther = 0x1C, WdfRequestTypeMax } WDF_REQUEST_TYPE;
typedef enum _WDF_REQUEST_SEND_OPTIONS_FLAGS { WDF_REQUEST_SEND_OPTION_TIMEOUT = 0x1, WDF_REQUEST_SEND_OPTION_SYNCHRONOUS = 0x2, WDF_REQUEST_SEND_OPTION_IGNORE_TARGET_STATE = 0x4, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET = 0x8 } WDF_REQUEST_SEND_OPTIONS_FLAGS;
typedef enum _WDF_DRIVER_INIT_FLAGS { WdfDriverInitNonPnpDriver = 0x1, WdfDriverInitNoDispatchOverride = 0x2, WdfVerifyOn = 0x4, WdfVerifierOn = 0x8 } WDF_DRIVER_INIT_FLAGS;

/* Callback roles: a driver declares its callbacks with these (EVT_WDF_DRIVER_DEVICE_ADD MyEvtDeviceAdd;). */
typedef NTSTATUS EVT_WDF_DRIVER_DEVICE_ADD(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit);
typedef EVT_WDF_DRIVER_DEVICE_ADD *PFN_WDF_DRIVER_DEVICE_ADD;
typedef VOID EVT_WDF_DRIVER_UNLOAD(WDFDRIVER Driver);
typedef EVT_WDF_DRIVER_UNLOAD *PFN_WDF_DRIVER_UNLOAD;
typedef VOID EVT_WDF_OBJECT_CONTEXT_CLEANUP(WDFOBJECT Object);
typedef EVT_WDF_OBJECT_CONTEXT_CLEANUP *PFN_WDF_OBJECT_CONTEXT_CLEANUP;
typedef VOID EVT_WDF_OBJECT_CONTEXT_DESTROY(WDFOBJECT Object);
typedef EVT_WDF_OBJECT_CONTEXT_DESTROY *PFN_WDF_OBJECT_CONTEXT_DESTROY;
typedef VOID EVT_WDF_IO_QUEUE_IO_DEFAULT(WDFQUEUE Queue, WDFREQUEST Request);
typedef EVT_WDF_IO_QUEUE_IO_DEFAULT *PFN_WDF_IO_QUEUE_IO_DEFAULT;
typedef VOID EVT_WDF_IO_QUEUE_IO_READ(WDFQUEUE Queue, WDFREQUEST Request, size_t Length);
typedef EVT_WDF_IO_QUEUE_IO_READ *PFN_WDF_IO_QUEUE_IO_READ;
typedef VOID EVT_WDF_IO_QUEUE_IO_WRITE(WDFQUEUE Queue, WDFREQUEST Request, size_t Length);
typedef EVT_WDF_IO_QUEUE_IO_WRITE *PFN_WDF_IO_QUEUE_IO_WRITE;
typedef VOID EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength, size_t InputBufferLength, ULONG IoControlCode);
typedef EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL *PFN_WDF_IO_QUEUE_IO_DEVICE_CONTROL;
typedef VOID EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength, size_t InputBufferLength, ULONG IoControlCode);
typedef EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL *PFN_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL;
typedef VOID EVT_WDF_IO_QUEUE_IO_STOP(WDFQUEUE Queue, WDFREQUEST Request, ULONG ActionFlags);
typedef EVT_WDF_IO_QUEUE_IO_STOP *PFN_WDF_IO_QUEUE_IO_STOP;
typedef VOID EVT_WDF_IO_QUEUE_IO_RESUME(WDFQUEUE Queue, WDFREQUEST Request);
typedef EVT_WDF_IO_QUEUE_IO_RESUME *PFN_WDF_IO_QUEUE_IO_RESUME;
typedef VOID EVT_WDF_IO_QUEUE_IO_CANCELED_ON_QUEUE(WDFQUEUE Queue, WDFREQUEST Request);
typedef EVT_WDF_IO_QUEUE_IO_CANCELED_ON_QUEUE *PFN_WDF_IO_QUEUE_IO_CANCELED_ON_QUEUE;
typedef VOID EVT_WDF_DEVICE_FILE_CREATE(WDFDEVICE Device, WDFREQUEST Request, WDFFILEOBJECT FileObject);
typedef EVT_WDF_DEVICE_FILE_CREATE *PFN_WDF_DEVICE_FILE_CREATE;
typedef VOID EVT_WDF_FILE_CLOSE(WDFFILEOBJECT FileObject);
typedef EVT_WDF_FILE_CLOSE *PFN_WDF_FILE_CLOSE;
typedef VOID EVT_WDF_FILE_CLEANUP(WDFFILEOBJECT FileObject);
typedef EVT_WDF_FILE_CLEANUP *PFN_WDF_FILE_CLEANUP;
typedef NTSTATUS EVT_WDF_DEVICE_D0_ENTRY(WDFDEVICE Device, WDF_POWER_DEVICE_STATE PreviousState);
typedef EVT_WDF_DEVICE_D0_ENTRY *PFN_WDF_DEVICE_D0_ENTRY;
typedef NTSTATUS EVT_WDF_DEVICE_D0_EXIT(WDFDEVICE Device, WDF_POWER_DEVICE_STATE TargetState);
typedef EVT_WDF_DEVICE_D0_EXIT *PFN_WDF_DEVICE_D0_EXIT;
typedef NTSTATUS EVT_WDF_DEVICE_PREPARE_HARDWARE(WDFDEVICE Device, WDFCMRESLIST ResourcesRaw, WDFCMRESLIST ResourcesTranslated);
typedef EVT_WDF_DEVICE_PREPARE_HARDWARE *PFN_WDF_DEVICE_PREPARE_HARDWARE;
typedef NTSTATUS EVT_WDF_DEVICE_RELEASE_HARDWARE(WDFDEVICE Device, WDFCMRESLIST ResourcesTranslated);
typedef EVT_WDF_DEVICE_RELEASE_HARDWARE *PFN_WDF_DEVICE_RELEASE_HARDWARE;
typedef NTSTATUS EVT_WDF_DEVICE_SELF_MANAGED_IO(WDFDEVICE Device);
typedef EVT_WDF_DEVICE_SELF_MANAGED_IO *PFN_WDF_DEVICE_SELF_MANAGED_IO;
typedef VOID EVT_WDF_DEVICE_SELF_MANAGED_IO_CLEANUP(WDFDEVICE Device);
typedef EVT_WDF_DEVICE_SELF_MANAGED_IO_CLEANUP *PFN_WDF_DEVICE_SELF_MANAGED_IO_CLEANUP;
typedef VOID EVT_WDF_DEVICE_SURPRISE_REMOVAL(WDFDEVICE Device);
typedef EVT_WDF_DEVICE_SURPRISE_REMOVAL *PFN_WDF_DEVICE_SURPRISE_REMOVAL;
typedef NTSTATUS EVT_WDF_DEVICE_QUERY_REMOVE(WDFDEVICE Device);
typedef EVT_WDF_DEVICE_QUERY_REMOVE *PFN_WDF_DEVICE_QUERY_REMOVE;
typedef VOID EVT_WDF_TIMER(WDFTIMER Timer);
typedef EVT_WDF_TIMER *PFN_WDF_TIMER;
typedef VOID EVT_WDF_WORKITEM(WDFWORKITEM WorkItem);
typedef EVT_WDF_WORKITEM *PFN_WDF_WORKITEM;
typedef VOID EVT_WDF_DPC(WDFDPC Dpc);
typedef EVT_WDF_DPC *PFN_WDF_DPC;
typedef BOOLEAN EVT_WDF_INTERRUPT_ISR(WDFINTERRUPT Interrupt, ULONG MessageID);
typedef EVT_WDF_INTERRUPT_ISR *PFN_WDF_INTERRUPT_ISR;
typedef VOID EVT_WDF_INTERRUPT_DPC(WDFINTERRUPT Interrupt, WDFOBJECT AssociatedObject);
typedef EVT_WDF_INTERRUPT_DPC *PFN_WDF_INTERRUPT_DPC;
typedef NTSTATUS EVT_WDF_INTERRUPT_ENABLE(WDFINTERRUPT Interrupt, WDFDEVICE AssociatedDevice);
typedef EVT_WDF_INTERRUPT_ENABLE *PFN_WDF_INTERRUPT_ENABLE;
typedef NTSTATUS EVT_WDF_INTERRUPT_DISABLE(WDFINTERRUPT Interrupt, WDFDEVICE AssociatedDevice);
typedef EVT_WDF_INTERRUPT_DISABLE *PFN_WDF_INTERRUPT_DISABLE;
typedef VOID EVT_WDF_REQUEST_CANCEL(WDFREQUEST Request);
typedef EVT_WDF_REQUEST_CANCEL *PFN_WDF_REQUEST_CANCEL;

typedef struct _WDF_OBJECT_CONTEXT_TYPE_INFO WDF_OBJECT_CONTEXT_TYPE_INFO, *PWDF_OBJECT_CONTEXT_TYPE_INFO;
typedef const WDF_OBJECT_CONTEXT_TYPE_INFO *PCWDF_OBJECT_CONTEXT_TYPE_INFO;
typedef PCWDF_OBJECT_CONTEXT_TYPE_INFO (*PFN_GET_UNIQUE_CONTEXT_TYPE)(VOID);
struct _WDF_OBJECT_CONTEXT_TYPE_INFO {
    ULONG Size;
    PCHAR ContextName;
    size_t ContextSize;
    PCWDF_OBJECT_CONTEXT_TYPE_INFO UniqueType;
    PFN_GET_UNIQUE_CONTEXT_TYPE EvtDriverGetUniqueContextType;
};

typedef struct _WDF_OBJECT_ATTRIBUTES {
    ULONG Size;
    PFN_WDF_OBJECT_CONTEXT_CLEANUP EvtCleanupCallback;
    PFN_WDF_OBJECT_CONTEXT_DESTROY EvtDestroyCallback;
    WDF_EXECUTION_LEVEL ExecutionLevel;
    WDF_SYNCHRONIZATION_SCOPE SynchronizationScope;
    WDFOBJECT ParentObject;
    size_t ContextSizeOverride;
    PCWDF_OBJECT_CONTEXT_TYPE_INFO ContextTypeInfo;
} WDF_OBJECT_ATTRIBUTES, *PWDF_OBJECT_ATTRIBUTES;

FORCEINLINE VOID WDF_OBJECT_ATTRIBUTES_INIT(PWDF_OBJECT_ATTRIBUTES Attributes)
{
    RtlZeroMemory(Attributes, sizeof(WDF_OBJECT_ATTRIBUTES));
    Attributes->Size = sizeof(WDF_OBJECT_ATTRIBUTES);
    Attributes->ExecutionLevel = WdfExecutionLevelInheritFromParent;
    Attributes->SynchronizationScope = WdfSynchronizationScopeInheritFromParent;
}

/* Typed object contexts. */
#define WDF_TYPE_NAME_TO_TYPE_INFO(_contexttype) _WDF_##_contexttype##_TYPE_INFO
#define WDF_GET_CONTEXT_TYPE_INFO(_contexttype) (&WDF_TYPE_NAME_TO_TYPE_INFO(_contexttype))
#define WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(_contexttype, _castingfunction) \
    __declspec(selectany) const WDF_OBJECT_CONTEXT_TYPE_INFO WDF_TYPE_NAME_TO_TYPE_INFO(_contexttype) = \
        { sizeof(WDF_OBJECT_CONTEXT_TYPE_INFO), #_contexttype, sizeof(_contexttype), NULL, NULL }; \
    FORCEINLINE _contexttype *_castingfunction(WDFOBJECT Handle) \
    { return (_contexttype *)WdfObjectGetTypedContextWorker(Handle, WDF_GET_CONTEXT_TYPE_INFO(_contexttype)); }
#define WDF_DECLARE_CONTEXT_TYPE(_contexttype) WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(_contexttype, WdfObjectGet_##_contexttype)
#define WDF_OBJECT_ATTRIBUTES_SET_CONTEXT_TYPE(_attributes, _contexttype) \
    (_attributes)->ContextTypeInfo = WDF_GET_CONTEXT_TYPE_INFO(_contexttype)
#define WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(_attributes, _contexttype) \
    WDF_OBJECT_ATTRIBUTES_INIT(_attributes); WDF_OBJECT_ATTRIBUTES_SET_CONTEXT_TYPE(_attributes, _contexttype)
#define WdfObjectGetTypedContext(handle, type) ((type *)WdfObjectGetTypedContextWorker((WDFOBJECT)(handle), WDF_GET_CONTEXT_TYPE_INFO(type)))

typedef struct _WDF_DRIVER_CONFIG {
    ULONG Size;
    PFN_WDF_DRIVER_DEVICE_ADD EvtDriverDeviceAdd;
    PFN_WDF_DRIVER_UNLOAD EvtDriverUnload;
    ULONG DriverInitFlags;
    ULONG DriverPoolTag;
} WDF_DRIVER_CONFIG, *PWDF_DRIVER_CONFIG;

FORCEINLINE VOID WDF_DRIVER_CONFIG_INIT(PWDF_DRIVER_CONFIG Config, PFN_WDF_DRIVER_DEVICE_ADD EvtDriverDeviceAdd)
{
    RtlZeroMemory(Config, sizeof(WDF_DRIVER_CONFIG));
    Config->Size = sizeof(WDF_DRIVER_CONFIG);
    Config->EvtDriverDeviceAdd = EvtDriverDeviceAdd;
}

typedef struct _WDF_IO_QUEUE_CONFIG {
    ULONG Size;
    WDF_IO_QUEUE_DISPATCH_TYPE DispatchType;
    WDF_TRI_STATE PowerManaged;
    BOOLEAN AllowZeroLengthRequests;
    BOOLEAN DefaultQueue;
    PFN_WDF_IO_QUEUE_IO_DEFAULT EvtIoDefault;
    PFN_WDF_IO_QUEUE_IO_READ EvtIoRead;
    PFN_WDF_IO_QUEUE_IO_WRITE EvtIoWrite;
    PFN_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtIoDeviceControl;
    PFN_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL EvtIoInternalDeviceControl;
    PFN_WDF_IO_QUEUE_IO_STOP EvtIoStop;
    PFN_WDF_IO_QUEUE_IO_RESUME EvtIoResume;
    PFN_WDF_IO_QUEUE_IO_CANCELED_ON_QUEUE EvtIoCanceledOnQueue;
    union {
        struct {
            ULONG NumberOfPresentedRequests;
        } Parallel;
    } Settings;
    WDFDRIVER Driver;
} WDF_IO_QUEUE_CONFIG, *PWDF_IO_QUEUE_CONFIG;

FORCEINLINE VOID WDF_IO_QUEUE_CONFIG_INIT(PWDF_IO_QUEUE_CONFIG Config, WDF_IO_QUEUE_DISPATCH_TYPE DispatchType)
{
    RtlZeroMemory(Config, sizeof(WDF_IO_QUEUE_CONFIG));
    Config->Size = sizeof(WDF_IO_QUEUE_CONFIG);
    Config->PowerManaged = WdfUseDefault;
    Config->DispatchType = DispatchType;
    if (Config->DispatchType == WdfIoQueueDispatchParallel) {
        Config->Settings.Parallel.NumberOfPresentedRequests = (ULONG)-1;
    }
}

FORCEINLINE VOID WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(PWDF_IO_QUEUE_CONFIG Config, WDF_IO_QUEUE_DISPATCH_TYPE DispatchType)
{
    WDF_IO_QUEUE_CONFIG_INIT(Config, DispatchType);
    Config->DefaultQueue = TRUE;
}

typedef struct _WDF_FILEOBJECT_CONFIG {
    ULONG Size;
    PFN_WDF_DEVICE_FILE_CREATE EvtDeviceFileCreate;
    PFN_WDF_FILE_CLOSE EvtFileClose;
    PFN_WDF_FILE_CLEANUP EvtFileCleanup;
    WDF_TRI_STATE AutoForwardCleanupClose;
    WDF_FILEOBJECT_CLASS FileObjectClass;
} WDF_FILEOBJECT_CONFIG, *PWDF_FILEOBJECT_CONFIG;

FORCEINLINE VOID WDF_FILEOBJECT_CONFIG_INIT(PWDF_FILEOBJECT_CONFIG FileEventCallbacks, PFN_WDF_DEVICE_FILE_CREATE EvtDeviceFileCreate, PFN_WDF_FILE_CLOSE EvtFileClose, PFN_WDF_FILE_CLEANUP EvtFileCleanup)
{
    FileEventCallbacks->Size = sizeof(WDF_FILEOBJECT_CONFIG);
    FileEventCallbacks->EvtDeviceFileCreate = EvtDeviceFileCreate;
    FileEventCallbacks->EvtFileClose = EvtFileClose;
    FileEventCallbacks->EvtFileCleanup = EvtFileCleanup;
    FileEventCallbacks->FileObjectClass = WdfFileObjectWdfCannotUseFsContexts;
    FileEventCallbacks->AutoForwardCleanupClose = WdfUseDefault;
}

typedef struct _WDF_PNPPOWER_EVENT_CALLBACKS {
    ULONG Size;
    PFN_WDF_DEVICE_D0_ENTRY EvtDeviceD0Entry;
    PFN_WDF_DEVICE_D0_ENTRY EvtDeviceD0EntryPostInterruptsEnabled;
    PFN_WDF_DEVICE_D0_EXIT EvtDeviceD0Exit;
    PFN_WDF_DEVICE_D0_EXIT EvtDeviceD0ExitPreInterruptsDisabled;
    PFN_WDF_DEVICE_PREPARE_HARDWARE EvtDevicePrepareHardware;
    PFN_WDF_DEVICE_RELEASE_HARDWARE EvtDeviceReleaseHardware;
    PFN_WDF_DEVICE_SELF_MANAGED_IO_CLEANUP EvtDeviceSelfManagedIoCleanup;
    PFN_WDF_DEVICE_SELF_MANAGED_IO_CLEANUP EvtDeviceSelfManagedIoFlush;
    PFN_WDF_DEVICE_SELF_MANAGED_IO EvtDeviceSelfManagedIoInit;
    PFN_WDF_DEVICE_SELF_MANAGED_IO EvtDeviceSelfManagedIoSuspend;
    PFN_WDF_DEVICE_SELF_MANAGED_IO EvtDeviceSelfManagedIoRestart;
    PFN_WDF_DEVICE_SURPRISE_REMOVAL EvtDeviceSurpriseRemoval;
    PFN_WDF_DEVICE_QUERY_REMOVE EvtDeviceQueryRemove;
    PFN_WDF_DEVICE_QUERY_REMOVE EvtDeviceQueryStop;
    PVOID EvtDeviceUsageNotification;
    PVOID EvtDeviceRelationsQuery;
    PVOID EvtDeviceUsageNotificationEx;
} WDF_PNPPOWER_EVENT_CALLBACKS, *PWDF_PNPPOWER_EVENT_CALLBACKS;

FORCEINLINE VOID WDF_PNPPOWER_EVENT_CALLBACKS_INIT(PWDF_PNPPOWER_EVENT_CALLBACKS Callbacks)
{
    RtlZeroMemory(Callbacks, sizeof(WDF_PNPPOWER_EVENT_CALLBACKS));
    Callbacks->Size = sizeof(WDF_PNPPOWER_EVENT_CALLBACKS);
}

typedef struct _WDF_TIMER_CONFIG {
    ULONG Size;
    PFN_WDF_TIMER EvtTimerFunc;
    ULONG Period;
    BOOLEAN AutomaticSerialization;
    ULONG TolerableDelay;
    BOOLEAN UseHighResolutionTimer;
} WDF_TIMER_CONFIG, *PWDF_TIMER_CONFIG;

FORCEINLINE VOID WDF_TIMER_CONFIG_INIT(PWDF_TIMER_CONFIG Config, PFN_WDF_TIMER EvtTimerFunc)
{
    RtlZeroMemory(Config, sizeof(WDF_TIMER_CONFIG));
    Config->Size = sizeof(WDF_TIMER_CONFIG);
    Config->EvtTimerFunc = EvtTimerFunc;
    Config->AutomaticSerialization = TRUE;
}

typedef struct _WDF_WORKITEM_CONFIG {
    ULONG Size;
    PFN_WDF_WORKITEM EvtWorkItemFunc;
    BOOLEAN AutomaticSerialization;
} WDF_WORKITEM_CONFIG, *PWDF_WORKITEM_CONFIG;

FORCEINLINE VOID WDF_WORKITEM_CONFIG_INIT(PWDF_WORKITEM_CONFIG Config, PFN_WDF_WORKITEM EvtWorkItemFunc)
{
    RtlZeroMemory(Config, sizeof(WDF_WORKITEM_CONFIG));
    Config->Size = sizeof(WDF_WORKITEM_CONFIG);
    Config->EvtWorkItemFunc = EvtWorkItemFunc;
    Config->AutomaticSerialization = TRUE;
}

typedef struct _WDF_INTERRUPT_CONFIG {
    ULONG Size;
    WDFSPINLOCK SpinLock;
    WDF_TRI_STATE ShareVector;
    BOOLEAN FloatingSave;
    BOOLEAN AutomaticSerialization;
    PFN_WDF_INTERRUPT_ISR EvtInterruptIsr;
    PFN_WDF_INTERRUPT_DPC EvtInterruptDpc;
    PFN_WDF_INTERRUPT_ENABLE EvtInterruptEnable;
    PFN_WDF_INTERRUPT_DISABLE EvtInterruptDisable;
    PVOID EvtInterruptWorkItem;
    PVOID InterruptRaw;
    PVOID InterruptTranslated;
    WDFWAITLOCK WaitLock;
    BOOLEAN PassiveHandling;
    WDF_TRI_STATE ReportInactiveOnPowerDown;
    BOOLEAN CanWakeDevice;
} WDF_INTERRUPT_CONFIG, *PWDF_INTERRUPT_CONFIG;

FORCEINLINE VOID WDF_INTERRUPT_CONFIG_INIT(PWDF_INTERRUPT_CONFIG Configuration, PFN_WDF_INTERRUPT_ISR EvtInterruptIsr, PFN_WDF_INTERRUPT_DPC EvtInterruptDpc)
{
    RtlZeroMemory(Configuration, sizeof(WDF_INTERRUPT_CONFIG));
    Configuration->Size = sizeof(WDF_INTERRUPT_CONFIG);
    Configuration->ShareVector = WdfUseDefault;
    Configuration->EvtInterruptIsr = EvtInterruptIsr;
    Configuration->EvtInterruptDpc = EvtInterruptDpc;
    Configuration->ReportInactiveOnPowerDown = WdfUseDefault;
}

typedef struct _WDF_REQUEST_PARAMETERS {
    USHORT Size;
    UCHAR MinorFunction;
    WDF_REQUEST_TYPE Type;
    union {
        struct {
            PIO_SECURITY_CONTEXT SecurityContext;
            ULONG Options;
            USHORT POINTER_ALIGNMENT FileAttributes;
            USHORT ShareAccess;
            ULONG POINTER_ALIGNMENT EaLength;
        } Create;
        struct {
            size_t Length;
            ULONG POINTER_ALIGNMENT Key;
            LONGLONG DeviceOffset;
        } Read;
        struct {
            size_t Length;
            ULONG POINTER_ALIGNMENT Key;
            LONGLONG DeviceOffset;
        } Write;
        struct {
            size_t OutputBufferLength;
            size_t POINTER_ALIGNMENT InputBufferLength;
            ULONG POINTER_ALIGNMENT IoControlCode;
            PVOID Type3InputBuffer;
        } DeviceIoControl;
        struct {
            PVOID Arg1;
            PVOID Arg2;
            ULONG POINTER_ALIGNMENT IoControlCode;
            PVOID Arg4;
        } Others;
    } Parameters;
} WDF_REQUEST_PARAMETERS, *PWDF_REQUEST_PARAMETERS;

FORCEINLINE VOID WDF_REQUEST_PARAMETERS_INIT(PWDF_REQUEST_PARAMETERS Parameters)
{
    RtlZeroMemory(Parameters, sizeof(WDF_REQUEST_PARAMETERS));
    Parameters->Size = sizeof(WDF_REQUEST_PARAMETERS);
}

typedef struct _WDF_REQUEST_SEND_OPTIONS {
    ULONG Size;
    ULONG Flags;
    LONGLONG Timeout;
} WDF_REQUEST_SEND_OPTIONS, *PWDF_REQUEST_SEND_OPTIONS;

FORCEINLINE VOID WDF_REQUEST_SEND_OPTIONS_INIT(PWDF_REQUEST_SEND_OPTIONS Options, ULONG Flags)
{
    RtlZeroMemory(Options, sizeof(WDF_REQUEST_SEND_OPTIONS));
    Options->Size = sizeof(WDF_REQUEST_SEND_OPTIONS);
    Options->Flags = Flags;
}
FORCEINLINE VOID WDF_REQUEST_SEND_OPTIONS_SET_TIMEOUT(PWDF_REQUEST_SEND_OPTIONS Options, LONGLONG Timeout)
{
    Options->Flags |= WDF_REQUEST_SEND_OPTION_TIMEOUT;
    Options->Timeout = Timeout;
}

typedef struct _WDF_REQUEST_COMPLETION_PARAMS {
    ULONG Size;
    WDF_REQUEST_TYPE Type;
    IO_STATUS_BLOCK IoStatus;
    PVOID Parameters[4];
} WDF_REQUEST_COMPLETION_PARAMS, *PWDF_REQUEST_COMPLETION_PARAMS;
typedef VOID EVT_WDF_REQUEST_COMPLETION_ROUTINE(WDFREQUEST Request, WDFIOTARGET Target, PWDF_REQUEST_COMPLETION_PARAMS Params, WDFCONTEXT Context);
typedef EVT_WDF_REQUEST_COMPLETION_ROUTINE *PFN_WDF_REQUEST_COMPLETION_ROUTINE;


/*
 * The routines: each a FORCEINLINE wrapper of the shape KMDF gives them, calling through the framework's function
 * table with the driver's globals first.
 */
typedef enum _WDFFUNCENUM {
    WdfDriverCreateTableIndex,
    WdfDriverWdmGetDriverObjectTableIndex,
    WdfGetDriverTableIndex,
    WdfDeviceInitSetIoTypeTableIndex,
    WdfDeviceInitSetExclusiveTableIndex,
    WdfDeviceInitSetDeviceTypeTableIndex,
    WdfDeviceInitAssignNameTableIndex,
    WdfDeviceInitSetFileObjectConfigTableIndex,
    WdfDeviceInitSetPnpPowerEventCallbacksTableIndex,
    WdfControlDeviceInitAllocateTableIndex,
    WdfDeviceInitFreeTableIndex,
    WdfDeviceCreateTableIndex,
    WdfDeviceCreateSymbolicLinkTableIndex,
    WdfDeviceCreateDeviceInterfaceTableIndex,
    WdfDeviceWdmGetDeviceObjectTableIndex,
    WdfDeviceGetDefaultQueueTableIndex,
    WdfDeviceGetIoTargetTableIndex,
    WdfDeviceGetDriverTableIndex,
    WdfControlFinishInitializingTableIndex,
    WdfIoQueueCreateTableIndex,
    WdfIoQueueGetDeviceTableIndex,
    WdfIoQueueStartTableIndex,
    WdfIoQueueStopSynchronouslyTableIndex,
    WdfIoQueueRetrieveNextRequestTableIndex,
    WdfRequestCompleteTableIndex,
    WdfRequestCompleteWithInformationTableIndex,
    WdfRequestSetInformationTableIndex,
    WdfRequestGetInformationTableIndex,
    WdfRequestGetStatusTableIndex,
    WdfRequestGetParametersTableIndex,
    WdfRequestRetrieveInputBufferTableIndex,
    WdfRequestRetrieveOutputBufferTableIndex,
    WdfRequestRetrieveInputMemoryTableIndex,
    WdfRequestRetrieveOutputMemoryTableIndex,
    WdfRequestGetIoQueueTableIndex,
    WdfRequestGetFileObjectTableIndex,
    WdfRequestGetRequestorModeTableIndex,
    WdfRequestForwardToIoQueueTableIndex,
    WdfRequestFormatRequestUsingCurrentTypeTableIndex,
    WdfRequestSetCompletionRoutineTableIndex,
    WdfRequestSendTableIndex,
    WdfRequestMarkCancelableExTableIndex,
    WdfRequestUnmarkCancelableTableIndex,
    WdfRequestWdmGetIrpTableIndex,
    WdfFileObjectWdmGetFileObjectTableIndex,
    WdfFileObjectGetDeviceTableIndex,
    WdfMemoryCreateTableIndex,
    WdfMemoryGetBufferTableIndex,
    WdfMemoryCopyToBufferTableIndex,
    WdfMemoryCopyFromBufferTableIndex,
    WdfObjectGetTypedContextWorkerTableIndex,
    WdfObjectAllocateContextTableIndex,
    WdfObjectDeleteTableIndex,
    WdfTimerCreateTableIndex,
    WdfTimerStartTableIndex,
    WdfTimerStopTableIndex,
    WdfTimerGetParentObjectTableIndex,
    WdfWorkItemCreateTableIndex,
    WdfWorkItemEnqueueTableIndex,
    WdfWorkItemGetParentObjectTableIndex,
    WdfWorkItemFlushTableIndex,
    WdfInterruptCreateTableIndex,
    WdfInterruptQueueDpcForIsrTableIndex,
    WdfInterruptGetDeviceTableIndex,
    WdfSpinLockCreateTableIndex,
    WdfSpinLockAcquireTableIndex,
    WdfSpinLockReleaseTableIndex,
    WdfWaitLockCreateTableIndex,
    WdfWaitLockAcquireTableIndex,
    WdfWaitLockReleaseTableIndex,
    WdfRequestMarkCancelableTableIndex,
    WdfObjectReferenceActualTableIndex,
    WdfObjectDereferenceActualTableIndex,
    WdfFunctionTableNumEntries
} WDFFUNCENUM;

typedef NTSTATUS (NTAPI *PFN_WDFDRIVERCREATE)(PWDF_DRIVER_GLOBALS DriverGlobals, PDRIVER_OBJECT DriverObject, PCUNICODE_STRING RegistryPath, PWDF_OBJECT_ATTRIBUTES DriverAttributes, PWDF_DRIVER_CONFIG DriverConfig, WDFDRIVER * Driver);
FORCEINLINE NTSTATUS WdfDriverCreate(PDRIVER_OBJECT DriverObject, PCUNICODE_STRING RegistryPath, PWDF_OBJECT_ATTRIBUTES DriverAttributes, PWDF_DRIVER_CONFIG DriverConfig, WDFDRIVER * Driver)
{
    return ((PFN_WDFDRIVERCREATE)WdfFunctions[WdfDriverCreateTableIndex])(WdfDriverGlobals, DriverObject, RegistryPath, DriverAttributes, DriverConfig, Driver);
}

typedef PDRIVER_OBJECT (NTAPI *PFN_WDFDRIVERWDMGETDRIVEROBJECT)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDRIVER Driver);
FORCEINLINE PDRIVER_OBJECT WdfDriverWdmGetDriverObject(WDFDRIVER Driver)
{
    return ((PFN_WDFDRIVERWDMGETDRIVEROBJECT)WdfFunctions[WdfDriverWdmGetDriverObjectTableIndex])(WdfDriverGlobals, Driver);
}

typedef WDFDRIVER (NTAPI *PFN_WDFGETDRIVER)(PWDF_DRIVER_GLOBALS DriverGlobals);
FORCEINLINE WDFDRIVER WdfGetDriver(VOID)
{
    return ((PFN_WDFGETDRIVER)WdfFunctions[WdfGetDriverTableIndex])(WdfDriverGlobals);
}

typedef VOID (NTAPI *PFN_WDFDEVICEINITSETIOTYPE)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, WDF_DEVICE_IO_TYPE IoType);
FORCEINLINE VOID WdfDeviceInitSetIoType(PWDFDEVICE_INIT DeviceInit, WDF_DEVICE_IO_TYPE IoType)
{
    ((PFN_WDFDEVICEINITSETIOTYPE)WdfFunctions[WdfDeviceInitSetIoTypeTableIndex])(WdfDriverGlobals, DeviceInit, IoType);
}

typedef VOID (NTAPI *PFN_WDFDEVICEINITSETEXCLUSIVE)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, BOOLEAN IsExclusive);
FORCEINLINE VOID WdfDeviceInitSetExclusive(PWDFDEVICE_INIT DeviceInit, BOOLEAN IsExclusive)
{
    ((PFN_WDFDEVICEINITSETEXCLUSIVE)WdfFunctions[WdfDeviceInitSetExclusiveTableIndex])(WdfDriverGlobals, DeviceInit, IsExclusive);
}

typedef VOID (NTAPI *PFN_WDFDEVICEINITSETDEVICETYPE)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, DEVICE_TYPE DeviceType);
FORCEINLINE VOID WdfDeviceInitSetDeviceType(PWDFDEVICE_INIT DeviceInit, DEVICE_TYPE DeviceType)
{
    ((PFN_WDFDEVICEINITSETDEVICETYPE)WdfFunctions[WdfDeviceInitSetDeviceTypeTableIndex])(WdfDriverGlobals, DeviceInit, DeviceType);
}

typedef NTSTATUS (NTAPI *PFN_WDFDEVICEINITASSIGNNAME)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PCUNICODE_STRING DeviceName);
FORCEINLINE NTSTATUS WdfDeviceInitAssignName(PWDFDEVICE_INIT DeviceInit, PCUNICODE_STRING DeviceName)
{
    return ((PFN_WDFDEVICEINITASSIGNNAME)WdfFunctions[WdfDeviceInitAssignNameTableIndex])(WdfDriverGlobals, DeviceInit, DeviceName);
}

typedef VOID (NTAPI *PFN_WDFDEVICEINITSETFILEOBJECTCONFIG)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PWDF_FILEOBJECT_CONFIG FileObjectConfig, PWDF_OBJECT_ATTRIBUTES FileObjectAttributes);
FORCEINLINE VOID WdfDeviceInitSetFileObjectConfig(PWDFDEVICE_INIT DeviceInit, PWDF_FILEOBJECT_CONFIG FileObjectConfig, PWDF_OBJECT_ATTRIBUTES FileObjectAttributes)
{
    ((PFN_WDFDEVICEINITSETFILEOBJECTCONFIG)WdfFunctions[WdfDeviceInitSetFileObjectConfigTableIndex])(WdfDriverGlobals, DeviceInit, FileObjectConfig, FileObjectAttributes);
}

typedef VOID (NTAPI *PFN_WDFDEVICEINITSETPNPPOWEREVENTCALLBACKS)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PWDF_PNPPOWER_EVENT_CALLBACKS PnpPowerEventCallbacks);
FORCEINLINE VOID WdfDeviceInitSetPnpPowerEventCallbacks(PWDFDEVICE_INIT DeviceInit, PWDF_PNPPOWER_EVENT_CALLBACKS PnpPowerEventCallbacks)
{
    ((PFN_WDFDEVICEINITSETPNPPOWEREVENTCALLBACKS)WdfFunctions[WdfDeviceInitSetPnpPowerEventCallbacksTableIndex])(WdfDriverGlobals, DeviceInit, PnpPowerEventCallbacks);
}

typedef PWDFDEVICE_INIT (NTAPI *PFN_WDFCONTROLDEVICEINITALLOCATE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDRIVER Driver, const UNICODE_STRING * SDDLString);
FORCEINLINE PWDFDEVICE_INIT WdfControlDeviceInitAllocate(WDFDRIVER Driver, const UNICODE_STRING * SDDLString)
{
    return ((PFN_WDFCONTROLDEVICEINITALLOCATE)WdfFunctions[WdfControlDeviceInitAllocateTableIndex])(WdfDriverGlobals, Driver, SDDLString);
}

typedef VOID (NTAPI *PFN_WDFDEVICEINITFREE)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit);
FORCEINLINE VOID WdfDeviceInitFree(PWDFDEVICE_INIT DeviceInit)
{
    ((PFN_WDFDEVICEINITFREE)WdfFunctions[WdfDeviceInitFreeTableIndex])(WdfDriverGlobals, DeviceInit);
}

typedef NTSTATUS (NTAPI *PFN_WDFDEVICECREATE)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT * DeviceInit, PWDF_OBJECT_ATTRIBUTES DeviceAttributes, WDFDEVICE * Device);
FORCEINLINE NTSTATUS WdfDeviceCreate(PWDFDEVICE_INIT * DeviceInit, PWDF_OBJECT_ATTRIBUTES DeviceAttributes, WDFDEVICE * Device)
{
    return ((PFN_WDFDEVICECREATE)WdfFunctions[WdfDeviceCreateTableIndex])(WdfDriverGlobals, DeviceInit, DeviceAttributes, Device);
}

typedef NTSTATUS (NTAPI *PFN_WDFDEVICECREATESYMBOLICLINK)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, PCUNICODE_STRING SymbolicLinkName);
FORCEINLINE NTSTATUS WdfDeviceCreateSymbolicLink(WDFDEVICE Device, PCUNICODE_STRING SymbolicLinkName)
{
    return ((PFN_WDFDEVICECREATESYMBOLICLINK)WdfFunctions[WdfDeviceCreateSymbolicLinkTableIndex])(WdfDriverGlobals, Device, SymbolicLinkName);
}

typedef NTSTATUS (NTAPI *PFN_WDFDEVICECREATEDEVICEINTERFACE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, const GUID * InterfaceClassGUID, PCUNICODE_STRING ReferenceString);
FORCEINLINE NTSTATUS WdfDeviceCreateDeviceInterface(WDFDEVICE Device, const GUID * InterfaceClassGUID, PCUNICODE_STRING ReferenceString)
{
    return ((PFN_WDFDEVICECREATEDEVICEINTERFACE)WdfFunctions[WdfDeviceCreateDeviceInterfaceTableIndex])(WdfDriverGlobals, Device, InterfaceClassGUID, ReferenceString);
}

typedef PDEVICE_OBJECT (NTAPI *PFN_WDFDEVICEWDMGETDEVICEOBJECT)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device);
FORCEINLINE PDEVICE_OBJECT WdfDeviceWdmGetDeviceObject(WDFDEVICE Device)
{
    return ((PFN_WDFDEVICEWDMGETDEVICEOBJECT)WdfFunctions[WdfDeviceWdmGetDeviceObjectTableIndex])(WdfDriverGlobals, Device);
}

typedef WDFQUEUE (NTAPI *PFN_WDFDEVICEGETDEFAULTQUEUE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device);
FORCEINLINE WDFQUEUE WdfDeviceGetDefaultQueue(WDFDEVICE Device)
{
    return ((PFN_WDFDEVICEGETDEFAULTQUEUE)WdfFunctions[WdfDeviceGetDefaultQueueTableIndex])(WdfDriverGlobals, Device);
}

typedef WDFIOTARGET (NTAPI *PFN_WDFDEVICEGETIOTARGET)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device);
FORCEINLINE WDFIOTARGET WdfDeviceGetIoTarget(WDFDEVICE Device)
{
    return ((PFN_WDFDEVICEGETIOTARGET)WdfFunctions[WdfDeviceGetIoTargetTableIndex])(WdfDriverGlobals, Device);
}

typedef WDFDRIVER (NTAPI *PFN_WDFDEVICEGETDRIVER)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device);
FORCEINLINE WDFDRIVER WdfDeviceGetDriver(WDFDEVICE Device)
{
    return ((PFN_WDFDEVICEGETDRIVER)WdfFunctions[WdfDeviceGetDriverTableIndex])(WdfDriverGlobals, Device);
}

typedef VOID (NTAPI *PFN_WDFCONTROLFINISHINITIALIZING)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE ControlDevice);
FORCEINLINE VOID WdfControlFinishInitializing(WDFDEVICE ControlDevice)
{
    ((PFN_WDFCONTROLFINISHINITIALIZING)WdfFunctions[WdfControlFinishInitializingTableIndex])(WdfDriverGlobals, ControlDevice);
}

typedef NTSTATUS (NTAPI *PFN_WDFIOQUEUECREATE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, PWDF_IO_QUEUE_CONFIG Config, PWDF_OBJECT_ATTRIBUTES QueueAttributes, WDFQUEUE * Queue);
FORCEINLINE NTSTATUS WdfIoQueueCreate(WDFDEVICE Device, PWDF_IO_QUEUE_CONFIG Config, PWDF_OBJECT_ATTRIBUTES QueueAttributes, WDFQUEUE * Queue)
{
    return ((PFN_WDFIOQUEUECREATE)WdfFunctions[WdfIoQueueCreateTableIndex])(WdfDriverGlobals, Device, Config, QueueAttributes, Queue);
}

typedef WDFDEVICE (NTAPI *PFN_WDFIOQUEUEGETDEVICE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue);
FORCEINLINE WDFDEVICE WdfIoQueueGetDevice(WDFQUEUE Queue)
{
    return ((PFN_WDFIOQUEUEGETDEVICE)WdfFunctions[WdfIoQueueGetDeviceTableIndex])(WdfDriverGlobals, Queue);
}

typedef VOID (NTAPI *PFN_WDFIOQUEUESTART)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue);
FORCEINLINE VOID WdfIoQueueStart(WDFQUEUE Queue)
{
    ((PFN_WDFIOQUEUESTART)WdfFunctions[WdfIoQueueStartTableIndex])(WdfDriverGlobals, Queue);
}

typedef VOID (NTAPI *PFN_WDFIOQUEUESTOPSYNCHRONOUSLY)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue);
FORCEINLINE VOID WdfIoQueueStopSynchronously(WDFQUEUE Queue)
{
    ((PFN_WDFIOQUEUESTOPSYNCHRONOUSLY)WdfFunctions[WdfIoQueueStopSynchronouslyTableIndex])(WdfDriverGlobals, Queue);
}

typedef NTSTATUS (NTAPI *PFN_WDFIOQUEUERETRIEVENEXTREQUEST)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue, WDFREQUEST * OutRequest);
FORCEINLINE NTSTATUS WdfIoQueueRetrieveNextRequest(WDFQUEUE Queue, WDFREQUEST * OutRequest)
{
    return ((PFN_WDFIOQUEUERETRIEVENEXTREQUEST)WdfFunctions[WdfIoQueueRetrieveNextRequestTableIndex])(WdfDriverGlobals, Queue, OutRequest);
}

typedef VOID (NTAPI *PFN_WDFREQUESTCOMPLETE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, NTSTATUS Status);
FORCEINLINE VOID WdfRequestComplete(WDFREQUEST Request, NTSTATUS Status)
{
    ((PFN_WDFREQUESTCOMPLETE)WdfFunctions[WdfRequestCompleteTableIndex])(WdfDriverGlobals, Request, Status);
}

typedef VOID (NTAPI *PFN_WDFREQUESTCOMPLETEWITHINFORMATION)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, NTSTATUS Status, ULONG_PTR Information);
FORCEINLINE VOID WdfRequestCompleteWithInformation(WDFREQUEST Request, NTSTATUS Status, ULONG_PTR Information)
{
    ((PFN_WDFREQUESTCOMPLETEWITHINFORMATION)WdfFunctions[WdfRequestCompleteWithInformationTableIndex])(WdfDriverGlobals, Request, Status, Information);
}

typedef VOID (NTAPI *PFN_WDFREQUESTSETINFORMATION)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, ULONG_PTR Information);
FORCEINLINE VOID WdfRequestSetInformation(WDFREQUEST Request, ULONG_PTR Information)
{
    ((PFN_WDFREQUESTSETINFORMATION)WdfFunctions[WdfRequestSetInformationTableIndex])(WdfDriverGlobals, Request, Information);
}

typedef ULONG_PTR (NTAPI *PFN_WDFREQUESTGETINFORMATION)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);
FORCEINLINE ULONG_PTR WdfRequestGetInformation(WDFREQUEST Request)
{
    return ((PFN_WDFREQUESTGETINFORMATION)WdfFunctions[WdfRequestGetInformationTableIndex])(WdfDriverGlobals, Request);
}

typedef NTSTATUS (NTAPI *PFN_WDFREQUESTGETSTATUS)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);
FORCEINLINE NTSTATUS WdfRequestGetStatus(WDFREQUEST Request)
{
    return ((PFN_WDFREQUESTGETSTATUS)WdfFunctions[WdfRequestGetStatusTableIndex])(WdfDriverGlobals, Request);
}

typedef VOID (NTAPI *PFN_WDFREQUESTGETPARAMETERS)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, PWDF_REQUEST_PARAMETERS Parameters);
FORCEINLINE VOID WdfRequestGetParameters(WDFREQUEST Request, PWDF_REQUEST_PARAMETERS Parameters)
{
    ((PFN_WDFREQUESTGETPARAMETERS)WdfFunctions[WdfRequestGetParametersTableIndex])(WdfDriverGlobals, Request, Parameters);
}

typedef NTSTATUS (NTAPI *PFN_WDFREQUESTRETRIEVEINPUTBUFFER)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, size_t MinimumRequiredLength, PVOID * Buffer, size_t * Length);
FORCEINLINE NTSTATUS WdfRequestRetrieveInputBuffer(WDFREQUEST Request, size_t MinimumRequiredLength, PVOID * Buffer, size_t * Length)
{
    return ((PFN_WDFREQUESTRETRIEVEINPUTBUFFER)WdfFunctions[WdfRequestRetrieveInputBufferTableIndex])(WdfDriverGlobals, Request, MinimumRequiredLength, Buffer, Length);
}

typedef NTSTATUS (NTAPI *PFN_WDFREQUESTRETRIEVEOUTPUTBUFFER)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, size_t MinimumRequiredSize, PVOID * Buffer, size_t * Length);
FORCEINLINE NTSTATUS WdfRequestRetrieveOutputBuffer(WDFREQUEST Request, size_t MinimumRequiredSize, PVOID * Buffer, size_t * Length)
{
    return ((PFN_WDFREQUESTRETRIEVEOUTPUTBUFFER)WdfFunctions[WdfRequestRetrieveOutputBufferTableIndex])(WdfDriverGlobals, Request, MinimumRequiredSize, Buffer, Length);
}

typedef NTSTATUS (NTAPI *PFN_WDFREQUESTRETRIEVEINPUTMEMORY)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, WDFMEMORY * Memory);
FORCEINLINE NTSTATUS WdfRequestRetrieveInputMemory(WDFREQUEST Request, WDFMEMORY * Memory)
{
    return ((PFN_WDFREQUESTRETRIEVEINPUTMEMORY)WdfFunctions[WdfRequestRetrieveInputMemoryTableIndex])(WdfDriverGlobals, Request, Memory);
}

typedef NTSTATUS (NTAPI *PFN_WDFREQUESTRETRIEVEOUTPUTMEMORY)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, WDFMEMORY * Memory);
FORCEINLINE NTSTATUS WdfRequestRetrieveOutputMemory(WDFREQUEST Request, WDFMEMORY * Memory)
{
    return ((PFN_WDFREQUESTRETRIEVEOUTPUTMEMORY)WdfFunctions[WdfRequestRetrieveOutputMemoryTableIndex])(WdfDriverGlobals, Request, Memory);
}

typedef WDFQUEUE (NTAPI *PFN_WDFREQUESTGETIOQUEUE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);
FORCEINLINE WDFQUEUE WdfRequestGetIoQueue(WDFREQUEST Request)
{
    return ((PFN_WDFREQUESTGETIOQUEUE)WdfFunctions[WdfRequestGetIoQueueTableIndex])(WdfDriverGlobals, Request);
}

typedef WDFFILEOBJECT (NTAPI *PFN_WDFREQUESTGETFILEOBJECT)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);
FORCEINLINE WDFFILEOBJECT WdfRequestGetFileObject(WDFREQUEST Request)
{
    return ((PFN_WDFREQUESTGETFILEOBJECT)WdfFunctions[WdfRequestGetFileObjectTableIndex])(WdfDriverGlobals, Request);
}

typedef KPROCESSOR_MODE (NTAPI *PFN_WDFREQUESTGETREQUESTORMODE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);
FORCEINLINE KPROCESSOR_MODE WdfRequestGetRequestorMode(WDFREQUEST Request)
{
    return ((PFN_WDFREQUESTGETREQUESTORMODE)WdfFunctions[WdfRequestGetRequestorModeTableIndex])(WdfDriverGlobals, Request);
}

typedef NTSTATUS (NTAPI *PFN_WDFREQUESTFORWARDTOIOQUEUE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, WDFQUEUE DestinationQueue);
FORCEINLINE NTSTATUS WdfRequestForwardToIoQueue(WDFREQUEST Request, WDFQUEUE DestinationQueue)
{
    return ((PFN_WDFREQUESTFORWARDTOIOQUEUE)WdfFunctions[WdfRequestForwardToIoQueueTableIndex])(WdfDriverGlobals, Request, DestinationQueue);
}

typedef VOID (NTAPI *PFN_WDFREQUESTFORMATREQUESTUSINGCURRENTTYPE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);
FORCEINLINE VOID WdfRequestFormatRequestUsingCurrentType(WDFREQUEST Request)
{
    ((PFN_WDFREQUESTFORMATREQUESTUSINGCURRENTTYPE)WdfFunctions[WdfRequestFormatRequestUsingCurrentTypeTableIndex])(WdfDriverGlobals, Request);
}

typedef VOID (NTAPI *PFN_WDFREQUESTSETCOMPLETIONROUTINE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, PFN_WDF_REQUEST_COMPLETION_ROUTINE CompletionRoutine, WDFCONTEXT CompletionContext);
FORCEINLINE VOID WdfRequestSetCompletionRoutine(WDFREQUEST Request, PFN_WDF_REQUEST_COMPLETION_ROUTINE CompletionRoutine, WDFCONTEXT CompletionContext)
{
    ((PFN_WDFREQUESTSETCOMPLETIONROUTINE)WdfFunctions[WdfRequestSetCompletionRoutineTableIndex])(WdfDriverGlobals, Request, CompletionRoutine, CompletionContext);
}

typedef BOOLEAN (NTAPI *PFN_WDFREQUESTSEND)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, WDFIOTARGET Target, PWDF_REQUEST_SEND_OPTIONS Options);
FORCEINLINE BOOLEAN WdfRequestSend(WDFREQUEST Request, WDFIOTARGET Target, PWDF_REQUEST_SEND_OPTIONS Options)
{
    return ((PFN_WDFREQUESTSEND)WdfFunctions[WdfRequestSendTableIndex])(WdfDriverGlobals, Request, Target, Options);
}

typedef NTSTATUS (NTAPI *PFN_WDFREQUESTMARKCANCELABLEEX)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, PFN_WDF_REQUEST_CANCEL EvtRequestCancel);
FORCEINLINE NTSTATUS WdfRequestMarkCancelableEx(WDFREQUEST Request, PFN_WDF_REQUEST_CANCEL EvtRequestCancel)
{
    return ((PFN_WDFREQUESTMARKCANCELABLEEX)WdfFunctions[WdfRequestMarkCancelableExTableIndex])(WdfDriverGlobals, Request, EvtRequestCancel);
}

typedef NTSTATUS (NTAPI *PFN_WDFREQUESTUNMARKCANCELABLE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);
FORCEINLINE NTSTATUS WdfRequestUnmarkCancelable(WDFREQUEST Request)
{
    return ((PFN_WDFREQUESTUNMARKCANCELABLE)WdfFunctions[WdfRequestUnmarkCancelableTableIndex])(WdfDriverGlobals, Request);
}

typedef PIRP (NTAPI *PFN_WDFREQUESTWDMGETIRP)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);
FORCEINLINE PIRP WdfRequestWdmGetIrp(WDFREQUEST Request)
{
    return ((PFN_WDFREQUESTWDMGETIRP)WdfFunctions[WdfRequestWdmGetIrpTableIndex])(WdfDriverGlobals, Request);
}

typedef PFILE_OBJECT (NTAPI *PFN_WDFFILEOBJECTWDMGETFILEOBJECT)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFFILEOBJECT FileObject);
FORCEINLINE PFILE_OBJECT WdfFileObjectWdmGetFileObject(WDFFILEOBJECT FileObject)
{
    return ((PFN_WDFFILEOBJECTWDMGETFILEOBJECT)WdfFunctions[WdfFileObjectWdmGetFileObjectTableIndex])(WdfDriverGlobals, FileObject);
}

typedef WDFDEVICE (NTAPI *PFN_WDFFILEOBJECTGETDEVICE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFFILEOBJECT FileObject);
FORCEINLINE WDFDEVICE WdfFileObjectGetDevice(WDFFILEOBJECT FileObject)
{
    return ((PFN_WDFFILEOBJECTGETDEVICE)WdfFunctions[WdfFileObjectGetDeviceTableIndex])(WdfDriverGlobals, FileObject);
}

typedef NTSTATUS (NTAPI *PFN_WDFMEMORYCREATE)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDF_OBJECT_ATTRIBUTES Attributes, POOL_TYPE PoolType, ULONG PoolTag, size_t BufferSize, WDFMEMORY * Memory, PVOID * Buffer);
FORCEINLINE NTSTATUS WdfMemoryCreate(PWDF_OBJECT_ATTRIBUTES Attributes, POOL_TYPE PoolType, ULONG PoolTag, size_t BufferSize, WDFMEMORY * Memory, PVOID * Buffer)
{
    return ((PFN_WDFMEMORYCREATE)WdfFunctions[WdfMemoryCreateTableIndex])(WdfDriverGlobals, Attributes, PoolType, PoolTag, BufferSize, Memory, Buffer);
}

typedef PVOID (NTAPI *PFN_WDFMEMORYGETBUFFER)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFMEMORY Memory, size_t * BufferSize);
FORCEINLINE PVOID WdfMemoryGetBuffer(WDFMEMORY Memory, size_t * BufferSize)
{
    return ((PFN_WDFMEMORYGETBUFFER)WdfFunctions[WdfMemoryGetBufferTableIndex])(WdfDriverGlobals, Memory, BufferSize);
}

typedef NTSTATUS (NTAPI *PFN_WDFMEMORYCOPYTOBUFFER)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFMEMORY SourceMemory, size_t SourceOffset, PVOID Buffer, size_t NumBytesToCopyTo);
FORCEINLINE NTSTATUS WdfMemoryCopyToBuffer(WDFMEMORY SourceMemory, size_t SourceOffset, PVOID Buffer, size_t NumBytesToCopyTo)
{
    return ((PFN_WDFMEMORYCOPYTOBUFFER)WdfFunctions[WdfMemoryCopyToBufferTableIndex])(WdfDriverGlobals, SourceMemory, SourceOffset, Buffer, NumBytesToCopyTo);
}

typedef NTSTATUS (NTAPI *PFN_WDFMEMORYCOPYFROMBUFFER)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFMEMORY DestinationMemory, size_t DestinationOffset, PVOID Buffer, size_t NumBytesToCopyFrom);
FORCEINLINE NTSTATUS WdfMemoryCopyFromBuffer(WDFMEMORY DestinationMemory, size_t DestinationOffset, PVOID Buffer, size_t NumBytesToCopyFrom)
{
    return ((PFN_WDFMEMORYCOPYFROMBUFFER)WdfFunctions[WdfMemoryCopyFromBufferTableIndex])(WdfDriverGlobals, DestinationMemory, DestinationOffset, Buffer, NumBytesToCopyFrom);
}

typedef PVOID (NTAPI *PFN_WDFOBJECTGETTYPEDCONTEXTWORKER)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFOBJECT Handle, PCWDF_OBJECT_CONTEXT_TYPE_INFO TypeInfo);
FORCEINLINE PVOID WdfObjectGetTypedContextWorker(WDFOBJECT Handle, PCWDF_OBJECT_CONTEXT_TYPE_INFO TypeInfo)
{
    return ((PFN_WDFOBJECTGETTYPEDCONTEXTWORKER)WdfFunctions[WdfObjectGetTypedContextWorkerTableIndex])(WdfDriverGlobals, Handle, TypeInfo);
}

typedef NTSTATUS (NTAPI *PFN_WDFOBJECTALLOCATECONTEXT)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFOBJECT Handle, PWDF_OBJECT_ATTRIBUTES ContextAttributes, PVOID * Context);
FORCEINLINE NTSTATUS WdfObjectAllocateContext(WDFOBJECT Handle, PWDF_OBJECT_ATTRIBUTES ContextAttributes, PVOID * Context)
{
    return ((PFN_WDFOBJECTALLOCATECONTEXT)WdfFunctions[WdfObjectAllocateContextTableIndex])(WdfDriverGlobals, Handle, ContextAttributes, Context);
}

typedef VOID (NTAPI *PFN_WDFOBJECTDELETE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFOBJECT Object);
FORCEINLINE VOID WdfObjectDelete(WDFOBJECT Object)
{
    ((PFN_WDFOBJECTDELETE)WdfFunctions[WdfObjectDeleteTableIndex])(WdfDriverGlobals, Object);
}

typedef NTSTATUS (NTAPI *PFN_WDFTIMERCREATE)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDF_TIMER_CONFIG Config, PWDF_OBJECT_ATTRIBUTES Attributes, WDFTIMER * Timer);
FORCEINLINE NTSTATUS WdfTimerCreate(PWDF_TIMER_CONFIG Config, PWDF_OBJECT_ATTRIBUTES Attributes, WDFTIMER * Timer)
{
    return ((PFN_WDFTIMERCREATE)WdfFunctions[WdfTimerCreateTableIndex])(WdfDriverGlobals, Config, Attributes, Timer);
}

typedef BOOLEAN (NTAPI *PFN_WDFTIMERSTART)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFTIMER Timer, LONGLONG DueTime);
FORCEINLINE BOOLEAN WdfTimerStart(WDFTIMER Timer, LONGLONG DueTime)
{
    return ((PFN_WDFTIMERSTART)WdfFunctions[WdfTimerStartTableIndex])(WdfDriverGlobals, Timer, DueTime);
}

typedef BOOLEAN (NTAPI *PFN_WDFTIMERSTOP)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFTIMER Timer, BOOLEAN Wait);
FORCEINLINE BOOLEAN WdfTimerStop(WDFTIMER Timer, BOOLEAN Wait)
{
    return ((PFN_WDFTIMERSTOP)WdfFunctions[WdfTimerStopTableIndex])(WdfDriverGlobals, Timer, Wait);
}

typedef WDFOBJECT (NTAPI *PFN_WDFTIMERGETPARENTOBJECT)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFTIMER Timer);
FORCEINLINE WDFOBJECT WdfTimerGetParentObject(WDFTIMER Timer)
{
    return ((PFN_WDFTIMERGETPARENTOBJECT)WdfFunctions[WdfTimerGetParentObjectTableIndex])(WdfDriverGlobals, Timer);
}

typedef NTSTATUS (NTAPI *PFN_WDFWORKITEMCREATE)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDF_WORKITEM_CONFIG Config, PWDF_OBJECT_ATTRIBUTES Attributes, WDFWORKITEM * WorkItem);
FORCEINLINE NTSTATUS WdfWorkItemCreate(PWDF_WORKITEM_CONFIG Config, PWDF_OBJECT_ATTRIBUTES Attributes, WDFWORKITEM * WorkItem)
{
    return ((PFN_WDFWORKITEMCREATE)WdfFunctions[WdfWorkItemCreateTableIndex])(WdfDriverGlobals, Config, Attributes, WorkItem);
}

typedef VOID (NTAPI *PFN_WDFWORKITEMENQUEUE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFWORKITEM WorkItem);
FORCEINLINE VOID WdfWorkItemEnqueue(WDFWORKITEM WorkItem)
{
    ((PFN_WDFWORKITEMENQUEUE)WdfFunctions[WdfWorkItemEnqueueTableIndex])(WdfDriverGlobals, WorkItem);
}

typedef WDFOBJECT (NTAPI *PFN_WDFWORKITEMGETPARENTOBJECT)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFWORKITEM WorkItem);
FORCEINLINE WDFOBJECT WdfWorkItemGetParentObject(WDFWORKITEM WorkItem)
{
    return ((PFN_WDFWORKITEMGETPARENTOBJECT)WdfFunctions[WdfWorkItemGetParentObjectTableIndex])(WdfDriverGlobals, WorkItem);
}

typedef VOID (NTAPI *PFN_WDFWORKITEMFLUSH)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFWORKITEM WorkItem);
FORCEINLINE VOID WdfWorkItemFlush(WDFWORKITEM WorkItem)
{
    ((PFN_WDFWORKITEMFLUSH)WdfFunctions[WdfWorkItemFlushTableIndex])(WdfDriverGlobals, WorkItem);
}

typedef NTSTATUS (NTAPI *PFN_WDFINTERRUPTCREATE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, PWDF_INTERRUPT_CONFIG Configuration, PWDF_OBJECT_ATTRIBUTES Attributes, WDFINTERRUPT * Interrupt);
FORCEINLINE NTSTATUS WdfInterruptCreate(WDFDEVICE Device, PWDF_INTERRUPT_CONFIG Configuration, PWDF_OBJECT_ATTRIBUTES Attributes, WDFINTERRUPT * Interrupt)
{
    return ((PFN_WDFINTERRUPTCREATE)WdfFunctions[WdfInterruptCreateTableIndex])(WdfDriverGlobals, Device, Configuration, Attributes, Interrupt);
}

typedef BOOLEAN (NTAPI *PFN_WDFINTERRUPTQUEUEDPCFORISR)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFINTERRUPT Interrupt);
FORCEINLINE BOOLEAN WdfInterruptQueueDpcForIsr(WDFINTERRUPT Interrupt)
{
    return ((PFN_WDFINTERRUPTQUEUEDPCFORISR)WdfFunctions[WdfInterruptQueueDpcForIsrTableIndex])(WdfDriverGlobals, Interrupt);
}

typedef WDFDEVICE (NTAPI *PFN_WDFINTERRUPTGETDEVICE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFINTERRUPT Interrupt);
FORCEINLINE WDFDEVICE WdfInterruptGetDevice(WDFINTERRUPT Interrupt)
{
    return ((PFN_WDFINTERRUPTGETDEVICE)WdfFunctions[WdfInterruptGetDeviceTableIndex])(WdfDriverGlobals, Interrupt);
}

typedef NTSTATUS (NTAPI *PFN_WDFSPINLOCKCREATE)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDF_OBJECT_ATTRIBUTES SpinLockAttributes, WDFSPINLOCK * SpinLock);
FORCEINLINE NTSTATUS WdfSpinLockCreate(PWDF_OBJECT_ATTRIBUTES SpinLockAttributes, WDFSPINLOCK * SpinLock)
{
    return ((PFN_WDFSPINLOCKCREATE)WdfFunctions[WdfSpinLockCreateTableIndex])(WdfDriverGlobals, SpinLockAttributes, SpinLock);
}

typedef VOID (NTAPI *PFN_WDFSPINLOCKACQUIRE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFSPINLOCK SpinLock);
FORCEINLINE VOID WdfSpinLockAcquire(WDFSPINLOCK SpinLock)
{
    ((PFN_WDFSPINLOCKACQUIRE)WdfFunctions[WdfSpinLockAcquireTableIndex])(WdfDriverGlobals, SpinLock);
}

typedef VOID (NTAPI *PFN_WDFSPINLOCKRELEASE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFSPINLOCK SpinLock);
FORCEINLINE VOID WdfSpinLockRelease(WDFSPINLOCK SpinLock)
{
    ((PFN_WDFSPINLOCKRELEASE)WdfFunctions[WdfSpinLockReleaseTableIndex])(WdfDriverGlobals, SpinLock);
}

typedef NTSTATUS (NTAPI *PFN_WDFWAITLOCKCREATE)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDF_OBJECT_ATTRIBUTES LockAttributes, WDFWAITLOCK * Lock);
FORCEINLINE NTSTATUS WdfWaitLockCreate(PWDF_OBJECT_ATTRIBUTES LockAttributes, WDFWAITLOCK * Lock)
{
    return ((PFN_WDFWAITLOCKCREATE)WdfFunctions[WdfWaitLockCreateTableIndex])(WdfDriverGlobals, LockAttributes, Lock);
}

typedef NTSTATUS (NTAPI *PFN_WDFWAITLOCKACQUIRE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFWAITLOCK Lock, PLONGLONG Timeout);
FORCEINLINE NTSTATUS WdfWaitLockAcquire(WDFWAITLOCK Lock, PLONGLONG Timeout)
{
    return ((PFN_WDFWAITLOCKACQUIRE)WdfFunctions[WdfWaitLockAcquireTableIndex])(WdfDriverGlobals, Lock, Timeout);
}

typedef VOID (NTAPI *PFN_WDFWAITLOCKRELEASE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFWAITLOCK Lock);
FORCEINLINE VOID WdfWaitLockRelease(WDFWAITLOCK Lock)
{
    ((PFN_WDFWAITLOCKRELEASE)WdfFunctions[WdfWaitLockReleaseTableIndex])(WdfDriverGlobals, Lock);
}

typedef VOID (NTAPI *PFN_WDFREQUESTMARKCANCELABLE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, PFN_WDF_REQUEST_CANCEL EvtRequestCancel);
FORCEINLINE VOID WdfRequestMarkCancelable(WDFREQUEST Request, PFN_WDF_REQUEST_CANCEL EvtRequestCancel)
{
    ((PFN_WDFREQUESTMARKCANCELABLE)WdfFunctions[WdfRequestMarkCancelableTableIndex])(WdfDriverGlobals, Request, EvtRequestCancel);
}

typedef VOID (NTAPI *PFN_WDFOBJECTREFERENCEACTUAL)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFOBJECT Handle, PVOID Tag, LONG Line, PCHAR File);
FORCEINLINE VOID WdfObjectReferenceActual(WDFOBJECT Handle, PVOID Tag, LONG Line, PCHAR File)
{
    ((PFN_WDFOBJECTREFERENCEACTUAL)WdfFunctions[WdfObjectReferenceActualTableIndex])(WdfDriverGlobals, Handle, Tag, Line, File);
}

typedef VOID (NTAPI *PFN_WDFOBJECTDEREFERENCEACTUAL)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFOBJECT Handle, PVOID Tag, LONG Line, PCHAR File);
FORCEINLINE VOID WdfObjectDereferenceActual(WDFOBJECT Handle, PVOID Tag, LONG Line, PCHAR File)
{
    ((PFN_WDFOBJECTDEREFERENCEACTUAL)WdfFunctions[WdfObjectDereferenceActualTableIndex])(WdfDriverGlobals, Handle, Tag, Line, File);
}

/* Macros over the routines, as KMDF has them. */
#define WdfObjectReference(Handle) WdfObjectReferenceActual((Handle), NULL, __LINE__, __FILE__)
#define WdfObjectDereference(Handle) WdfObjectDereferenceActual((Handle), NULL, __LINE__, __FILE__)
#define WdfObjectReferenceWithTag(Handle, Tag) WdfObjectReferenceActual((Handle), (Tag), __LINE__, __FILE__)
#define WdfObjectDereferenceWithTag(Handle, Tag) WdfObjectDereferenceActual((Handle), (Tag), __LINE__, __FILE__)

/*
 * DMA (enabler, transaction, common buffer), KMDF WMI (provider, instance), interrupt information, DPCs, I/O targets,
 * memory descriptors, lookaside lists, collections, resource lists, request reuse and power policy: the routines
 * and structures real KMDF drivers call besides the core above, in the same shape (FORCEINLINE wrappers through the
 * function table, *_INIT functions that zero the structure and set its Size).
 */
#define STACKLINT_WDF_HANDLE(name) typedef struct name##__ { int unused; } *name
STACKLINT_WDF_HANDLE(WDFDMAENABLER);
STACKLINT_WDF_HANDLE(WDFDMATRANSACTION);
STACKLINT_WDF_HANDLE(WDFCOMMONBUFFER);
STACKLINT_WDF_HANDLE(WDFWMIPROVIDER);
STACKLINT_WDF_HANDLE(WDFWMIINSTANCE);
#undef STACKLINT_WDF_HANDLE

#if defined(STACKLINT_KERNEL_H)
/* Kernel types the DMA and resource routines take; mingw-w64's wdm.h declares them itself. */
typedef struct _SCATTER_GATHER_ELEMENT {
    PHYSICAL_ADDRESS Address;
    ULONG Length;
    ULONG_PTR Reserved;
} SCATTER_GATHER_ELEMENT, *PSCATTER_GATHER_ELEMENT;
typedef struct _SCATTER_GATHER_LIST {
    ULONG NumberOfElements;
    ULONG_PTR Reserved;
    SCATTER_GATHER_ELEMENT Elements[];
} SCATTER_GATHER_LIST, *PSCATTER_GATHER_LIST;
#ifndef FILE_QUAD_ALIGNMENT
#define FILE_BYTE_ALIGNMENT 0x00000000
#define FILE_WORD_ALIGNMENT 0x00000001
#define FILE_LONG_ALIGNMENT 0x00000003
#define FILE_QUAD_ALIGNMENT 0x00000007
#define FILE_OCTA_ALIGNMENT 0x0000000f
#define FILE_32_BYTE_ALIGNMENT 0x0000001f
#define FILE_64_BYTE_ALIGNMENT 0x0000003f
#define FILE_128_BYTE_ALIGNMENT 0x0000007f
#define FILE_256_BYTE_ALIGNMENT 0x000000ff
#define FILE_512_BYTE_ALIGNMENT 0x000001ff
#endif
#define CmResourceTypeNull 0
#define CmResourceTypePort 1
#define CmResourceTypeInterrupt 2
#define CmResourceTypeMemory 3
#define CmResourceTypeDma 4
#define CmResourceTypeDeviceSpecific 5
#define CmResourceTypeBusNumber 6
#define CmResourceTypeMemoryLarge 7
#define CM_RESOURCE_INTERRUPT_LATCHED 1
#define CM_RESOURCE_INTERRUPT_MESSAGE 2
#pragma pack(push, 4)
typedef struct _CM_PARTIAL_RESOURCE_DESCRIPTOR {
    UCHAR Type;
    UCHAR ShareDisposition;
    USHORT Flags;
    union {
        struct { PHYSICAL_ADDRESS Start; ULONG Length; } Generic;
        struct { PHYSICAL_ADDRESS Start; ULONG Length; } Port;
        struct { USHORT Level; USHORT Group; ULONG Vector; KAFFINITY Affinity; } Interrupt;
        struct {
            union {
                struct { USHORT Group; USHORT MessageCount; ULONG Vector; KAFFINITY Affinity; } Raw;
                struct { USHORT Level; USHORT Group; ULONG Vector; KAFFINITY Affinity; } Translated;
            };
        } MessageInterrupt;
        struct { PHYSICAL_ADDRESS Start; ULONG Length; } Memory;
        struct { ULONG Channel; ULONG Port; ULONG Reserved1; } Dma;
        struct { ULONG Data[3]; } DevicePrivate;
        struct { ULONG Start; ULONG Length; ULONG Reserved; } BusNumber;
        struct { ULONG DataSize; ULONG Reserved1; ULONG Reserved2; } DeviceSpecificData;
        struct { PHYSICAL_ADDRESS Start; ULONG Length40; } Memory40;
        struct { PHYSICAL_ADDRESS Start; ULONG Length48; } Memory48;
        struct { PHYSICAL_ADDRESS Start; ULONG Length64; } Memory64;
    } u;
} CM_PARTIAL_RESOURCE_DESCRIPTOR, *PCM_PARTIAL_RESOURCE_DESCRIPTOR;
#pragma pack(pop)
#endif

/* Table indexes of the routines below: after the core's, in the same table. */
typedef enum _STACKLINT_WDFFUNCENUM_MORE {
    WdfMoreFunctionsFirstTableIndex = WdfFunctionTableNumEntries,
    WdfObjectContextGetObjectTableIndex,
    WdfObjectAcquireLockTableIndex,
    WdfObjectReleaseLockTableIndex,
    WdfDriverOpenParametersRegistryKeyTableIndex,
    WdfLookasideListCreateTableIndex,
    WdfMemoryCreateFromLookasideTableIndex,
    WdfDeviceSetDeviceStateTableIndex,
    WdfDeviceWdmGetPhysicalDeviceTableIndex,
    WdfDeviceAssignMofResourceNameTableIndex,
    WdfDeviceAssignS0IdleSettingsTableIndex,
    WdfDeviceAssignSxWakeSettingsTableIndex,
    WdfDeviceOpenRegistryKeyTableIndex,
    WdfDeviceInitSetPowerPolicyEventCallbacksTableIndex,
    WdfDeviceInitAssignSDDLStringTableIndex,
    WdfDeviceInitSetRequestAttributesTableIndex,
    WdfDeviceInitSetIoInCallerContextCallbackTableIndex,
    WdfDeviceConfigureRequestDispatchingTableIndex,
    WdfCollectionCreateTableIndex,
    WdfCollectionGetCountTableIndex,
    WdfCollectionAddTableIndex,
    WdfCollectionRemoveTableIndex,
    WdfCollectionGetItemTableIndex,
    WdfCollectionGetFirstItemTableIndex,
    WdfDpcCreateTableIndex,
    WdfDpcEnqueueTableIndex,
    WdfDpcGetParentObjectTableIndex,
    WdfInterruptSynchronizeTableIndex,
    WdfInterruptAcquireLockTableIndex,
    WdfInterruptReleaseLockTableIndex,
    WdfInterruptEnableTableIndex,
    WdfInterruptDisableTableIndex,
    WdfInterruptGetInfoTableIndex,
    WdfCmResourceListGetCountTableIndex,
    WdfCmResourceListGetDescriptorTableIndex,
    WdfRequestCreateTableIndex,
    WdfRequestReuseTableIndex,
    WdfRequestIsCanceledTableIndex,
    WdfRequestGetCompletionParamsTableIndex,
    WdfRequestAllocateTimerTableIndex,
    WdfRequestRetrieveUnsafeUserInputBufferTableIndex,
    WdfRequestRetrieveUnsafeUserOutputBufferTableIndex,
    WdfRequestProbeAndLockUserBufferForReadTableIndex,
    WdfRequestProbeAndLockUserBufferForWriteTableIndex,
    WdfRequestRequeueTableIndex,
    WdfRequestStopAcknowledgeTableIndex,
    WdfIoTargetCreateTableIndex,
    WdfIoTargetOpenTableIndex,
    WdfIoTargetCloseTableIndex,
    WdfIoTargetStartTableIndex,
    WdfIoTargetStopTableIndex,
    WdfIoTargetSendReadSynchronouslyTableIndex,
    WdfIoTargetSendWriteSynchronouslyTableIndex,
    WdfIoTargetSendIoctlSynchronouslyTableIndex,
    WdfIoTargetFormatRequestForIoctlTableIndex,
    WdfIoQueueFindRequestTableIndex,
    WdfIoQueueRetrieveFoundRequestTableIndex,
    WdfIoQueuePurgeSynchronouslyTableIndex,
    WdfIoQueuePurgeTableIndex,
    WdfWmiProviderCreateTableIndex,
    WdfWmiProviderGetDeviceTableIndex,
    WdfWmiInstanceCreateTableIndex,
    WdfWmiInstanceRegisterTableIndex,
    WdfWmiInstanceDeregisterTableIndex,
    WdfWmiInstanceGetDeviceTableIndex,
    WdfWmiInstanceFireEventTableIndex,
    WdfStringCreateTableIndex,
    WdfStringGetUnicodeStringTableIndex,
    WdfRegistryCloseTableIndex,
    WdfRegistryQueryValueTableIndex,
    WdfRegistryQueryULongTableIndex,
    WdfDmaEnablerCreateTableIndex,
    WdfDmaEnablerGetMaximumLengthTableIndex,
    WdfDmaEnablerGetMaximumScatterGatherElementsTableIndex,
    WdfDmaEnablerSetMaximumScatterGatherElementsTableIndex,
    WdfDmaTransactionCreateTableIndex,
    WdfDmaTransactionInitializeTableIndex,
    WdfDmaTransactionInitializeUsingRequestTableIndex,
    WdfDmaTransactionExecuteTableIndex,
    WdfDmaTransactionReleaseTableIndex,
    WdfDmaTransactionDmaCompletedTableIndex,
    WdfDmaTransactionDmaCompletedWithLengthTableIndex,
    WdfDmaTransactionDmaCompletedFinalTableIndex,
    WdfDmaTransactionGetBytesTransferredTableIndex,
    WdfDmaTransactionGetRequestTableIndex,
    WdfDmaTransactionGetDeviceTableIndex,
    WdfCommonBufferCreateTableIndex,
    WdfCommonBufferGetAlignedVirtualAddressTableIndex,
    WdfCommonBufferGetAlignedLogicalAddressTableIndex,
    WdfCommonBufferGetLengthTableIndex,
    WdfDeviceSetAlignmentRequirementTableIndex,
    WdfDeviceGetAlignmentRequirementTableIndex,
    WdfDeviceInitAssignWdmIrpPreprocessCallbackTableIndex,
    WdfDeviceWdmDispatchPreprocessedIrpTableIndex,
    WdfFdoInitSetFilterTableIndex
} STACKLINT_WDFFUNCENUM_MORE;

typedef enum _WDF_IO_QUEUE_STATE {
    WdfIoQueueAcceptRequests = 1,
    WdfIoQueueDispatchRequests = 2,
    WdfIoQueueNoRequests = 4,
    WdfIoQueueDriverNoRequests = 8,
    WdfIoQueuePnpHeld = 16
} WDF_IO_QUEUE_STATE, *PWDF_IO_QUEUE_STATE;

typedef enum _WDF_DMA_PROFILE {
    WdfDmaProfileInvalid = 0,
    WdfDmaProfilePacket = 1,
    WdfDmaProfileScatterGather = 2,
    WdfDmaProfilePacket64 = 3,
    WdfDmaProfileScatterGather64 = 4,
    WdfDmaProfileScatterGatherDuplex = 5,
    WdfDmaProfileScatterGather64Duplex = 6,
    WdfDmaProfileSystem = 7,
    WdfDmaProfileSystemDuplex = 8
} WDF_DMA_PROFILE, *PWDF_DMA_PROFILE;

typedef enum _WDF_DMA_DIRECTION {
    WdfDmaDirectionReadFromDevice = 0,
    WdfDmaDirectionWriteToDevice = 1
} WDF_DMA_DIRECTION, *PWDF_DMA_DIRECTION;

typedef BOOLEAN EVT_WDF_PROGRAM_DMA(WDFDMATRANSACTION Transaction, WDFDEVICE Device, WDFCONTEXT Context, WDF_DMA_DIRECTION Direction, PSCATTER_GATHER_LIST SgList);
typedef EVT_WDF_PROGRAM_DMA *PFN_WDF_PROGRAM_DMA;

typedef NTSTATUS EVT_WDF_DMA_ENABLER_FILL(WDFDMAENABLER DmaEnabler);
typedef EVT_WDF_DMA_ENABLER_FILL *PFN_WDF_DMA_ENABLER_FILL;

typedef NTSTATUS EVT_WDF_DMA_ENABLER_FLUSH(WDFDMAENABLER DmaEnabler);
typedef EVT_WDF_DMA_ENABLER_FLUSH *PFN_WDF_DMA_ENABLER_FLUSH;

typedef NTSTATUS EVT_WDF_DMA_ENABLER_ENABLE(WDFDMAENABLER DmaEnabler);
typedef EVT_WDF_DMA_ENABLER_ENABLE *PFN_WDF_DMA_ENABLER_ENABLE;

typedef NTSTATUS EVT_WDF_DMA_ENABLER_DISABLE(WDFDMAENABLER DmaEnabler);
typedef EVT_WDF_DMA_ENABLER_DISABLE *PFN_WDF_DMA_ENABLER_DISABLE;

typedef NTSTATUS EVT_WDF_DMA_ENABLER_SELFMANAGED_IO_START(WDFDMAENABLER DmaEnabler);
typedef EVT_WDF_DMA_ENABLER_SELFMANAGED_IO_START *PFN_WDF_DMA_ENABLER_SELFMANAGED_IO_START;

typedef NTSTATUS EVT_WDF_DMA_ENABLER_SELFMANAGED_IO_STOP(WDFDMAENABLER DmaEnabler);
typedef EVT_WDF_DMA_ENABLER_SELFMANAGED_IO_STOP *PFN_WDF_DMA_ENABLER_SELFMANAGED_IO_STOP;

typedef struct _WDF_DMA_ENABLER_CONFIG {
    ULONG Size;
    WDF_DMA_PROFILE Profile;
    size_t MaximumLength;
    PFN_WDF_DMA_ENABLER_FILL EvtDmaEnablerFill;
    PFN_WDF_DMA_ENABLER_FLUSH EvtDmaEnablerFlush;
    PFN_WDF_DMA_ENABLER_DISABLE EvtDmaEnablerDisable;
    PFN_WDF_DMA_ENABLER_ENABLE EvtDmaEnablerEnable;
    PFN_WDF_DMA_ENABLER_SELFMANAGED_IO_START EvtDmaEnablerSelfManagedIoStart;
    PFN_WDF_DMA_ENABLER_SELFMANAGED_IO_STOP EvtDmaEnablerSelfManagedIoStop;
    ULONG AddressWidthOverride;
    ULONG WdmDmaVersionOverride;
    ULONG Flags;
} WDF_DMA_ENABLER_CONFIG, *PWDF_DMA_ENABLER_CONFIG;

typedef enum _WDF_WMI_PROVIDER_CONTROL {
    WdfWmiControlInvalid = 0,
    WdfWmiEventControl = 1,
    WdfWmiInstanceControl = 2
} WDF_WMI_PROVIDER_CONTROL, *PWDF_WMI_PROVIDER_CONTROL;

typedef enum _WDF_WMI_PROVIDER_FLAGS {
    WdfWmiProviderEventOnly = 1,
    WdfWmiProviderExpensive = 2,
    WdfWmiProviderTracing = 4,
    WdfWmiProviderValidFlags = 7
} WDF_WMI_PROVIDER_FLAGS, *PWDF_WMI_PROVIDER_FLAGS;

typedef NTSTATUS EVT_WDF_WMI_PROVIDER_FUNCTION_CONTROL(WDFWMIPROVIDER WmiProvider, WDF_WMI_PROVIDER_CONTROL Control, BOOLEAN Enable);
typedef EVT_WDF_WMI_PROVIDER_FUNCTION_CONTROL *PFN_WDF_WMI_PROVIDER_FUNCTION_CONTROL;

typedef struct _WDF_WMI_PROVIDER_CONFIG {
    ULONG Size;
    GUID Guid;
    ULONG Flags;
    ULONG MinInstanceBufferSize;
    PFN_WDF_WMI_PROVIDER_FUNCTION_CONTROL EvtWmiProviderFunctionControl;
} WDF_WMI_PROVIDER_CONFIG, *PWDF_WMI_PROVIDER_CONFIG;

typedef NTSTATUS EVT_WDF_WMI_INSTANCE_QUERY_INSTANCE(WDFWMIINSTANCE WmiInstance, ULONG OutBufferSize, PVOID OutBuffer, PULONG BufferUsed);
typedef EVT_WDF_WMI_INSTANCE_QUERY_INSTANCE *PFN_WDF_WMI_INSTANCE_QUERY_INSTANCE;

typedef NTSTATUS EVT_WDF_WMI_INSTANCE_SET_INSTANCE(WDFWMIINSTANCE WmiInstance, ULONG InBufferSize, PVOID InBuffer);
typedef EVT_WDF_WMI_INSTANCE_SET_INSTANCE *PFN_WDF_WMI_INSTANCE_SET_INSTANCE;

typedef NTSTATUS EVT_WDF_WMI_INSTANCE_SET_ITEM(WDFWMIINSTANCE WmiInstance, ULONG DataItemId, ULONG InBufferSize, PVOID InBuffer);
typedef EVT_WDF_WMI_INSTANCE_SET_ITEM *PFN_WDF_WMI_INSTANCE_SET_ITEM;

typedef NTSTATUS EVT_WDF_WMI_INSTANCE_EXECUTE_METHOD(WDFWMIINSTANCE WmiInstance, ULONG MethodId, ULONG InBufferSize, ULONG OutBufferSize, PVOID Buffer, PULONG BufferUsed);
typedef EVT_WDF_WMI_INSTANCE_EXECUTE_METHOD *PFN_WDF_WMI_INSTANCE_EXECUTE_METHOD;

typedef struct _WDF_WMI_INSTANCE_CONFIG {
    ULONG Size;
    WDFWMIPROVIDER Provider;
    PWDF_WMI_PROVIDER_CONFIG ProviderConfig;
    BOOLEAN UseContextForQuery;
    BOOLEAN Register;
    PFN_WDF_WMI_INSTANCE_QUERY_INSTANCE EvtWmiInstanceQueryInstance;
    PFN_WDF_WMI_INSTANCE_SET_INSTANCE EvtWmiInstanceSetInstance;
    PFN_WDF_WMI_INSTANCE_SET_ITEM EvtWmiInstanceSetItem;
    PFN_WDF_WMI_INSTANCE_EXECUTE_METHOD EvtWmiInstanceExecuteMethod;
} WDF_WMI_INSTANCE_CONFIG, *PWDF_WMI_INSTANCE_CONFIG;

typedef enum _WDF_INTERRUPT_POLARITY {
    WdfInterruptPolarityUnknown = 0,
    WdfInterruptActiveHigh = 1,
    WdfInterruptActiveLow = 2
} WDF_INTERRUPT_POLARITY, *PWDF_INTERRUPT_POLARITY;

typedef struct _WDF_INTERRUPT_INFO {
    ULONG Size;
    ULONG64 Reserved1;
    KAFFINITY TargetProcessorSet;
    ULONG Reserved2;
    ULONG MessageNumber;
    ULONG Vector;
    KIRQL Irql;
    KINTERRUPT_MODE Mode;
    WDF_INTERRUPT_POLARITY Polarity;
    BOOLEAN MessageSignaled;
    UCHAR ShareDisposition;
    __declspec(align(8)) USHORT Group;
} WDF_INTERRUPT_INFO, *PWDF_INTERRUPT_INFO;

typedef BOOLEAN EVT_WDF_INTERRUPT_SYNCHRONIZE(WDFINTERRUPT Interrupt, WDFCONTEXT Context);
typedef EVT_WDF_INTERRUPT_SYNCHRONIZE *PFN_WDF_INTERRUPT_SYNCHRONIZE;

typedef void EVT_WDF_IO_IN_CALLER_CONTEXT(WDFDEVICE Device, WDFREQUEST Request);
typedef EVT_WDF_IO_IN_CALLER_CONTEXT *PFN_WDF_IO_IN_CALLER_CONTEXT;

typedef void EVT_WDF_IO_QUEUE_STATE(WDFQUEUE Queue, WDFCONTEXT Context);
typedef EVT_WDF_IO_QUEUE_STATE *PFN_WDF_IO_QUEUE_STATE;

typedef struct _WDF_DPC_CONFIG {
    ULONG Size;
    PFN_WDF_DPC EvtDpcFunc;
    BOOLEAN AutomaticSerialization;
} WDF_DPC_CONFIG, *PWDF_DPC_CONFIG;

typedef enum _WDF_IO_TARGET_OPEN_TYPE {
    WdfIoTargetOpenUndefined = 0,
    WdfIoTargetOpenUseExistingDevice = 1,
    WdfIoTargetOpenByName = 2,
    WdfIoTargetOpenReopen = 3,
    WdfIoTargetOpenLocalTargetByFile = 4
} WDF_IO_TARGET_OPEN_TYPE, *PWDF_IO_TARGET_OPEN_TYPE;

typedef NTSTATUS EVT_WDF_IO_TARGET_QUERY_REMOVE(WDFIOTARGET IoTarget);
typedef EVT_WDF_IO_TARGET_QUERY_REMOVE *PFN_WDF_IO_TARGET_QUERY_REMOVE;

typedef void EVT_WDF_IO_TARGET_REMOVE_CANCELED(WDFIOTARGET IoTarget);
typedef EVT_WDF_IO_TARGET_REMOVE_CANCELED *PFN_WDF_IO_TARGET_REMOVE_CANCELED;

typedef void EVT_WDF_IO_TARGET_REMOVE_COMPLETE(WDFIOTARGET IoTarget);
typedef EVT_WDF_IO_TARGET_REMOVE_COMPLETE *PFN_WDF_IO_TARGET_REMOVE_COMPLETE;

typedef struct _WDF_IO_TARGET_OPEN_PARAMS {
    ULONG Size;
    WDF_IO_TARGET_OPEN_TYPE Type;
    PFN_WDF_IO_TARGET_QUERY_REMOVE EvtIoTargetQueryRemove;
    PFN_WDF_IO_TARGET_REMOVE_CANCELED EvtIoTargetRemoveCanceled;
    PFN_WDF_IO_TARGET_REMOVE_COMPLETE EvtIoTargetRemoveComplete;
    PDEVICE_OBJECT TargetDeviceObject;
    PFILE_OBJECT TargetFileObject;
    UNICODE_STRING TargetDeviceName;
    ACCESS_MASK DesiredAccess;
    ULONG ShareAccess;
    ULONG FileAttributes;
    ULONG CreateDisposition;
    ULONG CreateOptions;
    PVOID EaBuffer;
    ULONG EaBufferLength;
    PLONGLONG AllocationSize;
    ULONG FileInformation;
    UNICODE_STRING FileName;
} WDF_IO_TARGET_OPEN_PARAMS, *PWDF_IO_TARGET_OPEN_PARAMS;

typedef enum _WDF_IO_TARGET_SENT_IO_ACTION {
    WdfIoTargetSentIoUndefined = 0,
    WdfIoTargetCancelSentIo = 1,
    WdfIoTargetWaitForSentIoToComplete = 2,
    WdfIoTargetLeaveSentIoPending = 3
} WDF_IO_TARGET_SENT_IO_ACTION, *PWDF_IO_TARGET_SENT_IO_ACTION;

typedef struct _WDFMEMORY_OFFSET {
    size_t BufferOffset;
    size_t BufferLength;
} WDFMEMORY_OFFSET, *PWDFMEMORY_OFFSET;

typedef enum _WDF_MEMORY_DESCRIPTOR_TYPE {
    WdfMemoryDescriptorTypeInvalid = 0,
    WdfMemoryDescriptorTypeBuffer = 1,
    WdfMemoryDescriptorTypeMdl = 2,
    WdfMemoryDescriptorTypeHandle = 3
} WDF_MEMORY_DESCRIPTOR_TYPE, *PWDF_MEMORY_DESCRIPTOR_TYPE;

typedef struct _WDF_MEMORY_DESCRIPTOR {
    WDF_MEMORY_DESCRIPTOR_TYPE Type;
    union {
        struct {
            PVOID Buffer;
            ULONG Length;
        } BufferType;
        struct {
            PMDL Mdl;
            ULONG BufferLength;
        } MdlType;
        struct {
            WDFMEMORY Memory;
            PWDFMEMORY_OFFSET Offsets;
        } HandleType;
    } u;
} WDF_MEMORY_DESCRIPTOR, *PWDF_MEMORY_DESCRIPTOR;

typedef struct _WDF_REQUEST_REUSE_PARAMS {
    ULONG Size;
    ULONG Flags;
    NTSTATUS Status;
    PIRP NewIrp;
} WDF_REQUEST_REUSE_PARAMS, *PWDF_REQUEST_REUSE_PARAMS;

typedef struct _WDF_DEVICE_STATE {
    ULONG Size;
    WDF_TRI_STATE Disabled;
    WDF_TRI_STATE DontDisplayInUI;
    WDF_TRI_STATE Failed;
    WDF_TRI_STATE NotDisableable;
    WDF_TRI_STATE Removed;
    WDF_TRI_STATE ResourcesChanged;
} WDF_DEVICE_STATE, *PWDF_DEVICE_STATE;

typedef enum _WDF_POWER_POLICY_S0_IDLE_CAPABILITIES {
    IdleCapsInvalid = 0,
    IdleCannotWakeFromS0 = 1,
    IdleCanWakeFromS0 = 2,
    IdleUsbSelectiveSuspend = 3
} WDF_POWER_POLICY_S0_IDLE_CAPABILITIES, *PWDF_POWER_POLICY_S0_IDLE_CAPABILITIES;

typedef enum _WDF_POWER_POLICY_S0_IDLE_USER_CONTROL {
    IdleUserControlInvalid = 0,
    IdleDoNotAllowUserControl = 1,
    IdleAllowUserControl = 2
} WDF_POWER_POLICY_S0_IDLE_USER_CONTROL, *PWDF_POWER_POLICY_S0_IDLE_USER_CONTROL;

typedef enum _WDF_POWER_POLICY_SX_WAKE_USER_CONTROL {
    WakeUserControlInvalid = 0,
    WakeDoNotAllowUserControl = 1,
    WakeAllowUserControl = 2
} WDF_POWER_POLICY_SX_WAKE_USER_CONTROL, *PWDF_POWER_POLICY_SX_WAKE_USER_CONTROL;

typedef enum _WDF_POWER_POLICY_IDLE_TIMEOUT_TYPE {
    DriverManagedIdleTimeout = 0,
    SystemManagedIdleTimeout = 1,
    SystemManagedIdleTimeoutWithHint = 2
} WDF_POWER_POLICY_IDLE_TIMEOUT_TYPE, *PWDF_POWER_POLICY_IDLE_TIMEOUT_TYPE;

typedef struct _WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS {
    ULONG Size;
    WDF_POWER_POLICY_S0_IDLE_CAPABILITIES IdleCaps;
    DEVICE_POWER_STATE DxState;
    ULONG IdleTimeout;
    WDF_POWER_POLICY_S0_IDLE_USER_CONTROL UserControlOfIdleSettings;
    WDF_TRI_STATE Enabled;
    WDF_TRI_STATE PowerUpIdleDeviceOnSystemWake;
    WDF_POWER_POLICY_IDLE_TIMEOUT_TYPE IdleTimeoutType;
    WDF_TRI_STATE ExcludeD3Cold;
} WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS, *PWDF_DEVICE_POWER_POLICY_IDLE_SETTINGS;

typedef struct _WDF_DEVICE_POWER_POLICY_WAKE_SETTINGS {
    ULONG Size;
    DEVICE_POWER_STATE DxState;
    WDF_POWER_POLICY_SX_WAKE_USER_CONTROL UserControlOfWakeSettings;
    WDF_TRI_STATE Enabled;
    BOOLEAN ArmForWakeIfChildrenAreArmedForWake;
    BOOLEAN IndicateChildWakeOnParentWake;
} WDF_DEVICE_POWER_POLICY_WAKE_SETTINGS, *PWDF_DEVICE_POWER_POLICY_WAKE_SETTINGS;

typedef NTSTATUS EVT_WDF_DEVICE_ARM_WAKE_FROM_S0(WDFDEVICE Device);
typedef EVT_WDF_DEVICE_ARM_WAKE_FROM_S0 *PFN_WDF_DEVICE_ARM_WAKE_FROM_S0;

typedef void EVT_WDF_DEVICE_DISARM_WAKE_FROM_S0(WDFDEVICE Device);
typedef EVT_WDF_DEVICE_DISARM_WAKE_FROM_S0 *PFN_WDF_DEVICE_DISARM_WAKE_FROM_S0;

typedef void EVT_WDF_DEVICE_WAKE_FROM_S0_TRIGGERED(WDFDEVICE Device);
typedef EVT_WDF_DEVICE_WAKE_FROM_S0_TRIGGERED *PFN_WDF_DEVICE_WAKE_FROM_S0_TRIGGERED;

typedef NTSTATUS EVT_WDF_DEVICE_ARM_WAKE_FROM_SX(WDFDEVICE Device);
typedef EVT_WDF_DEVICE_ARM_WAKE_FROM_SX *PFN_WDF_DEVICE_ARM_WAKE_FROM_SX;

typedef void EVT_WDF_DEVICE_DISARM_WAKE_FROM_SX(WDFDEVICE Device);
typedef EVT_WDF_DEVICE_DISARM_WAKE_FROM_SX *PFN_WDF_DEVICE_DISARM_WAKE_FROM_SX;

typedef void EVT_WDF_DEVICE_WAKE_FROM_SX_TRIGGERED(WDFDEVICE Device);
typedef EVT_WDF_DEVICE_WAKE_FROM_SX_TRIGGERED *PFN_WDF_DEVICE_WAKE_FROM_SX_TRIGGERED;

typedef NTSTATUS EVT_WDF_DEVICE_ARM_WAKE_FROM_SX_WITH_REASON(WDFDEVICE Device, BOOLEAN DeviceWakeEnabled, BOOLEAN ChildrenArmedForWake);
typedef EVT_WDF_DEVICE_ARM_WAKE_FROM_SX_WITH_REASON *PFN_WDF_DEVICE_ARM_WAKE_FROM_SX_WITH_REASON;

typedef struct _WDF_POWER_POLICY_EVENT_CALLBACKS {
    ULONG Size;
    PFN_WDF_DEVICE_ARM_WAKE_FROM_S0 EvtDeviceArmWakeFromS0;
    PFN_WDF_DEVICE_DISARM_WAKE_FROM_S0 EvtDeviceDisarmWakeFromS0;
    PFN_WDF_DEVICE_WAKE_FROM_S0_TRIGGERED EvtDeviceWakeFromS0Triggered;
    PFN_WDF_DEVICE_ARM_WAKE_FROM_SX EvtDeviceArmWakeFromSx;
    PFN_WDF_DEVICE_DISARM_WAKE_FROM_SX EvtDeviceDisarmWakeFromSx;
    PFN_WDF_DEVICE_WAKE_FROM_SX_TRIGGERED EvtDeviceWakeFromSxTriggered;
    PFN_WDF_DEVICE_ARM_WAKE_FROM_SX_WITH_REASON EvtDeviceArmWakeFromSxWithReason;
} WDF_POWER_POLICY_EVENT_CALLBACKS, *PWDF_POWER_POLICY_EVENT_CALLBACKS;

typedef WDFOBJECT (NTAPI *PFN_WDFOBJECTCONTEXTGETOBJECT)(PWDF_DRIVER_GLOBALS DriverGlobals, PVOID ContextPointer);
FORCEINLINE WDFOBJECT WdfObjectContextGetObject(PVOID ContextPointer)
{
    return ((PFN_WDFOBJECTCONTEXTGETOBJECT)WdfFunctions[WdfObjectContextGetObjectTableIndex])(WdfDriverGlobals, ContextPointer);
}

typedef void (NTAPI *PFN_WDFOBJECTACQUIRELOCK)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFOBJECT Object);
FORCEINLINE void WdfObjectAcquireLock(WDFOBJECT Object)
{
    ((PFN_WDFOBJECTACQUIRELOCK)WdfFunctions[WdfObjectAcquireLockTableIndex])(WdfDriverGlobals, Object);
}

typedef void (NTAPI *PFN_WDFOBJECTRELEASELOCK)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFOBJECT Object);
FORCEINLINE void WdfObjectReleaseLock(WDFOBJECT Object)
{
    ((PFN_WDFOBJECTRELEASELOCK)WdfFunctions[WdfObjectReleaseLockTableIndex])(WdfDriverGlobals, Object);
}

typedef NTSTATUS (NTAPI *PFN_WDFDRIVEROPENPARAMETERSREGISTRYKEY)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDRIVER Driver, ACCESS_MASK DesiredAccess, PWDF_OBJECT_ATTRIBUTES KeyAttributes, WDFKEY * Key);
FORCEINLINE NTSTATUS WdfDriverOpenParametersRegistryKey(WDFDRIVER Driver, ACCESS_MASK DesiredAccess, PWDF_OBJECT_ATTRIBUTES KeyAttributes, WDFKEY * Key)
{
    return ((PFN_WDFDRIVEROPENPARAMETERSREGISTRYKEY)WdfFunctions[WdfDriverOpenParametersRegistryKeyTableIndex])(WdfDriverGlobals, Driver, DesiredAccess, KeyAttributes, Key);
}

typedef NTSTATUS (NTAPI *PFN_WDFLOOKASIDELISTCREATE)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDF_OBJECT_ATTRIBUTES LookasideAttributes, size_t BufferSize, POOL_TYPE PoolType, PWDF_OBJECT_ATTRIBUTES MemoryAttributes, ULONG PoolTag, WDFLOOKASIDE * Lookaside);
FORCEINLINE NTSTATUS WdfLookasideListCreate(PWDF_OBJECT_ATTRIBUTES LookasideAttributes, size_t BufferSize, POOL_TYPE PoolType, PWDF_OBJECT_ATTRIBUTES MemoryAttributes, ULONG PoolTag, WDFLOOKASIDE * Lookaside)
{
    return ((PFN_WDFLOOKASIDELISTCREATE)WdfFunctions[WdfLookasideListCreateTableIndex])(WdfDriverGlobals, LookasideAttributes, BufferSize, PoolType, MemoryAttributes, PoolTag, Lookaside);
}

typedef NTSTATUS (NTAPI *PFN_WDFMEMORYCREATEFROMLOOKASIDE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFLOOKASIDE Lookaside, WDFMEMORY * Memory);
FORCEINLINE NTSTATUS WdfMemoryCreateFromLookaside(WDFLOOKASIDE Lookaside, WDFMEMORY * Memory)
{
    return ((PFN_WDFMEMORYCREATEFROMLOOKASIDE)WdfFunctions[WdfMemoryCreateFromLookasideTableIndex])(WdfDriverGlobals, Lookaside, Memory);
}

typedef void (NTAPI *PFN_WDFDEVICESETDEVICESTATE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, PWDF_DEVICE_STATE DeviceState);
FORCEINLINE void WdfDeviceSetDeviceState(WDFDEVICE Device, PWDF_DEVICE_STATE DeviceState)
{
    ((PFN_WDFDEVICESETDEVICESTATE)WdfFunctions[WdfDeviceSetDeviceStateTableIndex])(WdfDriverGlobals, Device, DeviceState);
}

typedef PDEVICE_OBJECT (NTAPI *PFN_WDFDEVICEWDMGETPHYSICALDEVICE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device);
FORCEINLINE PDEVICE_OBJECT WdfDeviceWdmGetPhysicalDevice(WDFDEVICE Device)
{
    return ((PFN_WDFDEVICEWDMGETPHYSICALDEVICE)WdfFunctions[WdfDeviceWdmGetPhysicalDeviceTableIndex])(WdfDriverGlobals, Device);
}

typedef NTSTATUS (NTAPI *PFN_WDFDEVICEASSIGNMOFRESOURCENAME)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, PCUNICODE_STRING MofResourceName);
FORCEINLINE NTSTATUS WdfDeviceAssignMofResourceName(WDFDEVICE Device, PCUNICODE_STRING MofResourceName)
{
    return ((PFN_WDFDEVICEASSIGNMOFRESOURCENAME)WdfFunctions[WdfDeviceAssignMofResourceNameTableIndex])(WdfDriverGlobals, Device, MofResourceName);
}

typedef NTSTATUS (NTAPI *PFN_WDFDEVICEASSIGNS0IDLESETTINGS)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, PWDF_DEVICE_POWER_POLICY_IDLE_SETTINGS Settings);
FORCEINLINE NTSTATUS WdfDeviceAssignS0IdleSettings(WDFDEVICE Device, PWDF_DEVICE_POWER_POLICY_IDLE_SETTINGS Settings)
{
    return ((PFN_WDFDEVICEASSIGNS0IDLESETTINGS)WdfFunctions[WdfDeviceAssignS0IdleSettingsTableIndex])(WdfDriverGlobals, Device, Settings);
}

typedef NTSTATUS (NTAPI *PFN_WDFDEVICEASSIGNSXWAKESETTINGS)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, PWDF_DEVICE_POWER_POLICY_WAKE_SETTINGS Settings);
FORCEINLINE NTSTATUS WdfDeviceAssignSxWakeSettings(WDFDEVICE Device, PWDF_DEVICE_POWER_POLICY_WAKE_SETTINGS Settings)
{
    return ((PFN_WDFDEVICEASSIGNSXWAKESETTINGS)WdfFunctions[WdfDeviceAssignSxWakeSettingsTableIndex])(WdfDriverGlobals, Device, Settings);
}

typedef NTSTATUS (NTAPI *PFN_WDFDEVICEOPENREGISTRYKEY)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, ULONG DeviceInstanceKeyType, ACCESS_MASK DesiredAccess, PWDF_OBJECT_ATTRIBUTES KeyAttributes, WDFKEY * Key);
FORCEINLINE NTSTATUS WdfDeviceOpenRegistryKey(WDFDEVICE Device, ULONG DeviceInstanceKeyType, ACCESS_MASK DesiredAccess, PWDF_OBJECT_ATTRIBUTES KeyAttributes, WDFKEY * Key)
{
    return ((PFN_WDFDEVICEOPENREGISTRYKEY)WdfFunctions[WdfDeviceOpenRegistryKeyTableIndex])(WdfDriverGlobals, Device, DeviceInstanceKeyType, DesiredAccess, KeyAttributes, Key);
}

typedef void (NTAPI *PFN_WDFDEVICEINITSETPOWERPOLICYEVENTCALLBACKS)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PWDF_POWER_POLICY_EVENT_CALLBACKS PowerPolicyEventCallbacks);
FORCEINLINE void WdfDeviceInitSetPowerPolicyEventCallbacks(PWDFDEVICE_INIT DeviceInit, PWDF_POWER_POLICY_EVENT_CALLBACKS PowerPolicyEventCallbacks)
{
    ((PFN_WDFDEVICEINITSETPOWERPOLICYEVENTCALLBACKS)WdfFunctions[WdfDeviceInitSetPowerPolicyEventCallbacksTableIndex])(WdfDriverGlobals, DeviceInit, PowerPolicyEventCallbacks);
}

typedef NTSTATUS (NTAPI *PFN_WDFDEVICEINITASSIGNSDDLSTRING)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PCUNICODE_STRING SDDLString);
FORCEINLINE NTSTATUS WdfDeviceInitAssignSDDLString(PWDFDEVICE_INIT DeviceInit, PCUNICODE_STRING SDDLString)
{
    return ((PFN_WDFDEVICEINITASSIGNSDDLSTRING)WdfFunctions[WdfDeviceInitAssignSDDLStringTableIndex])(WdfDriverGlobals, DeviceInit, SDDLString);
}

typedef void (NTAPI *PFN_WDFDEVICEINITSETREQUESTATTRIBUTES)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PWDF_OBJECT_ATTRIBUTES RequestAttributes);
FORCEINLINE void WdfDeviceInitSetRequestAttributes(PWDFDEVICE_INIT DeviceInit, PWDF_OBJECT_ATTRIBUTES RequestAttributes)
{
    ((PFN_WDFDEVICEINITSETREQUESTATTRIBUTES)WdfFunctions[WdfDeviceInitSetRequestAttributesTableIndex])(WdfDriverGlobals, DeviceInit, RequestAttributes);
}

typedef void (NTAPI *PFN_WDFDEVICEINITSETIOINCALLERCONTEXTCALLBACK)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PFN_WDF_IO_IN_CALLER_CONTEXT EvtIoInCallerContext);
FORCEINLINE void WdfDeviceInitSetIoInCallerContextCallback(PWDFDEVICE_INIT DeviceInit, PFN_WDF_IO_IN_CALLER_CONTEXT EvtIoInCallerContext)
{
    ((PFN_WDFDEVICEINITSETIOINCALLERCONTEXTCALLBACK)WdfFunctions[WdfDeviceInitSetIoInCallerContextCallbackTableIndex])(WdfDriverGlobals, DeviceInit, EvtIoInCallerContext);
}

typedef NTSTATUS (NTAPI *PFN_WDFDEVICECONFIGUREREQUESTDISPATCHING)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, WDFQUEUE Queue, WDF_REQUEST_TYPE RequestType);
FORCEINLINE NTSTATUS WdfDeviceConfigureRequestDispatching(WDFDEVICE Device, WDFQUEUE Queue, WDF_REQUEST_TYPE RequestType)
{
    return ((PFN_WDFDEVICECONFIGUREREQUESTDISPATCHING)WdfFunctions[WdfDeviceConfigureRequestDispatchingTableIndex])(WdfDriverGlobals, Device, Queue, RequestType);
}

typedef NTSTATUS (NTAPI *PFN_WDFCOLLECTIONCREATE)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDF_OBJECT_ATTRIBUTES CollectionAttributes, WDFCOLLECTION * Collection);
FORCEINLINE NTSTATUS WdfCollectionCreate(PWDF_OBJECT_ATTRIBUTES CollectionAttributes, WDFCOLLECTION * Collection)
{
    return ((PFN_WDFCOLLECTIONCREATE)WdfFunctions[WdfCollectionCreateTableIndex])(WdfDriverGlobals, CollectionAttributes, Collection);
}

typedef ULONG (NTAPI *PFN_WDFCOLLECTIONGETCOUNT)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFCOLLECTION Collection);
FORCEINLINE ULONG WdfCollectionGetCount(WDFCOLLECTION Collection)
{
    return ((PFN_WDFCOLLECTIONGETCOUNT)WdfFunctions[WdfCollectionGetCountTableIndex])(WdfDriverGlobals, Collection);
}

typedef NTSTATUS (NTAPI *PFN_WDFCOLLECTIONADD)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFCOLLECTION Collection, WDFOBJECT Object);
FORCEINLINE NTSTATUS WdfCollectionAdd(WDFCOLLECTION Collection, WDFOBJECT Object)
{
    return ((PFN_WDFCOLLECTIONADD)WdfFunctions[WdfCollectionAddTableIndex])(WdfDriverGlobals, Collection, Object);
}

typedef void (NTAPI *PFN_WDFCOLLECTIONREMOVE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFCOLLECTION Collection, WDFOBJECT Item);
FORCEINLINE void WdfCollectionRemove(WDFCOLLECTION Collection, WDFOBJECT Item)
{
    ((PFN_WDFCOLLECTIONREMOVE)WdfFunctions[WdfCollectionRemoveTableIndex])(WdfDriverGlobals, Collection, Item);
}

typedef WDFOBJECT (NTAPI *PFN_WDFCOLLECTIONGETITEM)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFCOLLECTION Collection, ULONG Index);
FORCEINLINE WDFOBJECT WdfCollectionGetItem(WDFCOLLECTION Collection, ULONG Index)
{
    return ((PFN_WDFCOLLECTIONGETITEM)WdfFunctions[WdfCollectionGetItemTableIndex])(WdfDriverGlobals, Collection, Index);
}

typedef WDFOBJECT (NTAPI *PFN_WDFCOLLECTIONGETFIRSTITEM)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFCOLLECTION Collection);
FORCEINLINE WDFOBJECT WdfCollectionGetFirstItem(WDFCOLLECTION Collection)
{
    return ((PFN_WDFCOLLECTIONGETFIRSTITEM)WdfFunctions[WdfCollectionGetFirstItemTableIndex])(WdfDriverGlobals, Collection);
}

typedef NTSTATUS (NTAPI *PFN_WDFDPCCREATE)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDF_DPC_CONFIG Config, PWDF_OBJECT_ATTRIBUTES Attributes, WDFDPC * Dpc);
FORCEINLINE NTSTATUS WdfDpcCreate(PWDF_DPC_CONFIG Config, PWDF_OBJECT_ATTRIBUTES Attributes, WDFDPC * Dpc)
{
    return ((PFN_WDFDPCCREATE)WdfFunctions[WdfDpcCreateTableIndex])(WdfDriverGlobals, Config, Attributes, Dpc);
}

typedef BOOLEAN (NTAPI *PFN_WDFDPCENQUEUE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDPC Dpc);
FORCEINLINE BOOLEAN WdfDpcEnqueue(WDFDPC Dpc)
{
    return ((PFN_WDFDPCENQUEUE)WdfFunctions[WdfDpcEnqueueTableIndex])(WdfDriverGlobals, Dpc);
}

typedef WDFOBJECT (NTAPI *PFN_WDFDPCGETPARENTOBJECT)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDPC Dpc);
FORCEINLINE WDFOBJECT WdfDpcGetParentObject(WDFDPC Dpc)
{
    return ((PFN_WDFDPCGETPARENTOBJECT)WdfFunctions[WdfDpcGetParentObjectTableIndex])(WdfDriverGlobals, Dpc);
}

typedef BOOLEAN (NTAPI *PFN_WDFINTERRUPTSYNCHRONIZE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFINTERRUPT Interrupt, PFN_WDF_INTERRUPT_SYNCHRONIZE Callback, WDFCONTEXT Context);
FORCEINLINE BOOLEAN WdfInterruptSynchronize(WDFINTERRUPT Interrupt, PFN_WDF_INTERRUPT_SYNCHRONIZE Callback, WDFCONTEXT Context)
{
    return ((PFN_WDFINTERRUPTSYNCHRONIZE)WdfFunctions[WdfInterruptSynchronizeTableIndex])(WdfDriverGlobals, Interrupt, Callback, Context);
}

typedef void (NTAPI *PFN_WDFINTERRUPTACQUIRELOCK)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFINTERRUPT Interrupt);
FORCEINLINE void WdfInterruptAcquireLock(WDFINTERRUPT Interrupt)
{
    ((PFN_WDFINTERRUPTACQUIRELOCK)WdfFunctions[WdfInterruptAcquireLockTableIndex])(WdfDriverGlobals, Interrupt);
}

typedef void (NTAPI *PFN_WDFINTERRUPTRELEASELOCK)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFINTERRUPT Interrupt);
FORCEINLINE void WdfInterruptReleaseLock(WDFINTERRUPT Interrupt)
{
    ((PFN_WDFINTERRUPTRELEASELOCK)WdfFunctions[WdfInterruptReleaseLockTableIndex])(WdfDriverGlobals, Interrupt);
}

typedef void (NTAPI *PFN_WDFINTERRUPTENABLE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFINTERRUPT Interrupt);
FORCEINLINE void WdfInterruptEnable(WDFINTERRUPT Interrupt)
{
    ((PFN_WDFINTERRUPTENABLE)WdfFunctions[WdfInterruptEnableTableIndex])(WdfDriverGlobals, Interrupt);
}

typedef void (NTAPI *PFN_WDFINTERRUPTDISABLE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFINTERRUPT Interrupt);
FORCEINLINE void WdfInterruptDisable(WDFINTERRUPT Interrupt)
{
    ((PFN_WDFINTERRUPTDISABLE)WdfFunctions[WdfInterruptDisableTableIndex])(WdfDriverGlobals, Interrupt);
}

typedef void (NTAPI *PFN_WDFINTERRUPTGETINFO)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFINTERRUPT Interrupt, PWDF_INTERRUPT_INFO Info);
FORCEINLINE void WdfInterruptGetInfo(WDFINTERRUPT Interrupt, PWDF_INTERRUPT_INFO Info)
{
    ((PFN_WDFINTERRUPTGETINFO)WdfFunctions[WdfInterruptGetInfoTableIndex])(WdfDriverGlobals, Interrupt, Info);
}

typedef ULONG (NTAPI *PFN_WDFCMRESOURCELISTGETCOUNT)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFCMRESLIST List);
FORCEINLINE ULONG WdfCmResourceListGetCount(WDFCMRESLIST List)
{
    return ((PFN_WDFCMRESOURCELISTGETCOUNT)WdfFunctions[WdfCmResourceListGetCountTableIndex])(WdfDriverGlobals, List);
}

typedef PCM_PARTIAL_RESOURCE_DESCRIPTOR (NTAPI *PFN_WDFCMRESOURCELISTGETDESCRIPTOR)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFCMRESLIST List, ULONG Index);
FORCEINLINE PCM_PARTIAL_RESOURCE_DESCRIPTOR WdfCmResourceListGetDescriptor(WDFCMRESLIST List, ULONG Index)
{
    return ((PFN_WDFCMRESOURCELISTGETDESCRIPTOR)WdfFunctions[WdfCmResourceListGetDescriptorTableIndex])(WdfDriverGlobals, List, Index);
}

typedef NTSTATUS (NTAPI *PFN_WDFREQUESTCREATE)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDF_OBJECT_ATTRIBUTES RequestAttributes, WDFIOTARGET IoTarget, WDFREQUEST * Request);
FORCEINLINE NTSTATUS WdfRequestCreate(PWDF_OBJECT_ATTRIBUTES RequestAttributes, WDFIOTARGET IoTarget, WDFREQUEST * Request)
{
    return ((PFN_WDFREQUESTCREATE)WdfFunctions[WdfRequestCreateTableIndex])(WdfDriverGlobals, RequestAttributes, IoTarget, Request);
}

typedef NTSTATUS (NTAPI *PFN_WDFREQUESTREUSE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, PWDF_REQUEST_REUSE_PARAMS ReuseParams);
FORCEINLINE NTSTATUS WdfRequestReuse(WDFREQUEST Request, PWDF_REQUEST_REUSE_PARAMS ReuseParams)
{
    return ((PFN_WDFREQUESTREUSE)WdfFunctions[WdfRequestReuseTableIndex])(WdfDriverGlobals, Request, ReuseParams);
}

typedef BOOLEAN (NTAPI *PFN_WDFREQUESTISCANCELED)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);
FORCEINLINE BOOLEAN WdfRequestIsCanceled(WDFREQUEST Request)
{
    return ((PFN_WDFREQUESTISCANCELED)WdfFunctions[WdfRequestIsCanceledTableIndex])(WdfDriverGlobals, Request);
}

typedef void (NTAPI *PFN_WDFREQUESTGETCOMPLETIONPARAMS)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, PWDF_REQUEST_COMPLETION_PARAMS Params);
FORCEINLINE void WdfRequestGetCompletionParams(WDFREQUEST Request, PWDF_REQUEST_COMPLETION_PARAMS Params)
{
    ((PFN_WDFREQUESTGETCOMPLETIONPARAMS)WdfFunctions[WdfRequestGetCompletionParamsTableIndex])(WdfDriverGlobals, Request, Params);
}

typedef NTSTATUS (NTAPI *PFN_WDFREQUESTALLOCATETIMER)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);
FORCEINLINE NTSTATUS WdfRequestAllocateTimer(WDFREQUEST Request)
{
    return ((PFN_WDFREQUESTALLOCATETIMER)WdfFunctions[WdfRequestAllocateTimerTableIndex])(WdfDriverGlobals, Request);
}

typedef NTSTATUS (NTAPI *PFN_WDFREQUESTRETRIEVEUNSAFEUSERINPUTBUFFER)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, size_t MinimumRequiredLength, PVOID * InputBuffer, size_t * Length);
FORCEINLINE NTSTATUS WdfRequestRetrieveUnsafeUserInputBuffer(WDFREQUEST Request, size_t MinimumRequiredLength, PVOID * InputBuffer, size_t * Length)
{
    return ((PFN_WDFREQUESTRETRIEVEUNSAFEUSERINPUTBUFFER)WdfFunctions[WdfRequestRetrieveUnsafeUserInputBufferTableIndex])(WdfDriverGlobals, Request, MinimumRequiredLength, InputBuffer, Length);
}

typedef NTSTATUS (NTAPI *PFN_WDFREQUESTRETRIEVEUNSAFEUSEROUTPUTBUFFER)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, size_t MinimumRequiredLength, PVOID * OutputBuffer, size_t * Length);
FORCEINLINE NTSTATUS WdfRequestRetrieveUnsafeUserOutputBuffer(WDFREQUEST Request, size_t MinimumRequiredLength, PVOID * OutputBuffer, size_t * Length)
{
    return ((PFN_WDFREQUESTRETRIEVEUNSAFEUSEROUTPUTBUFFER)WdfFunctions[WdfRequestRetrieveUnsafeUserOutputBufferTableIndex])(WdfDriverGlobals, Request, MinimumRequiredLength, OutputBuffer, Length);
}

typedef NTSTATUS (NTAPI *PFN_WDFREQUESTPROBEANDLOCKUSERBUFFERFORREAD)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, PVOID Buffer, size_t Length, WDFMEMORY * MemoryObject);
FORCEINLINE NTSTATUS WdfRequestProbeAndLockUserBufferForRead(WDFREQUEST Request, PVOID Buffer, size_t Length, WDFMEMORY * MemoryObject)
{
    return ((PFN_WDFREQUESTPROBEANDLOCKUSERBUFFERFORREAD)WdfFunctions[WdfRequestProbeAndLockUserBufferForReadTableIndex])(WdfDriverGlobals, Request, Buffer, Length, MemoryObject);
}

typedef NTSTATUS (NTAPI *PFN_WDFREQUESTPROBEANDLOCKUSERBUFFERFORWRITE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, PVOID Buffer, size_t Length, WDFMEMORY * MemoryObject);
FORCEINLINE NTSTATUS WdfRequestProbeAndLockUserBufferForWrite(WDFREQUEST Request, PVOID Buffer, size_t Length, WDFMEMORY * MemoryObject)
{
    return ((PFN_WDFREQUESTPROBEANDLOCKUSERBUFFERFORWRITE)WdfFunctions[WdfRequestProbeAndLockUserBufferForWriteTableIndex])(WdfDriverGlobals, Request, Buffer, Length, MemoryObject);
}

typedef NTSTATUS (NTAPI *PFN_WDFREQUESTREQUEUE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);
FORCEINLINE NTSTATUS WdfRequestRequeue(WDFREQUEST Request)
{
    return ((PFN_WDFREQUESTREQUEUE)WdfFunctions[WdfRequestRequeueTableIndex])(WdfDriverGlobals, Request);
}

typedef void (NTAPI *PFN_WDFREQUESTSTOPACKNOWLEDGE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, BOOLEAN Requeue);
FORCEINLINE void WdfRequestStopAcknowledge(WDFREQUEST Request, BOOLEAN Requeue)
{
    ((PFN_WDFREQUESTSTOPACKNOWLEDGE)WdfFunctions[WdfRequestStopAcknowledgeTableIndex])(WdfDriverGlobals, Request, Requeue);
}

typedef NTSTATUS (NTAPI *PFN_WDFIOTARGETCREATE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, PWDF_OBJECT_ATTRIBUTES IoTargetAttributes, WDFIOTARGET * IoTarget);
FORCEINLINE NTSTATUS WdfIoTargetCreate(WDFDEVICE Device, PWDF_OBJECT_ATTRIBUTES IoTargetAttributes, WDFIOTARGET * IoTarget)
{
    return ((PFN_WDFIOTARGETCREATE)WdfFunctions[WdfIoTargetCreateTableIndex])(WdfDriverGlobals, Device, IoTargetAttributes, IoTarget);
}

typedef NTSTATUS (NTAPI *PFN_WDFIOTARGETOPEN)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget, PWDF_IO_TARGET_OPEN_PARAMS OpenParams);
FORCEINLINE NTSTATUS WdfIoTargetOpen(WDFIOTARGET IoTarget, PWDF_IO_TARGET_OPEN_PARAMS OpenParams)
{
    return ((PFN_WDFIOTARGETOPEN)WdfFunctions[WdfIoTargetOpenTableIndex])(WdfDriverGlobals, IoTarget, OpenParams);
}

typedef void (NTAPI *PFN_WDFIOTARGETCLOSE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget);
FORCEINLINE void WdfIoTargetClose(WDFIOTARGET IoTarget)
{
    ((PFN_WDFIOTARGETCLOSE)WdfFunctions[WdfIoTargetCloseTableIndex])(WdfDriverGlobals, IoTarget);
}

typedef NTSTATUS (NTAPI *PFN_WDFIOTARGETSTART)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget);
FORCEINLINE NTSTATUS WdfIoTargetStart(WDFIOTARGET IoTarget)
{
    return ((PFN_WDFIOTARGETSTART)WdfFunctions[WdfIoTargetStartTableIndex])(WdfDriverGlobals, IoTarget);
}

typedef void (NTAPI *PFN_WDFIOTARGETSTOP)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget, WDF_IO_TARGET_SENT_IO_ACTION Action);
FORCEINLINE void WdfIoTargetStop(WDFIOTARGET IoTarget, WDF_IO_TARGET_SENT_IO_ACTION Action)
{
    ((PFN_WDFIOTARGETSTOP)WdfFunctions[WdfIoTargetStopTableIndex])(WdfDriverGlobals, IoTarget, Action);
}

typedef NTSTATUS (NTAPI *PFN_WDFIOTARGETSENDREADSYNCHRONOUSLY)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget, WDFREQUEST Request, PWDF_MEMORY_DESCRIPTOR OutputBuffer, PLONGLONG DeviceOffset, PWDF_REQUEST_SEND_OPTIONS RequestOptions, PULONG_PTR BytesRead);
FORCEINLINE NTSTATUS WdfIoTargetSendReadSynchronously(WDFIOTARGET IoTarget, WDFREQUEST Request, PWDF_MEMORY_DESCRIPTOR OutputBuffer, PLONGLONG DeviceOffset, PWDF_REQUEST_SEND_OPTIONS RequestOptions, PULONG_PTR BytesRead)
{
    return ((PFN_WDFIOTARGETSENDREADSYNCHRONOUSLY)WdfFunctions[WdfIoTargetSendReadSynchronouslyTableIndex])(WdfDriverGlobals, IoTarget, Request, OutputBuffer, DeviceOffset, RequestOptions, BytesRead);
}

typedef NTSTATUS (NTAPI *PFN_WDFIOTARGETSENDWRITESYNCHRONOUSLY)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget, WDFREQUEST Request, PWDF_MEMORY_DESCRIPTOR InputBuffer, PLONGLONG DeviceOffset, PWDF_REQUEST_SEND_OPTIONS RequestOptions, PULONG_PTR BytesWritten);
FORCEINLINE NTSTATUS WdfIoTargetSendWriteSynchronously(WDFIOTARGET IoTarget, WDFREQUEST Request, PWDF_MEMORY_DESCRIPTOR InputBuffer, PLONGLONG DeviceOffset, PWDF_REQUEST_SEND_OPTIONS RequestOptions, PULONG_PTR BytesWritten)
{
    return ((PFN_WDFIOTARGETSENDWRITESYNCHRONOUSLY)WdfFunctions[WdfIoTargetSendWriteSynchronouslyTableIndex])(WdfDriverGlobals, IoTarget, Request, InputBuffer, DeviceOffset, RequestOptions, BytesWritten);
}

typedef NTSTATUS (NTAPI *PFN_WDFIOTARGETSENDIOCTLSYNCHRONOUSLY)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget, WDFREQUEST Request, ULONG IoctlCode, PWDF_MEMORY_DESCRIPTOR InputBuffer, PWDF_MEMORY_DESCRIPTOR OutputBuffer, PWDF_REQUEST_SEND_OPTIONS RequestOptions, PULONG_PTR BytesReturned);
FORCEINLINE NTSTATUS WdfIoTargetSendIoctlSynchronously(WDFIOTARGET IoTarget, WDFREQUEST Request, ULONG IoctlCode, PWDF_MEMORY_DESCRIPTOR InputBuffer, PWDF_MEMORY_DESCRIPTOR OutputBuffer, PWDF_REQUEST_SEND_OPTIONS RequestOptions, PULONG_PTR BytesReturned)
{
    return ((PFN_WDFIOTARGETSENDIOCTLSYNCHRONOUSLY)WdfFunctions[WdfIoTargetSendIoctlSynchronouslyTableIndex])(WdfDriverGlobals, IoTarget, Request, IoctlCode, InputBuffer, OutputBuffer, RequestOptions, BytesReturned);
}

typedef NTSTATUS (NTAPI *PFN_WDFIOTARGETFORMATREQUESTFORIOCTL)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget, WDFREQUEST Request, ULONG IoctlCode, WDFMEMORY InputBuffer, PWDFMEMORY_OFFSET InputBufferOffset, WDFMEMORY OutputBuffer, PWDFMEMORY_OFFSET OutputBufferOffset);
FORCEINLINE NTSTATUS WdfIoTargetFormatRequestForIoctl(WDFIOTARGET IoTarget, WDFREQUEST Request, ULONG IoctlCode, WDFMEMORY InputBuffer, PWDFMEMORY_OFFSET InputBufferOffset, WDFMEMORY OutputBuffer, PWDFMEMORY_OFFSET OutputBufferOffset)
{
    return ((PFN_WDFIOTARGETFORMATREQUESTFORIOCTL)WdfFunctions[WdfIoTargetFormatRequestForIoctlTableIndex])(WdfDriverGlobals, IoTarget, Request, IoctlCode, InputBuffer, InputBufferOffset, OutputBuffer, OutputBufferOffset);
}

typedef NTSTATUS (NTAPI *PFN_WDFIOQUEUEFINDREQUEST)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue, WDFREQUEST FoundRequest, WDFFILEOBJECT FileObject, PWDF_REQUEST_PARAMETERS Parameters, WDFREQUEST * OutRequest);
FORCEINLINE NTSTATUS WdfIoQueueFindRequest(WDFQUEUE Queue, WDFREQUEST FoundRequest, WDFFILEOBJECT FileObject, PWDF_REQUEST_PARAMETERS Parameters, WDFREQUEST * OutRequest)
{
    return ((PFN_WDFIOQUEUEFINDREQUEST)WdfFunctions[WdfIoQueueFindRequestTableIndex])(WdfDriverGlobals, Queue, FoundRequest, FileObject, Parameters, OutRequest);
}

typedef NTSTATUS (NTAPI *PFN_WDFIOQUEUERETRIEVEFOUNDREQUEST)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue, WDFREQUEST FoundRequest, WDFREQUEST * OutRequest);
FORCEINLINE NTSTATUS WdfIoQueueRetrieveFoundRequest(WDFQUEUE Queue, WDFREQUEST FoundRequest, WDFREQUEST * OutRequest)
{
    return ((PFN_WDFIOQUEUERETRIEVEFOUNDREQUEST)WdfFunctions[WdfIoQueueRetrieveFoundRequestTableIndex])(WdfDriverGlobals, Queue, FoundRequest, OutRequest);
}

typedef void (NTAPI *PFN_WDFIOQUEUEPURGESYNCHRONOUSLY)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue);
FORCEINLINE void WdfIoQueuePurgeSynchronously(WDFQUEUE Queue)
{
    ((PFN_WDFIOQUEUEPURGESYNCHRONOUSLY)WdfFunctions[WdfIoQueuePurgeSynchronouslyTableIndex])(WdfDriverGlobals, Queue);
}

typedef void (NTAPI *PFN_WDFIOQUEUEPURGE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue, PFN_WDF_IO_QUEUE_STATE PurgeComplete, WDFCONTEXT Context);
FORCEINLINE void WdfIoQueuePurge(WDFQUEUE Queue, PFN_WDF_IO_QUEUE_STATE PurgeComplete, WDFCONTEXT Context)
{
    ((PFN_WDFIOQUEUEPURGE)WdfFunctions[WdfIoQueuePurgeTableIndex])(WdfDriverGlobals, Queue, PurgeComplete, Context);
}

typedef NTSTATUS (NTAPI *PFN_WDFWMIPROVIDERCREATE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, PWDF_WMI_PROVIDER_CONFIG WmiProviderConfig, PWDF_OBJECT_ATTRIBUTES ProviderAttributes, WDFWMIPROVIDER * WmiProvider);
FORCEINLINE NTSTATUS WdfWmiProviderCreate(WDFDEVICE Device, PWDF_WMI_PROVIDER_CONFIG WmiProviderConfig, PWDF_OBJECT_ATTRIBUTES ProviderAttributes, WDFWMIPROVIDER * WmiProvider)
{
    return ((PFN_WDFWMIPROVIDERCREATE)WdfFunctions[WdfWmiProviderCreateTableIndex])(WdfDriverGlobals, Device, WmiProviderConfig, ProviderAttributes, WmiProvider);
}

typedef WDFDEVICE (NTAPI *PFN_WDFWMIPROVIDERGETDEVICE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFWMIPROVIDER WmiProvider);
FORCEINLINE WDFDEVICE WdfWmiProviderGetDevice(WDFWMIPROVIDER WmiProvider)
{
    return ((PFN_WDFWMIPROVIDERGETDEVICE)WdfFunctions[WdfWmiProviderGetDeviceTableIndex])(WdfDriverGlobals, WmiProvider);
}

typedef NTSTATUS (NTAPI *PFN_WDFWMIINSTANCECREATE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, PWDF_WMI_INSTANCE_CONFIG InstanceConfig, PWDF_OBJECT_ATTRIBUTES InstanceAttributes, WDFWMIINSTANCE * Instance);
FORCEINLINE NTSTATUS WdfWmiInstanceCreate(WDFDEVICE Device, PWDF_WMI_INSTANCE_CONFIG InstanceConfig, PWDF_OBJECT_ATTRIBUTES InstanceAttributes, WDFWMIINSTANCE * Instance)
{
    return ((PFN_WDFWMIINSTANCECREATE)WdfFunctions[WdfWmiInstanceCreateTableIndex])(WdfDriverGlobals, Device, InstanceConfig, InstanceAttributes, Instance);
}

typedef NTSTATUS (NTAPI *PFN_WDFWMIINSTANCEREGISTER)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFWMIINSTANCE WmiInstance);
FORCEINLINE NTSTATUS WdfWmiInstanceRegister(WDFWMIINSTANCE WmiInstance)
{
    return ((PFN_WDFWMIINSTANCEREGISTER)WdfFunctions[WdfWmiInstanceRegisterTableIndex])(WdfDriverGlobals, WmiInstance);
}

typedef void (NTAPI *PFN_WDFWMIINSTANCEDEREGISTER)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFWMIINSTANCE WmiInstance);
FORCEINLINE void WdfWmiInstanceDeregister(WDFWMIINSTANCE WmiInstance)
{
    ((PFN_WDFWMIINSTANCEDEREGISTER)WdfFunctions[WdfWmiInstanceDeregisterTableIndex])(WdfDriverGlobals, WmiInstance);
}

typedef WDFDEVICE (NTAPI *PFN_WDFWMIINSTANCEGETDEVICE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFWMIINSTANCE WmiInstance);
FORCEINLINE WDFDEVICE WdfWmiInstanceGetDevice(WDFWMIINSTANCE WmiInstance)
{
    return ((PFN_WDFWMIINSTANCEGETDEVICE)WdfFunctions[WdfWmiInstanceGetDeviceTableIndex])(WdfDriverGlobals, WmiInstance);
}

typedef NTSTATUS (NTAPI *PFN_WDFWMIINSTANCEFIREEVENT)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFWMIINSTANCE WmiInstance, ULONG EventDataSize, PVOID EventData);
FORCEINLINE NTSTATUS WdfWmiInstanceFireEvent(WDFWMIINSTANCE WmiInstance, ULONG EventDataSize, PVOID EventData)
{
    return ((PFN_WDFWMIINSTANCEFIREEVENT)WdfFunctions[WdfWmiInstanceFireEventTableIndex])(WdfDriverGlobals, WmiInstance, EventDataSize, EventData);
}

typedef NTSTATUS (NTAPI *PFN_WDFSTRINGCREATE)(PWDF_DRIVER_GLOBALS DriverGlobals, PCUNICODE_STRING UnicodeString, PWDF_OBJECT_ATTRIBUTES StringAttributes, WDFSTRING * String);
FORCEINLINE NTSTATUS WdfStringCreate(PCUNICODE_STRING UnicodeString, PWDF_OBJECT_ATTRIBUTES StringAttributes, WDFSTRING * String)
{
    return ((PFN_WDFSTRINGCREATE)WdfFunctions[WdfStringCreateTableIndex])(WdfDriverGlobals, UnicodeString, StringAttributes, String);
}

typedef void (NTAPI *PFN_WDFSTRINGGETUNICODESTRING)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFSTRING String, PUNICODE_STRING UnicodeString);
FORCEINLINE void WdfStringGetUnicodeString(WDFSTRING String, PUNICODE_STRING UnicodeString)
{
    ((PFN_WDFSTRINGGETUNICODESTRING)WdfFunctions[WdfStringGetUnicodeStringTableIndex])(WdfDriverGlobals, String, UnicodeString);
}

typedef void (NTAPI *PFN_WDFREGISTRYCLOSE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFKEY Key);
FORCEINLINE void WdfRegistryClose(WDFKEY Key)
{
    ((PFN_WDFREGISTRYCLOSE)WdfFunctions[WdfRegistryCloseTableIndex])(WdfDriverGlobals, Key);
}

typedef NTSTATUS (NTAPI *PFN_WDFREGISTRYQUERYVALUE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFKEY Key, PCUNICODE_STRING ValueName, ULONG ValueLength, PVOID Value, PULONG ValueLengthQueried, PULONG ValueType);
FORCEINLINE NTSTATUS WdfRegistryQueryValue(WDFKEY Key, PCUNICODE_STRING ValueName, ULONG ValueLength, PVOID Value, PULONG ValueLengthQueried, PULONG ValueType)
{
    return ((PFN_WDFREGISTRYQUERYVALUE)WdfFunctions[WdfRegistryQueryValueTableIndex])(WdfDriverGlobals, Key, ValueName, ValueLength, Value, ValueLengthQueried, ValueType);
}

typedef NTSTATUS (NTAPI *PFN_WDFREGISTRYQUERYULONG)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFKEY Key, PCUNICODE_STRING ValueName, PULONG Value);
FORCEINLINE NTSTATUS WdfRegistryQueryULong(WDFKEY Key, PCUNICODE_STRING ValueName, PULONG Value)
{
    return ((PFN_WDFREGISTRYQUERYULONG)WdfFunctions[WdfRegistryQueryULongTableIndex])(WdfDriverGlobals, Key, ValueName, Value);
}

typedef NTSTATUS (NTAPI *PFN_WDFDMAENABLERCREATE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, PWDF_DMA_ENABLER_CONFIG Config, PWDF_OBJECT_ATTRIBUTES Attributes, WDFDMAENABLER * DmaEnablerHandle);
FORCEINLINE NTSTATUS WdfDmaEnablerCreate(WDFDEVICE Device, PWDF_DMA_ENABLER_CONFIG Config, PWDF_OBJECT_ATTRIBUTES Attributes, WDFDMAENABLER * DmaEnablerHandle)
{
    return ((PFN_WDFDMAENABLERCREATE)WdfFunctions[WdfDmaEnablerCreateTableIndex])(WdfDriverGlobals, Device, Config, Attributes, DmaEnablerHandle);
}

typedef size_t (NTAPI *PFN_WDFDMAENABLERGETMAXIMUMLENGTH)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDMAENABLER DmaEnabler);
FORCEINLINE size_t WdfDmaEnablerGetMaximumLength(WDFDMAENABLER DmaEnabler)
{
    return ((PFN_WDFDMAENABLERGETMAXIMUMLENGTH)WdfFunctions[WdfDmaEnablerGetMaximumLengthTableIndex])(WdfDriverGlobals, DmaEnabler);
}

typedef size_t (NTAPI *PFN_WDFDMAENABLERGETMAXIMUMSCATTERGATHERELEMENTS)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDMAENABLER DmaEnabler);
FORCEINLINE size_t WdfDmaEnablerGetMaximumScatterGatherElements(WDFDMAENABLER DmaEnabler)
{
    return ((PFN_WDFDMAENABLERGETMAXIMUMSCATTERGATHERELEMENTS)WdfFunctions[WdfDmaEnablerGetMaximumScatterGatherElementsTableIndex])(WdfDriverGlobals, DmaEnabler);
}

typedef void (NTAPI *PFN_WDFDMAENABLERSETMAXIMUMSCATTERGATHERELEMENTS)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDMAENABLER DmaEnabler, size_t MaximumFragments);
FORCEINLINE void WdfDmaEnablerSetMaximumScatterGatherElements(WDFDMAENABLER DmaEnabler, size_t MaximumFragments)
{
    ((PFN_WDFDMAENABLERSETMAXIMUMSCATTERGATHERELEMENTS)WdfFunctions[WdfDmaEnablerSetMaximumScatterGatherElementsTableIndex])(WdfDriverGlobals, DmaEnabler, MaximumFragments);
}

typedef NTSTATUS (NTAPI *PFN_WDFDMATRANSACTIONCREATE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDMAENABLER DmaEnabler, PWDF_OBJECT_ATTRIBUTES Attributes, WDFDMATRANSACTION * DmaTransaction);
FORCEINLINE NTSTATUS WdfDmaTransactionCreate(WDFDMAENABLER DmaEnabler, PWDF_OBJECT_ATTRIBUTES Attributes, WDFDMATRANSACTION * DmaTransaction)
{
    return ((PFN_WDFDMATRANSACTIONCREATE)WdfFunctions[WdfDmaTransactionCreateTableIndex])(WdfDriverGlobals, DmaEnabler, Attributes, DmaTransaction);
}

typedef NTSTATUS (NTAPI *PFN_WDFDMATRANSACTIONINITIALIZE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDMATRANSACTION DmaTransaction, PFN_WDF_PROGRAM_DMA EvtProgramDmaFunction, WDF_DMA_DIRECTION DmaDirection, PMDL Mdl, PVOID VirtualAddress, size_t Length);
FORCEINLINE NTSTATUS WdfDmaTransactionInitialize(WDFDMATRANSACTION DmaTransaction, PFN_WDF_PROGRAM_DMA EvtProgramDmaFunction, WDF_DMA_DIRECTION DmaDirection, PMDL Mdl, PVOID VirtualAddress, size_t Length)
{
    return ((PFN_WDFDMATRANSACTIONINITIALIZE)WdfFunctions[WdfDmaTransactionInitializeTableIndex])(WdfDriverGlobals, DmaTransaction, EvtProgramDmaFunction, DmaDirection, Mdl, VirtualAddress, Length);
}

typedef NTSTATUS (NTAPI *PFN_WDFDMATRANSACTIONINITIALIZEUSINGREQUEST)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDMATRANSACTION DmaTransaction, WDFREQUEST Request, PFN_WDF_PROGRAM_DMA EvtProgramDmaFunction, WDF_DMA_DIRECTION DmaDirection);
FORCEINLINE NTSTATUS WdfDmaTransactionInitializeUsingRequest(WDFDMATRANSACTION DmaTransaction, WDFREQUEST Request, PFN_WDF_PROGRAM_DMA EvtProgramDmaFunction, WDF_DMA_DIRECTION DmaDirection)
{
    return ((PFN_WDFDMATRANSACTIONINITIALIZEUSINGREQUEST)WdfFunctions[WdfDmaTransactionInitializeUsingRequestTableIndex])(WdfDriverGlobals, DmaTransaction, Request, EvtProgramDmaFunction, DmaDirection);
}

typedef NTSTATUS (NTAPI *PFN_WDFDMATRANSACTIONEXECUTE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDMATRANSACTION DmaTransaction, WDFCONTEXT Context);
FORCEINLINE NTSTATUS WdfDmaTransactionExecute(WDFDMATRANSACTION DmaTransaction, WDFCONTEXT Context)
{
    return ((PFN_WDFDMATRANSACTIONEXECUTE)WdfFunctions[WdfDmaTransactionExecuteTableIndex])(WdfDriverGlobals, DmaTransaction, Context);
}

typedef NTSTATUS (NTAPI *PFN_WDFDMATRANSACTIONRELEASE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDMATRANSACTION DmaTransaction);
FORCEINLINE NTSTATUS WdfDmaTransactionRelease(WDFDMATRANSACTION DmaTransaction)
{
    return ((PFN_WDFDMATRANSACTIONRELEASE)WdfFunctions[WdfDmaTransactionReleaseTableIndex])(WdfDriverGlobals, DmaTransaction);
}

typedef BOOLEAN (NTAPI *PFN_WDFDMATRANSACTIONDMACOMPLETED)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDMATRANSACTION DmaTransaction, NTSTATUS * Status);
FORCEINLINE BOOLEAN WdfDmaTransactionDmaCompleted(WDFDMATRANSACTION DmaTransaction, NTSTATUS * Status)
{
    return ((PFN_WDFDMATRANSACTIONDMACOMPLETED)WdfFunctions[WdfDmaTransactionDmaCompletedTableIndex])(WdfDriverGlobals, DmaTransaction, Status);
}

typedef BOOLEAN (NTAPI *PFN_WDFDMATRANSACTIONDMACOMPLETEDWITHLENGTH)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDMATRANSACTION DmaTransaction, size_t TransferredLength, NTSTATUS * Status);
FORCEINLINE BOOLEAN WdfDmaTransactionDmaCompletedWithLength(WDFDMATRANSACTION DmaTransaction, size_t TransferredLength, NTSTATUS * Status)
{
    return ((PFN_WDFDMATRANSACTIONDMACOMPLETEDWITHLENGTH)WdfFunctions[WdfDmaTransactionDmaCompletedWithLengthTableIndex])(WdfDriverGlobals, DmaTransaction, TransferredLength, Status);
}

typedef BOOLEAN (NTAPI *PFN_WDFDMATRANSACTIONDMACOMPLETEDFINAL)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDMATRANSACTION DmaTransaction, size_t FinalTransferredLength, NTSTATUS * Status);
FORCEINLINE BOOLEAN WdfDmaTransactionDmaCompletedFinal(WDFDMATRANSACTION DmaTransaction, size_t FinalTransferredLength, NTSTATUS * Status)
{
    return ((PFN_WDFDMATRANSACTIONDMACOMPLETEDFINAL)WdfFunctions[WdfDmaTransactionDmaCompletedFinalTableIndex])(WdfDriverGlobals, DmaTransaction, FinalTransferredLength, Status);
}

typedef size_t (NTAPI *PFN_WDFDMATRANSACTIONGETBYTESTRANSFERRED)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDMATRANSACTION DmaTransaction);
FORCEINLINE size_t WdfDmaTransactionGetBytesTransferred(WDFDMATRANSACTION DmaTransaction)
{
    return ((PFN_WDFDMATRANSACTIONGETBYTESTRANSFERRED)WdfFunctions[WdfDmaTransactionGetBytesTransferredTableIndex])(WdfDriverGlobals, DmaTransaction);
}

typedef WDFREQUEST (NTAPI *PFN_WDFDMATRANSACTIONGETREQUEST)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDMATRANSACTION DmaTransaction);
FORCEINLINE WDFREQUEST WdfDmaTransactionGetRequest(WDFDMATRANSACTION DmaTransaction)
{
    return ((PFN_WDFDMATRANSACTIONGETREQUEST)WdfFunctions[WdfDmaTransactionGetRequestTableIndex])(WdfDriverGlobals, DmaTransaction);
}

typedef WDFDEVICE (NTAPI *PFN_WDFDMATRANSACTIONGETDEVICE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDMATRANSACTION DmaTransaction);
FORCEINLINE WDFDEVICE WdfDmaTransactionGetDevice(WDFDMATRANSACTION DmaTransaction)
{
    return ((PFN_WDFDMATRANSACTIONGETDEVICE)WdfFunctions[WdfDmaTransactionGetDeviceTableIndex])(WdfDriverGlobals, DmaTransaction);
}

typedef NTSTATUS (NTAPI *PFN_WDFCOMMONBUFFERCREATE)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDMAENABLER DmaEnabler, size_t Length, PWDF_OBJECT_ATTRIBUTES Attributes, WDFCOMMONBUFFER * CommonBuffer);
FORCEINLINE NTSTATUS WdfCommonBufferCreate(WDFDMAENABLER DmaEnabler, size_t Length, PWDF_OBJECT_ATTRIBUTES Attributes, WDFCOMMONBUFFER * CommonBuffer)
{
    return ((PFN_WDFCOMMONBUFFERCREATE)WdfFunctions[WdfCommonBufferCreateTableIndex])(WdfDriverGlobals, DmaEnabler, Length, Attributes, CommonBuffer);
}

typedef PVOID (NTAPI *PFN_WDFCOMMONBUFFERGETALIGNEDVIRTUALADDRESS)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFCOMMONBUFFER CommonBuffer);
FORCEINLINE PVOID WdfCommonBufferGetAlignedVirtualAddress(WDFCOMMONBUFFER CommonBuffer)
{
    return ((PFN_WDFCOMMONBUFFERGETALIGNEDVIRTUALADDRESS)WdfFunctions[WdfCommonBufferGetAlignedVirtualAddressTableIndex])(WdfDriverGlobals, CommonBuffer);
}

typedef PHYSICAL_ADDRESS (NTAPI *PFN_WDFCOMMONBUFFERGETALIGNEDLOGICALADDRESS)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFCOMMONBUFFER CommonBuffer);
FORCEINLINE PHYSICAL_ADDRESS WdfCommonBufferGetAlignedLogicalAddress(WDFCOMMONBUFFER CommonBuffer)
{
    return ((PFN_WDFCOMMONBUFFERGETALIGNEDLOGICALADDRESS)WdfFunctions[WdfCommonBufferGetAlignedLogicalAddressTableIndex])(WdfDriverGlobals, CommonBuffer);
}

typedef size_t (NTAPI *PFN_WDFCOMMONBUFFERGETLENGTH)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFCOMMONBUFFER CommonBuffer);
FORCEINLINE size_t WdfCommonBufferGetLength(WDFCOMMONBUFFER CommonBuffer)
{
    return ((PFN_WDFCOMMONBUFFERGETLENGTH)WdfFunctions[WdfCommonBufferGetLengthTableIndex])(WdfDriverGlobals, CommonBuffer);
}

typedef void (NTAPI *PFN_WDFDEVICESETALIGNMENTREQUIREMENT)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, ULONG AlignmentRequirement);
FORCEINLINE void WdfDeviceSetAlignmentRequirement(WDFDEVICE Device, ULONG AlignmentRequirement)
{
    ((PFN_WDFDEVICESETALIGNMENTREQUIREMENT)WdfFunctions[WdfDeviceSetAlignmentRequirementTableIndex])(WdfDriverGlobals, Device, AlignmentRequirement);
}

typedef ULONG (NTAPI *PFN_WDFDEVICEGETALIGNMENTREQUIREMENT)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device);
FORCEINLINE ULONG WdfDeviceGetAlignmentRequirement(WDFDEVICE Device)
{
    return ((PFN_WDFDEVICEGETALIGNMENTREQUIREMENT)WdfFunctions[WdfDeviceGetAlignmentRequirementTableIndex])(WdfDriverGlobals, Device);
}

FORCEINLINE VOID WDF_DMA_ENABLER_CONFIG_INIT(PWDF_DMA_ENABLER_CONFIG Config, WDF_DMA_PROFILE Profile, size_t MaximumLength)
{
    RtlZeroMemory(Config, sizeof(WDF_DMA_ENABLER_CONFIG));
    Config->Size = sizeof(WDF_DMA_ENABLER_CONFIG);
    Config->Profile = Profile;
    Config->MaximumLength = MaximumLength;
}

FORCEINLINE VOID WDF_WMI_PROVIDER_CONFIG_INIT(PWDF_WMI_PROVIDER_CONFIG Config, const GUID * Guid)
{
    RtlZeroMemory(Config, sizeof(WDF_WMI_PROVIDER_CONFIG));
    Config->Size = sizeof(WDF_WMI_PROVIDER_CONFIG);
    RtlCopyMemory(&Config->Guid, Guid, sizeof(GUID));
}

FORCEINLINE VOID WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER(PWDF_WMI_INSTANCE_CONFIG Config, WDFWMIPROVIDER Provider)
{
    RtlZeroMemory(Config, sizeof(WDF_WMI_INSTANCE_CONFIG));
    Config->Size = sizeof(WDF_WMI_INSTANCE_CONFIG);
    Config->Provider = Provider;
}

FORCEINLINE VOID WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER_CONFIG(PWDF_WMI_INSTANCE_CONFIG Config, PWDF_WMI_PROVIDER_CONFIG ProviderConfig)
{
    RtlZeroMemory(Config, sizeof(WDF_WMI_INSTANCE_CONFIG));
    Config->Size = sizeof(WDF_WMI_INSTANCE_CONFIG);
    Config->ProviderConfig = ProviderConfig;
}

FORCEINLINE VOID WDF_INTERRUPT_INFO_INIT(PWDF_INTERRUPT_INFO Info)
{
    RtlZeroMemory(Info, sizeof(WDF_INTERRUPT_INFO));
    Info->Size = sizeof(WDF_INTERRUPT_INFO);
}

FORCEINLINE VOID WDF_DPC_CONFIG_INIT(PWDF_DPC_CONFIG Config, PFN_WDF_DPC EvtDpcFunc)
{
    RtlZeroMemory(Config, sizeof(WDF_DPC_CONFIG));
    Config->Size = sizeof(WDF_DPC_CONFIG);
    Config->EvtDpcFunc = EvtDpcFunc;
}

FORCEINLINE VOID WDF_IO_TARGET_OPEN_PARAMS_INIT_EXISTING_DEVICE(PWDF_IO_TARGET_OPEN_PARAMS Params, PDEVICE_OBJECT DeviceObject)
{
    RtlZeroMemory(Params, sizeof(WDF_IO_TARGET_OPEN_PARAMS));
    Params->Size = sizeof(WDF_IO_TARGET_OPEN_PARAMS);
    Params->Type = WdfIoTargetOpenUseExistingDevice;
    Params->TargetDeviceObject = DeviceObject;
}

FORCEINLINE VOID WDF_IO_TARGET_OPEN_PARAMS_INIT_OPEN_BY_NAME(PWDF_IO_TARGET_OPEN_PARAMS Params, PCUNICODE_STRING TargetDeviceName, ACCESS_MASK DesiredAccess)
{
    RtlZeroMemory(Params, sizeof(WDF_IO_TARGET_OPEN_PARAMS));
    Params->Size = sizeof(WDF_IO_TARGET_OPEN_PARAMS);
    Params->Type = WdfIoTargetOpenByName;
    RtlCopyMemory(&Params->TargetDeviceName, TargetDeviceName, sizeof(UNICODE_STRING));
    Params->DesiredAccess = DesiredAccess;
}

FORCEINLINE VOID WDF_MEMORY_DESCRIPTOR_INIT_BUFFER(PWDF_MEMORY_DESCRIPTOR Descriptor, PVOID Buffer, ULONG BufferLength)
{
    RtlZeroMemory(Descriptor, sizeof(WDF_MEMORY_DESCRIPTOR));
    Descriptor->Type = WdfMemoryDescriptorTypeBuffer;
    Descriptor->u.BufferType.Buffer = Buffer;
    Descriptor->u.BufferType.Length = BufferLength;
}

FORCEINLINE VOID WDF_REQUEST_REUSE_PARAMS_INIT(PWDF_REQUEST_REUSE_PARAMS Params, ULONG Flags, NTSTATUS Status)
{
    RtlZeroMemory(Params, sizeof(WDF_REQUEST_REUSE_PARAMS));
    Params->Size = sizeof(WDF_REQUEST_REUSE_PARAMS);
    Params->Flags = Flags;
    Params->Status = Status;
}

FORCEINLINE VOID WDF_DEVICE_STATE_INIT(PWDF_DEVICE_STATE PnpDeviceState)
{
    RtlZeroMemory(PnpDeviceState, sizeof(WDF_DEVICE_STATE));
    PnpDeviceState->Size = sizeof(WDF_DEVICE_STATE);
}

FORCEINLINE VOID WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS_INIT(PWDF_DEVICE_POWER_POLICY_IDLE_SETTINGS Settings, WDF_POWER_POLICY_S0_IDLE_CAPABILITIES IdleCaps)
{
    RtlZeroMemory(Settings, sizeof(WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS));
    Settings->Size = sizeof(WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS);
    Settings->IdleCaps = IdleCaps;
}

FORCEINLINE VOID WDF_DEVICE_POWER_POLICY_WAKE_SETTINGS_INIT(PWDF_DEVICE_POWER_POLICY_WAKE_SETTINGS Settings)
{
    RtlZeroMemory(Settings, sizeof(WDF_DEVICE_POWER_POLICY_WAKE_SETTINGS));
    Settings->Size = sizeof(WDF_DEVICE_POWER_POLICY_WAKE_SETTINGS);
}

FORCEINLINE VOID WDF_POWER_POLICY_EVENT_CALLBACKS_INIT(PWDF_POWER_POLICY_EVENT_CALLBACKS Callbacks)
{
    RtlZeroMemory(Callbacks, sizeof(WDF_POWER_POLICY_EVENT_CALLBACKS));
    Callbacks->Size = sizeof(WDF_POWER_POLICY_EVENT_CALLBACKS);
}

/* WDM IRPs a KMDF driver sees before the framework (IRP_MJ_SYSTEM_CONTROL for WMILIB, for instance), and filters. */
typedef NTSTATUS EVT_WDFDEVICE_WDM_IRP_PREPROCESS(WDFDEVICE Device, PIRP Irp);
typedef EVT_WDFDEVICE_WDM_IRP_PREPROCESS *PFN_WDFDEVICE_WDM_IRP_PREPROCESS;
typedef NTSTATUS (NTAPI *PFN_WDFDEVICEINITASSIGNWDMIRPPREPROCESSCALLBACK)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PFN_WDFDEVICE_WDM_IRP_PREPROCESS EvtDeviceWdmIrpPreprocess, UCHAR MajorFunction, PUCHAR MinorFunctions, ULONG NumMinorFunctions);
FORCEINLINE NTSTATUS WdfDeviceInitAssignWdmIrpPreprocessCallback(PWDFDEVICE_INIT DeviceInit, PFN_WDFDEVICE_WDM_IRP_PREPROCESS EvtDeviceWdmIrpPreprocess, UCHAR MajorFunction, PUCHAR MinorFunctions, ULONG NumMinorFunctions)
{
    return ((PFN_WDFDEVICEINITASSIGNWDMIRPPREPROCESSCALLBACK)WdfFunctions[WdfDeviceInitAssignWdmIrpPreprocessCallbackTableIndex])(WdfDriverGlobals, DeviceInit, EvtDeviceWdmIrpPreprocess, MajorFunction, MinorFunctions, NumMinorFunctions);
}

typedef NTSTATUS (NTAPI *PFN_WDFDEVICEWDMDISPATCHPREPROCESSEDIRP)(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, PIRP Irp);
FORCEINLINE NTSTATUS WdfDeviceWdmDispatchPreprocessedIrp(WDFDEVICE Device, PIRP Irp)
{
    return ((PFN_WDFDEVICEWDMDISPATCHPREPROCESSEDIRP)WdfFunctions[WdfDeviceWdmDispatchPreprocessedIrpTableIndex])(WdfDriverGlobals, Device, Irp);
}

typedef VOID (NTAPI *PFN_WDFFDOINITSETFILTER)(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit);
FORCEINLINE VOID WdfFdoInitSetFilter(PWDFDEVICE_INIT DeviceInit)
{
    ((PFN_WDFFDOINITSETFILTER)WdfFunctions[WdfFdoInitSetFilterTableIndex])(WdfDriverGlobals, DeviceInit);
}

#endif /* _STACKLINT_WDF_H_ */
