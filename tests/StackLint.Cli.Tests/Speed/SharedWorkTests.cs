using StackLint.Engine.Cache;
using StackLint.Engine;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using StackLint.Cli;
using StackLint.Cli.Cache;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules;
using StackLint.Sarif;
using StackLint.Tests.Integration;
using StackLint.Tests.Sarif;
using Xunit;

namespace StackLint.Tests.Speed;

/// <summary>
/// Work a run does once and shares, or leaves out when nothing needs it, gives what doing it every time gave: the
/// gate of a run that writes no SARIF, and libclang loaded only when a file is parsed (sources read once by the
/// cache's probes: the engine's FactsCacheEngineTests).
/// </summary>
public sealed class SharedWorkTests
{
    [Theory]
    [InlineData("error")]
    [InlineData("warning")]
    [InlineData("note")]
    [InlineData("none")]
    public void The_gate_over_findings_answers_what_the_gate_over_the_log_answers(string failOn)
    {
        var span = new SourceSpan("/src/a.c", 3, 5, 3, 9);
        var severities = new[] { DiagnosticSeverity.Error, DiagnosticSeverity.Warning, DiagnosticSeverity.Info, DiagnosticSeverity.Hidden };
        // Every set of up to two findings over each severity, suppressed or not.
        var single = severities.SelectMany(s => new[] { false, true }.Select(suppressed => (Severity: s, Suppressed: suppressed))).ToList();
        var sets = single.Select(f => new[] { f }).Concat(single.SelectMany(a => single.Select(b => new[] { a, b }))).Append([]);
        foreach (var set in sets)
        {
            var findings = set.Select((f, i) => Finding.Create(SarifSamples.BufferRule, span with { Line = 3 + i }, "F", "p", "F", 520L, "array", 512L) with
            {
                Severity = f.Severity,
                Suppression = f.Suppressed ? new InSourceSuppression("") : null,
            }).ToList();
            var log = SarifBuilder.Build(findings, RuleCatalog.All, new SarifOptions { SourceRoot = "/src", ReadSource = _ => null });
            Assert.Equal(SarifGate.HasResultsAtOrAbove(log, failOn, newOnly: false), SarifGate.HasFindingsAtOrAbove(findings, failOn));
        }
    }

    [Fact]
    public void A_text_run_and_a_sarif_run_exit_alike()
    {
        using var run = new SpeedRun();
        foreach (var failOn in new[] { "error", "warning", "note", "none" })
        {
            var text = run.Stacklint("analyze", "minifilter", "--no-cache", "--fail-on", failOn);
            var sarif = run.Stacklint("analyze", "minifilter", "--no-cache", "--fail-on", failOn, "--format", "sarif", "--output", Path.Combine(run.Dir, "out", "gate.sarif"));
            Assert.Equal(sarif.ExitCode, text.ExitCode);
        }
        Assert.Equal(ExitCodes.Findings, run.Stacklint("analyze", "minifilter", "--no-cache").ExitCode);
        Assert.Equal(ExitCodes.Success, run.Stacklint("analyze", "minifilter", "--no-cache", "--fail-on", "error").ExitCode);
    }

    [Fact]
    public void A_run_whose_facts_are_all_cached_never_loads_libclang()
    {
        // A file that is no library, named so that the locator takes the installed libclang's major version from
        // it and finds the same builtin headers: the run's flags, and so its facts keys, are unchanged.
        if (!OperatingSystem.IsLinux()) return; // the resource-folder lookup by version is the Linux layout
        var major = LibClang.EnsureInitialized().MajorVersion;
        Assert.NotNull(major);
        using var run = new SpeedRun();
        var broken = Path.Combine(run.Dir, "broken", $"libclang-{major}.so.1");
        Directory.CreateDirectory(Path.GetDirectoryName(broken)!);
        File.WriteAllText(broken, "not a shared library");
        var dll = LspTests.StacklintDll();
        ProcessRun Analyze(string output, IReadOnlyDictionary<string, string>? environment = null) =>
            ExternalProcess.Run("dotnet", [dll, "analyze", "minifilter", "--format", "sarif", "--output", Path.Combine("out", output)], run.Dir, environment);
        var withBroken = new Dictionary<string, string> { [LibClangLocator.EnvironmentVariable] = broken };

        var cold = Analyze("cold.sarif");
        Assert.True(cold.ExitCode is ExitCodes.Success or ExitCodes.Findings, cold.Describe("cold"));

        // Facts from the cache, rules run again (no stored report): the broken library is never opened.
        Directory.Delete(Path.Combine(run.Dir, ".stacklint-cache", "reports"), recursive: true);
        var warm = Analyze("warm.sarif", withBroken);
        Assert.Equal(cold.ExitCode, warm.ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Combine(run.Dir, "out", "cold.sarif")), File.ReadAllBytes(Path.Combine(run.Dir, "out", "warm.sarif")));

        // An edited file needs a parse: the run ends with the analysis-failed code and one line naming the cause.
        File.AppendAllText(Directory.GetFiles(run.Sources, "*.c").Order(StringComparer.Ordinal).First(), "\n// edited\n");
        var edited = Analyze("edited.sarif", withBroken);
        Assert.Equal(ExitCodes.AnalysisFailed, edited.ExitCode);
        var line = Assert.Single(edited.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("cannot load libclang", line);
        Assert.Contains(broken, line);
        Assert.DoesNotContain("   at ", edited.Stderr);
    }
}
