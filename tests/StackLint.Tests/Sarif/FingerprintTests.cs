using StackLint.Frontend;
using StackLint.Rules;
using StackLint.Sarif;
using StackLint.Sarif.Model;
using Xunit;

namespace StackLint.Tests.Sarif;

public sealed class FingerprintTests
{
    private static Dictionary<string, string> FingerprintsByMessage(SarifLog log) =>
        log.Runs[0].Results!.ToDictionary(r => r.RuleId + " " + System.Text.RegularExpressions.Regex.Replace(r.Message.Text, @"\d[\d,]*", "#"), r => r.PartialFingerprints![Fingerprints.Key]);

    [Fact]
    public void Inserting_lines_above_findings_keeps_every_fingerprint()
    {
        var before = FingerprintsByMessage(SarifSamples.Build());
        var after = FingerprintsByMessage(SarifSamples.Build(insertedLines: 10));
        Assert.Equal(before.Count, after.Count);
        Assert.Equal(before, after);
    }

    [Fact]
    public void Changing_the_finding_line_changes_its_fingerprint()
    {
        var options = SarifSamples.Options();
        var findings = SarifSamples.Findings();
        var original = SarifBuilder.Build(findings, RuleCatalog.All, options);
        var sources = SarifSamples.Sources();
        sources[SarifSamples.Filter] = SarifSamples.FilterSource(pathLine: "    WCHAR path[512];");
        var edited = SarifBuilder.Build(findings, RuleCatalog.All, options with { ReadSource = SarifSamples.Reader(sources) });

        string Of(SarifLog log, string fragment) => log.Runs[0].Results!.Single(r => r.Message.Text.Contains(fragment, StringComparison.Ordinal)).PartialFingerprints![Fingerprints.Key];
        Assert.NotEqual(Of(original, "'path'"), Of(edited, "'path'"));
        Assert.Equal(Of(original, "'sense'"), Of(edited, "'sense'"));
    }

    [Fact]
    public void Whitespace_changes_do_not_matter() =>
        Assert.Equal(
            Fingerprints.Compute("SL1002", "F", "    WCHAR   path[260];  ", "m", 0),
            Fingerprints.Compute("SL1002", "F", "\tWCHAR path[260];", "m", 0));

    [Fact]
    public void Identical_lines_in_one_function_are_told_apart_by_occurrence()
    {
        var text = "void F(void)\n{\n    char a[600];\n    char a[600];\n}\n";
        var span1 = new StackLint.Frontend.Facts.SourceSpan("/work/drv/dup.c", 3, 10, 3, 11);
        var findings = new List<Finding>
        {
            Finding.Create(SarifSamples.BufferRule, span1, "F", "'a'", "F", 600L, "array", 512L),
            Finding.Create(SarifSamples.BufferRule, span1 with { Line = 4, EndLine = 4 }, "F", "'a'", "F", 600L, "array", 512L),
        };
        var log = SarifBuilder.Build(findings, RuleCatalog.All, SarifSamples.Options() with { ReadSource = path => SourceFile.FromText(path, text) });
        var prints = log.Runs[0].Results!.Select(r => r.PartialFingerprints![Fingerprints.Key]).ToList();
        Assert.Equal(2, prints.Distinct().Count());
        Assert.Equal(Fingerprints.Compute("SL1002", "F", "char a[600];", "", 1), prints[1]);
    }

    [Fact]
    public void Rule_and_function_are_part_of_the_identity()
    {
        var a = Fingerprints.Compute("SL1002", "F", "char a[600];", "m", 0);
        Assert.NotEqual(a, Fingerprints.Compute("SL1003", "F", "char a[600];", "m", 0));
        Assert.NotEqual(a, Fingerprints.Compute("SL1002", "G", "char a[600];", "m", 0));
    }

    [Fact]
    public void Without_source_the_message_stands_in_with_its_numbers_blanked()
    {
        var small = Fingerprints.Compute("SL1901", "F", null, "'F' uses an estimated 1,600 bytes of stack (limit 1,024)", 0);
        var large = Fingerprints.Compute("SL1901", "F", null, "'F' uses an estimated 2,048 bytes of stack (limit 0x400)", 0);
        Assert.Equal(small, large);
        Assert.NotEqual(small, Fingerprints.Compute("SL1901", "F", null, "'G' uses an estimated 1,600 bytes of stack (limit 1,024)", 0));
    }
}
