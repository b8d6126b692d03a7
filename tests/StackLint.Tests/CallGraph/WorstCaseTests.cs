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
        Assert.Null(use.AtMost);
        var path = analysis.WorstCase.WorstPath(entry);
        // The path shown leads into the recursion, not to the bigger but bounded branch, then through the cycle once
        // (Walk must call WalkEntry before anything leaves the cycle) and out.
        Assert.Equal(["Entry", "Walk", "WalkEntry", "Leaf"], path.Select(s => s.Name));
        Assert.Equal([false, true, false, false], path.Select(s => s.EntersCycle));
        Assert.Equal([false, true, true, false], path.Select(s => s.InCycle));
        Assert.Equal(new StackUse(550, true), analysis.WorstCase[analysis.Graph.FindByName("Walk").Single().Id]);
        Assert.False(analysis.WorstCase[analysis.Graph.FindByName("Leaf").Single().Id].IsUnbounded);
    }

    [Fact]
    public void A_cycle_counts_the_members_a_path_passes_before_it_leaves()
    {
        // Dispatch -> A, and A -> B -> C -> A is the cycle; only C leaves it (to the 800-byte Leaf). One pass from A
        // must run B and C before it can leave: 1,000 + 200 + 300 + 400 + 800. The old figure, one member and its
        // exit, was 1,000 + 400 + 800 (C entered directly), which no path from Dispatch can take.
        var analysis = CallGraphAnalysis.Build(Program(Unit("/d/a.c",
            Fn("Dispatch", "/d/a.c", 1, [Call("A")], frame: 1000),
            Fn("A", "/d/a.c", 10, [Call("B")], frame: 200),
            Fn("B", "/d/a.c", 20, [Call("C"), Call("A")], frame: 300),
            Fn("C", "/d/a.c", 30, [Call("A"), Call("Leaf")], frame: 400),
            Fn("Leaf", "/d/a.c", 40, frame: 800))), LocalsOnly);
        int Id(string name) => analysis.Graph.FindByName(name).Single().Id;
        Assert.Equal(new StackUse(2700, true), analysis.WorstCase[Id("Dispatch")]);
        Assert.Equal(["Dispatch", "A", "B", "C", "Leaf"], analysis.WorstCase.WorstPath(Id("Dispatch")).Select(s => s.Name));
        // Entered elsewhere, the same cycle costs what the path from there passes: C leaves at once (400 + 800), but
        // B runs C first, and from C the path through A and B runs back into C, so C's own exit is its best.
        Assert.Equal(1200, analysis.WorstCase[Id("C")].Bytes);
        Assert.Equal(["C", "Leaf"], analysis.WorstCase.WorstPath(Id("C")).Select(s => s.Name));
        Assert.Equal(1500, analysis.WorstCase[Id("B")].Bytes);
        // Each step's edge is a real call from the step before.
        var path = analysis.WorstCase.WorstPath(Id("Dispatch"));
        for (int i = 1; i < path.Length; i++) Assert.Equal((path[i - 1].Node, path[i].Node), (path[i].Via!.Caller, path[i].Via!.Callee));
    }

    [Fact]
    public void The_longest_simple_path_beats_a_greedy_walk_through_the_cycle()
    {
        // From R the heaviest callee is Big (2,000) but Big only leads back; R -> S1 -> S2 -> S3 -> Big passes more.
        var analysis = CallGraphAnalysis.Build(Program(Unit("/d/a.c",
            Fn("R", "/d/a.c", 1, [Call("Big"), Call("S1")], frame: 10),
            Fn("Big", "/d/a.c", 10, [Call("R")], frame: 2000),
            Fn("S1", "/d/a.c", 20, [Call("S2")], frame: 900),
            Fn("S2", "/d/a.c", 30, [Call("S3")], frame: 900),
            Fn("S3", "/d/a.c", 40, [Call("Big"), Call("R")], frame: 900))), LocalsOnly);
        int r = analysis.Graph.FindByName("R").Single().Id;
        Assert.Equal(4710, analysis.WorstCase[r].Bytes);
        Assert.Equal(["R", "S1", "S2", "S3", "Big"], analysis.WorstCase.WorstPath(r).Select(s => s.Name));
    }

    [Fact]
    public void A_dense_cycle_past_the_search_budget_keeps_a_found_path_and_gives_an_upper_bound()
    {
        // 30 functions that all call each other (29! simple paths, far past the step budget), and a hub H that F0 and
        // three spokes call and that calls them back: no simple path visits all three spokes, so the search cannot
        // stop early at "every function once", and only spoke X1 leaves the cycle.
        const int n = 30;
        var functions = Enumerable.Range(0, n)
            .Select(i => Fn("F" + i, "/d/a.c", i * 10 + 1,
                [.. Enumerable.Range(0, n).Where(j => j != i).Select(j => Call("F" + j)), .. i == 0 ? new[] { Call("H") } : []],
                frame: 100 + i))
            .Append(Fn("H", "/d/a.c", 500, [Call("F0"), Call("X1"), Call("X2"), Call("X3")], frame: 10))
            .Append(Fn("X1", "/d/a.c", 510, [Call("H"), Call("Leaf")], frame: 20))
            .Append(Fn("X2", "/d/a.c", 520, [Call("H")], frame: 30))
            .Append(Fn("X3", "/d/a.c", 530, [Call("H")], frame: 40))
            .Append(Fn("Leaf", "/d/a.c", 1000, frame: 5000))
            .Append(Fn("Entry", "/d/a.c", 2000, [Call("F1")], frame: 50) with { IsExported = true })
            .ToArray();
        var analysis = CallGraphAnalysis.Build(Program(Unit("/d/a.c", functions)), LocalsOnly);
        int entry = analysis.Graph.FindByName("Entry").Single().Id;
        var use = analysis.WorstCase[entry];
        long allFrames = Enumerable.Range(0, n).Sum(i => 100L + i) + 10 + 20 + 30 + 40;
        Assert.True(use.IsUnbounded);
        Assert.Equal(50 + allFrames + 5000, use.AtMost);
        // What the search kept is a real path: the sum of its frames, each function once.
        var path = analysis.WorstCase.WorstPath(entry);
        Assert.Equal(path.Length, path.Select(s => s.Node).Distinct().Count());
        Assert.Equal(use.Bytes, path.Sum(s => s.Frame));
        Assert.True(use.Bytes < use.AtMost);
        Assert.Equal("Leaf", path[^1].Name);
        Assert.True(use.Bytes > 50 + 101 + 100 + 10 + 20 + 5000, "the path goes beyond the cheapest way out");
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
