using System.Collections;
using System.Collections.Immutable;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model.Guards;

namespace StackLint.Rules.Model.ControlFlow;

public enum FlowNodeKind
{
    Entry,
    Exit,
    /// <summary>A call; CallIndex names it in FunctionFacts.Calls.</summary>
    Call,
    /// <summary>Where a condition's value is tested: one successor per outcome (two, or one per case for a switch).</summary>
    Branch,
    /// <summary>The start of one outcome of a condition: the node every path taking that outcome passes through.</summary>
    Outcome,
    /// <summary>A join point, loop head, or break/continue/leave target.</summary>
    Join,
    /// <summary>A goto label, case or default label.</summary>
    Label,
}

/// <summary>One node of a function's control-flow graph, tied back to the body skeleton node it came from (-1 for none).</summary>
public sealed record FlowNode(int Id, FlowNodeKind Kind, int BodyNode, int CallIndex);

/// <summary>
/// A condition that depends on the remaining stack and the two outcome nodes it leads to. Enough is the outcome
/// taken when the stack is large enough; every node it dominates runs only after a passed check.
/// </summary>
public sealed record StackDecision(int BodyNode, StackCondition Condition, int WhenTrue, int WhenFalse, int Line)
{
    public int Enough => Condition.LowWhenTrue ? WhenFalse : WhenTrue;
    public int Low => Condition.LowWhenTrue ? WhenTrue : WhenFalse;
}

/// <summary>
/// The two outcome nodes of a body node whose condition the front end described (<see cref="BodyNode.Condition"/>):
/// every node WhenTrue dominates runs only when the condition held, every node WhenFalse dominates only when it did not.
/// </summary>
public sealed record ConditionOutcomes(int BodyNode, int WhenTrue, int WhenFalse);

/// <summary>
/// The control-flow graph of one function, built from its body skeleton (ControlFlowBuilder), with dominators.
/// Node 0 is the entry and node 1 the exit. Unreachable code still has nodes (a label can make it reachable) but
/// no path from the entry, and nothing unreachable dominates or is dominated.
/// </summary>
public sealed class ControlFlowGraph
{
    private readonly int[][] _successors;
    private readonly int[][] _predecessors;
    private readonly Dictionary<int, int> _nodeOfCall;
    private readonly BitArray _reachable;

    internal ControlFlowGraph(ImmutableArray<FlowNode> nodes, int[][] successors, Dictionary<int, int> nodeOfCall, ImmutableArray<StackDecision> decisions,
        ImmutableArray<ConditionOutcomes> conditions)
    {
        Conditions = conditions;
        Nodes = nodes;
        _successors = successors;
        _nodeOfCall = nodeOfCall;
        Decisions = decisions;

        var predecessors = new List<int>[nodes.Length];
        for (int i = 0; i < nodes.Length; i++) predecessors[i] = [];
        for (int i = 0; i < nodes.Length; i++)
            foreach (int s in successors[i])
                predecessors[s].Add(i);
        _predecessors = [.. predecessors.Select(p => p.ToArray())];
        _reachable = ReachableFrom(Entry, avoiding: -1);
        Dominators = DominatorTree.Compute(this);
    }

    public const int Entry = 0;
    public const int Exit = 1;

    public ImmutableArray<FlowNode> Nodes { get; }
    public int NodeCount => Nodes.Length;
    public ImmutableArray<StackDecision> Decisions { get; }

    /// <summary>The outcomes of every described condition, in the order the graph was built.</summary>
    public ImmutableArray<ConditionOutcomes> Conditions { get; }
    public DominatorTree Dominators { get; }

    public IReadOnlyList<int> Successors(int node) => _successors[node];
    public IReadOnlyList<int> Predecessors(int node) => _predecessors[node];

    /// <summary>The node of a call (by CallSite.Index), or null when the body skeleton does not contain it.</summary>
    public int? NodeOfCall(int callIndex) => _nodeOfCall.TryGetValue(callIndex, out int n) ? n : null;

    public bool IsReachable(int node) => _reachable[node];

    /// <summary>True when a dominates b (every path from the entry to b passes through a); false for unreachable nodes.</summary>
    public bool Dominates(int a, int b) => Dominators.Dominates(a, b);

    /// <summary>Every node reachable from 'from' (itself included) on paths that do not pass through 'avoiding' (-1: none).</summary>
    public BitArray ReachableFrom(int from, int avoiding)
    {
        var seen = new BitArray(Nodes.Length);
        if (from == avoiding) return seen;
        var work = new Stack<int>();
        seen[from] = true;
        work.Push(from);
        while (work.Count > 0)
        {
            int v = work.Pop();
            foreach (int w in _successors[v])
            {
                if (w == avoiding || seen[w]) continue;
                seen[w] = true;
                work.Push(w);
            }
        }
        return seen;
    }

