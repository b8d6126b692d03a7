using System.Collections.Frozen;
using System.Collections.Immutable;
using StackLint.Frontend.Facts;

namespace StackLint.Rules.Model.CallGraph;

/// <summary>
/// Whose stack a function starts on. A set (flags) because one function can be reached from several entries.
/// </summary>
[Flags]
public enum StackContext
{
    None = 0,
    /// <summary>A whole new kernel stack: DriverEntry, work items, system threads, stack-expansion callouts.</summary>
    Fresh = 1,
    /// <summary>A DPC: runs on the processor's DPC stack or on whatever thread was interrupted, at DISPATCH_LEVEL.</summary>
    Dpc = 2,
    /// <summary>On whatever stack the caller had left: dispatch routines, filter callbacks, completion and notify routines.</summary>
    Caller = 4,
}

/// <summary>How a registration is written in C: a struct field (assigned or in an initializer) or an API argument.</summary>
public enum RegistrationForm { Field, CallArgument }

/// <summary>
/// One way a driver hands a function to the system. Field registrations match FunctionReference facts of kind
/// Assignment or Initializer whose Target is the field name (and whose record, the initializer's RecordType or the
/// record that declares the assigned member, contains RecordTypeContains when that is set); call registrations match kind CallArgument with Target = API and the argument index.
/// RunsOnRegistrarStack: the routine may run synchronously below the registering function (a completion routine
/// runs inside IoCallDriver when the lower driver completes at once), so the registrar gets a call edge to it.
/// Passes: for an API that takes a context pointer with the routine and later calls the routine with it, where the
/// context comes from and which of the routine's parameters receives it (<see cref="RoutineContext"/>).
/// </summary>
public sealed record CallbackRegistration(
    RegistrationForm Form,
    string Name,
    int ArgumentIndex,
    string? RecordTypeContains,
    StackContext Context,
    string Description,
    bool RunsOnRegistrarStack = false,
    long? Subscript = null,
    RoutineContext? Passes = null)
{
    public bool Matches(FunctionReference reference) => Form switch
    {
        RegistrationForm.Field =>
            reference.Kind is FunctionReferenceKind.Assignment or FunctionReferenceKind.Initializer
            && string.Equals(reference.Target, Name, StringComparison.Ordinal)
            // An entry for one array element ('MajorFunction[IRP_MJ_SHUTDOWN]') matches only that element.
            && (Subscript is null || reference.Subscript == Subscript)
            // The record comes from the initializer's type, or from the assigned member's declaration; only when
            // neither is known (code with errors) does the field name alone decide.
            && (RecordTypeContains is null || RecordOf(reference) is not { } record
                || record.Contains(RecordTypeContains, StringComparison.Ordinal)),
        _ =>
            reference.Kind == FunctionReferenceKind.CallArgument
            && reference.ArgumentIndex == ArgumentIndex
            && string.Equals(reference.Target, Name, StringComparison.Ordinal),
    };

    /// <summary>
    /// The record a field registration writes into: the initializer's record type, else the record part of the
    /// member's identity ("struct _OB_OPERATION_REGISTRATION::PreOperation", <see cref="FieldIdentity"/>), which an
    /// assignment ('Op[0].PreOperation = F') has even though it has no initializer type.
    /// </summary>
    private static string? RecordOf(FunctionReference reference)
    {
        if (reference.RecordType is not null)
            return reference.RecordType;
        return reference.Field is { } field ? FieldIdentity.Record(field) : null;
    }
}

/// <summary>
/// The context pointer an API hands its routine: 'KeInitializeDpc(&amp;Dpc, TimerDpc, (PVOID)Callback)' runs
/// 'TimerDpc(Dpc, Callback, ...)', so Argument 2 reaches the routine's Parameter 1 (both 0-based, from the WDK
/// prototypes). For a field registration the context is what the registering function stores into the sibling
/// field Field of the same record ('Item->WorkerRoutine = R; Item->Parameter = C;', Argument unused). When the context
/// is itself one of the driver's routines, or a parameter the registering function received routines through, a
/// call the routine makes through that parameter ('((PTIMER_CALLBACK)DeferredContext)(Timer)') calls those routines.
/// </summary>
public readonly record struct RoutineContext(int Argument, int Parameter, string? Field = null);

/// <summary>
/// The table of callback registrations StackLint understands: for each, the routine's field or argument, the stack
/// it runs on, and for the APIs that hand the routine a context pointer, where that context comes from (the entry's
/// WDK prototype in the comment above it). Data, not code: adding an API is one line. Argument indexes are 0-based
/// and follow the WDK prototypes.
/// </summary>
public static class CallbackRegistrations
{
    private const string FltOp = "FLT_OPERATION_REGISTRATION";
    private const string ObOp = "OB_OPERATION_REGISTRATION";
    private const string FltReg = "FLT_REGISTRATION";

