namespace StackLint.Rules.Model.CallGraph;

/// <summary>
/// The longest simple paths through one cycle of the call graph (a strongly connected component): from each member,
/// the path on through other members, each at most once, whose frames plus the worst exit at its end weigh the most.
/// That is what one round of the recursion costs at the least before it repeats, wherever the path entered the cycle.
/// Counting only the member a path enters by (and its exit) under-counts every call a path must make inside the
/// cycle before it can leave.
/// <para>
/// Longest simple path is NP-hard, so each member's search is a depth-first walk with an explicit stack (nothing
/// recurses over input depth) and a step budget. When the budget runs out the member keeps the deepest path found
/// so far (a real path, so still a lower bound) and gets an upper bound as well: every member's frame once plus the
/// worst exit of any member, which no path that runs each function at most once can exceed.
/// </para>
/// </summary>
internal sealed class SimplePaths
{
    /// <summary>Edges one member's search may follow: exhausts every cycle seen in real drivers (up to 18 functions) many times over.</summary>
    public const int StepsPerMember = 20_000;
    /// <summary>Edges all members of one cycle may follow together, so a cycle of thousands of functions stays linear.</summary>
    public const int StepsPerCycle = 1_000_000;
    private const int MinStepsPerMember = 64;

    private readonly ProgramCallGraph _graph;
    private readonly StronglyConnectedComponents _components;
    private readonly long[] _frame;
    private readonly long[] _bytes;
    private readonly long[] _atMost;
    // Index of a node within the component being searched, -1 elsewhere (reset after each component).
    private readonly int[] _local;

    /// <param name="bytes">Worst case per node, filled for every component numbered below the one searched; Run fills its members.</param>
    /// <param name="atMost">Upper bound per node, likewise.</param>
    public SimplePaths(ProgramCallGraph graph, StronglyConnectedComponents components, long[] frame, long[] bytes, long[] atMost)
    {
        _graph = graph;
        _components = components;
        _frame = frame;
        _bytes = bytes;
        _atMost = atMost;
        _local = new int[graph.NodeCount];
        Array.Fill(_local, -1);
    }

    /// <summary>
    /// Fills bytes and atMost for the members of cyclic component <paramref name="c"/>, and each member's route: the
    /// edges (indexes into graph.Edges) of its longest simple path through the cycle, then the edge that leaves it, if any.
    /// </summary>
    public void Run(int c, int[][] routeOf)
    {
        var members = _components.Members(c).ToArray();
        int k = members.Length;
        var start = _graph.EdgeStart;
        var target = _graph.EdgeTarget;
        for (int i = 0; i < k; i++) _local[members[i]] = i;

        // Each member's worst exit (the call leaving the cycle that leads deepest; ties keep the first call) and the
        // calls to other members, one per callee (the first), heaviest callee first so a cut-short search has
        // followed the likeliest deep paths.
        var exitBytes = new long[k];
        var exitMost = new long[k];
        var exitEdge = new int[k];
        var adjStart = new int[k + 1];
        var adjEdge = new List<int>();
        var adjTo = new List<int>();
        long totalFrames = 0, maxExit = 0, maxExitMost = 0;
        bool loose = false;
        var seen = new HashSet<int>();
        for (int i = 0; i < k; i++)
        {
            int v = members[i];
            totalFrames += _frame[v];
            exitEdge[i] = -1;
            adjStart[i] = adjEdge.Count;
            seen.Clear();
            for (int e = start[v]; e < start[v + 1]; e++)
            {
                int w = target[e];
                int j = _local[w];
                if (j < 0)
                {
                    if (exitEdge[i] < 0 || _bytes[w] > exitBytes[i]) { exitEdge[i] = e; exitBytes[i] = _bytes[w]; }
                    exitMost[i] = Math.Max(exitMost[i], _atMost[w]);
                    loose |= _atMost[w] > _bytes[w];
                }
                else if (j != i && seen.Add(j))
                {
                    adjEdge.Add(e);
                    adjTo.Add(j);
                }
            }
            // Heaviest callee first; among equal frames the call that comes first.
            int from = adjStart[i], length = adjEdge.Count - from;
            var order = Enumerable.Range(from, length).OrderByDescending(x => _frame[members[adjTo[x]]]).ThenBy(x => adjEdge[x]).ToArray();
            var edges = order.Select(x => adjEdge[x]).ToArray();
            var tos = order.Select(x => adjTo[x]).ToArray();
            for (int x = 0; x < length; x++) { adjEdge[from + x] = edges[x]; adjTo[from + x] = tos[x]; }
            maxExit = Math.Max(maxExit, exitBytes[i]);
            maxExitMost = Math.Max(maxExitMost, exitMost[i]);
        }
        adjStart[k] = adjEdge.Count;

        int budget = Math.Clamp(StepsPerCycle / k, MinStepsPerMember, StepsPerMember);
        long ceiling = totalFrames + maxExit;
        var pathLocal = new int[k];
        var pathEdge = new int[k];
        var cursor = new int[k];
        var onPath = new bool[k];
        var bestEdges = new List<int>();
        for (int i0 = 0; i0 < k; i0++)
        {
            int depth = 1;
            pathLocal[0] = i0;
            cursor[0] = adjStart[i0];
            onPath[i0] = true;
            long sum = _frame[members[i0]];
            long best = sum + exitBytes[i0];
            int bestEnd = i0;
            bestEdges.Clear();
            int steps = 0;
            bool capped = false;
            while (depth > 0 && best < ceiling)
            {
                int v = pathLocal[depth - 1];
                if (cursor[depth - 1] == adjStart[v + 1])
                {
                    onPath[v] = false;
                    sum -= _frame[members[v]];
                    depth--;
                    continue;
                }
                int a = cursor[depth - 1]++;
                int w = adjTo[a];
                if (onPath[w]) continue;
                if (++steps > budget)
                {
                    capped = true;
                    break;
                }
                pathLocal[depth] = w;
                pathEdge[depth] = adjEdge[a];
                cursor[depth] = adjStart[w];
                onPath[w] = true;
                sum += _frame[members[w]];
                depth++;
                if (sum + exitBytes[w] > best)
                {
                    best = sum + exitBytes[w];
                    bestEnd = w;
                    bestEdges.Clear();
                    for (int d = 1; d < depth; d++) bestEdges.Add(pathEdge[d]);
                }
            }
            for (int d = 0; d < depth; d++) onPath[pathLocal[d]] = false;

            int member = members[i0];
            _bytes[member] = best;
            // Exhausted (or at the ceiling no path can pass) with exact exits: the figure is exact for simple paths.
            _atMost[member] = capped || loose ? Math.Max(best, totalFrames + maxExitMost) : best;
            if (exitEdge[bestEnd] >= 0) bestEdges.Add(exitEdge[bestEnd]);
            routeOf[member] = [.. bestEdges];
        }
        for (int i = 0; i < k; i++) _local[members[i]] = -1;
    }
}
