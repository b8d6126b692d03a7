using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model;
using StackLint.Rules.Model.Frames;

namespace StackLint.Rules.Frames;

/// <summary>SL1004: alloca and variable-length arrays: stack use no frame size bounds; an error inside a loop (MSVC C6263).</summary>
public sealed class DynamicStackAllocation : FunctionRule
{
    public const string DiagnosticId = "SL1004";

    private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        DiagnosticId,
        title: "Dynamic stack allocation",
        messageFormat: "{0} in '{1}' allocates a run-time amount of stack{2}; allocate from pool (ExAllocatePool2) instead",
        category: RuleCategories.Frames,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "A call to alloca (or _alloca, _malloca, __builtin_alloca) or a variable-length array takes stack whose size is only known at run time; an alloca of a constant size outside a loop (also a constant a force-inlined helper returns) takes a fixed amount, which the frame size counts instead.");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override RuleDocumentation Documentation { get; } = new(
        WhatItFinds: "Every call to the alloca family (alloca, _alloca, _malloca, __builtin_alloca) whose size is not a compile-time constant or that is in a loop, and every variable-length array. It is a warning; inside a loop it is an error, because each iteration allocates again and nothing is released until the function returns (MSVC C6263).",
        WhyItMatters: "The kernel stack is 12 KB on x86 and 24 KB on x64 and cannot grow. A frame with alloca has no size a reviewer or a tool can check: one unexpected length (a long path, a large request from user mode) runs past the guard page and the machine bugchecks with DOUBLE_FAULT. In a loop the allocations accumulate. Kernel allocations of variable size belong in pool memory, where a failure is a status code instead of a crash.",
        BadExample: """
            NTSTATUS CopyName(PCUNICODE_STRING Name)
            {
                PWCHAR copy = _alloca(Name->Length + sizeof(WCHAR));   // size chosen by the caller
                ...
            }
            """,
        FixedExample: """
            NTSTATUS CopyName(PCUNICODE_STRING Name)
            {
                PWCHAR copy = ExAllocatePool2(POOL_FLAG_PAGED, Name->Length + sizeof(WCHAR), 'emaN');
                if (copy == NULL) return STATUS_INSUFFICIENT_RESOURCES;
                ...
                ExFreePoolWithTag(copy, 'emaN');
            }
            """,
        Configuration: "No threshold. The severity of the in-loop case is Error and of the other cases Warning; `dotnet_diagnostic.SL1004.severity` overrides both.",
        Limitations: "An alloca whose size is a constant (an integer constant expression, or the call of a force-inlined helper whose body is one `return` of a constant) and that is not in a loop takes a fixed amount: it is not reported here, and SL1001 counts it in the frame. clang lays such an allocation out as a fixed object when it runs before any branch, and a force-inlined helper's own constant alloca in every copy, wherever the call is; in a branch, or through a helper whose value is converted first, it adjusts the stack at run time, which takes the same bytes give or take 16. A helper that computes its constant (a local, a parameter, arithmetic on another helper's result) is not followed and is reported. Loops built with goto are not recognised as loops. Frames of functions that allocate dynamically are reported by SL1001 with their fixed part only.",
        References: "- [C6263: using _alloca in a loop](https://learn.microsoft.com/cpp/code-quality/c6263)\n- [C6255: _alloca indicates failure by raising a stack overflow exception](https://learn.microsoft.com/cpp/code-quality/c6255)\n- [ExAllocatePool2](https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-exallocatepool2)",
        Tags: ["stack", "kernel", "alloca"],
        Precision: "very-high");

    public override IEnumerable<Finding> Analyze(FunctionInProgram function, RuleContext context)
    {
        InlineDefinitions? inlines = null;
        foreach (var allocation in function.Function.DynamicAllocations)
        {
            // A constant size taken once (also one a force-inlined helper returns) is a fixed object of the frame:
            // SL1001 counts it like an array.
            inlines ??= context.Program?.Estimates.Inlines(function.Function) ?? InlineDefinitions.Of(function.Unit);
            if (StackAllocations.FixedSize(function.Function, allocation, inlines) is not null) continue;
            string what = allocation.Kind == DynamicAllocationKind.VariableLengthArray
                ? $"Variable-length array '{allocation.Name}'"
                : $"Call to '{allocation.Name}'";
            var severity = allocation.InLoop ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
            string where = allocation.InLoop ? " inside a loop, again on every iteration" : "";
            yield return Finding.Create(Rule, allocation.Location, function.Name, severity, ImmutableArray<ChainStep>.Empty, what, function.Name, where);
        }
    }
}