    private static CallbackRegistration Field(string name, StackContext context, string description, string? recordType = null, bool onRegistrarStack = false, long? subscript = null, RoutineContext? passes = null) =>
        new(RegistrationForm.Field, name, -1, recordType, context, description, onRegistrarStack, subscript, passes);

    /// <summary>IRP_MJ_SHUTDOWN (wdm.h): the major function the I/O manager sends from the shutdown thread.</summary>
    public const long IrpMjShutdown = 0x10;

    /// <summary>The kind of a CmRegisterCallback(Ex) routine: the registry routines re-enter it (StackHungryKind.RegistryReentry).</summary>
    public const string RegistryCallbackKind = "registry callback";

    private const string StorPortInterruptKind = "StorPort interrupt service routine";
    private const string StorPortMessageInterruptKind = "StorPort message-signaled interrupt routine";
    private const string KmdfInterruptKind = "KMDF interrupt service routine";
    private const string WdmInterruptKind = "interrupt service routine";
    private const string WdmMessageInterruptKind = "message-signaled interrupt service routine";
    private const string NdisInterruptKind = "NDIS miniport interrupt handler";
    private const string NdisMessageInterruptKind = "NDIS miniport message-signaled interrupt handler";
    private const string ConnectInterrupt = "CONNECT_INTERRUPT";
    private const string NdisInterrupt = "MINIPORT_INTERRUPT_CHARACTERISTICS";

    /// <summary>
    /// Entry kinds that are interrupt service routines: they have no caller, and run on whatever stack the interrupt
    /// arrived on (a thread at any depth, or a DPC), so their context is the caller's in every rule but worded apart.
    /// </summary>
    public static FrozenSet<string> InterruptServiceKinds { get; } =
        new[]
        {
            StorPortInterruptKind, StorPortMessageInterruptKind, KmdfInterruptKind, WdmInterruptKind, WdmMessageInterruptKind,
            NdisInterruptKind, NdisMessageInterruptKind,
        }.ToFrozenSet(StringComparer.Ordinal);

    private const string ShutdownDescription = "IRP_MJ_SHUTDOWN dispatch routine (the I/O manager sends it from the system's shutdown thread)";

    private static CallbackRegistration Arg(string api, int index, StackContext context, string description, bool onRegistrarStack = false, RoutineContext? passes = null) =>
        new(RegistrationForm.CallArgument, api, index, null, context, description, onRegistrarStack, Passes: passes);

    /// <summary>The API's argument <paramref name="argument"/> reaches the routine's parameter <paramref name="parameter"/>.</summary>
    private static RoutineContext Context(int argument, int toParameter) => new(argument, toParameter);

    /// <summary>The value stored into sibling field <paramref name="field"/> reaches the routine's parameter <paramref name="toParameter"/>.</summary>
    private static RoutineContext ContextIn(string field, int toParameter) => new(-1, toParameter, field);

