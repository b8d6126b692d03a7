using StackLint.Rules.Model.CallGraph;
using Xunit;

namespace StackLint.Tests.CallGraph;

public sealed class SccTests
{
    private static StronglyConnectedComponents Scc(int n, params (int, int)[] edges)
    {
        var (start, target) = StronglyConnectedComponents.ToRows(n, edges);
        return StronglyConnectedComponents.Compute(start, target);
    }

    [Fact]
    public void Self_loop_is_a_cycle_and_a_plain_node_is_not()
    {
        var scc = Scc(2, (0, 0), (0, 1));
        Assert.True(scc.IsInCycle(0));
        Assert.False(scc.IsInCycle(1));
        Assert.Equal(2, scc.Count);
    }

    [Fact]
    public void Mutual_recursion_is_one_component()
    {
        var scc = Scc(3, (0, 1), (1, 0), (1, 2));
        Assert.Equal(scc.ComponentOf(0), scc.ComponentOf(1));
        Assert.NotEqual(scc.ComponentOf(1), scc.ComponentOf(2));
        Assert.True(scc.IsInCycle(0));
        Assert.False(scc.IsInCycle(2));
    }

    [Fact]
    public void Nested_cycles_merge_and_components_are_reverse_topological()
    {
        // 0 -> 1 -> 2 -> 1 (inner), 2 -> 0 (outer): {0,1,2}; 3 -> 4 -> 3 below it; 5 alone on top.
        var scc = Scc(6, (0, 1), (1, 2), (2, 1), (2, 0), (2, 3), (3, 4), (4, 3), (5, 0));
        Assert.Equal(3, scc.Count);
        Assert.Equal(scc.ComponentOf(0), scc.ComponentOf(2));
        Assert.Equal(scc.ComponentOf(3), scc.ComponentOf(4));
        Assert.Equal(3, scc.Members(scc.ComponentOf(1)).Length);
        // Every edge between components goes from a higher number to a lower one.
        Assert.True(scc.ComponentOf(2) > scc.ComponentOf(3));
        Assert.True(scc.ComponentOf(5) > scc.ComponentOf(0));
    }

    [Fact]
    public void Chain_of_200000_nodes_does_not_overflow_the_stack()
    {
        const int n = 200_000;
        var edges = new (int, int)[n - 1];
        for (int i = 0; i < n - 1; i++) edges[i] = (i, i + 1);
        var scc = Scc(n, edges);
        Assert.Equal(n, scc.Count);
        Assert.False(scc.IsInCycle(0));
        Assert.Equal(0, scc.ComponentOf(n - 1));
    }

    [Fact]
    public void Ring_of_200000_nodes_is_one_cycle()
    {
        const int n = 200_000;
        var edges = new (int, int)[n];
        for (int i = 0; i < n; i++) edges[i] = (i, (i + 1) % n);
        var scc = Scc(n, edges);
        Assert.Equal(1, scc.Count);
        Assert.True(scc.IsInCycle(n / 2));
    }
}
