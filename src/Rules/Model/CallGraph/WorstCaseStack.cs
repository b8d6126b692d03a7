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
/// costs at the least. Functions without a definition (imports) have no frame here: what they use is the
/// stack-hungry-call rules' business.
/// </summary>
public sealed class WorstCaseStack
{
    private readonly ProgramCallGraph _graph;
    private readonly StronglyConnectedComponents _components;
    private readonly long[] _frame;
    private readonly long[] _bytes;
    // Per node: the upper bound when a search through a cycle on the way was cut short, else the same as _bytes.
    private readonly long[] _atMost;
    private readonly bool[] _unbounded;
    // Per node outside a cycle: the edge (index into graph.Edges) the worst path continues with, or -1.
    private readonly int[] _next;
    // Per node inside a cycle: its route when the path enters the cycle there, _route[_routeStart[v].._routeStart[v + 1]]:
    // the edges through the cycle, then the edge that leaves it (when one does).
    private readonly int[] _routeStart;
    private readonly int[] _route;

    private WorstCaseStack(ProgramCallGraph graph, StronglyConnectedComponents components, long[] frame, long[] bytes, long[] atMost,
        bool[] unbounded, int[] next, int[] routeStart, int[] route)
    {
        _graph = graph;
        _components = components;
        _frame = frame;
        _bytes = bytes;
        _atMost = atMost;
        _unbounded = unbounded;
        _next = next;
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
            private int _next = node;
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
                int current = _next;
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
                int edge = cyclic ? (_routeAt < _routeEnd ? stack._route[_routeAt++] : -1) : stack._next[current];
                if (edge < 0)
                {
                    _done = true;
                }
                else
                {
                    _via = stack._graph.Edges[edge];
                    _next = _via.Callee;
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
        var bytes = new long[n];
        var atMost = new long[n];
        var unbounded = new bool[count];
        var next = new int[n];
        Array.Fill(next, -1);
        var routeStart = new int[n + 1];
        var route = new List<int>();
        var start = graph.EdgeStart;
        var target = graph.EdgeTarget;
        var search = new SimplePaths(graph, components, frame, bytes, atMost);

        // Component 0 has no successors outside itself; every successor component of c is numbered below c.
        // The routes through cycles are laid out per node once every component is done (nodes outside cycles have none).
        var routeOf = new int[n][];
        for (int c = 0; c < count; c++)
        {
            if (components.IsCyclic(c))
            {
                bool anyUnbounded = true;
                foreach (int v in components.Members(c))
                    for (int e = start[v]; e < start[v + 1]; e++)
                        if (components.ComponentOf(target[e]) != c) anyUnbounded |= unbounded[components.ComponentOf(target[e])];
                unbounded[c] = anyUnbounded;
                search.Run(c, routeOf);
                continue;
            }

            int u = components.Members(c)[0];
            bool reachesCycle = false;
            long best = frame[u];
            long most = frame[u];
            int bestEdge = -1;
            bool bestEdgeUnbounded = false;
            long bestEdgeBytes = -1;
            for (int e = start[u]; e < start[u + 1]; e++)
            {
                int w = target[e];
                bool wUnbounded = unbounded[components.ComponentOf(w)];
                reachesCycle |= wUnbounded;
                best = Math.Max(best, frame[u] + bytes[w]);
                most = Math.Max(most, frame[u] + atMost[w]);
                // The path shown leads towards recursion first, then to the deepest callee; ties keep the first call.
                if (bestEdge < 0 || (wUnbounded && !bestEdgeUnbounded) || (wUnbounded == bestEdgeUnbounded && bytes[w] > bestEdgeBytes))
                {
                    bestEdge = e;
                    bestEdgeUnbounded = wUnbounded;
                    bestEdgeBytes = bytes[w];
                }
            }
            bytes[u] = best;
            atMost[u] = most;
            unbounded[c] = reachesCycle;
            next[u] = bestEdge;
        }
        for (int v = 0; v < n; v++)
        {
            routeStart[v] = route.Count;
            if (routeOf[v] is { } edges) route.AddRange(edges);
        }
        routeStart[n] = route.Count;
        return new WorstCaseStack(graph, components, frame, bytes, atMost, unbounded, next, routeStart, [.. route]);
    }
}