    /// <summary>More specific entries (with a record type) come before the generic entry for the same field.</summary>
    public static ImmutableArray<CallbackRegistration> All { get; } =
    [
        // WDM driver object. IRP_MJ_SHUTDOWN comes from IoShutdownSystem on the system's shutdown thread (before the
        // file systems are flushed, or after them for last-chance registrations), a shallow stack no application
        // request is below; every other major function arrives on its issuer's stack.
        Field("MajorFunction", StackContext.Fresh, ShutdownDescription, subscript: IrpMjShutdown),
        Field("MajorFunction", StackContext.Caller, "IRP dispatch routine"),
        // Unload runs on a system worker thread, at the bottom of its own stack.
        Field("DriverUnload", StackContext.Fresh, "driver unload routine"),
        Field("DriverStartIo", StackContext.Caller, "StartIo routine"),
        // AddDevice is called by the PnP manager from a system worker thread.
        Field("AddDevice", StackContext.Fresh, "PnP AddDevice routine"),
        // ExInitializeWorkItem is a macro in older headers: '(Item)->WorkerRoutine = (Routine); (Item)->Parameter =
        // (Context);', and the system worker calls 'WorkerRoutine(Parameter)' (WORKER_THREAD_ROUTINE(Parameter)).
        Field("WorkerRoutine", StackContext.Fresh, "work item routine", passes: ContextIn("Parameter", toParameter: 0)),

        // Filter manager and object manager operation callbacks: they run in the thread that issued the operation.
        Field("PreOperation", StackContext.Caller, "minifilter pre-operation callback", FltOp),
        Field("PostOperation", StackContext.Caller, "minifilter post-operation callback", FltOp),
        Field("PreOperation", StackContext.Caller, "object-manager pre-operation callback", ObOp),
        Field("PostOperation", StackContext.Caller, "object-manager post-operation callback", ObOp),
        Field("PreOperation", StackContext.Caller, "pre-operation callback"),
        Field("PostOperation", StackContext.Caller, "post-operation callback"),
        Field("FilterUnloadCallback", StackContext.Caller, "minifilter unload callback", FltReg),
        Field("InstanceSetupCallback", StackContext.Caller, "minifilter instance setup callback", FltReg),
        Field("InstanceQueryTeardownCallback", StackContext.Caller, "minifilter instance query-teardown callback", FltReg),
        Field("InstanceTeardownStartCallback", StackContext.Caller, "minifilter instance teardown-start callback", FltReg),
        Field("InstanceTeardownCompleteCallback", StackContext.Caller, "minifilter instance teardown-complete callback", FltReg),
        Field("GenerateFileNameCallback", StackContext.Caller, "minifilter file-name generation callback", FltReg),
        Field("NormalizeNameComponentCallback", StackContext.Caller, "minifilter name normalization callback", FltReg),
        Field("NormalizeNameComponentExCallback", StackContext.Caller, "minifilter name normalization callback", FltReg),
        Field("NormalizeContextCleanupCallback", StackContext.Caller, "minifilter normalization-context cleanup callback", FltReg),
        Field("TransactionNotificationCallback", StackContext.Caller, "minifilter transaction notification callback", FltReg),
        Field("SectionNotificationCallback", StackContext.Caller, "minifilter section notification callback", FltReg),

        // A file system's fast I/O routines: the I/O manager (or a filter) calls them before building an IRP, on the
        // requesting thread's stack, like the dispatch routine the IRP would reach.
        .. new[]
        {
            "FastIoCheckIfPossible", "FastIoRead", "FastIoWrite", "FastIoQueryBasicInfo", "FastIoQueryStandardInfo",
            "FastIoLock", "FastIoUnlockSingle", "FastIoUnlockAll", "FastIoUnlockAllByKey", "FastIoDeviceControl",
            "FastIoQueryNetworkOpenInfo", "MdlRead", "MdlReadComplete", "PrepareMdlWrite", "MdlWriteComplete",
            "FastIoReadCompressed", "FastIoWriteCompressed", "MdlReadCompleteCompressed", "MdlWriteCompleteCompressed",
            "FastIoQueryOpen", "AcquireFileForNtCreateSection", "ReleaseFileForNtCreateSection", "AcquireForCcFlush",
            "ReleaseForCcFlush",
        }.Select(name => Field(name, StackContext.Caller, "fast I/O routine", "FAST_IO_DISPATCH")),

        // KMDF callbacks set in config structures: the framework calls them from the thread that delivered the event.
        Field("EvtDriverDeviceAdd", StackContext.Caller, "KMDF EvtDriverDeviceAdd callback"),
        Field("EvtDriverUnload", StackContext.Caller, "KMDF EvtDriverUnload callback"),
        Field("EvtIoRead", StackContext.Caller, "KMDF EvtIoRead callback"),
        Field("EvtIoWrite", StackContext.Caller, "KMDF EvtIoWrite callback"),
        Field("EvtIoDeviceControl", StackContext.Caller, "KMDF EvtIoDeviceControl callback"),
        Field("EvtIoInternalDeviceControl", StackContext.Caller, "KMDF EvtIoInternalDeviceControl callback"),
        Field("EvtIoDefault", StackContext.Caller, "KMDF EvtIoDefault callback"),
        Field("EvtIoStop", StackContext.Caller, "KMDF EvtIoStop callback"),
        Field("EvtIoResume", StackContext.Caller, "KMDF EvtIoResume callback"),
        Field("EvtIoCanceledOnQueue", StackContext.Caller, "KMDF EvtIoCanceledOnQueue callback"),
        Field("EvtDevicePrepareHardware", StackContext.Caller, "KMDF EvtDevicePrepareHardware callback"),
        Field("EvtDeviceReleaseHardware", StackContext.Caller, "KMDF EvtDeviceReleaseHardware callback"),
        Field("EvtDeviceD0Entry", StackContext.Caller, "KMDF EvtDeviceD0Entry callback"),
        Field("EvtDeviceD0Exit", StackContext.Caller, "KMDF EvtDeviceD0Exit callback"),
        Field("EvtInterruptIsr", StackContext.Caller, KmdfInterruptKind),
        Field("EvtInterruptDpc", StackContext.Dpc, "KMDF interrupt DPC"),
        Field("EvtTimerFunc", StackContext.Dpc, "KMDF timer callback"),
        Field("EvtWorkItemFunc", StackContext.Fresh, "KMDF work item callback"),
        Field("EvtRequestCompletionRoutine", StackContext.Caller, "KMDF request completion routine"),
        Field("EvtDeviceFileCreate", StackContext.Caller, "KMDF EvtDeviceFileCreate callback"),
        Field("EvtFileCleanup", StackContext.Caller, "KMDF EvtFileCleanup callback"),
        Field("EvtFileClose", StackContext.Caller, "KMDF EvtFileClose callback"),
        Field("EvtDeviceSelfManagedIoInit", StackContext.Caller, "KMDF EvtDeviceSelfManagedIoInit callback"),
        Field("EvtDeviceSelfManagedIoCleanup", StackContext.Caller, "KMDF EvtDeviceSelfManagedIoCleanup callback"),
        Field("EvtDeviceSurpriseRemoval", StackContext.Caller, "KMDF EvtDeviceSurpriseRemoval callback"),
        Field("EvtDeviceQueryRemove", StackContext.Caller, "KMDF EvtDeviceQueryRemove callback"),
        // The USB continuous reader's completion runs in the reader request's completion routine; its
        // readers-failed callback runs from a framework work item (FxUsbPipeRequestWorkItemHandler).
        Field("EvtUsbTargetPipeReadComplete", StackContext.Caller, "KMDF USB continuous reader completion routine"),
        Field("EvtUsbTargetPipeReadersFailed", StackContext.Fresh, "KMDF USB readers-failed callback"),
        Arg("WDF_USB_CONTINUOUS_READER_CONFIG_INIT", 1, StackContext.Caller, "KMDF USB continuous reader completion routine"),
        // A WDM IRP preprocess callback runs in the dispatch of the IRP, on the sender's stack.
        Arg("WdfDeviceInitAssignWdmIrpPreprocessCallback", 1, StackContext.Caller, "KMDF WDM IRP preprocess callback"),
        // WMILIB calls these from WmiSystemControl, in the IRP_MJ_SYSTEM_CONTROL dispatch.
        Field("QueryWmiRegInfo", StackContext.Caller, "WMILIB registration-information callback", "WMILIB_CONTEXT"),
        Field("QueryWmiDataBlock", StackContext.Caller, "WMILIB query-data-block callback", "WMILIB_CONTEXT"),
        Field("SetWmiDataBlock", StackContext.Caller, "WMILIB set-data-block callback", "WMILIB_CONTEXT"),
        Field("SetWmiDataItem", StackContext.Caller, "WMILIB set-data-item callback", "WMILIB_CONTEXT"),
        Field("ExecuteWmiMethod", StackContext.Caller, "WMILIB execute-method callback", "WMILIB_CONTEXT"),
        Field("WmiFunctionControl", StackContext.Caller, "WMILIB function-control callback", "WMILIB_CONTEXT"),
        Arg("WDF_FILEOBJECT_CONFIG_INIT", 1, StackContext.Caller, "KMDF EvtDeviceFileCreate callback"),
        Arg("WDF_FILEOBJECT_CONFIG_INIT", 2, StackContext.Caller, "KMDF EvtFileClose callback"),
        Arg("WDF_FILEOBJECT_CONFIG_INIT", 3, StackContext.Caller, "KMDF EvtFileCleanup callback"),
        // WDF_IO_QUEUE_CONFIG_INIT(_DEFAULT_QUEUE) takes the dispatch type, no callback: a queue's callbacks are
        // assigned to its config's fields (EvtIoRead, EvtIoDeviceControl, ... above).

        // StorPort and SCSI miniports (HW_INITIALIZATION_DATA): the port driver calls them on the thread that
        // delivered the request; HwInterrupt runs on whatever stack the interrupt arrived on.
        Field("HwInitialize", StackContext.Caller, "StorPort HwInitialize routine"),
        Field("HwStartIo", StackContext.Caller, "StorPort HwStartIo routine"),
        Field("HwBuildIo", StackContext.Caller, "StorPort HwBuildIo routine"),
        Field("HwInterrupt", StackContext.Caller, StorPortInterruptKind),
        Field("HwFindAdapter", StackContext.Caller, "StorPort HwFindAdapter routine"),
        Field("HwResetBus", StackContext.Caller, "StorPort HwResetBus routine"),
        Field("HwAdapterControl", StackContext.Caller, "StorPort HwAdapterControl routine"),
        Field("HwProcessServiceRequest", StackContext.Caller, "StorPort HwProcessServiceRequest routine"),
        Field("HwCompleteServiceIrp", StackContext.Caller, "StorPort HwCompleteServiceIrp routine"),
        // Unit start, power and removal (HwUnitControl), adapter teardown and the legacy DMA and state routines: the
        // port driver's PnP and power handling calls them, like HwAdapterControl.
        Field("HwUnitControl", StackContext.Caller, "StorPort HwUnitControl routine"),
        Field("HwFreeAdapterResources", StackContext.Caller, "StorPort HwFreeAdapterResources routine"),
        Field("HwDmaStarted", StackContext.Caller, "StorPort HwDmaStarted routine"),
        Field("HwAdapterState", StackContext.Caller, "StorPort HwAdapterState routine"),
        // Set in PORT_CONFIGURATION_INFORMATION by HwFindAdapter: the message-signaled interrupt service routine, on
        // whatever stack the interrupt arrived on like HwInterrupt.
        Field("HwMSInterruptRoutine", StackContext.Caller, StorPortMessageInterruptKind),
        // StorPortInitializeDpc is a FORCEINLINE over StorPortNotification(InitializeDpc, ...): a DPC routine.
        Arg("StorPortInitializeDpc", 2, StackContext.Dpc, "StorPort DPC routine"),
        Arg("StorPortInitializeDpcWithContext", 2, StackContext.Dpc, "StorPort DPC routine"),
        // Run once, at PASSIVE_LEVEL from a system worker thread, after HwInitialize asked for it.
        Arg("StorPortEnablePassiveInitialization", 1, StackContext.Fresh, "StorPort passive initialization routine"),

        // NDIS miniport, filter and protocol characteristics: NDIS calls them on the sending or indicating thread,
        // except the PnP and power transitions, which it runs from the PnP manager's system worker thread (the start
        // or remove request, like AddDevice) and the unload, which runs from the driver's unload.
        Field("InitializeHandlerEx", StackContext.Fresh, "NDIS MiniportInitializeEx handler"),
        Field("HaltHandlerEx", StackContext.Fresh, "NDIS MiniportHaltEx handler"),
        Field("PauseHandler", StackContext.Fresh, "NDIS pause handler"),
        Field("RestartHandler", StackContext.Fresh, "NDIS restart handler"),
        Field("UnloadHandler", StackContext.Fresh, "NDIS driver unload handler"),
        Field("SendNetBufferListsHandler", StackContext.Caller, "NDIS send handler"),
        Field("ReturnNetBufferListsHandler", StackContext.Caller, "NDIS return handler"),
        Field("OidRequestHandler", StackContext.Caller, "NDIS OID request handler"),
        Field("DirectOidRequestHandler", StackContext.Caller, "NDIS direct OID request handler"),
        Field("ReceiveNetBufferListsHandler", StackContext.Caller, "NDIS receive handler"),
        Field("SendNetBufferListsCompleteHandler", StackContext.Caller, "NDIS send-complete handler"),
        Field("DevicePnPEventNotifyHandler", StackContext.Caller, "NDIS PnP event handler"),
        Field("AttachHandler", StackContext.Caller, "NDIS filter attach handler"),
        Field("BindAdapterHandlerEx", StackContext.Caller, "NDIS protocol bind handler"),

        // An NDIS miniport's interrupt handlers (NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS, NdisMRegisterInterruptEx):
        // the ISR on whatever stack the interrupt arrived on, its DPC handler as a DPC.
        Field("InterruptHandler", StackContext.Caller, NdisInterruptKind, NdisInterrupt),
        Field("MessageInterruptHandler", StackContext.Caller, NdisMessageInterruptKind, NdisInterrupt),
        Field("InterruptDpcHandler", StackContext.Dpc, "NDIS miniport interrupt DPC handler", NdisInterrupt),
        Field("MessageInterruptDpcHandler", StackContext.Dpc, "NDIS miniport message-signaled interrupt DPC handler", NdisInterrupt),

        // WSK provider dispatch (a driver that implements WSK for its own transport): the WSK client calls these
        // on its own stack, from wherever it runs (often deep in a network or file system stack).
        Field("WskSocket", StackContext.Caller, "WSK provider dispatch routine", "WSK_PROVIDER_DISPATCH"),
        Field("WskSocketConnect", StackContext.Caller, "WSK provider dispatch routine", "WSK_PROVIDER_DISPATCH"),
        Field("WskControlClient", StackContext.Caller, "WSK provider dispatch routine", "WSK_PROVIDER_DISPATCH"),
        Field("WskGetAddressInfo", StackContext.Caller, "WSK provider dispatch routine", "WSK_PROVIDER_DISPATCH"),
        Field("WskGetNameInfo", StackContext.Caller, "WSK provider dispatch routine", "WSK_PROVIDER_DISPATCH"),
        // The socket-level tables a provider hands out with each socket (WSK_PROVIDER_BASIC_DISPATCH, nested as
        // 'Basic' in the listen, datagram, connection and stream tables): the client calls them the same way.
        .. new[]
        {
            "WskControlSocket", "WskCloseSocket", "WskBind", "WskAccept", "WskInspectComplete", "WskGetLocalAddress",
            "WskGetRemoteAddress", "WskConnect", "WskConnectEx", "WskListen", "WskSend", "WskSendEx", "WskReceive",
            "WskReceiveEx", "WskDisconnect", "WskRelease", "WskSendTo", "WskReceiveFrom", "WskSendMessages",
        }.Select(name => Field(name, StackContext.Caller, "WSK provider socket dispatch routine", "WSK_PROVIDER_")),

        // WSK client dispatch: the WSK subsystem calls these from the networking stack's thread.
        Field("WskClientEvent", StackContext.Caller, "WSK client event callback"),
        Field("WskReceiveEvent", StackContext.Caller, "WSK receive event callback"),
        Field("WskReceiveFromEvent", StackContext.Caller, "WSK receive-from event callback"),
        Field("WskAcceptEvent", StackContext.Caller, "WSK accept event callback"),
        Field("WskDisconnectEvent", StackContext.Caller, "WSK disconnect event callback"),

        Arg("WDF_DRIVER_CONFIG_INIT", 1, StackContext.Caller, "KMDF EvtDriverDeviceAdd callback"),
        Arg("WDF_TIMER_CONFIG_INIT", 1, StackContext.Dpc, "KMDF timer callback"),
        Arg("WDF_WORKITEM_CONFIG_INIT", 1, StackContext.Fresh, "KMDF work item callback"),
        Arg("WDF_INTERRUPT_CONFIG_INIT", 1, StackContext.Caller, KmdfInterruptKind),
        Arg("WDF_INTERRUPT_CONFIG_INIT", 2, StackContext.Dpc, "KMDF interrupt DPC"),
        // WdfRequestSetCompletionRoutine(Request, CompletionRoutine, CompletionContext);
        // EVT_WDF_REQUEST_COMPLETION_ROUTINE(Request, Target, Params, Context)
        Arg("WdfRequestSetCompletionRoutine", 1, StackContext.Caller, "KMDF request completion routine", passes: Context(2, toParameter: 3)),

        // Completion routines run on the completing thread's stack, possibly at DISPATCH_LEVEL; when the lower
        // driver completes synchronously that is the registrar's own stack, below IoCallDriver.
        // IoSetCompletionRoutine(Irp, CompletionRoutine, Context, ...); IO_COMPLETION_ROUTINE(DeviceObject, Irp, Context)
        Arg("IoSetCompletionRoutine", 1, StackContext.Caller, "I/O completion routine", onRegistrarStack: true, passes: Context(2, toParameter: 2)),
        // IoSetCompletionRoutineEx(DeviceObject, Irp, CompletionRoutine, Context, ...)
        Arg("IoSetCompletionRoutineEx", 2, StackContext.Caller, "I/O completion routine", onRegistrarStack: true, passes: Context(3, toParameter: 2)),
        // Headers where IoSetCompletionRoutine is a macro store the routine into the next stack location directly.
        Field("CompletionRoutine", StackContext.Caller, "I/O completion routine", onRegistrarStack: true),

        // RtlQueryRegistryValues(Ex) calls each entry's QueryRoutine of the table it is given before it returns, on
        // the caller's stack; the function that fills the table is the one that passes it, as a rule.
        Field("QueryRoutine", StackContext.Caller, "registry query routine", "RTL_QUERY_REGISTRY_TABLE", onRegistrarStack: true),

        // A WDM driver's interrupt service routine (IoConnectInterrupt, or IoConnectInterruptEx's parameter block):
        // it runs on whatever stack the interrupt arrived on.
        Arg("IoConnectInterrupt", 1, StackContext.Caller, WdmInterruptKind),
        Field("ServiceRoutine", StackContext.Caller, WdmInterruptKind, ConnectInterrupt),
        Field("MessageServiceRoutine", StackContext.Caller, WdmMessageInterruptKind, ConnectInterrupt),
        Field("FallBackServiceRoutine", StackContext.Caller, WdmInterruptKind, ConnectInterrupt),

        // KeInitializeDpc(Dpc, DeferredRoutine, DeferredContext);
        // KDEFERRED_ROUTINE(Dpc, DeferredContext, SystemArgument1, SystemArgument2)
        Arg("KeInitializeDpc", 1, StackContext.Dpc, "DPC routine", passes: Context(2, toParameter: 1)),
        Arg("KeInitializeThreadedDpc", 1, StackContext.Dpc, "threaded DPC routine", passes: Context(2, toParameter: 1)),
        // IoInitializeDpcRequest(DeviceObject, DpcRoutine): the context is the IRP the ISR names, no argument here.
        Arg("IoInitializeDpcRequest", 1, StackContext.Dpc, "DpcForIsr routine"),
        // IoInitializeTimer(DeviceObject, TimerRoutine, Context); IO_TIMER_ROUTINE(DeviceObject, Context)
        Arg("IoInitializeTimer", 1, StackContext.Dpc, "I/O timer routine", passes: Context(2, toParameter: 1)),

        // IoQueueWorkItem(IoWorkItem, WorkerRoutine, QueueType, Context); IO_WORKITEM_ROUTINE(DeviceObject, Context);
        // IO_WORKITEM_ROUTINE_EX(IoObject, Context, IoWorkItem)
        Arg("IoQueueWorkItem", 1, StackContext.Fresh, "work item routine", passes: Context(3, toParameter: 1)),
        Arg("IoQueueWorkItemEx", 1, StackContext.Fresh, "work item routine", passes: Context(3, toParameter: 1)),
        // In the WDK 10 headers ExInitializeWorkItem is a FORCEINLINE function, not the macro the field entry reads.
        // ExInitializeWorkItem(Item, Routine, Context); WORKER_THREAD_ROUTINE(Parameter)
        Arg("ExInitializeWorkItem", 1, StackContext.Fresh, "work item routine", passes: Context(2, toParameter: 0)),
        // FltQueueGenericWorkItem(FltWorkItem, FltObject, WorkerRoutine, PriorityBoost, Context);
        // FLT_GENERIC_WORKITEM_ROUTINE(FltWorkItem, FltObject, Context)
        Arg("FltQueueGenericWorkItem", 2, StackContext.Fresh, "filter work item routine", passes: Context(4, toParameter: 2)),
        // FltQueueDeferredIoWorkItem(FltWorkItem, Data, WorkerRoutine, QueueType, Context);
        // FLT_DEFERRED_IO_WORKITEM_ROUTINE(FltWorkItem, Data, Context)
        Arg("FltQueueDeferredIoWorkItem", 2, StackContext.Fresh, "deferred I/O work item routine", passes: Context(4, toParameter: 2)),
        // PsCreateSystemThread(ThreadHandle, DesiredAccess, ObjectAttributes, ProcessHandle, ClientId, StartRoutine,
        // StartContext); KSTART_ROUTINE(StartContext)
        Arg("PsCreateSystemThread", 5, StackContext.Fresh, "system thread start routine", passes: Context(6, toParameter: 0)),
        // IoCreateSystemThread(IoObject, ThreadHandle, DesiredAccess, ObjectAttributes, ProcessHandle, ClientId,
        // StartRoutine, StartContext)
        Arg("IoCreateSystemThread", 6, StackContext.Fresh, "system thread start routine", passes: Context(7, toParameter: 0)),
        // KeExpandKernelStackAndCallout(Callout, Parameter, Size);
        // KeExpandKernelStackAndCalloutEx(Callout, Parameter, Size, Wait, Context); EXPAND_STACK_CALLOUT(Parameter)
        Arg("KeExpandKernelStackAndCallout", 0, StackContext.Fresh, "stack-expansion callout", passes: Context(1, toParameter: 0)),
        Arg("KeExpandKernelStackAndCalloutEx", 0, StackContext.Fresh, "stack-expansion callout", passes: Context(1, toParameter: 0)),

        // Notify routines run in the thread that created the process/thread or mapped the image.
        Arg("PsSetCreateProcessNotifyRoutine", 0, StackContext.Caller, "process-creation notify routine"),
        Arg("PsSetCreateProcessNotifyRoutineEx", 0, StackContext.Caller, "process-creation notify routine"),
        Arg("PsSetCreateProcessNotifyRoutineEx2", 1, StackContext.Caller, "process-creation notify routine"),
        Arg("PsSetLoadImageNotifyRoutine", 0, StackContext.Caller, "image-load notify routine"),
        Arg("PsSetLoadImageNotifyRoutineEx", 0, StackContext.Caller, "image-load notify routine"),
        Arg("PsSetCreateThreadNotifyRoutine", 0, StackContext.Caller, "thread-creation notify routine"),
        Arg("PsSetCreateThreadNotifyRoutineEx", 1, StackContext.Caller, "thread-creation notify routine"),
        // CmRegisterCallback(Function, Context, Cookie); CmRegisterCallbackEx(Function, Altitude, Driver, Context,
        // Cookie, Reserved); EX_CALLBACK_FUNCTION(CallbackContext, Argument1, Argument2)
        Arg("CmRegisterCallback", 0, StackContext.Caller, RegistryCallbackKind, passes: Context(1, toParameter: 0)),
        Arg("CmRegisterCallbackEx", 0, StackContext.Caller, RegistryCallbackKind, passes: Context(3, toParameter: 0)),

        // The PnP manager calls a PnP notification callback at PASSIVE_LEVEL from its own worker thread, and, with
        // PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES, once per existing interface before the registration
        // returns (IoUnregisterPlugPlayNotificationEx's remarks): below the registrar, whose flags we do not read.
        // IoRegisterPlugPlayNotification(EventCategory, EventCategoryFlags, EventCategoryData, DriverObject,
        // CallbackRoutine, Context, NotificationEntry); DRIVER_NOTIFICATION_CALLBACK_ROUTINE(NotificationStructure, Context)
        Arg("IoRegisterPlugPlayNotification", 4, StackContext.Fresh, "PnP notification callback", onRegistrarStack: true, passes: Context(5, toParameter: 1)),
        // A processor-change callback runs at PASSIVE_LEVEL when a processor is added, and, with
        // KE_PROCESSOR_CHANGE_ADD_EXISTING, at once for every active processor, inside the registration.
        // KeRegisterProcessorChangeCallback(CallbackFunction, CallbackContext, Flags);
        // PROCESSOR_CALLBACK_FUNCTION(CallbackContext, ChangeContext, OperationStatus)
        Arg("KeRegisterProcessorChangeCallback", 0, StackContext.Fresh, "processor-change callback", onRegistrarStack: true, passes: Context(1, toParameter: 0)),
    ];

