using System.Text.Json;
using StackLint.Sarif;
using StackLint.Sarif.Model;
using Xunit;
using Xunit.Abstractions;

namespace StackLint.Tests.Sarif;

/// <summary>
/// The logs we write, checked by real consumers: ajv against the OASIS SARIF 2.1.0 schema, and the SARIF SDK's
/// multitool with its SARIF and GitHub ingestion rules. Zero errors and zero warnings; notes are listed too.
/// </summary>
public sealed class SarifValidationTests(SarifToolsFixture tools, ITestOutputHelper output) : IClassFixture<SarifToolsFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stacklint-sarif-").FullName;

    public static TheoryData<string> Samples => ["full", "baseline", "empty"];

    private string WriteSample(string name)
    {
        SarifLog log = name switch
        {
            "full" => SarifSamples.Build(),
            "baseline" => SarifSamples.BuildWithBaseline(),
            _ => SarifBuilder.Build([], StackLint.Rules.RuleCatalog.All, new SarifOptions { SourceRoot = SarifSamples.Root, ToolVersion = "0.1.0" }),
        };
        var path = Path.Combine(_dir, name + ".sarif");
        SarifWriter.Write(log, path);
        return path;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Log_is_valid_against_the_SARIF_2_1_0_schema(string sample)
    {
        if (!tools.Ready(output)) return;
        var run = tools.ValidateSchema(WriteSample(sample));
        output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, "ajv rejected the log:\n" + run.Output);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sarif_multitool_reports_no_errors_or_warnings(string sample)
    {
        if (!tools.Ready(output)) return;
        var input = WriteSample(sample);
        var report = Path.Combine(_dir, sample + ".validation.sarif");
        var run = tools.Multitool(input, report);
        output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, "the multitool failed:\n" + run.Output);

        using var doc = JsonDocument.Parse(File.ReadAllBytes(report));
        var findings = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => (
                Rule: r.GetProperty("ruleId").GetString(),
                Level: r.TryGetProperty("level", out var level) ? level.GetString() : "warning",
                Text: Describe(r)))
            .ToList();
        foreach (var f in findings) output.WriteLine($"{f.Level} {f.Rule}: {f.Text}");
        var problems = findings.Where(f => f.Level is "error" or "warning").ToList();
        Assert.True(problems.Count == 0, "the multitool reported:\n" + string.Join('\n', problems.Select(p => $"{p.Level} {p.Rule}: {p.Text}")));
    }

    [Fact]
    public void Multitool_does_run_the_GitHub_rules()
    {
        // Guards the test above against a silent no-op: a log GitHub would reject must be flagged.
        if (!tools.Ready(output)) return;
        var bad = Path.Combine(_dir, "bad.sarif");
        File.WriteAllText(bad, """
            {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"X","rules":[{"id":"R1"}]}},
             "results":[{"ruleId":"R1","message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a.c"}}}]}]}]}
            """);
        var report = Path.Combine(_dir, "bad.validation.sarif");
        var run = tools.Multitool(bad, report);
        output.WriteLine(run.Output);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(report));
        var rules = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("ruleId").GetString()).ToList();
        Assert.Contains(rules, id => id!.StartsWith("GH", StringComparison.Ordinal));
    }

    private static string Describe(JsonElement result)
    {
        var message = result.GetProperty("message");
        if (message.TryGetProperty("text", out var text)) return text.GetString() ?? "";
        var id = message.TryGetProperty("id", out var mid) ? mid.GetString() : "";
        var args = message.TryGetProperty("arguments", out var a) ? string.Join(" | ", a.EnumerateArray().Select(x => x.GetString())) : "";
        return $"{id}: {args}";
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
