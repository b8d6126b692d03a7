using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using StackLint.Frontend.Facts;
using StackLint.Rules.Configuration;
using StackLint.Rules.Model;

namespace StackLint.Rules.Frames;

/// <summary>SL1003: a struct or union passed by value that is big enough to cost a stack copy at every call.</summary>
public sealed class LargeByValueParameter : FunctionRule
{
    public const string DiagnosticId = "SL1003";
    public const string ThresholdKey = "stacklint.param_threshold";
    public const long DefaultThreshold = 128;

    private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        DiagnosticId,
        title: "Large parameter passed by value",
        messageFormat: "Parameter '{0}' of '{1}' is a {2:N0}-byte '{3}' passed by value (limit {4:N0}); pass a pointer ('const {3} *') instead",
        category: RuleCategories.Frames,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "A struct or union parameter at or above the parameter threshold is copied onto the stack at every call.");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override ImmutableArray<RuleOption> Options { get; } =
        [new(ThresholdKey, OptionKinds.Size, "128", "Size in bytes at which a struct or union parameter passed by value is reported.")];

    public override RuleDocumentation Documentation { get; } = new(
        WhatItFinds: "A function parameter of struct or union type, passed by value, whose size is at or above the parameter threshold (128 bytes by default). Pointers to structs, and arrays (which decay to pointers), are not reported.",
        WhyItMatters: "A by-value struct is copied for every call: on x64 the caller makes a temporary copy in its own frame and passes its address, on x86 the whole struct is copied into the argument area. Either way the caller's frame grows by the struct's size, at every call site, on a kernel stack of 12-24 KB. A pointer to a const struct costs 4 or 8 bytes and makes the read-only intent explicit.",
        BadExample: """
            NTSTATUS LogCreate(FILE_NETWORK_OPEN_INFORMATION Info, REQUEST_CONTEXT Context)  // 56 + 300 bytes copied per call
            {
                ...
            }
            """,
        FixedExample: """
            NTSTATUS LogCreate(const FILE_NETWORK_OPEN_INFORMATION *Info, const REQUEST_CONTEXT *Context)
            {
                ...
            }
            """,
        Configuration: "`stacklint.param_threshold = 128` (bytes; `1k`, `0x80` accepted) sets the size at which a by-value parameter is reported.",
        Limitations: "Sizes are the target's layout as clang computes it; a parameter of unknown size (missing header) is not reported. The rule looks at the definition, not at each call, so a function defined but never called is still reported.",
        References: "- [x64 calling convention: parameter passing](https://learn.microsoft.com/cpp/build/x64-calling-convention#parameter-passing)\n- [C6262: excessive stack usage](https://learn.microsoft.com/cpp/code-quality/c6262)",
        Tags: ["stack", "kernel", "parameters"],
        Precision: "very-high");

    public override IEnumerable<Finding> Analyze(FunctionInProgram function, RuleContext context)
    {
        long threshold = context.Options.GetLong(function.Path, ThresholdKey, DefaultThreshold);
        foreach (var parameter in function.Function.Parameters)
        {
            if (parameter.Type.Category != TypeCategory.Record || parameter.Type.Size is not long size || size < threshold)
                continue;
            // The spelling names the type as written (often a typedef), which is also what the fix needs.
            string spelling = StripQualifiers(parameter.Type.Spelling.Trim());
            yield return Finding.Create(Rule, parameter.Location, function.Name, parameter.Name, function.Name, size, spelling, threshold);
        }
    }

    /// <summary>'const T *' is the suggestion: a 'const' already in the spelling would be doubled.</summary>
    private static string StripQualifiers(string spelling)
    {
        var text = spelling;
        foreach (var qualifier in new[] { "const ", "volatile " })
            while (text.StartsWith(qualifier, StringComparison.Ordinal)) text = text[qualifier.Length..];
        return text;
    }
}
