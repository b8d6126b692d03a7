using System.Collections.Immutable;
using System.Text.RegularExpressions;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules;
using StackLint.Rules.Model;
using StackLint.Rules.Model.Frames;
using StackLint.Rules.Suppressions;
using StackLint.Sarif;
using StackLint.Tests.Frames;
using StackLint.Tests.Sarif;
using Xunit;

namespace StackLint.Tests.Speed;

/// <summary>
/// The shortcuts taken on hot paths (formatted-message and frame-estimate memos, line offsets instead of split
/// lines, the suppression pre-check, whitespace folding without a regex) give exactly what the plain code gave.
/// </summary>
public sealed class HotPathEquivalenceTests
{
    [Fact]
    public void A_formatted_message_does_not_change_equality_and_follows_new_arguments()
    {
        var span = new SourceSpan("/src/a.c", 3, 5, 3, 9);
        var a = Finding.Create(SarifSamples.BufferRule, span, "F", "path", "F", 520L, "array", 512L);
        var b = Finding.Create(SarifSamples.BufferRule, span, "F", "path", "F", 520L, "array", 512L) with { MessageArgs = a.MessageArgs };
        _ = a.Message; // a has formatted its message, b has not
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());

        var resized = a with { MessageArgs = ["path", "F", 1040L, "array", 512L] };
        Assert.Contains("1,040", resized.Message);
        Assert.DoesNotContain("1,040", a.Message);
        Assert.NotEqual(a, resized);
        Assert.Equal(a.Message, (a with { Severity = Microsoft.CodeAnalysis.DiagnosticSeverity.Error }).Message);
    }

    [Fact]
    public void Findings_sorted_once_are_what_grouping_then_a_stable_sort_gave()
    {
        // Many ties and duplicates: two paths, three lines, two columns, two rules, two sizes, and end positions that
        // differ only after the start (equal in the order, unequal as findings).
        var random = new Random(7);
        for (int round = 0; round < 50; round++)
        {
            var findings = new List<Finding>();
            for (int i = 0; i < 120; i++)
            {
                var path = random.Next(2) == 0 ? "/src/a.c" : "/src/b.c";
                int line = random.Next(1, 4), column = random.Next(1, 3);
                var span = new SourceSpan(path, line, column, line, column + random.Next(0, 2));
                var rule = random.Next(2) == 0 ? SarifSamples.BufferRule : SarifSamples.FrameRule;
                long size = random.Next(2) == 0 ? 520L : 1040L;
                findings.Add(rule == SarifSamples.BufferRule
                    ? Finding.Create(rule, span, "F", "path", "F", size, "array", 512L)
                    : Finding.Create(rule, span, "F", "F", size, 1024L) with { FunctionName = i % 3 == 0 ? "G" : "F" });
            }
            var expected = findings
                .GroupBy(f => (f.RuleId, f.Location, f.Message))
                .Select(g => g.First())
                .OrderBy(f => f, FindingOrder.Instance)
                .ToList();
            var actual = Analyzer.SortedOnce(findings);
            Assert.Equal(expected.Count, actual.Length);
            for (int i = 0; i < expected.Count; i++) Assert.Same(expected[i], actual[i]);
        }
    }

    [Fact]
    public void A_remembered_estimate_is_per_program_and_architecture()
    {
        var facts = new FunctionBuilder("f").Local("buffer", T.CharArray(100)).Param("p", T.Struct("S12", 12, 4)).Call("g", T.Int).Build();
        var unit = new TranslationUnitFacts("/drv/a.c", TargetArch.X64, "prelude", true, [facts], [], [], []);
        var program = new ProgramAnalysis("drv", TargetArch.X64, [unit]);
        var x64 = program.Estimates.Estimate(facts);
        Assert.Same(x64, program.Estimates.Estimate(facts));
        var x86 = new ProgramAnalysis("drv", TargetArch.X86, [unit with { Arch = TargetArch.X86 }]).Estimates.Estimate(facts);
        Assert.Equal(TargetArch.X86, x86.Arch);
        Assert.NotEqual(x64.Unoptimized, x86.Unoptimized);
        Assert.Equal((x64.Unoptimized, x64.Optimized), (FrameEstimator.Estimate(facts, TargetArch.X64).Unoptimized, FrameEstimator.Estimate(facts, TargetArch.X64).Optimized));
        // A copy of the facts (equal by value, another object) gets the same figures.
        Assert.Equal(x64.Unoptimized, FrameEstimator.Estimate(facts with { }, TargetArch.X64).Unoptimized);
    }

    [Fact]
    public void One_scope_and_many_scopes_agree_when_nothing_is_shared()
    {
        // The same locals, all in the body: once with the body as the only scope (the short path), once with an
        // unrelated empty child scope beside it (the general walk).
        var single = new FunctionBuilder("f").Scope(0, -1).Local("a", T.CharArray(300)).Local("s", T.Struct("S", 24, 8)).Local("i", T.Int).Call("g").Build();
        var nested = new FunctionBuilder("f").Scope(0, -1).Scope(1, 0).Local("a", T.CharArray(300)).Local("s", T.Struct("S", 24, 8)).Local("i", T.Int).Call("g").Build();
        foreach (var arch in new[] { TargetArch.X64, TargetArch.X86, TargetArch.Arm64 })
            Assert.Equal(FrameEstimator.Estimate(nested, arch).OptimizedTerms, FrameEstimator.Estimate(single, arch).OptimizedTerms);
    }

    [Theory]
    [InlineData("a\nb\r\nc\r\r\nlast")]
    [InlineData("\n\n")]
    [InlineData("")]
    [InlineData("only line")]
    [InlineData("é€𝄞 x\r\ny")]
    public void Lines_read_by_offset_are_the_split_lines(string text)
    {
        var sources = new SourceFiles(path => SourceFile.FromText(path, text));
        var split = text.Split('\n');
        for (int line = 0; line <= split.Length + 1; line++)
        {
            string? expected = line >= 1 && line <= split.Length ? split[line - 1].TrimEnd('\r') : null;
            Assert.Equal(expected, sources.GetLine("/x.c", line));
        }
        Assert.Null(new SourceFiles(_ => null).GetLine("/x.c", 1));
    }

    [Fact]
    public void Columns_count_code_points_on_non_ascii_lines()
    {
        var sources = new SourceFiles(path => SourceFile.FromText(path, "int x;\r\n/* é€ */ char a[600];\n"));
        // "/* é€ */ " is 9 characters and 12 bytes: byte column 13 is character column 10.
        Assert.Equal(10, sources.ToCharacterColumn("/x.c", 2, 13));
        Assert.Equal(5, sources.ToCharacterColumn("/x.c", 1, 5));
        Assert.Equal(7, sources.ToCharacterColumn("/missing-line.c", 9, 7));
    }

    [Theory]
    [InlineData("// STACKLINT-DISABLE-LINE SL1002 -- upper case\nchar a[600];")]
    [InlineData("/* StackLint-Disable-Next-Line SL1002 */\nchar a[600];")]
    [InlineData("char a[600]; // stacklint-disable-line SL1002")]
    public void Directives_in_any_case_survive_the_pre_check(string text)
    {
        Assert.Single(SuppressionMap.Parse("/x.c", text).Comments);
    }

    [Fact]
    public void A_file_without_directives_has_no_comments()
    {
        Assert.Empty(SuppressionMap.Parse("/x.c", "// stacklint is great\n// disable nothing\nint x;").Comments);
    }

    [Theory]
    [InlineData("    WCHAR   path[260];  ")]
    [InlineData("\tWCHAR\u00A0path[260];\u2003// x\r")]
    [InlineData("")]
    [InlineData(" \t ")]
    [InlineData("a\u2028b\u0085c\vd\fe")]
    public void Whitespace_folds_as_the_regex_did(string text)
    {
        Assert.Equal(Regex.Replace(text.Trim(), @"\s+", " "), Fingerprints.NormalizeWhitespace(text));
    }
}
