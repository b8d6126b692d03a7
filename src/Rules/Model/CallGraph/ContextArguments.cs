using System.Collections.Frozen;

namespace StackLint.Rules.Model.CallGraph;

/// <summary>
/// Kernel routines that take a routine and a context pointer and later call the routine with that context
/// ('KeInitializeDpc(&amp;Dpc, TimerDpc, (PVOID)Callback)' runs 'TimerDpc(Dpc, Callback, ...)'). When the context is
/// itself a routine, or a parameter the registering function received routines through, a call the routine makes
/// through that parameter ('((PTIMER_CALLBACK)DeferredContext)(Timer)') calls those routines. Data, not code: each
/// entry is the routine's argument index, the context's argument index and the routine's parameter that receives the
/// context, 0-based, from the WDK prototypes.
/// </summary>
internal static class ContextArguments
{
    public static readonly FrozenDictionary<string, (int Routine, int Context, int Parameter)> Table =
        new Dictionary<string, (int, int, int)>(StringComparer.Ordinal)
        {
            // KDEFERRED_ROUTINE(Dpc, DeferredContext, SystemArgument1, SystemArgument2)
            ["KeInitializeDpc"] = (1, 2, 1),
            ["KeInitializeThreadedDpc"] = (1, 2, 1),
            // IO_WORKITEM_ROUTINE(DeviceObject, Context); IO_WORKITEM_ROUTINE_EX(IoObject, Context, IoWorkItem)
            ["IoQueueWorkItem"] = (1, 3, 1),
            ["IoQueueWorkItemEx"] = (1, 3, 1),
            // KSTART_ROUTINE(StartContext)
            ["PsCreateSystemThread"] = (5, 6, 0),
            // IO_COMPLETION_ROUTINE(DeviceObject, Irp, Context)
            ["IoSetCompletionRoutine"] = (1, 2, 2),
            ["IoSetCompletionRoutineEx"] = (2, 3, 2),
            // FLT_GENERIC_WORKITEM_ROUTINE(FltWorkItem, FltObject, Context); FLT_DEFERRED_IO_WORKITEM_ROUTINE(FltWorkItem, Data, Context)
            ["FltQueueGenericWorkItem"] = (2, 4, 2),
            ["FltQueueDeferredIoWorkItem"] = (2, 4, 2),
            // PROCESSOR_CALLBACK_FUNCTION(CallbackContext, ChangeContext, OperationStatus)
            ["KeRegisterProcessorChangeCallback"] = (0, 1, 0),
            // EXPAND_STACK_CALLOUT(Parameter)
            ["KeExpandKernelStackAndCallout"] = (0, 1, 0),
            ["KeExpandKernelStackAndCalloutEx"] = (0, 1, 0),
            // EX_CALLBACK_FUNCTION(CallbackContext, Argument1, Argument2)
            ["CmRegisterCallback"] = (0, 1, 0),
            ["CmRegisterCallbackEx"] = (0, 3, 0),
            // DRIVER_NOTIFICATION_CALLBACK_ROUTINE(NotificationStructure, Context)
            ["IoRegisterPlugPlayNotification"] = (4, 5, 1),
        }.ToFrozenDictionary(StringComparer.Ordinal);
}
