using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using StackLint.Frontend;
using StackLint.Rules.Configuration;
using StackLint.Rules.Model;
using StackLint.Rules.Model.CallGraph;

namespace StackLint.Rules.CallGraph;

/// <summary>SL2002: an entry point whose deepest call path needs more stack than the path budget.</summary>
public sealed class DeepCallPath : ProgramRule
{
    public const string DiagnosticId = "SL2002";
    public const string BudgetKey = "stacklint.path_budget";
    /// <summary>A third of the kernel stack: 24 KB on x64 and ARM64, 12 KB on x86.</summary>
    public const long DefaultBudget64 = 8 * 1024;
    public const long DefaultBudgetX86 = 4 * 1024;
    /// <summary>How many functions of the path the message spells out; the chain has them all.</summary>
    private const int PathStepsInMessage = 6;
    /// <summary>
    /// How many steps of a path the chain (the SARIF code flow, the IDE's related information) lists before it sums up the rest
    /// in one step. Paths through a large generated or layered tree can be hundreds of functions deep; listing
    /// them all made one result 140 KB and the SARIF of a 1,000-file tree 300 MB, far past what GitHub code
    /// scanning accepts, while the first functions of a path and the size of the rest are what a reader acts on.
    /// </summary>
    public const int ChainSteps = 32;
    /// <summary>The entry kind of KeExpandKernelStackAndCallout(Ex) callouts (CallbackRegistrations).</summary>
    private const string StackExpansionKind = "stack-expansion callout";

