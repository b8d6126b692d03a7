using System.Collections.Immutable;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model.ControlFlow;

namespace StackLint.Rules.Model.Guards;

/// <summary>
/// The remaining-stack checks of one function and the calls they guard. A call is guarded when the enough-stack
/// outcome of a stack check dominates it: the check runs before it on every path and the low-stack outcome cannot
/// reach it without passing the check again (it returns, jumps away, posts the work or expands the stack instead).
/// The control-flow graph is built only for functions that test the remaining stack; for the others no call is guarded.
/// </summary>
public sealed class FunctionGuards
{
    private FunctionGuards(FunctionFacts function, RemainingStackChecks checks, ControlFlowGraph? flow, bool assumeGuarded)
    {
        Function = function;
        Checks = checks;
        Flow = flow;
        AssumesGuarded = assumeGuarded;
    }

    public FunctionFacts Function { get; }

    /// <summary>The function's remaining-stack queries and the conditions that test them.</summary>
    public RemainingStackChecks Checks { get; }

    /// <summary>The graph, when the function has stack checks and a body skeleton; null otherwise.</summary>
    public ControlFlowGraph? Flow { get; }

    /// <summary>
    /// True when the function queries the remaining stack but its facts carry no body skeleton (facts from an older
    /// front end): the checks cannot be placed, so every call is given the benefit of the doubt rather than reported.
    /// </summary>
    public bool AssumesGuarded { get; }

    public bool HasStackChecks => AssumesGuarded || Flow is { Decisions.IsEmpty: false };

    public static FunctionGuards Analyze(FunctionFacts function)
    {
        var checks = RemainingStackChecks.Of(function);
        bool queries = !checks.Queries.IsEmpty;
        if (function.Body.IsDefaultOrEmpty)
            return new FunctionGuards(function, checks, null, assumeGuarded: queries);
        if (!queries && !checks.HasConditions)
            return new FunctionGuards(function, checks, null, assumeGuarded: false);
        return new FunctionGuards(function, checks, ControlFlowGraph.Build(function.Body, checks.ConditionOf), assumeGuarded: false);
    }

    /// <summary>The stack check that guards a call, or null when none does.</summary>
    public StackDecision? GuardOf(CallSite site)
    {
        if (Flow is null || Flow.NodeOfCall(site.Index) is not int node) return null;
        foreach (var decision in Flow.Decisions)
            if (Flow.Dominates(decision.Enough, node))
                return decision;
        return null;
    }

    public bool IsGuarded(CallSite site) => AssumesGuarded || GuardOf(site) is not null;

    /// <summary>
    /// The stack decisions that test the result of one IoGetRemainingStackSize call: for a direct comparison, the
    /// nearest enclosing node with a StackCondition; for a stored result, the decisions on that local reachable
    /// after the call.
    /// </summary>
    public ImmutableArray<StackDecision> DecisionsOf(StackQuery query)
    {
        if (Flow is null) return [];
        var body = Function.Body;
        switch (query.Use)
        {
            case StackQueryUse.ComparedDirectly:
            {
                int callNode = -1;
                for (int i = 0; i < body.Length; i++)
                    if (body[i].Kind == BodyNodeKind.Call && body[i].CallIndex == query.CallIndex) { callNode = i; break; }
                // Walk up to the nearest node that carries the condition; the depth is bounded by the node count.
                for (int n = callNode, guard = 0; n >= 0 && n < body.Length && guard <= body.Length; n = body[n].Parent, guard++)
                    if (Checks.ConditionOf(n) is not null)
                        return [.. Flow.Decisions.Where(d => d.BodyNode == n)];
                return [];
            }
            case StackQueryUse.StoredInLocal when query.StoredInto is not null:
            {
                if (Flow.NodeOfCall(query.CallIndex) is not int from) return [];
                var reach = Flow.ReachableFrom(from, avoiding: -1);
                return [.. Flow.Decisions.Where(d =>
                    string.Equals(d.Condition.Source, query.StoredInto, StringComparison.Ordinal)
                    && (reach[d.WhenTrue] || reach[d.WhenFalse]))];
            }
            default:
                return [];
        }
    }
}
