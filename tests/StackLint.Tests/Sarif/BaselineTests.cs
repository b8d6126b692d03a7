using StackLint.Rules;
using StackLint.Sarif;
using StackLint.Sarif.Model;
using Xunit;

namespace StackLint.Tests.Sarif;

public sealed class BaselineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stacklint-baseline-").FullName;

    private static string State(SarifLog log, string fragment) =>
        log.Runs[0].Results!.Single(r => r.Message.Text.Contains(fragment, StringComparison.Ordinal)).BaselineState!;

    [Fact]
    public void All_four_states_after_lines_moved_and_a_size_changed()
    {
        var log = SarifSamples.BuildWithBaseline();
        Assert.Equal("updated", State(log, "'path'"));      // same line text, 520 -> 1,040 bytes
        Assert.Equal("unchanged", State(log, "'sense'"));   // moved down ten lines, same message
        Assert.Equal("unchanged", State(log, "'Walk'"));
        Assert.Equal("new", State(log, "KeBugCheckEx"));    // not in the baseline
        Assert.Equal("absent", State(log, "'old'"));        // only in the baseline
        Assert.All(log.Runs[0].Results!, r => Assert.NotNull(r.BaselineState));
    }

    [Fact]
    public void Absent_results_come_last_and_point_at_current_rules()
    {
        var log = SarifSamples.BuildWithBaseline();
        var results = log.Runs[0].Results!;
        Assert.Equal("absent", results[^1].BaselineState);
        var rules = log.Runs[0].Tool.Driver.Rules!;
        Assert.All(results, r => Assert.Equal(r.RuleId, rules[r.RuleIndex!.Value].Id));
    }

    [Fact]
    public void Read_back_from_disk_gives_the_same_comparison()
    {
        var path = Path.Combine(_dir, "baseline.sarif");
        SarifWriter.Write(SarifSamples.Build(), path);
        var applied = Baseline.Read(path).Apply(SarifSamples.Build(insertedLines: 10));
        Assert.All(applied.Runs[0].Results!, r => Assert.Equal("unchanged", r.BaselineState));
        // The baseline's own absent results are not carried forward a second time.
        var twice = Baseline.FromLog(SarifSamples.BuildWithBaseline(), "b").Apply(SarifSamples.Build(insertedLines: 10, pathSize: 1_040));
        Assert.DoesNotContain(twice.Runs[0].Results!, r => r.BaselineState == "absent");
    }

    [Theory]
    [InlineData("not json at all", "is not a SARIF log")]
    [InlineData("not json\n", "is not a SARIF log: 'not json' is an invalid JSON literal")]
    [InlineData("{\"version\":\"2.1.0\",\"runs\":[{\"results\":[{\"ruleId\":5}]}]}", "unexpected value for $.runs[0].results[0].ruleId at line 1")]
    [InlineData("{\"version\":\"2.1.0\"}", "is not a SARIF log: missing 'runs'")]
    [InlineData("{\"version\":\"2.0.0\",\"runs\":[]}", "version '2.0.0'")]
    [InlineData("{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"CodeQL\"}}}]}", "not a StackLint log")]
    public void Bad_baselines_throw_naming_the_file_and_cause(string content, string cause)
    {
        var path = Path.Combine(_dir, "bad.sarif");
        File.WriteAllText(path, content);
        var e = Assert.Throws<BaselineException>(() => Baseline.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(cause, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain("StackLint.Sarif.Model", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_baseline_throws_naming_the_file()
    {
        var path = Path.Combine(_dir, "missing.sarif");
        var e = Assert.Throws<BaselineException>(() => Baseline.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_counts_new_unsuppressed_results_at_or_above_the_level()
    {
        var log = SarifSamples.BuildWithBaseline();
        // The only new result is the note-level SL3901.
        Assert.True(SarifGate.HasNewResultsAtOrAbove(log, "note"));
        Assert.False(SarifGate.HasNewResultsAtOrAbove(log, "warning"));
        Assert.False(SarifGate.HasNewResultsAtOrAbove(log, "none"));
        Assert.True(SarifGate.HasResultsAtOrAbove(log, "error", newOnly: false));

        // Suppressed and absent results never count.
        var suppressedOnly = SarifBuilder.Build([SarifSamples.Findings()[1]], RuleCatalog.All, SarifSamples.Options());
        Assert.False(SarifGate.HasResultsAtOrAbove(suppressedOnly, "note", newOnly: false));
        var allGone = Baseline.FromLog(SarifSamples.Build(), "b").Apply(SarifBuilder.Build([], RuleCatalog.All, SarifSamples.Options()));
        Assert.All(allGone.Runs[0].Results!, r => Assert.Equal("absent", r.BaselineState));
        Assert.False(SarifGate.HasResultsAtOrAbove(allGone, "note", newOnly: false));

        Assert.Throws<ArgumentException>(() => SarifGate.HasResultsAtOrAbove(log, "warn", newOnly: false));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
