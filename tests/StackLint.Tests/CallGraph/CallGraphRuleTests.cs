using System.Text.Json;
using Microsoft.CodeAnalysis;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules;
using StackLint.Rules.CallGraph;
using StackLint.Rules.Model.CallGraph;
using Xunit;
using static StackLint.Tests.CallGraph.FactsBuilder;

namespace StackLint.Tests.CallGraph;

public sealed class CallGraphRuleTests
{
    private sealed class Options(Dictionary<string, string> values) : IRuleOptions
    {
        public string? GetValue(string sourcePath, string key) => values.GetValueOrDefault(key);
        public ReportDiagnostic? GetSeverity(string sourcePath, string ruleId) => null;
    }

    private static long LocalsOnly(FunctionFacts f) => f.Locals.Sum(l => l.Type.Size ?? 0);

    [Fact]
    public void Mutual_recursion_across_files_is_one_finding_at_the_first_member_in_source_order()
    {
        var program = Program(
            Unit(@"C:\drv\walk.c", Fn("WalkDir", @"C:\drv\walk.c", 10, [Call("WalkEntry", 14)])),
            Unit(@"C:\drv\entry.c", Fn("WalkEntry", @"C:\drv\entry.c", 20, [Call("WalkDir", 25), Call("Log", 26)]), Fn("Log", @"C:\drv\entry.c", 40)));
        var findings = new RecursiveCallChain().Analyze(program, new RuleContext(DefaultRuleOptions.Instance, TargetArch.X64)).ToList();
        // entry.c sorts before walk.c: the cycle is reported once, at WalkEntry.
        var first = Assert.Single(findings);
        Assert.Equal("WalkEntry", first.FunctionName);
        Assert.StartsWith("'WalkEntry' calls itself recursively through 'WalkEntry' -> 'WalkDir' -> 'WalkEntry' (2 functions recurse together); nothing in the code bounds its depth", first.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "'WalkEntry' calls 'WalkDir'", "'WalkDir' calls 'WalkEntry'" }, first.Chain.Select(s => s.Message));
        Assert.Equal(@"C:\drv\entry.c", first.Location.Path);
        Assert.Equal(25, first.Chain[0].Location.Line);
        Assert.Equal(14, first.Chain[1].Location.Line);
        Assert.Equal(2, first.ToDiagnostic().AdditionalLocations.Count);
    }

    [Fact]
    public void Direct_recursion_names_the_function_once()
    {
        var program = Program(Unit("/d/a.c", Fn("Fact", "/d/a.c", 1, [Call("Fact", 3)])));
        var finding = Assert.Single(new RecursiveCallChain().Analyze(program, new RuleContext(DefaultRuleOptions.Instance, TargetArch.X64)));
        Assert.Contains("through 'Fact' -> 'Fact';", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Big_cycle_is_one_finding_with_a_closed_walk_and_the_other_members_attached()
    {
        const int n = 500;
        var functions = Enumerable.Range(0, n)
            .Select(i => Fn("R" + i, "/d/a.c", i * 10 + 1, [Call("R" + ((i + 1) % n), i * 10 + 3), Call("R" + ((i + 7) % n), i * 10 + 4)]))
            .ToArray();
        var findings = new RecursiveCallChain().Analyze(Program(Unit("/d/a.c", functions)), new RuleContext(DefaultRuleOptions.Instance, TargetArch.X64)).ToList();
        var f = Assert.Single(findings);
        Assert.Equal("R0", f.FunctionName);
        Assert.Contains("(500 functions recurse together)", f.Message, StringComparison.Ordinal);
        // The chain starts with a closed walk from R0 back to it; the members it does not pass through follow.
        int closing = f.Chain.ToList().FindIndex(s => s.Message.EndsWith("calls 'R0'", StringComparison.Ordinal));
        Assert.True(closing >= 0);
        Assert.StartsWith("'R0' calls", f.Chain[0].Message, StringComparison.Ordinal);
        Assert.Equal(n, closing + 1 + f.Chain.Skip(closing + 1).Count(s => s.Message.EndsWith("recurses with it too", StringComparison.Ordinal)));
    }

    [Fact]
    public void No_finding_without_a_cycle()
    {
        var program = Program(Unit("/d/a.c", Fn("A", "/d/a.c", 1, [Call("B")]), Fn("B", "/d/a.c", 5)));
        Assert.Empty(new RecursiveCallChain().Analyze(program, new RuleContext(DefaultRuleOptions.Instance, TargetArch.X64)));
    }

    private static Rules.Model.ProgramAnalysis DeepProgram() => Program(Unit("/d/a.c",
        Fn("DriverEntry", "/d/a.c", 1, references:
        [
            Initialized("PreCreate", "PreOperation", "FLT_OPERATION_REGISTRATION"),
            Passed("Worker", "IoQueueWorkItem", 1),
        ]),
        Fn("PreCreate", "/d/a.c", 10, [Call("Level1")], frame: 1000),
        Fn("Worker", "/d/a.c", 15, [Call("Level1")], frame: 100),
        Fn("Level1", "/d/a.c", 20, [Call("Level2")], frame: 3000),
        Fn("Level2", "/d/a.c", 30, [Call("Level3")], frame: 3000),
        Fn("Level3", "/d/a.c", 40, [Call("FltGetFileNameInformation")], frame: 2500)));

    [Fact]
    public void Deep_path_is_reported_at_each_entry_with_context_and_path()
    {
        var analysis = CallGraphAnalysis.Build(DeepProgram(), LocalsOnly);
        var findings = new DeepCallPath().Analyze(analysis, new RuleContext(DefaultRuleOptions.Instance, TargetArch.X64)).ToList();
        Assert.Equal(["PreCreate", "Worker"], findings.Select(f => f.FunctionName).Order(StringComparer.Ordinal));
        var pre = findings.Single(f => f.FunctionName == "PreCreate");
        Assert.Equal(
            "'PreCreate' (minifilter pre-operation callback, on the caller's stack) can use 9,500 bytes of stack (budget 8,192) through 'PreCreate' (1,000) -> 'Level1' (3,000) -> 'Level2' (3,000) -> 'Level3' (2,500); move large locals to pool or shorten the path",
            pre.Message);
        Assert.Equal(4, pre.Chain.Length);
        Assert.Contains("on a fresh stack", findings.Single(f => f.FunctionName == "Worker").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_very_long_path_lists_its_first_functions_and_sums_up_the_rest()
    {
        const int n = 200;
        var functions = Enumerable.Range(0, n)
            .Select(i => Fn("L" + i, "/d/a.c", i * 10 + 1, i + 1 < n ? [Call("L" + (i + 1), i * 10 + 3)] : [], frame: i == 150 ? 4000 : 100))
            .ToArray();
        functions[0] = functions[0] with { IsExported = true };
        var analysis = CallGraphAnalysis.Build(Program(Unit("/d/a.c", functions)), LocalsOnly);

        var finding = Assert.Single(new DeepCallPath().Analyze(analysis, new RuleContext(DefaultRuleOptions.Instance, TargetArch.X64)));

        Assert.Equal(DeepCallPath.ChainSteps, finding.Chain.Length);
        Assert.Equal("'L29' calls 'L30' (100 bytes)", finding.Chain[^2].Message);
        Assert.Equal("'L30' calls 'L31', then 168 more functions down to 'L199': 20,800 bytes in all (largest: 'L150', 4,000 bytes)", finding.Chain[^1].Message);
        Assert.Equal(303, finding.Chain[^1].Location.Line);
        Assert.Contains("can use 23,900 bytes", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(34)]
    [InlineData(90)]
    public void The_chain_is_the_first_steps_of_the_worst_path_then_one_that_sums_up_the_rest(int n)
    {
        // Frames repeat (ties for the largest are broken by name) and the path ends in an import, which has no frame.
        var functions = Enumerable.Range(0, n)
            .Select(i => Fn("L" + (char)('a' + (i * 7) % 26) + i, "/d/a.c", i * 10 + 1,
                i + 1 < n ? [Call("L" + (char)('a' + ((i + 1) * 7) % 26) + (i + 1), i * 10 + 3)] : [Call("ZwCreateFile", i * 10 + 3)],
                frame: 300 + (i % 4) * 100))
            .ToArray();
        functions[0] = functions[0] with { IsExported = true };
        var analysis = CallGraphAnalysis.Build(Program(Unit("/d/a.c", functions)), LocalsOnly);
        var finding = Assert.Single(new DeepCallPath().Analyze(analysis, new RuleContext(new Options(new() { [DeepCallPath.BudgetKey] = "1000" }), TargetArch.X64)));

        // What the rule listed before it walked the path step by step: every defined step, then the first ChainSteps
        // of them, or one fewer and a step that sums up the rest.
        int entry = analysis.Graph.FindByName(functions[0].Name).Single().Id;
        var path = analysis.WorstCase.WorstPath(entry).Where(s => analysis.Graph.Nodes[s.Node].IsDefined).ToList();
        Assert.Equal(n, path.Count);
        int listed = path.Count > DeepCallPath.ChainSteps ? DeepCallPath.ChainSteps - 1 : path.Count;
        Assert.Equal(Math.Min(n, DeepCallPath.ChainSteps), finding.Chain.Length);
        for (int i = 1; i < listed; i++)
            Assert.Equal($"'{path[i - 1].Name}' calls '{path[i].Name}' ({path[i].Frame:N0} bytes)", finding.Chain[i].Message);
        if (path.Count > DeepCallPath.ChainSteps)
        {
            var rest = path.Skip(DeepCallPath.ChainSteps - 1).ToList();
            var largest = rest.OrderByDescending(s => s.Frame).ThenBy(s => s.Name, StringComparer.Ordinal).First();
            Assert.Equal(
                $"'{path[DeepCallPath.ChainSteps - 2].Name}' calls '{rest[0].Name}', then {rest.Count - 1:N0} more functions down to '{rest[^1].Name}': {rest.Sum(s => s.Frame):N0} bytes in all (largest: '{largest.Name}', {largest.Frame:N0} bytes)",
                finding.Chain[^1].Message);
        }
        Assert.EndsWith(n > 6 ? $" -> ... ({n - 6} more); move large locals to pool or shorten the path" : "; move large locals to pool or shorten the path", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Budget_is_configurable_and_smaller_on_x86()
    {
        var analysis = CallGraphAnalysis.Build(DeepProgram(), LocalsOnly);
        Assert.Empty(new DeepCallPath().Analyze(analysis, new RuleContext(new Options(new() { [DeepCallPath.BudgetKey] = "10k" }), TargetArch.X64)));
        Assert.Equal(2, new DeepCallPath().Analyze(analysis, new RuleContext(new Options(new() { [DeepCallPath.BudgetKey] = "8500" }), TargetArch.X64)).Count());
        Assert.Equal(4096, DeepCallPath.DefaultBudgetFor(TargetArch.X86));
        Assert.Equal(8192, DeepCallPath.DefaultBudgetFor(TargetArch.Arm64));
    }

    [Fact]
    public void Unbounded_entry_is_reported_when_the_path_before_the_cycle_is_over_budget()
    {
        var over = CallGraphAnalysis.Build(Program(Unit("/d/a.c",
            Fn("Api", "/d/a.c", 1, [Call("Rec")], frame: 9000) with { IsExported = true },
            Fn("Rec", "/d/a.c", 10, [Call("Rec")], frame: 100))), LocalsOnly);
        var finding = Assert.Single(new DeepCallPath().Analyze(over, new RuleContext(DefaultRuleOptions.Instance, TargetArch.X64)));
        Assert.Contains("can use at least 9,100 bytes of stack (budget 8,192)", finding.Message, StringComparison.Ordinal);
        Assert.Contains(", before the recursion at 'Rec' repeats (SL2001)", finding.Message, StringComparison.Ordinal);
        Assert.StartsWith("'Api' (exported function, on the caller's stack)", finding.Message, StringComparison.Ordinal);

        // The same function neither exported nor called nor registered: dead code, or reached through a pointer we
        // do not resolve, so no path is measured from it.
        var orphan = CallGraphAnalysis.Build(Program(Unit("/d/a.c",
            Fn("Orphan", "/d/a.c", 1, [Call("Rec")], frame: 9000),
            Fn("Rec", "/d/a.c", 10, [Call("Rec")], frame: 100))), LocalsOnly);
        Assert.Empty(new DeepCallPath().Analyze(orphan, new RuleContext(DefaultRuleOptions.Instance, TargetArch.X64)));

        var under = CallGraphAnalysis.Build(Program(Unit("/d/a.c",
            Fn("Orphan", "/d/a.c", 1, [Call("Rec")], frame: 7000) with { IsExported = true },
            Fn("Rec", "/d/a.c", 10, [Call("Rec")], frame: 100))), LocalsOnly);
        Assert.Empty(new DeepCallPath().Analyze(under, new RuleContext(DefaultRuleOptions.Instance, TargetArch.X64)));
    }

    [Fact]
    public void Export_marks_cycles_worst_paths_and_unresolved_calls()
    {
        var analysis = CallGraphAnalysis.Build(Program(Unit("/d/a.c",
            Fn("DriverEntry", "/d/a.c", 1, [Call("Walk"), Call("Big"), Indirect("ctx->Fn")]),
            Fn("Walk", "/d/a.c", 10, [Call("Walk")]),
            Fn("Big", "/d/a.c", 20, frame: 4000))), LocalsOnly);
        var dot = new StringWriter();
        CallGraphExport.WriteDot(dot, analysis);
        var text = dot.ToString();
        Assert.StartsWith("digraph \"test\" {", text, StringComparison.Ordinal);
        Assert.Contains("1 unresolved indirect calls", text, StringComparison.Ordinal);
        Assert.Contains("n1 -> n1 [color=red]", text, StringComparison.Ordinal);
        Assert.Contains("color=blue", text, StringComparison.Ordinal);

        var json = new StringWriter();
        CallGraphExport.WriteJson(json, analysis);
        using var doc = JsonDocument.Parse(json.ToString());
        Assert.Equal(1, doc.RootElement.GetProperty("unresolvedIndirectCalls").GetInt32());
        Assert.Equal(1, doc.RootElement.GetProperty("cycles").GetArrayLength());
        var entry = doc.RootElement.GetProperty("entryPoints")[0];
        Assert.Equal("DriverEntry", entry.GetProperty("name").GetString());
        Assert.True(entry.GetProperty("unbounded").GetBoolean());
    }
}
