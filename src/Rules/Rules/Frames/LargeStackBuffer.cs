using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using StackLint.Frontend.Facts;
using StackLint.Rules.Configuration;
using StackLint.Rules.Model;
using StackLint.Rules.Model.CallGraph;

namespace StackLint.Rules.Frames;

/// <summary>SL1002: one local array, struct or union big enough to matter on a 12-24 KB kernel stack.</summary>
public sealed class LargeStackBuffer : ProgramRule
{
    public const string DiagnosticId = "SL1002";
    public const string ThresholdKey = "stacklint.buffer_threshold";
    public const long DefaultThreshold = 512;

    private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        DiagnosticId,
        title: "Large stack buffer",
        messageFormat: "{0} in '{1}' is a {2:N0}-byte {3} on the stack (limit {4:N0}); allocate it from pool (ExAllocatePool2) or a lookaside list",
        category: RuleCategories.Frames,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "A single local array, struct or union at or above the buffer threshold takes a large bite of the fixed kernel stack.");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override ImmutableArray<RuleOption> Options { get; } =
        [new(ThresholdKey, OptionKinds.Size, "512", "Size in bytes at which a single local buffer is reported.")];

    public override RuleDocumentation Documentation { get; } = new(
        WhatItFinds: "A single local variable of array, struct or union type (including arrays of structs) whose size is at or above the buffer threshold, 512 bytes by default, and a compound literal (`(MIB_IF_ROW2){ .InterfaceLuid = luid }`) as large: it is an unnamed object in the frame, even when its value is then copied into pool. Static locals and globals are not on the stack and are not reported; neither are pointers to large objects.",
        WhyItMatters: "A kernel thread has 12 KB of stack on x86 and 24 KB on x64, shared by every driver in the call chain. A `WCHAR path[260]` alone is 520 bytes; a few such buffers in a filter that is already deep in someone else's I/O stack end in a double fault (bugcheck 0x7F, argument 8) at a customer's site.",
        BadExample: """
            NTSTATUS QueryName(PFLT_CALLBACK_DATA Data)
            {
                WCHAR path[260];            // 520 bytes of stack
                ...
            }
            """,
        FixedExample: """
            NTSTATUS QueryName(PFLT_CALLBACK_DATA Data)
            {
                PWCHAR path = ExAllocatePool2(POOL_FLAG_PAGED, 260 * sizeof(WCHAR), 'htaP');
                if (path == NULL) return STATUS_INSUFFICIENT_RESOURCES;
                ...
                ExFreePoolWithTag(path, 'htaP');
            }
            """,
        Configuration: "`stacklint.buffer_threshold = 512` (bytes; `1k`, `0x400` accepted) sets the size at which a buffer is reported.",
        Limitations: "Sizes come from the target's layout as clang computes it; a buffer whose type is unresolved (missing header) is not reported. Buffers whose lifetimes never overlap still count one by one. A function that only runs at the top of a fresh stack (DriverEntry and the functions only it reaches, code placed in INIT by `#pragma alloc_text` or `#pragma code_seg`, system threads, work items, unload, the IRP_MJ_SHUTDOWN dispatch routine) is not reported: the whole stack is below it, and SL2002 measures its deepest path against the path budget.",
        References: "- [KeExpandKernelStackAndCalloutEx](https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-keexpandkernelstackandcalloutex)\n- [C6262: excessive stack usage](https://learn.microsoft.com/cpp/code-quality/c6262)\n- [ExAllocatePool2](https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-exallocatepool2)",
        Tags: ["stack", "kernel", "memory"],
        Precision: "very-high");

    public override IEnumerable<Finding> Analyze(ProgramAnalysis program, RuleContext context)
    {
        var contexts = CallGraphAnalysis.For(program, context.Options).Contexts;
        foreach (var function in program.Functions)
        {
            // Most functions hold no sized aggregate (a driver's header functions repeat in each of its units): the
            // threshold, an options lookup by path, is looked up only for those that do.
            if (function.Function.IsInSystemHeader || !HoldsAggregate(function.Function)) continue;
            // Code that only ever starts on a fresh stack (DriverEntry and what only it calls, INIT code, system
            // threads, work items) has the whole stack below it: a buffer there matters only as part of a path,
            // which SL2002 measures against the path budget.
            if (contexts.ContextsOf(function.Function) == StackContext.Fresh) continue;
            long threshold = context.Options.GetLong(function.Path, ThresholdKey, DefaultThreshold);
            foreach (var local in function.Function.Locals)
            {
                if (SizedAggregate(local) is not long size || size < threshold)
                    continue;
                string kind = local.Type.Category == TypeCategory.Array ? "array" : "object";
                // A buffer a macro declares is named with the macro, whose invocation is the region ('path_buffer' is
                // nowhere in the source; 'DECLARE_UNICODE_STRING_SIZE(path, 600)' is).
                string what = local.MacroName is null ? $"'{local.Name}'" : $"'{local.Name}' (from {local.MacroName})";
                yield return Finding.Create(Rule, local.Location, function.Name, what, function.Name, size, kind, threshold);
            }
            // A compound literal is an unnamed object in the frame too: '(MIB_IF_ROW2){ .InterfaceLuid = x }' stored
            // into a pool block still builds the whole row on the stack first in an unoptimized build.
            foreach (var literal in function.Function.CompoundLiterals)
            {
                if (literal.Type.Size is not long size || size < threshold) continue;
                yield return Finding.Create(Rule, literal.Location, function.Name, $"'({literal.Name}){{...}}'", function.Name, size, "compound literal", threshold);
            }
        }
    }

    /// <summary>The size of a local array, struct or union whose size is known (not a VLA); null for anything else.</summary>
    private static long? SizedAggregate(LocalVariable local) =>
        local.Type.IsAggregate && !local.IsVariableLengthArray ? local.Type.Size : null;

    private static bool HoldsAggregate(FunctionFacts function) =>
        function.Locals.Any(l => SizedAggregate(l) is not null) || function.CompoundLiterals.Any(l => l.Type.Size is not null);
}
