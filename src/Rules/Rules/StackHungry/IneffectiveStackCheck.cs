using System.Globalization;
using Microsoft.CodeAnalysis;
using StackLint.Rules.Model;
using StackLint.Rules.Model.Guards;

namespace StackLint.Rules.StackHungry;

/// <summary>SL3002: an IoGetRemainingStackSize() call whose result protects nothing.</summary>
public sealed class IneffectiveStackCheck : ProgramRule
{
    public const string DiagnosticId = "SL3002";

    private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        DiagnosticId,
        title: "Ineffective stack check",
        messageFormat: "IoGetRemainingStackSize() in '{0}' {1}; compare it before the stack-hungry call and return, post the work or expand the stack when it is low",
        category: RuleCategories.StackHungryCalls,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "A remaining-stack check that cannot stop a stack-hungry call: its result is ignored or never tested, it runs after the call, or both of its outcomes lead to the call.");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override RuleDocumentation Documentation { get; } = new(
        WhatItFinds: "Calls of `IoGetRemainingStackSize()` that decide nothing: the result is discarded; it is stored in a local that no condition tests; it is tested, but a stack-hungry call (a listed routine, or a driver function that makes one) has already run on every path to the test; or it is tested, but the low-stack outcome reaches the same stack-hungry call as the enough-stack outcome (a branch that only logs, or sets a flag nobody reads). The finding is at the `IoGetRemainingStackSize()` call and names the stack-hungry call concerned.",
        WhyItMatters: "A remaining-stack check exists to keep a re-entrant I/O call off a nearly full kernel stack. Written after the call, or with a low-stack branch that falls through to it, it reads like protection in review while the double fault it was meant to prevent still happens. SL3001 reports the unprotected call itself; this rule points at the check that was meant to protect it.",
        BadExample: """
            if (IoGetRemainingStackSize() < 0x2000) {
                DbgPrint("stack is low\n");                  // and then carries on
            }
            status = ZwCreateFile(&handle, ...);
            """,
        FixedExample: """
            if (IoGetRemainingStackSize() < 0x2000) {
                return STATUS_INSUFFICIENT_RESOURCES;        // or post to a work item
            }
            status = ZwCreateFile(&handle, ...);
            """,
        Configuration: "`stacklint.stack_hungry_apis` (see SL3001) decides which calls count as stack-hungry.",
        Limitations: "A tested check that guards only calls StackLint does not see as stack-hungry (say, a recursive walk, or an API missing from the list) is not reported. A result passed to another function or returned is assumed to be tested there. A result stored in a local is matched to conditions on that local by name; one reassigned in between is not tracked.",
        References: "- [IoGetRemainingStackSize](https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-iogetremainingstacksize)\n- [KeExpandKernelStackAndCalloutEx](https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-keexpandkernelstackandcalloutex)\n- [Managing kernel stack usage](https://learn.microsoft.com/windows-hardware/drivers/kernel/managing-kernel-stack-usage)",
        Tags: ["stack", "kernel", "filter"],
        Precision: "high");

    public override IEnumerable<Finding> Analyze(ProgramAnalysis program, RuleContext context) =>
        Analyze(StackHungryAnalysis.For(program, context.Options));

    public IEnumerable<Finding> Analyze(StackHungryAnalysis model)
    {
        foreach (var check in StackCheckVerdicts.Evaluate(model))
        {
            string what = check.Reason switch
            {
                IneffectiveReason.Ignored => "is called and its result ignored",
                IneffectiveReason.NeverTested => $"is stored in '{check.Query.StoredInto}' but no condition tests it",
                IneffectiveReason.AfterCall => $"is checked only after '{check.Site!.CalleeName}' (line {check.Site.Location.Line.ToString(CultureInfo.InvariantCulture)}) has run",
                _ => $"is tested but both outcomes reach '{check.Site!.CalleeName}' (line {check.Site.Location.Line.ToString(CultureInfo.InvariantCulture)})",
            };
            yield return Finding.Create(Rule, check.Query.Location, check.Function.Name, check.Function.Name, what);
        }
    }
}
