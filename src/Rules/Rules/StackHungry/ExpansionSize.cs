using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model;
using StackLint.Rules.Model.CallGraph;
using StackLint.Rules.Model.Guards;

namespace StackLint.Rules.StackHungry;

/// <summary>SL3003: a constant stack-expansion size smaller than the callout needs, or larger than the kernel allows.</summary>
public sealed class ExpansionSize : ProgramRule
{
    public const string DiagnosticId = "SL3003";

    /// <summary>MAXIMUM_EXPANSION_SIZE = KERNEL_LARGE_STACK_SIZE - PAGE_SIZE / 2.</summary>
    public const long MaximumExpansion64 = 0x12000 - 0x800;
    public const long MaximumExpansionX86 = 0xF000 - 0x800;

    /// <summary>Both routines take the size as the third argument: (Callout, Parameter, Size[, Wait, Context]).</summary>
    private const int SizeArgument = 2;
    private const int CalloutArgument = 0;

    private static readonly string[] ExpandRoutines = ["KeExpandKernelStackAndCallout", "KeExpandKernelStackAndCalloutEx"];

    private static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        DiagnosticId,
        title: "Stack expansion size",
        messageFormat: "'{0}' in '{1}' asks for {2:N0} bytes of stack{3}",
        category: RuleCategories.StackHungryCalls,
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "The Size passed to KeExpandKernelStackAndCallout(Ex) is smaller than the callout's estimated worst-case stack, or larger than MAXIMUM_EXPANSION_SIZE, which makes the call fail.");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override RuleDocumentation Documentation { get; } = new(
        WhatItFinds: "Calls of `KeExpandKernelStackAndCallout` and `KeExpandKernelStackAndCalloutEx` whose `Size` argument is a compile-time constant that is either smaller than the estimated worst-case stack of the callout (its frame plus its deepest call path in the driver; recursion SL2001 proves bounded counts as many levels as the bound allows, each extra level adding the frames of all the cycle's functions; any other recursion counts as too much), or larger than `MAXIMUM_EXPANSION_SIZE` for the target (71,680 bytes on x64 and ARM64, 59,392 on x86). Both numbers are in the message.",
        WhyItMatters: "The routine guarantees the callout `Size` bytes of stack: if that much is left it just calls it, otherwise it switches to a new large stack. A size below what the callout really uses gives back exactly the overflow the call was written to prevent, only rarer. A size above `MAXIMUM_EXPANSION_SIZE` makes the call fail with `STATUS_INVALID_PARAMETER_3` without running the callout, an error path that is rarely tested.",
        BadExample: """
            status = KeExpandKernelStackAndCalloutEx(OpenLogCallout, &ctx, 0x20000, FALSE, NULL);   // > MAXIMUM_EXPANSION_SIZE
            """,
        FixedExample: """
            status = KeExpandKernelStackAndCalloutEx(OpenLogCallout, &ctx, MAXIMUM_EXPANSION_SIZE, FALSE, NULL);
            """,
        Configuration: "None besides severity (`dotnet_diagnostic.SL3003.severity`). The frame model (`stacklint.frame_model`) decides the callout's estimate.",
        Limitations: "Sizes that are not constant are not judged. The callout's estimate counts the driver's own frames only: kernel routines it calls (a create through the file-system stack) count as zero, so a size that passes may still be too small; leave room for them. A callout passed through a variable rather than by name is not found.",
        References: "- [KeExpandKernelStackAndCalloutEx](https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-keexpandkernelstackandcalloutex)\n- [KeExpandKernelStackAndCallout](https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-keexpandkernelstackandcallout)\n- [Managing kernel stack usage](https://learn.microsoft.com/windows-hardware/drivers/kernel/managing-kernel-stack-usage)",
        Tags: ["stack", "kernel"],
        Precision: "high");

    public static long MaximumExpansionFor(TargetArch arch) => arch == TargetArch.X86 ? MaximumExpansionX86 : MaximumExpansion64;

    public override IEnumerable<Finding> Analyze(ProgramAnalysis program, RuleContext context) =>
        Analyze(CallGraphAnalysis.For(program, context.Options), context.Arch);

    public IEnumerable<Finding> Analyze(CallGraphAnalysis analysis, TargetArch arch)
    {
        long maximum = MaximumExpansionFor(arch);
        foreach (var node in analysis.Graph.Nodes)
        {
            if (node.Definition is not { } definition || !definition.Function.IsInMainFile) continue;
            foreach (var call in definition.Function.Calls)
            {
                if (call.CalleeName is not { } name || !ExpandRoutines.Contains(name)) continue;
                if (call.Arguments.Length <= SizeArgument || call.Arguments[SizeArgument].ConstantValue is not long size) continue;
                string verdict;
                var chain = ImmutableArray<ChainStep>.Empty;
                if (size > maximum)
                {
                    verdict = Format(", more than MAXIMUM_EXPANSION_SIZE ({0:N0} bytes on {1}): the call fails with STATUS_INVALID_PARAMETER_3 and the callout never runs", maximum, arch.Name());
                }
                else if (CalloutOf(analysis.Graph, node.Id, definition.Function, call) is int callout)
                {
                    var need = analysis.WorstCase[callout];
                    string calloutName = analysis.Graph.Nodes[callout].Name;
                    chain = PathOf(analysis, callout, call);
                    string counted = "";
                    long bytes = need.Bytes;
                    if (need.IsUnbounded && BoundedCycles(analysis, callout) is { } bounded)
                    {
                        // Every recursion below the callout is proven bounded: count it that many times, not as unbounded.
                        bytes += bounded.Extra;
                        counted = Format(", counting the bounded recursion at '{0}' {1:N0} levels deep", bounded.First, bounded.Passes);
                    }
                    else if (need.IsUnbounded)
                    {
                        verdict = Format(", but its callout '{0}' recurses (at least {1:N0} bytes, unbounded); make the callout iterative", calloutName, need.Bytes);
                        yield return Finding.Create(Rule, call.Location, definition.Name, Rule.DefaultSeverity, chain, name, definition.Name, size, verdict);
                        continue;
                    }
                    if (bytes <= size) continue;
                    verdict = Format(", but its callout '{0}' needs an estimated {1:N0} bytes (worst-case call path{2}); ask for at least that, up to MAXIMUM_EXPANSION_SIZE ({3:N0})", calloutName, bytes, counted, maximum);
                }
                else
                {
                    continue;
                }
                yield return Finding.Create(Rule, call.Location, definition.Name, Rule.DefaultSeverity, chain, name, definition.Name, size, verdict);
            }
        }
    }

    /// <summary>The callout's worst path, the one the verdict measured: the call, then one step per function (first 32).</summary>
    /// <summary>
    /// When every cycle the callout can reach is proven bounded (SL2001's notes): the bytes the extra rounds add over
    /// the one pass the worst path counts (each cycle's frames, all members, once per extra level: an upper bound),
    /// the deepest bound and the first function of the cycle it belongs to. Null when some reachable cycle is not bounded.
    /// </summary>
    private static (long Extra, long Passes, string First)? BoundedCycles(CallGraphAnalysis analysis, int callout)
    {
        var graph = analysis.Graph;
        var components = analysis.Components;
        var seen = new HashSet<int> { callout };
        var pending = new Stack<int>();
        pending.Push(callout);
        var cycles = new SortedSet<int>();
        while (pending.Count > 0)
        {
            int v = pending.Pop();
            if (components.IsCyclic(components.ComponentOf(v))) cycles.Add(components.ComponentOf(v));
            foreach (var edge in graph.CallsFrom(v))
                if (seen.Add(edge.Callee)) pending.Push(edge.Callee);
        }
        long extra = 0, passes = 0;
        string first = "";
        foreach (int c in cycles)
        {
            if (BoundedRecursion.Prove(graph, components, c) is not { } bound) return null;
            long frames = components.Members(c).ToArray().Sum(m => analysis.WorstCase.FrameOf(m));
            extra += (bound.Passes - 1) * frames;
            if (bound.Passes > passes)
            {
                passes = bound.Passes;
                // The cycle's first function in source order, where SL2001 reports it.
                first = components.Members(c).ToArray().Select(m => graph.Nodes[m])
                    .OrderBy(n => n.Definition?.Function.Location.Path, StringComparer.Ordinal).ThenBy(n => n.Definition?.Function.Location.Line).ThenBy(n => n.Id)
                    .First().Name;
            }
        }
        return cycles.Count == 0 ? null : (extra, passes, first);
    }

    private static ImmutableArray<ChainStep> PathOf(CallGraphAnalysis analysis, int callout, CallSite call)
    {
        var chain = ImmutableArray.CreateBuilder<ChainStep>();
        chain.Add(new ChainStep(call.Location, Format("'{0}' runs '{1}' on the expanded stack", call.CalleeName!, analysis.Graph.Nodes[callout].Name)));
        foreach (var step in analysis.WorstCase.Walk(callout))
        {
            if (chain.Count >= 32) break;
            if (step.Via is null || !analysis.Graph.Nodes[step.Node].IsDefined) continue;
            string caller = analysis.Graph.Nodes[step.Via.Caller].Name;
            chain.Add(new ChainStep(step.Via.Location, step.EntersCycle
                ? Format("'{0}' calls '{1}' ({2:N0} bytes), which recurses", caller, step.Name, step.Frame)
                : Format("'{0}' calls '{1}' ({2:N0} bytes)", caller, step.Name, step.Frame)));
        }
        return chain.ToImmutable();
    }

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);

    /// <summary>The function named as the callout argument of this call: the reference inside the call's span.</summary>
    private static int? CalloutOf(ProgramCallGraph graph, int caller, FunctionFacts function, CallSite call)
    {
        FunctionReference? reference = null;
        foreach (var r in function.FunctionReferences)
        {
            if (r.Kind != FunctionReferenceKind.CallArgument || r.ArgumentIndex != CalloutArgument || r.Target != call.CalleeName) continue;
            if (!Within(r.Location, call.Location)) continue;
            reference = r;
            break;
        }
        if (reference is null) return null;
        foreach (var registration in graph.Registrations)
            if (registration.Registrar == caller && registration.Reference == reference)
                return registration.Function;
        return null;
    }

    private static bool Within(SourceSpan inner, SourceSpan outer) =>
        string.Equals(inner.Path, outer.Path, StringComparison.Ordinal)
        && (inner.Line, inner.Column).CompareTo((outer.Line, outer.Column)) >= 0
        && (inner.Line, inner.Column).CompareTo((Math.Max(outer.EndLine, outer.Line), outer.EndLine > outer.Line || outer.EndColumn > outer.Column ? outer.EndColumn : int.MaxValue)) <= 0;
}
