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
        messageFormat: "IoGetRemainingStackSize() in '{0}' {1}",
        category: RuleCategories.StackHungryCalls,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "A remaining-stack check that cannot stop a stack-hungry call: its result is ignored or never tested, it runs after the call, both of its outcomes lead to the call, or its limit is smaller than what the code it lets run needs.");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override RuleDocumentation Documentation { get; } = new(
        WhatItFinds: "Calls of `IoGetRemainingStackSize()` that decide nothing: the result is discarded; it is stored in a local that no condition tests; it is tested, but a stack-hungry call (a listed routine, or a driver function that makes one) has already run on every path to the test; or it is tested, but the low-stack outcome reaches the same stack-hungry call as the enough-stack outcome (a branch that only logs, or sets a flag nobody reads); or it compares with a constant smaller than the estimated worst-case stack of a driver function its enough-stack outcome lets run (`IoGetRemainingStackSize() < 1024` before a lookup that reads the disk), so it passes with less stack left than the next call uses; this last verdict also judges checks that guard only calls StackLint does not see as stack-hungry (a recursive walk), since the driver's own frames are known. The finding is at the `IoGetRemainingStackSize()` call and names the stack-hungry call concerned, and for a threshold both numbers.",
        WhyItMatters: "A remaining-stack check exists to keep a re-entrant I/O call off a nearly full kernel stack. Written after the call, with a low-stack branch that falls through to it, or with a limit smaller than what the code it lets run uses (a check for 1 KB before a directory lookup that reads the disk through the storage stack), it reads like protection in review while the double fault it was meant to prevent still happens. SL3001 reports the unprotected call itself; this rule points at the check that was meant to protect it.",
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
        Limitations: "A tested check that guards only calls StackLint does not see as stack-hungry (say, a recursive walk, or an API missing from the list) is reported only for a constant limit below the driver's own frames it lets run. A threshold is judged against the driver's own frames only (the frame model's estimate of the called function's worst path, a recursion counted once): a kernel routine called right after the check counts as nothing, so `IoGetRemainingStackSize() < 1024` just before `ZwCreateFile` is not reported although a create needs far more; a threshold that is not a constant is not judged. A result passed to another function or returned is assumed to be tested there. A result stored in a local is matched to conditions on that local by name; one reassigned in between is not tracked.",
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
                IneffectiveReason.Ignored => "is called and its result ignored" + CompareBefore,
                IneffectiveReason.NeverTested => $"is stored in '{check.Query.StoredInto}' but no condition tests it" + CompareBefore,
                IneffectiveReason.AfterCall => Format("is checked only after '{0}' (line {1}) has run", check.Site!.CalleeName!, check.Site.Location.Line) + CompareBefore,
                IneffectiveReason.ThresholdTooSmall => Format(
                    "asks for {0:N0} bytes, but '{1}' (line {2}), which it lets run, needs {3}an estimated {4:N0} bytes of this driver's own stack{5} before counting the kernel routines it calls; "
                    + "ask for at least that plus what those kernel routines need, or run the work on a fresh stack (KeExpandKernelStackAndCalloutEx, a work item)",
                    check.Threshold, check.Site!.CalleeName!, check.Site.Location.Line, check.Recurses ? "at least " : "", check.Needed,
                    check.Recurses ? " (one pass of its recursion)" : ""),
                _ => Format("is tested but both outcomes reach '{0}' (line {1})", check.Site!.CalleeName!, check.Site.Location.Line) + CompareBefore,
            };
            yield return Finding.Create(Rule, check.Query.Location, check.Function.Name, check.Function.Name, what);
        }
    }

    private const string CompareBefore = "; compare it before the stack-hungry call and return, post the work or expand the stack when it is low";

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
