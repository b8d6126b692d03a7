using Microsoft.CodeAnalysis;
using StackLint.Frontend.Facts;
using StackLint.Rules;
using StackLint.Rules.Frames;
using StackLint.Rules.Model;
using StackLint.Rules.Model.CallGraph;
using Xunit;
using static StackLint.Tests.CallGraph.FactsBuilder;

namespace StackLint.Tests.CallGraph;

/// <summary>
/// A function defined in a header has a copy in every unit that includes it. The whole-program model links copies with
/// the same facts into one node, and keeps a copy compiled under other macros apart; the findings stay those of each
/// copy (its own facts, its own unit's options), reported once.
/// </summary>
public sealed class HeaderCopiesTests
{
    private const string Header = @"C:\drv\common.h";

    /// <summary>The buffer threshold per source file, as an .editorconfig section per file gives it.</summary>
    private sealed class ThresholdByFile(Dictionary<string, string> thresholds) : IRuleOptions
    {
        public string? GetValue(string sourcePath, string key) =>
            key == LargeStackBuffer.ThresholdKey ? thresholds.GetValueOrDefault(sourcePath) : null;

        public ReportDiagnostic? GetSeverity(string sourcePath, string ruleId) => null;
    }

    // As extraction hashes them: copies seen under the same macros have the same facts and the same hash.
    private static FunctionFacts Fill(long buffer) =>
        Fn("Fill", Header, 4, frame: buffer, linkage: Linkage.Internal, inMainFile: false) with { ContentHash = $"fill{buffer}" };

    private static (ProgramAnalysis Program, FunctionFacts InA, FunctionFacts InB) TwoUnits(long bufferInA, long bufferInB)
    {
        var inA = Fill(bufferInA);
        var inB = Fill(bufferInB);
        var program = Program(
            Unit(@"C:\drv\a.c", inA, Fn("ReadA", @"C:\drv\a.c", 9, [Call("Fill", 10)])),
            Unit(@"C:\drv\b.c", inB, Fn("ReadB", @"C:\drv\b.c", 9, [Call("Fill", 10)])));
        return (program, inA, inB);
    }

    [Fact]
    public void Identical_copies_are_one_node_and_one_finding()
    {
        var (program, inA, inB) = TwoUnits(600, 600);
        var graph = CallGraphAnalysis.For(program, DefaultRuleOptions.Instance).Graph;
        var fill = Assert.Single(graph.FindByName("Fill"));
        Assert.Equal(fill.Id, graph.NodeOf(inA));
        Assert.Equal(fill.Id, graph.NodeOf(inB));
        Assert.Equal(new[] { "ReadA", "ReadB" }, graph.CallersOf(fill.Id).ToArray().Select(e => graph.Nodes[e.Caller].Name));

        var findings = Analyzer.Run([program], DefaultRuleOptions.Instance).Where(f => f.RuleId == LargeStackBuffer.DiagnosticId).ToList();
        var finding = Assert.Single(findings);
        Assert.Equal(Header, finding.Location.Path);
        Assert.Equal(5, finding.Location.Line);
        Assert.Contains("600-byte", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Copies_whose_facts_differ_keep_their_own_findings()
    {
        // b.c defines a macro that makes the header's buffer larger: two functions, each unit calling its own; SL1002
        // reports both sizes.
        var (program, inA, inB) = TwoUnits(600, 900);
        var graph = CallGraphAnalysis.For(program, DefaultRuleOptions.Instance).Graph;
        Assert.Equal(2, graph.FindByName("Fill").Count());
        Assert.Equal(graph.NodeOf(inA), Assert.Single(graph.CallsFrom(graph.FindByName("ReadA").Single().Id)).Callee);
        Assert.Equal(graph.NodeOf(inB), Assert.Single(graph.CallsFrom(graph.FindByName("ReadB").Single().Id)).Callee);
        var messages = Analyzer.Run([program], DefaultRuleOptions.Instance)
            .Where(f => f.RuleId == LargeStackBuffer.DiagnosticId).Select(f => f.Message).ToList();
        Assert.Equal(2, messages.Count);
        Assert.Contains(messages, m => m.Contains("600-byte", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("900-byte", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_copy_is_held_to_its_own_units_threshold()
    {
        // a.c allows 1,024 bytes, b.c the default 512: only b.c's copy of the 600-byte buffer is reported.
        var (program, _, _) = TwoUnits(600, 600);
        var options = new ThresholdByFile(new() { [@"C:\drv\a.c"] = "1024" });
        var finding = Assert.Single(Analyzer.Run([program], options).Where(f => f.RuleId == LargeStackBuffer.DiagnosticId));
        Assert.Contains("limit 512", finding.Message, StringComparison.Ordinal);
    }
}
