using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using StackLint.Rules.Configuration;
using StackLint.Rules.Model;
using StackLint.Rules.Model.CallGraph;
using StackLint.Rules.Model.Guards;

namespace StackLint.Rules.StackHungry;

/// <summary>SL3001: a call that sends new I/O through a whole driver stack, reachable on a caller's stack with no remaining-stack check.</summary>
public sealed class UnguardedStackHungryCall : ProgramRule
{
    public const string DiagnosticId = "SL3001";

    private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        DiagnosticId,
        title: "Unguarded stack-hungry call",
        messageFormat: "'{0}'{1} in '{2}' is reachable from {3}{4} with no remaining-stack check{5}; {6}",
        category: RuleCategories.StackHungryCalls,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "A routine that re-enters a driver stack (a create, read, write, close or control request) is called on a thread whose stack the driver does not own, and nothing checks that enough of it is left.");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override ImmutableArray<RuleOption> Options { get; } =
        [new(StackHungryApis.OptionKey, OptionKinds.ApiList, "", "Routines added to (+Name or Name) or removed from (-Name) the default stack-hungry list.")];

    public override RuleDocumentation Documentation { get; } = new(
        WhatItFinds: "Calls to stack-hungry routines (the table below) that an entry point running on its caller's stack (a dispatch routine, a minifilter pre- or post-operation callback, a notify or registry callback, a completion routine: any routine the driver registers to run on the thread that issued the operation) can reach without passing a remaining-stack check. A call is guarded when, on every path to it, an `IoGetRemainingStackSize()` comparison (directly, or through the local its result was stored in) has taken its enough-stack outcome: the low-stack outcome returns, jumps away, posts the work or expands the stack instead of reaching it. A guard in a caller protects everything it calls; a function reached only from fresh stacks (DriverEntry, work items, system threads, `KeExpandKernelStackAndCallout(Ex)` callouts, and the shutdown thread: a routine registered as `MajorFunction[IRP_MJ_SHUTDOWN]`, or a call made only under `case IRP_MJ_SHUTDOWN:` of a dispatcher's `switch (X->MajorFunction)` or past an `if` that lets only IRP_MJ_SHUTDOWN through) or only through guarded calls is not reported. Each call is reported once: the message names the riskiest entry point that reaches it (minifilter operation and name callbacks first, then dispatch routines and the instance setup callback, which runs inside a volume's mount on a borrowed stack, then the rest, and exported functions last) and how many others do, and that entry's caller chain is attached.\n\nClosing a handle (`ZwClose`, `NtClose`, `ObCloseHandle`, `FltClose`) sends IRPs only when it is the last handle of a file or device, so a close is reported only when its handle may be one. StackLint traces the handle back to where it was created, across the driver: through locals, struct fields (told apart by the record type that declares them and the member name: a key kept in one struct's 'Handle' and a file in another's are two fields), out parameters, and the driver's own helpers that return or store handles. A handle from a file-creating routine (`ZwCreateFile`, `ZwOpenFile`, `IoCreateFile*`, `FltCreateFile*`, `ObOpenObjectByPointer` with `*IoFileObjectType`) makes a warning; keys, threads, processes, tokens, transactions, sections, events, timers, symbolic links and object directories are never reported; a handle whose origin the driver does not show is a note that says so. When a file is opened and closed, both unchecked, the open is reported and the close attached: in one function, or across functions when the close's handle is traced to that open (a helper opens the file into an out parameter or a field, its caller closes it). A handle taken out of a field with `InterlockedExchangePointer` (and the other interlocked exchanges) keeps the field's origin. A routine called through a pointer that `FltGetRoutineAddress(\"Name\")` or `MmGetSystemRoutineAddress` (with a name set by `RtlInitUnicodeString` from a literal) returned counts as that routine, through a global or a struct field. Routines that send no IRP but run other drivers' callbacks (`ZwOpenProcess`) are notes. The registry routines (`ZwOpenKey`, `ZwEnumerateKey`, `ZwQueryValueKey`, `RtlQueryRegistryValues`, ...) send no IRP either, but the configuration manager runs every registry callback around each operation on the calling thread: they are reported only where the driver's own registry callback (`CmRegisterCallback(Ex)`) reaches them, because there the callback re-enters itself below itself, once more for every nested call it makes (closing a key handle is not reported: the callback sees the close, but it sends no IRP).\n\n" + StackHungryApis.DefaultsTable(),
        WhyItMatters: "A filter's callback runs at the bottom of someone else's stack: the application's system call, the I/O manager, every filter above it. A create, read or close issued from there starts again at the top of a driver stack, on the same 12-24 KB kernel stack, and every filter and the file system run their own create path again below it. Nested filters and re-entrant opens are the classic cause of double faults (bugcheck 0x7F, argument 8) in file-system filters. The documented defence is to look at `IoGetRemainingStackSize()` first and, when it is low, hand the work to a worker thread (a fresh stack) or fail the operation, or to run the call on a guaranteed stack with `KeExpandKernelStackAndCalloutEx`.",
        BadExample: """
            FLT_PREOP_CALLBACK_STATUS PreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects, PVOID *Context)
            {
                OpenLog();                                   // ZwCreateFile inside, on the caller's stack
                return FLT_PREOP_SUCCESS_NO_CALLBACK;
            }
            """,
        FixedExample: """
            FLT_PREOP_CALLBACK_STATUS PreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects, PVOID *Context)
            {
                if (IoGetRemainingStackSize() < LOG_STACK_NEEDED) {
                    return PostToWorker(Data);                // FltQueueDeferredIoWorkItem: a fresh stack
                }
                OpenLog();
                return FLT_PREOP_SUCCESS_NO_CALLBACK;
            }
            """,
        Configuration: "`stacklint.stack_hungry_apis = +MyIoHelper, -ZwClose` adds routines (your own I/O wrappers, other re-entrant APIs) to the list or removes defaults; a name without a sign is added.",
        Limitations: """
        **Entry points and contexts**

        - Functions nothing in the driver calls and that are not registered in a way StackLint recognises are not treated as entry points here, unless the driver exports them (`__declspec(dllexport)`, DECLSPEC_EXPORT, or the EXPORTS of a `.def` file beside its sources): other drivers call those on their own stacks. The rest have an unknown stack context, and reporting every I/O call in them would bury the real findings.
        - Entry points that run as DPCs are not followed: I/O at DISPATCH_LEVEL is illegal whatever the stack (Driver Verifier's IRQL checks catch it), so a report about stack there would be the wrong message.
        - The shutdown context is recognised in a `switch` on `MajorFunction` and in `if` tests of it (the then-branch of `== IRP_MJ_SHUTDOWN`, the else-branch of `!=`, and what follows `if (X->MajorFunction != IRP_MJ_SHUTDOWN) return ...;`), not in tests combined with `&&` or `||`, and a case that another case falls into keeps its caller's context.
        - A legacy filter that also registers as a file system is taken for one.

        **Guards**

        - A check hidden in a helper function (`if (!HaveStack()) return;`) or combined with other tests by `&&` or `||` is not recognised as a guard, so the call it protects is reported: compare `IoGetRemainingStackSize()` (or the local holding it) on its own, where the call is.
        - A guard that dominates the call counts however small its threshold is.
        - A registry callback that marks its thread before a registry call and returns at once when it finds the mark (so the nested callback does nothing) is still reported: the mark is not recognised; suppress the finding with the reason.

        **What counts as a stack-hungry call**

        - The routine's own stack use is not estimated: any call of a listed routine counts, however shallow the target stack is, and `FltCreateFile` with a non-NULL Instance (which skips the filters above) is still reported.
        - An IRP built with `IoBuildSynchronousFsdRequest` or `IoBuildDeviceIoControlRequest` counts only when an `IoCallDriver` follows in the same function, directly or in a driver function called there; one from `IoAllocateIrp` or `IoBuildAsynchronousFsdRequest` counts only when such a send and then a `KeWaitForSingleObject` or `KeWaitForMultipleObjects` follow in the same function (an IRP sent and left to its completion routine is not reported). "Follow" is the order of the calls in the source, and which IRP is sent or which event is waited for is not checked: a function that allocates an IRP for later and then forwards the IRP it was given and waits is reported, and an allocated IRP handed to a helper that both sends it and waits is not.
        - Of the cache manager's routines only the flushes (`CcFlushCache`, `CcCoherencyFlushAndPurgeCache`) are listed, and not in a file system (a driver that calls `IoRegisterFileSystem`), which flushes its own files: `CcPurgeCacheSection` and `MmFlushImageSection` discard pages without writing them, and `CcCopyRead`, `CcCopyWrite` and `CcZeroData` are called by file systems (and isolation filters) on files whose cache they own.
        - Handle origins are traced flow-insensitively: a variable or field that holds a file handle anywhere in the driver counts as a file handle at every close of it, and a field is one slot across every object of its struct type (a member whose record libclang cannot tell is one slot by its name).
        - Calls through function pointers the driver does not resolve for us are not followed; a routine name built with `RTL_CONSTANT_STRING` or at run time is not resolved.
        """,
        References: "- [IoGetRemainingStackSize](https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-iogetremainingstacksize)\n- [KeExpandKernelStackAndCalloutEx](https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-keexpandkernelstackandcalloutex)\n- [FltQueueDeferredIoWorkItem](https://learn.microsoft.com/windows-hardware/drivers/ddi/fltkernel/nf-fltkernel-fltqueuedeferredioworkitem)\n- [Managing kernel stack usage](https://learn.microsoft.com/windows-hardware/drivers/kernel/managing-kernel-stack-usage)\n- [Bug check 0x7F: UNEXPECTED_KERNEL_MODE_TRAP](https://learn.microsoft.com/windows-hardware/drivers/debugger/bug-check-0x7f--unexpected-kernel-mode-trap)",
        Tags: ["stack", "kernel", "filter", "reentrancy"],
        Precision: "medium");

    public override IEnumerable<Finding> Analyze(ProgramAnalysis program, RuleContext context) =>
        Analyze(StackHungryAnalysis.For(program, context.Options));

    public IEnumerable<Finding> Analyze(StackHungryAnalysis model)
    {
        var graph = model.Graph;
        foreach (var call in model.UnguardedCalls)
        {
            string macro = call.Site.MacroName is { } m && m != call.Site.CalleeName ? $" (through macro '{m}')"
                : call.Site.IsIndirect ? $" (called through '{call.Site.IndirectExpression}', looked up by name)" : "";
            var kind = StackHungryApis.KindOf(call.Routine);
            bool unknownHandle = kind == StackHungryKind.Close && !call.Handle.HasFlag(HandleKinds.FileOrDevice);
            var severity = kind == StackHungryKind.CallbacksOnly || unknownHandle ? DiagnosticSeverity.Info : Rule.DefaultSeverity;
            string others = call.EntryCount > 1 ? $" (and {call.EntryCount - 1:N0} other entry point{(call.EntryCount > 2 ? "s" : "")})" : "";
            string detail = kind switch
            {
                StackHungryKind.Close when unknownHandle => ", and nothing in the driver shows what its handle refers to",
                StackHungryKind.Close => $", and its handle may be a file opened by '{call.HandleOrigin ?? "a file-creating routine"}'",
                StackHungryKind.CallbacksOnly => " (it sends no IRP; only other drivers' object callbacks run below it)",
                StackHungryKind.CacheFlush => " (its paging writes re-enter the file-system stack, this driver's own callbacks included)",
                StackHungryKind.RegistryReentry => $" (it sends no IRP, but every registry callback, '{call.Entry.Name}' included, runs again below it on this stack)",
                _ when StackHungryApis.IrpAllocators.Contains(call.Routine) => " (the IRP is sent and waited for in this function: a synchronous request through the target's device stack)",
                _ => "",
            };
            string advice = kind switch
            {
                StackHungryKind.Close when unknownHandle => "if it can be the last handle of a file or device, check IoGetRemainingStackSize() first and defer the close to a worker thread when low",
                StackHungryKind.Close => "the last close of a file sends IRP_MJ_CLEANUP and IRP_MJ_CLOSE down the stack: check IoGetRemainingStackSize() first and defer the close to a worker thread when low",
                StackHungryKind.CallbacksOnly => "if deep callers are possible, check IoGetRemainingStackSize() first",
                StackHungryKind.CacheFlush => "check IoGetRemainingStackSize() and defer the flush to a worker thread when low",
                StackHungryKind.RegistryReentry => "use what the callback was given instead of a new registry call, or mark the thread before the call so the nested callback returns at once, and check IoGetRemainingStackSize() first",
                _ => "check IoGetRemainingStackSize() and post the request to a worker thread when low, or run it through KeExpandKernelStackAndCalloutEx",
            };
            var entry = call.Entry;
            var entryDefinition = graph.Nodes[entry.Node].Definition!;
            var chain = ImmutableArray.CreateBuilder<ChainStep>();
            chain.Add(new ChainStep(entry.RegisteredAt ?? entryDefinition.Function.Location, $"'{entry.Name}' runs on its caller's stack ({entry.Kind})"));
            foreach (var edge in call.Path)
                chain.Add(new ChainStep(edge.Location, Describe(graph, edge)));
            chain.Add(new ChainStep(call.Site.Location, $"'{call.Function.Name}' calls '{call.Routine}' with no remaining-stack check"));
            if (call.AttachedClose is { } close)
                chain.Add(new ChainStep(close.Location, $"'{call.AttachedCloseIn ?? call.Function.Name}' closes the handle with '{close.CalleeName}', also unchecked: IRP_MJ_CLEANUP and IRP_MJ_CLOSE"));
            if (call.AttachedClose is not null)
                detail = call.AttachedCloseIn is { } closer && closer != call.Function.Name
                    ? $", and '{closer}' closes the file again unchecked"
                    : ", and closes the file again unchecked";
            yield return Finding.Create(Rule, call.Site.Location, call.Function.Name, severity, chain.ToImmutable(),
                call.Routine, macro, call.Function.Name, entry.Description, others, detail, advice);
        }
    }

    private static string Describe(ProgramCallGraph graph, CallEdge edge)
    {
        string caller = graph.Nodes[edge.Caller].Name, callee = graph.Nodes[edge.Callee].Name;
        return edge.Kind switch
        {
            CallEdgeKind.ResolvedIndirect => $"'{caller}' calls '{callee}' through '{edge.Via}'",
            CallEdgeKind.Callback => $"'{caller}' registers '{callee}' ({edge.Via}), which can run below it",
            _ => $"'{caller}' calls '{callee}'",
        };
    }
}
