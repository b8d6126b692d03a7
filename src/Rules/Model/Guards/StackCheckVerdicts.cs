using System.Collections.Immutable;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model.ControlFlow;

namespace StackLint.Rules.Model.Guards;

public enum IneffectiveReason
{
    /// <summary>The result is thrown away.</summary>
    Ignored,
    /// <summary>Stored in a local that no condition tests.</summary>
    NeverTested,
    /// <summary>A stack-hungry call has already run on every path to the check, and the check guards none.</summary>
    AfterCall,
    /// <summary>Both outcomes of the test reach the same stack-hungry call.</summary>
    BothOutcomesReachCall,
    /// <summary>
    /// The test compares with a constant smaller than what the driver's own functions it lets run need: the check passes
    /// with less stack left than the next call uses, before any kernel routine below it is counted.
    /// </summary>
    ThresholdTooSmall,
}

/// <summary>
/// An IoGetRemainingStackSize call whose result protects nothing; Site is the stack-hungry call concerned, if any. For
/// <see cref="IneffectiveReason.ThresholdTooSmall"/>, Threshold is the constant compared with and Needed the worst-case
/// stack of the driver function Site calls (one pass: at least that much when Recurses).
/// </summary>
public sealed record IneffectiveCheck(FunctionInProgram Function, StackQuery Query, IneffectiveReason Reason, CallSite? Site, long Threshold = 0, long Needed = 0, bool Recurses = false);

/// <summary>
/// Judges each remaining-stack query of a function. A check is effective when one of its decisions guards a
/// stack-hungry call (listed, or a call to a driver function that makes one). It is reported only when it is
/// clearly useless: its result is ignored or never tested, or it is tested but a stack-hungry call runs before it
/// or after both of its outcomes. A tested check that guards something we cannot see as stack-hungry (a call the
/// list does not name) is given the benefit of the doubt, unless its constant limit is below the driver's own frames
/// that it lets run (those are known whatever the calls below them do).
/// </summary>
public static class StackCheckVerdicts
{
    public static ImmutableArray<IneffectiveCheck> Evaluate(StackHungryAnalysis model)
    {
        var result = ImmutableArray.CreateBuilder<IneffectiveCheck>();
        foreach (var node in model.Graph.Nodes)
        {
            if (node.Definition is not { } definition || !definition.Function.IsInMainFile) continue;
            var function = definition.Function;
            var guards = model.GuardsOf(node.Id);
            foreach (var query in guards.Checks.Queries)
                if (Judge(model, node.Id, definition, guards, query) is { } verdict)
                    result.Add(verdict);
        }
        return result.ToImmutable();
    }

    private static IneffectiveCheck? Judge(StackHungryAnalysis model, int node, FunctionInProgram definition, FunctionGuards guards, StackQuery query)
    {
        if (query.Use == StackQueryUse.Ignored)
            return new(definition, query, IneffectiveReason.Ignored, null);
        // Without a body skeleton nothing can be placed; a result passed on or returned is someone else's to test.
        if (guards.Flow is not { } flow || query.Use is StackQueryUse.Other) return null;

        var decisions = guards.DecisionsOf(query);
        if (decisions.IsEmpty)
            return query.Use == StackQueryUse.StoredInLocal ? new(definition, query, IneffectiveReason.NeverTested, null) : null;

        var reachable = new List<(CallSite Site, int Flow)>();
        var hungry = new List<(CallSite Site, int Flow)>();
        foreach (var site in definition.Function.Calls)
        {
            if (flow.NodeOfCall(site.Index) is not int at || !flow.IsReachable(at)) continue;
            reachable.Add((site, at));
            if (model.IsHungrySite(node, site)) hungry.Add((site, at));
        }
        // Guarding no stack-hungry call we can see (a recursive walk, a read through the cache), or guarding one: the
        // check decides something, so it is effective unless it asks for less than what it lets run needs.
        if (hungry.Count == 0 || hungry.Any(h => decisions.Any(d => flow.Dominates(d.Enough, h.Flow))))
            return TooSmall(model, node, definition, query, decisions, reachable, flow);

        int queryNode = flow.NodeOfCall(query.CallIndex) ?? -1;
        if (queryNode >= 0)
            foreach (var (site, at) in hungry)
                if (flow.Dominates(at, queryNode))
                    return new(definition, query, IneffectiveReason.AfterCall, site);

        foreach (var decision in decisions)
        {
            var fromEnough = flow.ReachableFrom(decision.Enough, avoiding: -1);
            var fromLow = flow.ReachableFrom(decision.Low, avoiding: -1);
            foreach (var (site, at) in hungry)
                if (fromEnough[at] && fromLow[at])
                    return new(definition, query, IneffectiveReason.BothOutcomesReachCall, site);
        }

        if (queryNode >= 0)
        {
            foreach (var (site, at) in hungry)
            {
                if (at != queryNode && flow.ReachableFrom(at, avoiding: -1)[queryNode])
                    return new(definition, query, IneffectiveReason.AfterCall, site);
            }
        }
        return TooSmall(model, node, definition, query, decisions, reachable, flow);
    }

    /// <summary>
    /// A constant threshold below the worst-case stack of a driver function the enough-stack outcome lets run (a call
    /// that outcome dominates). Only the driver's own frames are counted (a kernel routine counts as nothing), and a
    /// recursion as one pass, so the figure is what the check must leave at the very least.
    /// </summary>
    private static IneffectiveCheck? TooSmall(StackHungryAnalysis model, int node, FunctionInProgram definition, StackQuery query,
        ImmutableArray<StackDecision> decisions, List<(CallSite Site, int Flow)> calls, ControlFlowGraph flow)
    {
        var worst = model.CallGraph.WorstCase;
        IneffectiveCheck? verdict = null;
        foreach (var decision in decisions)
        {
            if (decision.Condition.Threshold is not long threshold) continue;
            foreach (var (site, at) in calls)
            {
                if (!flow.Dominates(decision.Enough, at)) continue;
                foreach (var edge in model.Graph.CallsFrom(node))
                {
                    if (!ReferenceEquals(edge.Site, site) || !model.Graph.Nodes[edge.Callee].IsDefined) continue;
                    var needed = worst[edge.Callee];
                    if (needed.Bytes > threshold && needed.Bytes > (verdict?.Needed ?? 0))
                        verdict = new(definition, query, IneffectiveReason.ThresholdTooSmall, site, threshold, needed.Bytes, needed.IsUnbounded);
                }
            }
        }
        return verdict;
    }
}
