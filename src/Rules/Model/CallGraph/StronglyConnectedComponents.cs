namespace StackLint.Rules.Model.CallGraph;

/// <summary>
/// Strongly connected components by Tarjan's algorithm, iterative (an explicit stack of (node, next edge) pairs)
/// so a 200,000-deep call chain cannot overflow the managed stack; O(nodes + edges).
/// Components are numbered in reverse topological order, as Tarjan emits them: an edge between two different
/// components always goes from a higher number to a lower one, so component 0 has no successors outside itself.
/// Bottom-up summaries walk 0..Count-1; forward propagation walks Count-1..0.
/// </summary>
public sealed class StronglyConnectedComponents
{
    private readonly int[] _componentOf;
    private readonly int[] _memberStart;
    private readonly int[] _members;
    private readonly bool[] _cyclic;

    private StronglyConnectedComponents(int[] componentOf, int[] memberStart, int[] members, bool[] cyclic)
    {
        _componentOf = componentOf;
        _memberStart = memberStart;
        _members = members;
        _cyclic = cyclic;
    }

    public int Count => _cyclic.Length;

    public int ComponentOf(int node) => _componentOf[node];

    /// <summary>The nodes of a component, in the order Tarjan popped them.</summary>
    public ReadOnlySpan<int> Members(int component) => _members.AsSpan(_memberStart[component], _memberStart[component + 1] - _memberStart[component]);

    /// <summary>A component is a cycle when it has several nodes or one node that calls itself.</summary>
    public bool IsCyclic(int component) => _cyclic[component];

    public bool IsInCycle(int node) => _cyclic[_componentOf[node]];

    public static StronglyConnectedComponents Compute(ProgramCallGraph graph) => Compute(graph.EdgeStart, graph.EdgeTarget);

    /// <summary>edgeStart has nodeCount + 1 entries; the successors of v are edgeTarget[edgeStart[v]..edgeStart[v+1]].</summary>
    public static StronglyConnectedComponents Compute(ReadOnlySpan<int> edgeStart, ReadOnlySpan<int> edgeTarget)
    {
        int n = edgeStart.Length - 1;
        var index = new int[n];
        var low = new int[n];
        var onStack = new bool[n];
        var componentOf = new int[n];
        var tarjanStack = new int[n];
        int tarjanTop = 0;
        var callNode = new int[n];
        var callEdge = new int[n];
        int callTop = 0;
        var members = new int[n];
        int memberCount = 0;
        var memberStart = new List<int>();
        var cyclic = new List<bool>();
        Array.Fill(index, -1);
        int counter = 0;

        for (int root = 0; root < n; root++)
        {
            if (index[root] != -1) continue;
            index[root] = low[root] = counter++;
            tarjanStack[tarjanTop++] = root;
            onStack[root] = true;
            callNode[callTop] = root;
            callEdge[callTop++] = edgeStart[root];

            while (callTop > 0)
            {
                int v = callNode[callTop - 1];
                int e = callEdge[callTop - 1];
                if (e < edgeStart[v + 1])
                {
                    callEdge[callTop - 1] = e + 1;
                    int w = edgeTarget[e];
                    if (index[w] == -1)
                    {
                        index[w] = low[w] = counter++;
                        tarjanStack[tarjanTop++] = w;
                        onStack[w] = true;
                        callNode[callTop] = w;
                        callEdge[callTop++] = edgeStart[w];
                    }
                    else if (onStack[w] && index[w] < low[v])
                    {
                        low[v] = index[w];
                    }
                    continue;
                }

                // All successors of v are done: return to the caller frame.
                callTop--;
                if (low[v] == index[v])
                {
                    int component = cyclic.Count;
                    memberStart.Add(memberCount);
                    int size = 0;
                    int x;
                    do
                    {
                        x = tarjanStack[--tarjanTop];
                        onStack[x] = false;
                        componentOf[x] = component;
                        members[memberCount++] = x;
                        size++;
                    }
                    while (x != v);
                    cyclic.Add(size > 1 || HasSelfLoop(v, edgeStart, edgeTarget));
                }
                if (callTop > 0)
                {
                    int parent = callNode[callTop - 1];
                    if (low[v] < low[parent]) low[parent] = low[v];
                }
            }
        }
        memberStart.Add(memberCount);
        return new StronglyConnectedComponents(componentOf, [.. memberStart], members, [.. cyclic]);
    }

    private static bool HasSelfLoop(int v, ReadOnlySpan<int> edgeStart, ReadOnlySpan<int> edgeTarget)
    {
        for (int e = edgeStart[v]; e < edgeStart[v + 1]; e++)
            if (edgeTarget[e] == v) return true;
        return false;
    }

    /// <summary>Compressed rows from an edge list, for callers (tests, benchmarks) that have plain pairs.</summary>
    public static (int[] EdgeStart, int[] EdgeTarget) ToRows(int nodeCount, IReadOnlyList<(int From, int To)> edges)
    {
        var start = new int[nodeCount + 1];
        foreach (var (from, _) in edges) start[from + 1]++;
        for (int i = 0; i < nodeCount; i++) start[i + 1] += start[i];
        var target = new int[edges.Count];
        var fill = (int[])start.Clone();
        foreach (var (from, to) in edges) target[fill[from]++] = to;
        return (start, target);
    }
}
