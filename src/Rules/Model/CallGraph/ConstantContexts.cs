using System.Globalization;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model.ControlFlow;

namespace StackLint.Rules.Model.CallGraph;

/// <summary>
/// The constants a call passes to a function's parameters, and which of that function's calls they rule out: a call
/// it makes only past a test of a parameter ('if (create)', 'if (Alloc)') cannot run when the caller passes a value
/// that fails the test ('Ext2MapExtent(..., FALSE, ...)'). A parameter the function passes on unchanged carries the
/// constant one call further. Worst paths use this so a read-only lookup does not count the allocate-on-write branch
/// below it. A context is a few (parameter, value) pairs, sorted by parameter; an empty one is the function as any
/// caller may run it.
/// </summary>
internal sealed class ConstantContexts(ProgramCallGraph graph)
{
    // Per function: for each of its calls (by call index), the parameter tests every path to the call passes; built
    // once per function, only for functions some constant reaches.
    private readonly Dictionary<int, Dictionary<int, List<BoundedRecursion.ParameterTest>>?> _guards = [];

    /// <summary>The key of a context in a lookup: "2=0;4=1".</summary>
    public static string Key(IReadOnlyList<(int Parameter, long Value)> context) =>
        string.Join(";", context.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Parameter}={p.Value}")));

    /// <summary>
    /// What the call of this edge passes as constants: literal integers and NULL, and parameters of the caller it
    /// passes on unchanged that its own context fixes. Only calls whose arguments are the callee's parameters count
    /// (direct and resolved pointer calls; a registration's arguments are the API's).
    /// </summary>
    public IReadOnlyList<(int Parameter, long Value)> Passed(CallEdge edge, IReadOnlyList<(int Parameter, long Value)> callerContext)
    {
        if (edge.Site is not { } site || edge.Kind == CallEdgeKind.Callback || site.Arguments.IsDefaultOrEmpty) return [];
        if (graph.Nodes[edge.Callee].Definition is not { } callee) return [];
        List<(int, long)>? result = null;
        var caller = graph.Nodes[edge.Caller].Definition?.Function;
        int count = Math.Min(site.Arguments.Length, callee.Function.Parameters.Length);
        for (int i = 0; i < count; i++)
        {
            var argument = site.Arguments[i];
            if (argument.IsNullPointer) (result ??= []).Add((i, 0));
            else if (argument.ConstantValue is long value) (result ??= []).Add((i, value));
            else if (caller is not null && callerContext.Count > 0 && BoundedRecursion.UnchangedParameter(caller, argument) is int parameter)
            {
                foreach (var (p, v) in callerContext)
                    if (p == parameter) (result ??= []).Add((i, v));
            }
        }
        return result is null ? [] : result;
    }

    /// <summary>Whether the context rules out the call of this edge: a test every path to it passes fails for a constant the context fixes.</summary>
    public bool RulesOut(CallEdge edge, IReadOnlyList<(int Parameter, long Value)> context)
    {
        if (context.Count == 0 || edge.Site is not { } site) return false;
        if (Guards(edge.Caller) is not { } guards || !guards.TryGetValue(site.Index, out var tests)) return false;
        foreach (var test in tests)
            foreach (var (p, v) in context)
                if (p == test.Parameter && test.Copy is null && test.FailsFor(new BoundedRecursion.Known(v, "")))
                    return true;
        return false;
    }

    private Dictionary<int, List<BoundedRecursion.ParameterTest>>? Guards(int node)
    {
        if (_guards.TryGetValue(node, out var known)) return known;
        Dictionary<int, List<BoundedRecursion.ParameterTest>>? result = null;
        if (graph.Nodes[node].Definition is { } definition && !definition.Function.Body.IsDefaultOrEmpty)
        {
            var function = definition.Function;
            var flow = ControlFlowGraph.Build(function.Body);
            result = [];
            foreach (var call in function.Calls)
                if (flow.NodeOfCall(call.Index) is int callNode && BoundedRecursion.ParameterTests(function, flow, callNode, anywhere: false) is { Count: > 0 } tests)
                    result[call.Index] = tests;
        }
        _guards[node] = result;
        return result;
    }
}
