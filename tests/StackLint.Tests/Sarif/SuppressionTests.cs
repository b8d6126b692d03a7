using StackLint.Frontend.Facts;
using StackLint.Rules;
using StackLint.Rules.Suppressions;
using Xunit;

namespace StackLint.Tests.Sarif;

public sealed class SuppressionTests
{
    private const string Path = "/work/drv/filter.c";

    private const string Source = """
        #include <fltKernel.h>
        // stacklint-disable-next-line SL1002 -- copied to pool before anything blocks
        static const char *Banner = "// stacklint-disable-line SL1002";

        NTSTATUS QueryName(PFLT_CALLBACK_DATA Data)
        {
            // stacklint-disable-next-line SL1002, sl1003 -- bounded by FltGetFileNameInformation
            // another comment between the directive and the code
            WCHAR path[260];
            UCHAR sense[600]; // stacklint-disable-line SL1002 -- miniport contract
            UCHAR other[600]; /* stacklint-disable-line SL1002 */
            UCHAR typo[600]; // stacklint-disable-line SL1O02
            UCHAR plain[600]; // see stacklint-disable docs: not a directive here
            return STATUS_SUCCESS;
        }

        // stacklint-disable SL2001 -- depth bounded by the volume nesting limit (8)
        _IRQL_requires_max_(APC_LEVEL)
        NTSTATUS
        WalkVolumes(PVOLUME Volume)
        {
            if (Volume->Parent != NULL) {
                const char *s = "}";
                return WalkVolumes(Volume->Parent);
            }
            return STATUS_SUCCESS;
        }

        NTSTATUS After(void)
        {
            return WalkVolumes(NULL);
        }
        """;

    private static Finding At(string ruleId, int line, string? function = null)
    {
        var descriptor = ruleId == "SL1002"
            ? SarifSamples.BufferRule
            : RuleDescriptors.Create(ruleId, "Test rule", "m {0}", RuleCategories.CallGraph, Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, "d");
        return Finding.Create(descriptor, SourceSpan.At(Path, line, 5), function, line);
    }

    private static SuppressionOutcome Apply(params Finding[] findings) => SuppressionMap.Apply(findings, p => p == Path ? Source.Replace("\r\n", "\n") : null);

    [Fact]
    public void Parses_every_form_with_targets_and_reasons()
    {
        var map = SuppressionMap.Parse(Path, Source);
        Assert.Collection(map.Comments,
            c => Assert.Equal((2, SuppressionScope.NextLine, 3, "copied to pool before anything blocks"), (c.Line, c.Scope, c.FirstLine, c.Justification)),
            c => Assert.Equal((7, SuppressionScope.NextLine, 9, "SL1002,SL1003"), (c.Line, c.Scope, c.FirstLine, string.Join(',', c.RuleIds))),
            c => Assert.Equal((10, SuppressionScope.Line, 10, "miniport contract"), (c.Line, c.Scope, c.FirstLine, c.Justification)),
            c => Assert.Equal((11, SuppressionScope.Line, (string?)null), (c.Line, c.Scope, c.Justification)),
            c => Assert.Equal((12, "SL1O02"), (c.Line, c.RuleIds.Single())),
            c => Assert.Equal((17, SuppressionScope.Function, 18, 27, "WalkVolumes"), (c.Line, c.Scope, c.FirstLine, c.LastLine, c.FunctionName)));
    }

    [Fact]
    public void Line_forms_suppress_exactly_their_line_and_rule()
    {
        var outcome = Apply(At("SL1002", 9), At("SL1002", 10), At("SL1002", 11), At("SL1002", 12), At("SL1002", 13), At("SL1001", 9));
        var suppressed = outcome.Findings.Where(f => f.Suppression is not null).Select(f => (f.RuleId, f.Location.Line)).ToList();
        Assert.Equal([("SL1002", 9), ("SL1002", 10), ("SL1002", 11)], suppressed);
        Assert.Equal("bounded by FltGetFileNameInformation", outcome.Findings[0].Suppression!.Justification);
        Assert.Equal("", outcome.Findings[2].Suppression!.Justification);
    }