    /// <summary>The graph of a body skeleton, with no stack decisions.</summary>
    public static ControlFlowGraph Build(ImmutableArray<BodyNode> body) => ControlFlowBuilder.Build(body, _ => null);

    /// <summary>The graph of a body skeleton, with a decision at every node whose condition tests the remaining stack.</summary>
    public static ControlFlowGraph Build(ImmutableArray<BodyNode> body, Func<int, StackCondition?> stackConditionOf) =>
        ControlFlowBuilder.Build(body, stackConditionOf);
}

/// <summary>
/// Immediate dominators by the iterative algorithm of Cooper, Harvey and Kennedy ("A Simple, Fast Dominance
/// Algorithm") over reverse postorder, then pre/post numbers on the dominator tree so that a dominance query is
/// two comparisons. Every walk uses an explicit stack.
/// </summary>
public sealed class DominatorTree
{
    private readonly int[] _idom;
    private readonly int[] _pre;
    private readonly int[] _post;

    private DominatorTree(int[] idom, int[] pre, int[] post)
    {
        _idom = idom;
        _pre = pre;
        _post = post;
    }

    /// <summary>The immediate dominator, the entry's own id for the entry, -1 for unreachable nodes.</summary>
    public int ImmediateDominator(int node) => _idom[node];

    public bool Dominates(int a, int b) =>
        _idom[a] >= 0 && _idom[b] >= 0 && _pre[a] <= _pre[b] && _post[b] <= _post[a];

    internal static DominatorTree Compute(ControlFlowGraph graph)
    {
        int n = graph.NodeCount;
        var order = ReversePostorder(graph);
        var rpoNumber = new int[n];
        Array.Fill(rpoNumber, -1);
        for (int i = 0; i < order.Count; i++) rpoNumber[order[i]] = i;

        var idom = new int[n];
        Array.Fill(idom, -1);
        idom[ControlFlowGraph.Entry] = ControlFlowGraph.Entry;
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int i = 1; i < order.Count; i++)
            {
                int b = order[i];
                int newIdom = -1;
                foreach (int p in graph.Predecessors(b))
                {
                    if (idom[p] < 0) continue;
                    newIdom = newIdom < 0 ? p : Intersect(p, newIdom, idom, rpoNumber);
                }
                if (newIdom >= 0 && idom[b] != newIdom)
                {
                    idom[b] = newIdom;
                    changed = true;
                }
            }
        }

        // Number the dominator tree by an explicit-stack depth-first walk.
        var children = new List<int>[n];
        for (int v = 0; v < n; v++)
            if (idom[v] >= 0 && v != ControlFlowGraph.Entry)
                (children[idom[v]] ??= []).Add(v);
        var pre = new int[n];
        var post = new int[n];
        int clock = 0;
        var stack = new Stack<(int Node, int Next)>();
        stack.Push((ControlFlowGraph.Entry, 0));
        pre[ControlFlowGraph.Entry] = clock++;
        while (stack.Count > 0)
        {
            var (v, next) = stack.Pop();
            var kids = children[v];
            if (kids is not null && next < kids.Count)
            {
                stack.Push((v, next + 1));
                int c = kids[next];
                pre[c] = clock++;
                stack.Push((c, 0));
            }
            else
            {
                post[v] = clock++;
            }
        }
        return new DominatorTree(idom, pre, post);
    }

    private static int Intersect(int a, int b, int[] idom, int[] rpo)
    {
        while (a != b)
        {
            while (rpo[a] > rpo[b]) a = idom[a];
            while (rpo[b] > rpo[a]) b = idom[b];
        }
        return a;
    }

    private static List<int> ReversePostorder(ControlFlowGraph graph)
    {
        var postorder = new List<int>();
        var visited = new BitArray(graph.NodeCount);
        var stack = new Stack<(int Node, int Next)>();
        visited[ControlFlowGraph.Entry] = true;
        stack.Push((ControlFlowGraph.Entry, 0));
        while (stack.Count > 0)
        {
            var (v, next) = stack.Pop();
            var successors = graph.Successors(v);
            if (next < successors.Count)
            {
                stack.Push((v, next + 1));
                int w = successors[next];
                if (!visited[w])
                {
                    visited[w] = true;
                    stack.Push((w, 0));
                }
            }
            else
            {
                postorder.Add(v);
            }
        }
        postorder.Reverse();
        return postorder;
    }
}
