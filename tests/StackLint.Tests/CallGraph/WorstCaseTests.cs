using StackLint.Frontend.Facts;
using StackLint.Rules.Model.CallGraph;
using Xunit;
using static StackLint.Tests.CallGraph.FactsBuilder;

namespace StackLint.Tests.CallGraph;

public sealed class WorstCaseTests
{
    private static long LocalsOnly(FunctionFacts f) => f.Locals.Sum(l => l.Type.Size ?? 0);

    [Fact]
    public void Worst_case_is_the_deepest_sum_and_the_path_follows_it()
    {
        var analysis = CallGraphAnalysis.Build(Program(Unit("/d/a.c",
            Fn("Entry", "/d/a.c", 1, [Call("Small"), Call("Big")], frame: 100),
            Fn("Small", "/d/a.c", 10, [Call("Leaf")], frame: 50),
            Fn("Big", "/d/a.c", 20, [Call("Leaf"), Call("ZwClose")], frame: 400),
            Fn("Leaf", "/d/a.c", 30, frame: 1000))), LocalsOnly);
        int entry = analysis.Graph.FindByName("Entry").Single().Id;
        Assert.Equal(new StackUse(1500, false), analysis.WorstCase[entry]);
        var path = analysis.WorstCase.WorstPath(entry);
        Assert.Equal(["Entry", "Big", "Leaf"], path.Select(s => s.Name));
        Assert.Equal([100L, 400, 1000], path.Select(s => s.Frame));
        Assert.Null(path[0].Via);
        Assert.Equal(entry, path[1].Via!.Caller);
    }

    [Fact]
    public void A_path_through_a_cycle_is_unbounded_with_a_lower_bound()
    {
        var analysis = CallGraphAnalysis.Build(Program(Unit("/d/a.c",
            Fn("Entry", "/d/a.c", 1, [Call("Walk"), Call("Other")], frame: 100),
            Fn("Walk", "/d/a.c", 10, [Call("WalkEntry")], frame: 300),
            Fn("WalkEntry", "/d/a.c", 20, [Call("Walk"), Call("Leaf")], frame: 200),
            Fn("Leaf", "/d/a.c", 30, frame: 50),
            Fn("Other", "/d/a.c", 40, frame: 5000))), LocalsOnly);
        int entry = analysis.Graph.FindByName("Entry").Single().Id;
        var use = analysis.WorstCase[entry];
        Assert.True(use.IsUnbounded);
        Assert.Equal(5100, use.Bytes);
        var path = analysis.WorstCase.WorstPath(entry);
        // The path shown leads into the recursion, not to the bigger but bounded branch.
        Assert.Equal(["Entry", "Walk"], path.Select(s => s.Name));
        Assert.True(path[^1].EntersCycle);
        Assert.False(analysis.WorstCase[analysis.Graph.FindByName("Leaf").Single().Id].IsUnbounded);
    }

    [Fact]
    public void A_force_inlined_helper_adds_no_frame_of_its_own_but_its_calls_lead_on()
    {
        // The caller's estimate already holds the helper's copy (FrameEstimator folds it), so a path counts it once.
        var helper = Fn("InitHelper", "/d/a.h", 5, [Call("Leaf")], frame: 500) with { Inlining = FunctionInlining.ForceInline };
        var analysis = CallGraphAnalysis.Build(Program(Unit("/d/a.c",
            Fn("Entry", "/d/a.c", 1, [Call("InitHelper"), Call("Small")], frame: 100),
            helper,
            Fn("Small", "/d/a.c", 10, frame: 60),
            Fn("Leaf", "/d/a.c", 30, frame: 50))), LocalsOnly);
        int entry = analysis.Graph.FindByName("Entry").Single().Id;
        Assert.Equal(new StackUse(160, false), analysis.WorstCase[entry]);
        Assert.Equal(["Entry", "Small"], analysis.WorstCase.WorstPath(entry).Select(s => s.Name));
        Assert.Equal(new StackUse(50, false), analysis.WorstCase[analysis.Graph.FindByName("InitHelper").Single().Id]);
    }

    [Fact]
    public void Long_chain_is_computed_without_recursion()
    {
        const int n = 50_000;
        var functions = Enumerable.Range(0, n)
            .Select(i => Fn("F" + i, "/d/a.c", i + 1, i + 1 < n ? [Call("F" + (i + 1))] : null, frame: 8))
            .ToArray();
        var analysis = CallGraphAnalysis.Build(Program(Unit("/d/a.c", functions)), LocalsOnly);
        Assert.Equal(new StackUse(8L * n, false), analysis.WorstCase[analysis.Graph.FindByName("F0").Single().Id]);
        Assert.Equal(n, analysis.WorstCase.WorstPath(analysis.Graph.FindByName("F0").Single().Id).Length);
    }
}