    private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        DiagnosticId,
        title: "Deep call path",
        messageFormat: "'{0}' ({1}) can use {2}{3:N0} bytes of stack (budget {4:N0}) through {5}{6}; move large locals to pool or shorten the path",
        category: RuleCategories.CallGraph,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "The sum of the frames along an entry point's deepest call path exceeds the path budget, leaving too little of the kernel stack for the callers above and the kernel below.");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override ImmutableArray<RuleOption> Options { get; } =
        [new(BudgetKey, OptionKinds.Size, "8k", "Bytes an entry point's worst-case call path may use (default 8 KB on x64 and ARM64, 4 KB on x86).")];

    public override RuleDocumentation Documentation { get; } = new(
        WhatItFinds: "Entry points of the driver (DriverEntry, dispatch routines, minifilter and object callbacks, completion, notify, DPC and work item routines, INIT code, and exported functions nothing in the driver calls) whose worst-case call path, the largest sum of estimated frame sizes from the entry down to a leaf, exceeds the path budget. The message names the entry's context and the first functions of the path with their frames; the path is attached to the finding (a code flow in SARIF, related information in the IDE): its first 31 functions, then one step that sums up the rest (how many functions, their bytes, the largest frame).",
        WhyItMatters: "A callback on the caller's stack (a pre-operation callback, a dispatch routine, a completion routine) starts with part of the 12-24 KB kernel stack already used by the file system stack, filters above it and the application's system call; what the driver uses on top of that, plus what the kernel APIs it calls use below it, must fit. No single frame may look big, yet six functions of 1.5 KB each take 9 KB. Entries on a fresh stack (work items, system threads) are measured with the same budget: they start empty, but the kernel calls they make (file system, registry, security) need the rest.",
        BadExample: """
            FLT_PREOP_CALLBACK_STATUS PreCreate(...) { WCHAR name[400]; ... BuildPath(...); }      // 800 bytes
            static NTSTATUS BuildPath(...) { WCHAR parts[4][200]; ... Normalize(...); }          // 1,600 bytes
            ... four more levels of the same ...
            """,
        FixedExample: """
            FLT_PREOP_CALLBACK_STATUS PreCreate(...)
            {
                PPATH_WORKSPACE ws = ExAllocateFromLookasideListEx(&g_Workspaces);   // one pool block for the whole path
                ...
            }
            """,
        Configuration: "`stacklint.path_budget = 8k` (bytes; default 8 KB on x64 and ARM64, 4 KB on x86).",
        Limitations: """
        - Frame sizes are estimates (see SL1001). Imported functions (kernel APIs) count as zero; their stack use is for the SL3xxx rules. Indirect calls the driver does not resolve for us are not followed.
        - An entry whose worst path runs through recursion is reported only when the path, each function counted once, already exceeds the budget: through a cycle it takes the longest path that visits each member at most once before leaving, which is what the recursion costs before it repeats (the message says "at least" and where the recursion starts; SL2001 reports the cycle itself). That search has a step budget per cycle; in a large, densely connected cycle where it runs out, the deepest path it found is used, so the figure stays a lower bound.
        - A call that passes constants (an integer, NULL, or a parameter passed on unchanged that its own caller fixed) leaves out the calls the callee makes only past a test those constants fail ('if (Allocate)' below a lookup that passes FALSE); other values (a field, a local set earlier, a flag inside a structure) are not followed, nor are constants into recursion, so a path a little over the budget may still be one the code cannot take.
        - A stack-expansion callout is not measured against the path budget: it runs on the stack it asked for, and SL3003 checks that size.
        - A function nothing in the driver calls or registers is an entry only when it is exported (`__declspec(dllexport)`, DECLSPEC_EXPORT, or named in the EXPORTS of a module-definition `.def` file in a folder of the driver's sources; a `DATA` export is not a function). Code placed in INIT (`#pragma alloc_text(INIT, ...)`, `#pragma code_seg("INIT")`) that nothing calls is taken as initialization code on a fresh stack.
        """,
        References: "- [Kernel stack overflows](https://learn.microsoft.com/windows-hardware/drivers/kernel/managing-kernel-stack-usage)\n- [KeExpandKernelStackAndCalloutEx](https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-keexpandkernelstackandcalloutex)\n- [IoGetRemainingStackSize](https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-iogetremainingstacksize)",
        Tags: ["stack", "kernel", "call-graph"],
        Precision: "medium");

    public static long DefaultBudgetFor(TargetArch arch) => arch == TargetArch.X86 ? DefaultBudgetX86 : DefaultBudget64;

    public override IEnumerable<Finding> Analyze(ProgramAnalysis program, RuleContext context) =>
        Analyze(CallGraphAnalysis.For(program, context.Options), context);

    public IEnumerable<Finding> Analyze(CallGraphAnalysis analysis, RuleContext context)
    {
        var graph = analysis.Graph;
        var findings = new List<Finding>();
        // One finding per entry function, in the context that matters most: a registration we recognised over
        // "no known caller", then the least stack left (caller's stack, DPC, fresh).
        foreach (var entry in analysis.Contexts.EntryPoints
            .GroupBy(e => e.Node)
            .Select(g => g.OrderBy(e => e.RegisteredAt is null && e.Kind != "driver entry point" ? 1 : 0).ThenByDescending(e => e.Context).First()))
        {
            // A stack-expansion callout runs on the stack it asked for: SL3003 measures it against that size.
            if (entry.Kind == StackExpansionKind) continue;
            // A function nothing calls, registers or exports is dead code or reached through a pointer we did not
            // resolve: its path has no known start, and reporting it as an entry was wrong more often than right.
            if (entry.Kind == StackContextMap.NoKnownCallerKind) continue;
            var use = analysis.WorstCase[entry.Node];
            var definition = graph.Nodes[entry.Node].Definition!;
            long budget = context.Options.GetLong(definition.Path, BudgetKey, DefaultBudgetFor(context.Arch));
            if (use.Bytes <= budget) continue;

            // Through recursion the bytes are the deepest path that runs each function once: already over budget before
            // the recursion repeats and adds more.
            var (shown, chain) = Describe(analysis.WorstCase.Walk(entry.Node), graph, definition);
            string cycle = "";
            if (use.IsUnbounded)
            {
                string? start = null;
                foreach (var step in analysis.WorstCase.Walk(entry.Node))
                {
                    if (!step.EntersCycle) continue;
                    start = step.Name;
                    break;
                }
                cycle = start is null
                    ? ", before any recursion repeats (SL2001)"
                    : $", before the recursion at '{start}' repeats (SL2001)";
            }
            findings.Add(Finding.Create(Rule, definition.Function.Location, definition.Name, Rule.DefaultSeverity, [.. chain],
                definition.Name, $"{entry.Kind}, {ContextPhrase(entry.Context, entry.Kind)}", use.IsUnbounded ? "at least " : "", use.Bytes, budget, shown, cycle));
        }
        return findings;
    }

    /// <summary>
    /// The message's path (its first functions) and the finding's chain (its first ChainSteps functions, or one fewer
    /// and a step that sums up the rest), from one walk down the path. Imports (no frame) are left out of both.
    /// </summary>
    private static (string Shown, List<ChainStep> Chain) Describe(WorstCaseStack.PathWalk walk, ProgramCallGraph graph, FunctionInProgram definition)
    {
        var head = new List<PathStep>(ChainSteps);
        // Steps ChainSteps - 1 onwards: summed up in one step when the path is longer than ChainSteps.
        long restBytes = 0;
        PathStep restFirst = default, restLast = default, restLargest = default;
        int total = 0;
        foreach (var step in walk)
        {
            if (!graph.Nodes[step.Node].IsDefined) continue;
            if (total < ChainSteps) head.Add(step);
            if (total >= ChainSteps - 1)
            {
                if (total == ChainSteps - 1) restFirst = step;
                // The largest frame of the rest; among equal frames the first name in ordinal order.
                if (total == ChainSteps - 1 || step.Frame > restLargest.Frame
                    || (step.Frame == restLargest.Frame && string.CompareOrdinal(step.Name, restLargest.Name) < 0))
                    restLargest = step;
                restLast = step;
                restBytes += step.Frame;
            }
            total++;
        }
        int restCount = total - (ChainSteps - 1);

        var shown = string.Join(" -> ", head.Take(PathStepsInMessage).Select(s => string.Format(CultureInfo.InvariantCulture, "'{0}' ({1:N0})", s.Name, s.Frame)));
        if (total > PathStepsInMessage)
            shown += string.Format(CultureInfo.InvariantCulture, " -> ... ({0} more)", total - PathStepsInMessage);

        bool summed = total > ChainSteps;
        var chain = new List<ChainStep>(ChainSteps);
        foreach (var s in summed ? head.Take(ChainSteps - 1) : head)
            chain.Add(s.Via is null
                ? new ChainStep(definition.Function.Location, string.Format(CultureInfo.InvariantCulture, "'{0}' uses {1:N0} bytes", s.Name, s.Frame))
                : new ChainStep(s.Via.Location, string.Format(CultureInfo.InvariantCulture, "{0} ({1:N0} bytes)", CycleFinder.Describe(graph, s.Via), s.Frame)));
        if (summed)
            chain.Add(new ChainStep(restFirst.Via!.Location, string.Format(CultureInfo.InvariantCulture,
                "{0}, then {1:N0} more functions down to '{2}': {3:N0} bytes in all (largest: '{4}', {5:N0} bytes)",
                CycleFinder.Describe(graph, restFirst.Via!), restCount - 1, restLast.Name, restBytes, restLargest.Name, restLargest.Frame)));
        return (shown, chain);
    }

    private static string ContextPhrase(StackContext context, string kind) => context switch
    {
        StackContext.Caller when CallbackRegistrations.InterruptServiceKinds.Contains(kind) => "on the stack it interrupted",
        StackContext.Fresh => "on a fresh stack",
        StackContext.Dpc => "at DISPATCH_LEVEL in a DPC",
        _ => "on the caller's stack",
    };
}