    [Fact]
    public void Directive_text_inside_a_string_is_not_a_directive()
    {
        // Line 3 holds the string; the directive on line 2 targets it, the string's text does not target itself.
        var map = SuppressionMap.Parse(Path, Source);
        Assert.DoesNotContain(map.Comments, c => c.Line == 3);
    }

    [Fact]
    public void Function_form_covers_the_whole_function_and_findings_about_it()
    {
        var outcome = Apply(At("SL2001", 21, "WalkVolumes"), At("SL2001", 27, "WalkVolumes"), At("SL2001", 30, "After"), At("SL2001", 2, "WalkVolumes"), At("SL1002", 22, "WalkVolumes"));
        Assert.Equal([true, true, false, true, false], outcome.Findings.Select(f => f.Suppression is not null));
        Assert.Equal("depth bounded by the volume nesting limit (8)", outcome.Findings[0].Suppression!.Justification);
    }

    [Fact]
    public void Unused_suppressions_are_listed_per_rule_id()
    {
        var outcome = Apply(At("SL1002", 9));
        Assert.Equal<UnusedSuppression>(
            [
                new UnusedSuppression(Path, 2, "SL1002"),
                new UnusedSuppression(Path, 7, "SL1003"),
                new UnusedSuppression(Path, 10, "SL1002"),
                new UnusedSuppression(Path, 11, "SL1002"),
                new UnusedSuppression(Path, 12, "SL1O02"),
                new UnusedSuppression(Path, 17, "SL2001"),
            ],
            outcome.Unused);
    }

    [Fact]
    public void Files_without_findings_report_their_unused_suppressions_when_listed()
    {
        Assert.Empty(SuppressionMap.Apply([], p => Source).Unused);
        Assert.Equal(7, SuppressionMap.Apply([], p => Source, [Path]).Unused.Length);
        Assert.Empty(SuppressionMap.Apply([], p => null, [Path]).Unused);
    }

    [Fact]
    public void Crlf_sources_and_stacked_directives()
    {
        var text = "void F(void)\r\n{\r\n    // stacklint-disable-next-line SL1002\r\n    // stacklint-disable-next-line SL1003 -- why\r\n\r\n    char a[600];\r\n}\r\n";
        var map = SuppressionMap.Parse("x.c", text);
        Assert.All(map.Comments, c => Assert.Equal(6, c.FirstLine));
        Assert.Equal("why", map.Comments[1].Justification);
    }

    [Fact]
    public void Rule_ids_end_at_the_first_word_that_is_not_one()
    {
        var text = "void F(void)\n{\n    // stacklint-disable-next-line SL1002, SL1003 QUERY'S buffer is bounded by the caller\n    char a[600];\n"
            + "    char b[600]; // stacklint-disable-line SL1002 see the sizing note -- reason\n"
            + "    char c[600]; // stacklint-disable-line SL1O02 slow path only\n}\n";
        var map = SuppressionMap.Parse("x.c", text);
        Assert.Equal(["SL1002", "SL1003"], map.Comments[0].RuleIds.AsEnumerable());
        Assert.Null(map.Comments[0].Justification);
        Assert.Equal(["SL1002"], map.Comments[1].RuleIds.AsEnumerable());
        Assert.Equal("reason", map.Comments[1].Justification);
        // A misspelt id still counts as an id (and is reported unused), the prose after it does not.
        Assert.Equal(["SL1O02"], map.Comments[2].RuleIds.AsEnumerable());
        var unused = SuppressionMap.Apply([], p => text, ["x.c"]).Unused;
        Assert.Equal(["SL1002", "SL1003", "SL1002", "SL1O02"], unused.Select(u => u.RuleId));
    }
}