    /// <summary>
    /// Cases of a common dispatcher that run in a context of their own: a call made only under 'case VALUE:' of a
    /// switch on a field of that name runs in that context, whatever stack the dispatcher is on for other requests
    /// (a file system that sends every major function through one routine and switches on 'MajorFunction').
    /// </summary>
    public static ImmutableArray<DispatchCase> DispatchCases { get; } =
    [
        new("->MajorFunction", IrpMjShutdown, StackContext.Fresh, "IRP_MJ_SHUTDOWN handler (the I/O manager sends it from the system's shutdown thread)"),
    ];

    /// <summary>The first table entry that matches the reference, or null when it is not a known registration.</summary>
    public static CallbackRegistration? Find(FunctionReference reference)
    {
        if (reference.Target is null || !ByName.TryGetValue(reference.Target, out var entries))
            return null;
        foreach (var entry in entries)
            if (entry.Matches(reference))
                return entry;
        return null;
    }

    /// <summary>
    /// The registration through API <paramref name="api"/> that hands its routine a context pointer, or null (an API
    /// of the table passes at most one routine with a context).
    /// </summary>
    public static CallbackRegistration? WithContext(string api) => ContextByApi.GetValueOrDefault(api);

    /// <summary>Whether a field registration hands its routine a context stored into a sibling field.</summary>
    public static bool AnyFieldContext { get; } = All.Any(e => e.Form == RegistrationForm.Field && e.Passes is { Field: not null });

    private static readonly FrozenDictionary<string, CallbackRegistration> ContextByApi =
        All.Where(e => e.Form == RegistrationForm.CallArgument && e.Passes is not null)
            .ToFrozenDictionary(e => e.Name, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, ImmutableArray<CallbackRegistration>> ByName =
        All.GroupBy(e => e.Name, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal);
}

/// <summary>
/// A case of a dispatcher's switch that runs in its own context: Subject is the switched-on lvalue as facts encode it
/// ("->MajorFunction" for any 'X->MajorFunction'), Value the case's constant.
/// </summary>
public sealed record DispatchCase(string Subject, long Value, StackContext Context, string Description);
