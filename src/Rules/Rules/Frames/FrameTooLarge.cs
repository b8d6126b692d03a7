using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using StackLint.Rules.Configuration;
using StackLint.Rules.Model;
using StackLint.Rules.Model.Frames;

namespace StackLint.Rules.Frames;

/// <summary>SL1001: a function whose estimated stack frame exceeds the frame threshold (MSVC C6262's kernel default, 1 KB).</summary>
public sealed class FrameTooLarge : FunctionRule
{
    public const string DiagnosticId = "SL1001";
    public const string ThresholdKey = "stacklint.frame_threshold";
    public const long DefaultThreshold = 1024;

    /// <summary>How many of the largest locals the message names.</summary>
    private const int NamedContributors = 3;

    private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        DiagnosticId,
        title: "Stack frame too large",
        messageFormat: "'{0}' uses an estimated {1:N0} bytes of stack (limit {2:N0}){3}{4}{5}",
        category: RuleCategories.Frames,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "The estimated stack frame of a function (locals, spilled parameters, call areas, saved registers) is above the frame threshold.");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override ImmutableArray<RuleOption> Options { get; } =
    [
        new(ThresholdKey, OptionKinds.Size, "1024", "Estimated frame size in bytes above which a function is reported."),
        new(FrameModel.OptionKey, OptionKinds.FrameModel, "unoptimized", "Which frame estimate rules use: 'unoptimized' (every local its own slot, as at /Od) or 'optimized' (/O2 sharing)."),
    ];

    public override RuleDocumentation Documentation { get; } = new(
        WhatItFinds: "A function whose estimated stack frame is above the frame threshold, 1,024 bytes by default (the kernel-mode default of MSVC's C6262). The estimate adds every local with its alignment, spilled register parameters, the return address and saved frame pointer, the x64 32-byte home area and outgoing arguments of the largest call, by-value struct copies, the locals of force-inlined helpers (FORCEINLINE), and the final alignment. By default every local has its own slot, as in a debug (/Od, -O0) build; with `stacklint.frame_model = optimized` objects of disjoint scopes share space and scalars are assumed to live in registers. The message names the largest contributors: locals, inlined helpers ('3 inlined copies of 'X'') and compound literals.",
        WhyItMatters: "A kernel thread has 12 KB of stack on x86 and 24 KB on x64, and a driver rarely runs at the bottom of it: file-system filters, storage and network drivers are called with much of the stack already used by the I/O manager and the drivers above them. Several locals that look harmless one by one (a path buffer, an OBJECT_ATTRIBUTES, a FILE_*_INFORMATION) add up to a frame that, nested a few calls deep, overruns the stack guard page and bugchecks with DOUBLE_FAULT (0x7F, argument 8) or KERNEL_STACK_INPAGE_ERROR on a customer's machine.",
        BadExample: """
            NTSTATUS BuildPath(PCUNICODE_STRING Volume, PCUNICODE_STRING Name)
            {
                WCHAR path[260];                        // 520 bytes
                FILE_NETWORK_OPEN_INFORMATION info[4];  // 224 bytes
                WCHAR shortName[128];                   // 256 bytes
                OBJECT_ATTRIBUTES oa;
                IO_STATUS_BLOCK iosb;
                ...
            }
            """,
        FixedExample: """
            typedef struct _BUILD_PATH_CONTEXT {
                WCHAR Path[260];
                FILE_NETWORK_OPEN_INFORMATION Info[4];
                WCHAR ShortName[128];
            } BUILD_PATH_CONTEXT;

            NTSTATUS BuildPath(PCUNICODE_STRING Volume, PCUNICODE_STRING Name)
            {
                BUILD_PATH_CONTEXT *ctx = ExAllocatePool2(POOL_FLAG_PAGED, sizeof(*ctx), 'htaP');
                OBJECT_ATTRIBUTES oa;
                IO_STATUS_BLOCK iosb;
                if (ctx == NULL) return STATUS_INSUFFICIENT_RESOURCES;
                ...
                ExFreePoolWithTag(ctx, 'htaP');
            }
            """,
        Configuration: "`stacklint.frame_threshold = 1024` (bytes; `1k`, `0x400` accepted) sets the frame size above which a function is reported. `stacklint.frame_model = unoptimized | optimized` (CLI `--frame-model`) selects the estimate: `unoptimized` (default) as a /Od build lays the frame out, `optimized` as /O2 does. Two kinds of frame over the limit are notes (severity info) that say why: one that only the copies of force-inlined helpers push over it in the unoptimized model while the optimized estimate is within it (clang -O0 gives every copy its own slots; an optimizing build shares them and MSVC /Od does not inline them), and one of a function that only runs at the top of a fresh stack (DriverEntry and what only it calls, system threads, work items), whose paths SL2002 measures. `dotnet_diagnostic.SL1001.severity` overrides both.",
        Limitations: "The estimate is computed from declarations, not from generated code. The unoptimized model counts what clang -O0 lays out: locals, parameter spills, force-inlined helpers (FORCEINLINE and __forceinline functions, from the driver's headers or the WDK's: every inlined copy's parameters and locals join the caller's frame, and the message names them as 'N inlined copies of X'), copies of records passed by value, records returned by value, compound literals, and argument values kept across nested calls. It does not count the /GS security cookie, tail calls, or other spills of the register allocator. The optimized model assumes every scalar lives in a register and does not add the callees an optimizing build inlines. Locals of unknown size (a missing header) count as pointers and the message says the figure is approximate. alloca and variable-length arrays are not included (see SL1004), except an alloca of a constant size outside a loop (also a constant a force-inlined helper returns, and a force-inlined helper's own constant alloca), which takes a fixed amount and the estimate counts. Calibrated against clang-19 -fstack-usage for x64 and x86 (see bench/frames-accuracy); arm64 figures follow the ABI without measurement.",
        References: "- [C6262: excessive stack usage](https://learn.microsoft.com/cpp/code-quality/c6262)\n- [Kernel stack overflows](https://learn.microsoft.com/windows-hardware/drivers/debugger/debugging-a-stack-overflow)\n- [KeExpandKernelStackAndCalloutEx](https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-keexpandkernelstackandcalloutex)\n- [x64 stack usage](https://learn.microsoft.com/cpp/build/stack-usage)",
        Tags: ["stack", "kernel", "frame"],
        Precision: "high");

    public override IEnumerable<Finding> Analyze(FunctionInProgram function, RuleContext context)
    {
        long threshold = context.Options.GetLong(function.Path, ThresholdKey, DefaultThreshold);
        var kind = FrameModel.FromOptions(context.Options, function.Path);
        var estimate = context.Program?.Estimates.Estimate(function.Function) ?? FrameEstimator.Estimate(function, context.Arch);
        long size = estimate.Size(kind);
        if (size <= threshold) yield break;

        var largest = estimate.Contributors.Where(c => c.Bytes > 0).Take(NamedContributors)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Describe()} ({c.Bytes:N0} bytes)"))
            .ToList();
        string contributors = largest.Count == 0 ? "" : "; largest: " + string.Join(", ", largest);
        string qualifiers = (estimate.IsApproximate ? " (approximate: some sizes unknown)" : "")
            + (estimate.IsDynamic ? " plus dynamic allocations" : "");
        // Two frames over the limit that no stack overflow comes from, reported as notes with what makes them so:
        // one that only force-inlined copies push over it in the unoptimized model, which clang -O0 lays out one after
        // the other but an optimizing build shares (stack colouring) and MSVC /Od does not inline at all; and one of
        // a function that only ever runs at the top of a fresh stack (DriverEntry and what only it calls, system
        // threads, work items), where the whole stack is below it and SL2002 measures its paths against the budget.
        string remark = "";
        var severity = Rule.DefaultSeverity;
        if (kind == FrameModelKind.Unoptimized && estimate.UnoptimizedTerms.Inlined > 0
            && size - estimate.UnoptimizedTerms.Inlined <= threshold && estimate.Optimized <= threshold)
        {
            remark = string.Create(CultureInfo.InvariantCulture,
                $"; it is over the limit only through {estimate.UnoptimizedTerms.Inlined:N0} bytes of force-inlined copies, which an optimizing build shares (optimized estimate {estimate.Optimized:N0} bytes)");
            severity = DiagnosticSeverity.Info;
        }
        else if (context.Program is { } program
                 && Model.CallGraph.CallGraphAnalysis.For(program, context.Options).Contexts.ContextsOf(function.Function) == Model.CallGraph.StackContext.Fresh)
        {
            remark = "; it only runs at the top of a fresh stack (DriverEntry, a system thread or a work item), where SL2002 checks its deepest path";
            severity = DiagnosticSeverity.Info;
        }
        yield return Finding.Create(Rule, function.Function.Location, function.Name, severity, ImmutableArray<ChainStep>.Empty,
            function.Name, size, threshold, qualifiers, contributors, remark);
    }
}
