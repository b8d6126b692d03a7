using System.Collections.Immutable;
using StackLint.Frontend.Facts;

namespace StackLint.Rules.Model.CallGraph;

/// <summary>
/// The most stack a call can take below (and including) a function. Unbounded when some call path from it runs
/// through recursion: then Bytes is what the deepest path costs when each function on it runs at most once (the
/// longest simple path through each cycle), the depth reached before the recursion repeats: a lower bound, never a
/// guess. AtMost is set when the search for that path through some cycle on the way was cut short (a large, densely
/// connected cycle, <see cref="SimplePaths"/>): Bytes is then the deepest path the search found, and AtMost what
/// no path that runs each function once can exceed (every function of such a cycle counted once).
/// </summary>
public readonly record struct StackUse(long Bytes, bool IsUnbounded, long? AtMost = null)
{
    public override string ToString() => IsUnbounded
        ? (AtMost is { } most ? $"unbounded (at least {Bytes}, at most {most} before the recursion repeats)" : $"unbounded (at least {Bytes})")
        : Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// One function on a worst path: its own frame and the edge that led to it (null for the first). EntersCycle marks
/// the first function of each cycle the path reaches; InCycle every function the path visits inside a cycle.
/// </summary>
public readonly record struct PathStep(int Node, string Name, long Frame, CallEdge? Via, bool EntersCycle, bool InCycle = false);

/// <summary>
/// Worst-case stack per function: max over call paths of the sum of frame estimates, computed bottom-up over the
/// SCC condensation (components in reverse topological order), so it needs no recursion. Through a cycle the path
/// runs each function at most once: from the member it enters by, the longest simple path through the cycle to the
/// member it leaves from (a bounded search, <see cref="SimplePaths"/>), which is what one round of the recursion
/// costs at the least. A call that passes constants is followed into the callee as that caller runs it: the calls
/// the callee makes only past a test those constants fail are left out (<see cref="ConstantContexts"/>; outside
/// cycles, at most <see cref="MaxContextsPerFunction"/> contexts per function, beyond that the function as any caller
/// runs it). Functions without a definition (imports) have no frame here: what they use is the stack-hungry-call
/// rules' business.
/// </summary>
public sealed class WorstCaseStack
{
    /// <summary>How many sets of constants one function is followed with before further ones take its plain worst case (an upper bound).</summary>
    public const int MaxContextsPerFunction = 8;

    private readonly ProgramCallGraph _graph;
    private readonly StronglyConnectedComponents _components;
    private readonly long[] _frame;
    // Per state: states 0..NodeCount-1 are the functions as any caller runs them, the rest a function with the
    // constants some call passes (_stateNode names the function).
    private readonly int[] _stateNode;
    private readonly long[] _bytes;
    // The upper bound when a search through a cycle on the way was cut short, else the same as _bytes.
    private readonly long[] _atMost;
    // Outside a cycle: the edge (index into graph.Edges) the worst path continues with, or -1, and the state it leads to.
    private readonly int[] _next;
    private readonly int[] _nextState;
    private readonly bool[] _unbounded;
    // Per node inside a cycle: its route when the path enters the cycle there, _route[_routeStart[v].._routeStart[v + 1]]:
    // the edges through the cycle, then the edge that leaves it (when one does).
    private readonly int[] _routeStart;
    private readonly int[] _route;

    private WorstCaseStack(ProgramCallGraph graph, StronglyConnectedComponents components, long[] frame, int[] stateNode, long[] bytes, long[] atMost,
        int[] next, int[] nextState, bool[] unbounded, int[] routeStart, int[] route)
    {
        _graph = graph;
        _components = components;
        _frame = frame;
        _stateNode = stateNode;
        _bytes = bytes;
        _atMost = atMost;
        _next = next;
        _nextState = nextState;
        _unbounded = unbounded;
        _routeStart = routeStart;
        _route = route;
    }

    public long FrameOf(int node) => _frame[node];

    public StackUse this[int node] => new(_bytes[node], _unbounded[_components.ComponentOf(node)], _atMost[node] > _bytes[node] ? _atMost[node] : null);

    /// <summary>
    /// The worst path from a function, one step per function, each function at most once. Through a cycle it runs
    /// the cycle's longest simple path from the member it entered by, then leaves by that member's worst exit.
    /// </summary>
    public ImmutableArray<PathStep> WorstPath(int node)
    {
        var steps = ImmutableArray.CreateBuilder<PathStep>();
        foreach (var step in Walk(node)) steps.Add(step);
        return steps.ToImmutable();
    }

    /// <summary>
    /// The steps of <see cref="WorstPath"/> one at a time, without keeping them: a deep path through a large driver is
    /// hundreds of functions, and a rule that reports its first few and sums up the rest need not hold them all.
    /// </summary>
    public PathWalk Walk(int node) => new(this, node);

    /// <summary>A walk down a worst path (a struct enumerable: foreach over it allocates nothing).</summary>
    public readonly struct PathWalk(WorstCaseStack stack, int node)
    {
        public Enumerator GetEnumerator() => new(stack, node);

        public struct Enumerator(WorstCaseStack stack, int node)
        {
            private int _state = node;
            private CallEdge? _via;
            private int _steps;
            private bool _done;
            // Inside a cycle: the next position in the route of the member the path entered by, and its end.
            private int _routeAt = -1;
            private int _routeEnd = -1;

            public PathStep Current { get; private set; }

            public bool MoveNext()
            {
                // The path visits each function at most once, so the node count bounds the walk.
                if (_done || _steps > stack._graph.NodeCount) return false;
                int current = stack._stateNode[_state];
                int c = stack._components.ComponentOf(current);
                bool cyclic = stack._components.IsCyclic(c);
                bool enters = cyclic && (_via is null || stack._components.ComponentOf(_via.Caller) != c);
                if (enters)
                {
                    _routeAt = stack._routeStart[current];
                    _routeEnd = stack._routeStart[current + 1];
                }
                Current = new PathStep(current, stack._graph.Nodes[current].Name, stack._frame[current], _via, enters, cyclic);
                _steps++;
                int edge, nextState;
                if (cyclic)
                {
                    edge = _routeAt < _routeEnd ? stack._route[_routeAt++] : -1;
                    nextState = edge < 0 ? -1 : stack._graph.Edges[edge].Callee;
                }
                else
                {
                    edge = stack._next[_state];
                    nextState = stack._nextState[_state];
                }
                if (edge < 0)
                {
                    _done = true;
                }
                else
                {
                    _via = stack._graph.Edges[edge];
                    _state = nextState;
                }
                return true;
            }
        }
    }

    /// <param name="frameSize">The frame estimate of a defined function (the lead wires FrameTable here).</param>
    public static WorstCaseStack Compute(ProgramCallGraph graph, StronglyConnectedComponents components, Func<FunctionFacts, long> frameSize)
    {
        int n = graph.NodeCount;
        var frame = new long[n];
        // A force-inlined helper has no frame of its own on a path: every caller's estimate already holds its copy.
        // Its node stays, so the calls it makes still lead on from the caller.
        for (int v = 0; v < n; v++)
            frame[v] = graph.Nodes[v].Definition is { } d && d.Function.Inlining != FunctionInlining.ForceInline ? Math.Max(0, frameSize(d.Function)) : 0;

        int count = components.Count;
        var start = graph.EdgeStart;
        var target = graph.EdgeTarget;
        var edges = graph.Edges;

        // Top-down: the states constants create. A call out of a function (as any caller runs it, or with constants)
        // that passes constants leads to its callee with those constants, when the callee is outside every cycle and
        // has fewer than MaxContextsPerFunction of them; calls the constants rule out lead nowhere.
        var contexts = new ConstantContexts(graph);
        var stateNode = new List<int>(n);
        var stateContext = new List<IReadOnlyList<(int Parameter, long Value)>>(n);
        IReadOnlyList<(int Parameter, long Value)> none = [];
        var statesOf = new List<int>?[n];
        for (int v = 0; v < n; v++)
        {
            stateNode.Add(v);
            stateContext.Add(none);
        }
        var stateByKey = new Dictionary<(int Node, string Key), int>();
        var leadsTo = new Dictionary<(int State, int Edge), int>();
        var ruledOut = new HashSet<(int State, int Edge)>();
        for (int c = count - 1; c >= 0; c--)
        {
            if (components.IsCyclic(c)) continue;
            int u = components.Members(c)[0];
            for (int k = -1; k < (statesOf[u]?.Count ?? 0); k++)
            {
                int s = k < 0 ? u : statesOf[u]![k];
                for (int e = start[u]; e < start[u + 1]; e++)
                {
                    if (contexts.RulesOut(edges[e], stateContext[s]))
                    {
                        ruledOut.Add((s, e));
                        continue;
                    }
                    int w = target[e];
                    if (components.IsCyclic(components.ComponentOf(w))) continue;
                    var passed = contexts.Passed(edges[e], stateContext[s]);
                    if (passed.Count == 0) continue;
                    var key = (w, ConstantContexts.Key(passed));
                    if (!stateByKey.TryGetValue(key, out int t))
                    {
                        if ((statesOf[w]?.Count ?? 0) >= MaxContextsPerFunction) continue;
                        t = stateNode.Count;
                        stateNode.Add(w);
                        stateContext.Add(passed);
                        (statesOf[w] ??= []).Add(t);
                        stateByKey[key] = t;
                    }
                    leadsTo[(s, e)] = t;
                }
            }
        }

        int states = stateNode.Count;
        var bytes = new long[states];
        var atMost = new long[states];
        var next = new int[states];
        var nextState = new int[states];
        Array.Fill(next, -1);
        Array.Fill(nextState, -1);
        var unbounded = new bool[count];
        var routeOf = new int[n][];
        var search = new SimplePaths(graph, components, frame, bytes, atMost);

        // Bottom-up: component 0 has no successors outside itself; every successor component of c is numbered below c.
        for (int c = 0; c < count; c++)
        {
            if (components.IsCyclic(c))
            {
                foreach (int v in components.Members(c))
                    for (int e = start[v]; e < start[v + 1]; e++)
                        if (components.ComponentOf(target[e]) != c) unbounded[c] |= unbounded[components.ComponentOf(target[e])];
                unbounded[c] = true;
                search.Run(c, routeOf);
                continue;
            }

            int u = components.Members(c)[0];
            for (int e = start[u]; e < start[u + 1]; e++)
                unbounded[c] |= unbounded[components.ComponentOf(target[e])];
            for (int k = -1; k < (statesOf[u]?.Count ?? 0); k++)
            {
                int s = k < 0 ? u : statesOf[u]![k];
                long best = frame[u];
                long most = frame[u];
                int bestEdge = -1;
                bool bestEdgeUnbounded = false;
                long bestEdgeBytes = -1;
                for (int e = start[u]; e < start[u + 1]; e++)
                {
                    if (ruledOut.Contains((s, e))) continue;
                    int t = leadsTo.TryGetValue((s, e), out int to) ? to : target[e];
                    bool wUnbounded = unbounded[components.ComponentOf(target[e])];
                    best = Math.Max(best, frame[u] + bytes[t]);
                    most = Math.Max(most, frame[u] + atMost[t]);
                    // The path shown leads towards recursion first, then to the deepest callee; ties keep the first call.
                    if (bestEdge < 0 || (wUnbounded && !bestEdgeUnbounded) || (wUnbounded == bestEdgeUnbounded && bytes[t] > bestEdgeBytes))
                    {
                        bestEdge = e;
                        bestEdgeUnbounded = wUnbounded;
                        bestEdgeBytes = bytes[t];
                        nextState[s] = t;
                    }
                }
                bytes[s] = best;
                atMost[s] = most;
                next[s] = bestEdge;
            }
        }

        // The routes through cycles, laid out per node (nodes outside cycles have none).
        var routeStart = new int[n + 1];
        var route = new List<int>();
        for (int v = 0; v < n; v++)
        {
            routeStart[v] = route.Count;
            if (routeOf[v] is { } steps) route.AddRange(steps);
        }
        routeStart[n] = route.Count;
        return new WorstCaseStack(graph, components, frame, [.. stateNode], bytes, atMost, next, nextState, unbounded, routeStart, [.. route]);
    }
}
