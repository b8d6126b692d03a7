using StackLint.Engine;
using System.Text;
using StackLint.Rules;
using StackLint.Tests.Support;
using Xunit;

namespace StackLint.Tests.FixtureRunner;

/// <summary>
/// The one data-driven test over all rule fixtures. A case is a single file under Fixtures/SLxxxx/ or a whole
/// folder under Fixtures/drivers/ (analyzed in one run, so cross-file rules see every file). Every rule runs on
/// every case: a finding nobody expected fails the test as surely as a missing one, and a fixture without
/// expectations asserts silence. Each case runs twice: against the installed kernel headers (mingw-w64 here, the
/// WDK on Windows) and against the embedded prelude, so the prelude is held to the same results.
/// </summary>
public sealed class FixtureTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var fixture in FixtureCases())
            foreach (var environment in new[] { "system", "prelude" })
                data.Add(fixture, environment);
        return data;
    }

    public static IEnumerable<string> FixtureCases()
    {
        var root = RepoPaths.Fixtures;
        if (!Directory.Exists(root)) yield break;
        foreach (var dir in Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            if (name == "drivers")
            {
                foreach (var driver in Directory.GetDirectories(dir).OrderBy(d => d, StringComparer.Ordinal))
                    yield return Path.GetRelativePath(root, driver).Replace('\\', '/');
            }
            else
            {
                foreach (var file in Directory.GetFiles(dir, "*.c").OrderBy(f => f, StringComparer.Ordinal))
                    yield return Path.GetRelativePath(root, file).Replace('\\', '/');
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Findings_match_expectations(string fixture, string environment)
    {
        var path = Path.Combine(RepoPaths.Fixtures, fixture.Replace('/', Path.DirectorySeparatorChar));
        var result = FixtureAnalysis.Run(path, noSystemHeaders: environment == "prelude");

        var sources = Directory.Exists(path) ? Directory.GetFiles(path, "*.c", SearchOption.AllDirectories) : [path];
        var expected = sources.SelectMany(Expectations.Read).ToList();
        var actual = result.Findings.Where(f => f.Suppression is null).ToList();

        var problems = new StringBuilder();
        foreach (var notice in result.Notices)
            problems.AppendLine($"  fixture does not parse cleanly: {notice.Path}: {notice.Message}");

        var unmatched = actual.ToList();
        foreach (var expectation in expected)
        {
            var match = unmatched.FirstOrDefault(f =>
                f.RuleId == expectation.RuleId &&
                f.Location.Line == expectation.Line &&
                SamePath(f.Location.Path, expectation.Path) &&
                (expectation.MessageFragment is null || f.Message.Contains(expectation.MessageFragment, StringComparison.Ordinal)));
            if (match is null)
                problems.AppendLine($"  missing: {Rel(expectation.Path)}({expectation.Line}): {expectation.RuleId}" +
                    (expectation.MessageFragment is null ? "" : $" \"{expectation.MessageFragment}\""));
            else
                unmatched.Remove(match);
        }
        foreach (var extra in unmatched)
            problems.AppendLine($"  unexpected: {Rel(extra.Location.Path)}({extra.Location.Line},{extra.Location.Column}): {extra.RuleId}: {extra.Message}");

        Assert.True(problems.Length == 0, $"{fixture} [{environment} headers]:\n{problems}");
    }

    [Fact]
    public void Every_rule_has_positive_and_negative_fixtures()
    {
        var all = FixtureCases()
            .Select(c => Path.Combine(RepoPaths.Fixtures, c.Replace('/', Path.DirectorySeparatorChar)))
            .SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p, "*.c", SearchOption.AllDirectories) : [p])
            .ToList();
        var expectedIds = all.SelectMany(Expectations.Read).Select(e => e.RuleId).ToHashSet();
        var sourceText = all.Select(File.ReadAllText).ToList();
        foreach (var rule in RuleCatalog.All)
        {
            Assert.True(expectedIds.Contains(rule.Id), $"no fixture expects {rule.Id}");
            var folder = Path.Combine(RepoPaths.Fixtures, rule.Id);
            var hasNegative = Directory.Exists(folder) && Directory.GetFiles(folder, "*.c").Any(f => File.ReadAllText(f).Contains("_ok", StringComparison.Ordinal));
            hasNegative |= sourceText.Any(t => t.Contains("_ok", StringComparison.Ordinal) && t.Contains(rule.Id, StringComparison.Ordinal));
            Assert.True(hasNegative, $"{rule.Id} has no negative ('_ok') fixture");
        }
    }

    private static bool SamePath(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);

    private static string Rel(string path) => Path.GetRelativePath(RepoPaths.Fixtures, path);
}

/// <summary>Runs the real pipeline in-process over a fixture file or folder.</summary>
public static class FixtureAnalysis
{
    public static AnalysisResult Run(string path, bool noSystemHeaders, string? arch = null)
    {
        var settings = new AnalysisSettings
        {
            Paths = [path],
            NoSystemHeaders = noSystemHeaders,
            Arch = arch switch
            {
                null or "x64" => StackLint.Frontend.TargetArch.X64,
                "x86" => StackLint.Frontend.TargetArch.X86,
                "arm64" => StackLint.Frontend.TargetArch.Arm64,
                _ => throw new ArgumentException($"unknown architecture '{arch}'", nameof(arch)),
            },
            Jobs = 1,
            CurrentDirectory = RepoPaths.Root,
        };
        using var workspace = new Workspace(settings, TextWriter.Null);
        return workspace.Analyze();
    }
}
