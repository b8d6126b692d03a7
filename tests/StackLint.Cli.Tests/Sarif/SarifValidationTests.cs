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

    public static TheoryData<string> Samples => ["full", "baseline", "empty", "driver"];

    private string WriteSample(string name)
    {
        if (name == "driver") return WriteDriverSample();
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

    /// <summary>
    /// The real thing: the CLI over a copy of every rule fixture (findings from every rule, several drivers, cycles
    /// and paths with code flows), with an in-source suppression, compared against a baseline of an earlier state.
    /// </summary>
    private string WriteDriverSample()
    {
        var tree = Path.Combine(_dir, "drivers");
        foreach (var file in Directory.GetFiles(Support.RepoPaths.Fixtures, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(tree, Path.GetRelativePath(Support.RepoPaths.Fixtures, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var baseline = Path.Combine(_dir, "baseline.sarif");
        int first = StackLint.Cli.StackLintCli.Run(["analyze", "drivers", "--format", "sarif", "--output", baseline], stdout, stderr, _dir);
        Assert.True(first == 1, stderr.ToString());

        // Since the baseline: one finding fixed (absent), one suppressed in source, one new buffer.
        var buffers = Path.Combine(tree, "SL1002", "path_buffers.c");
        var text = File.ReadAllText(buffers)
            .Replace("UCHAR sector[512];", "UCHAR sector[64];")
            .Replace("WCHAR path[PATH_CHARS];", "WCHAR path[PATH_CHARS]; // stacklint-disable-line SL1002 -- copied out before any call")
            .Replace("WCHAR name[MAX_NAME_CHARS - 1];", "WCHAR name[MAX_NAME_CHARS + 1];");
        File.WriteAllText(buffers, text);

        var path = Path.Combine(_dir, "driver.sarif");
        int second = StackLint.Cli.StackLintCli.Run(["analyze", "drivers", "--baseline", baseline, "--sarif", path, "--category", "drivers/"], stdout, stderr, _dir);
        Assert.True(second == 1, stderr.ToString());

        var log = File.ReadAllText(path);
        foreach (var rule in StackLint.Rules.RuleCatalog.All)
            Assert.Contains($"\"ruleId\":\"{rule.Id}\"", log);
        foreach (var state in new[] { "new", "unchanged", "absent" })
            Assert.Contains($"\"baselineState\":\"{state}\"", log);
        Assert.Contains("\"kind\":\"inSource\"", log);
        Assert.Contains("\"codeFlows\"", log);
        return path;
    }

    private static string Describe(JsonElement result)
    {
        var message = result.GetProperty("message");
        if (message.TryGetProperty("text", out var text)) return text.GetString() ?? "";
        var id = message.TryGetProperty("id", out var mid) ? mid.GetString() : "";
        var args = message.TryGetProperty("arguments", out var a) ? string.Join(" | ", a.EnumerateArray().Select(x => x.GetString())) : "";
        return $"{id}: {args}";
    }

    /// <summary>The docs' npx command line, run by bash as written (only the file names point into this test's folder).</summary>
    [Fact]
    public void Documented_multitool_command_line_works_as_written()
    {
        if (!tools.Ready(output)) return;
        var docs = File.ReadAllLines(Support.RepoPaths.Combine("docs", "github-code-scanning.md"));
        var line = Assert.Single(docs, l => l.StartsWith("npx @microsoft/sarif-multitool validate", StringComparison.Ordinal));
        // A log GitHub would reject: the GitHub rules must flag it, which they only do when "Gh" reached the multitool.
        var bad = Path.Combine(_dir, "bad.sarif");
        File.WriteAllText(bad, """
            {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"X","rules":[{"id":"R1"}]}},
             "results":[{"ruleId":"R1","message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a.c"}}}]}]}]}
            """);
        var report = Path.Combine(_dir, "validation.sarif");
        var command = line.Replace("stacklint.sarif", bad, StringComparison.Ordinal).Replace("validation.sarif", report, StringComparison.Ordinal);
        // From the tools folder npx finds the package installed there instead of downloading it.
        var run = SarifToolsFixture.Run("bash", ["-c", command], tools.ToolsDirectory);
        output.WriteLine(run.Output);
        Assert.DoesNotContain("not found", run.Output, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(report));
        var rules = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("ruleId").GetString()).ToList();
        Assert.Contains(rules, id => id!.StartsWith("GH", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
