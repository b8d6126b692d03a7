using System.Collections.Immutable;
using StackLint.Frontend.Facts;

namespace StackLint.Rules.Model.CallGraph;

/// <summary>
/// The most stack a call can take below (and including) a function. Unbounded when some call path from it runs
/// through recursion: then Bytes is only what one pass through each cycle costs, a lower bound, never a guess.
/// </summary>
public readonly record struct StackUse(long Bytes, bool IsUnbounded)
{
    public override string ToString() => IsUnbounded ? $"unbounded (at least {Bytes})" : Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One function on a worst path: its own frame and the edge that led to it (null for the first).</summary>
public readonly record struct PathStep(int Node, string Name, long Frame, CallEdge? Via, bool EntersCycle);

/// <summary>
/// Worst-case stack per function: max over call paths of the sum of frame estimates, computed bottom-up over the
/// SCC condensation (components in reverse topological order), so it is linear and needs no recursion. Functions
/// without a definition (imports) have no frame here: what they use is the stack-hungry-call rules' business.
/// </summary>
public sealed class WorstCaseStack
{
    private readonly ProgramCallGraph _graph;
    private readonly StronglyConnectedComponents _components;
    private readonly long[] _frame;
    private readonly long[] _bytes;
    private readonly bool[] _unbounded;
    // The edge (index into graph.Edges) the worst path continues with, or -1.
    private readonly int[] _next;

    private WorstCaseStack(ProgramCallGraph graph, StronglyConnectedComponents components, long[] frame, long[] bytes, bool[] unbounded, int[] next)
    {
        _graph = graph;
        _components = components;
        _frame = frame;
        _bytes = bytes;
        _unbounded = unbounded;
        _next = next;
    }

    public long FrameOf(int node) => _frame[node];

    public StackUse this[int node]
    {
        get
        {
            int c = _components.ComponentOf(node);
            return new StackUse(_bytes[c], _unbounded[c]);
        }
    }

    /// <summary>
    /// The worst path from a function, one step per function. It stops at the first function of a cycle (marked
    /// EntersCycle): beyond that the depth is unbounded.
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

            public PathStep Current { get; private set; }

            public bool MoveNext()
            {
                // An acyclic continuation never revisits a component, so the node count bounds the walk.
                if (_done || _steps > stack._graph.NodeCount) return false;
                int current = _next;
                int c = stack._components.ComponentOf(current);
                bool cyclic = stack._components.IsCyclic(c);
                Current = new PathStep(current, stack._graph.Nodes[current].Name, stack._frame[current], _via, cyclic);
                _steps++;
                if (cyclic || stack._next[c] < 0)
                {
                    _done = true;
                }
                else
                {
                    _via = stack._graph.Edges[stack._next[c]];
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
        var bytes = new long[count];
        var unbounded = new bool[count];
        var next = new int[count];
        var start = graph.EdgeStart;
        var target = graph.EdgeTarget;

        // Component 0 has no successors outside itself; every successor component of c is numbered below c.
        for (int c = 0; c < count; c++)
        {
            bool cyclic = components.IsCyclic(c);
            bool anyUnbounded = cyclic;
            long best = 0;
            int bestEdge = -1;
            bool bestEdgeUnbounded = false;
            long bestEdgeBytes = -1;
            foreach (int v in components.Members(c))
            {
                // Inside a cycle, entering at any member can reach every member, so a pass that leaves from v costs at
                // least frame(v) plus v's worst exit: the largest such pass is a valid lower bound for the component.
                long own = frame[v];
                long here = own;
                for (int e = start[v]; e < start[v + 1]; e++)
                {
                    int d = components.ComponentOf(target[e]);
                    if (d == c) continue;
                    anyUnbounded |= unbounded[d];
                    if (own + bytes[d] > here) here = own + bytes[d];
                    // The path shown leads towards recursion first, then to the deepest callee; ties keep the first call.
                    if (bestEdge < 0 || (unbounded[d] && !bestEdgeUnbounded) || (unbounded[d] == bestEdgeUnbounded && bytes[d] > bestEdgeBytes))
                    {
                        bestEdge = e;
                        bestEdgeUnbounded = unbounded[d];
                        bestEdgeBytes = bytes[d];
                    }
                }
                if (here > best) best = here;
            }
            bytes[c] = best;
            unbounded[c] = anyUnbounded;
            next[c] = cyclic ? -1 : bestEdge;
        }
        return new WorstCaseStack(graph, components, frame, bytes, unbounded, next);
    }
}
