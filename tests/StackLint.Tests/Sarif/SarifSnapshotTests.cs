using System.Text;
using StackLint.Rules;
using StackLint.Rules.Frames;
using StackLint.Sarif;
using Xunit;

namespace StackLint.Tests.Sarif;

/// <summary>
/// The sample log as a reviewable file: any change to what we write shows up in the diff of Snapshots/sample.sarif.
/// The output itself is compact JSON; the snapshot is the same JSON indented (no other change), so diffs are readable. Only SL1002's metadata is included, so rules added by others do not touch it.
/// Set STACKLINT_UPDATE_SNAPSHOTS=1 to rewrite it after an intended change.
/// </summary>
public sealed class SarifSnapshotTests
{
    [Fact]
    public void Sample_log_matches_the_committed_snapshot()
    {
        var path = Path.Combine(Support.RepoPaths.Root, "tests", "StackLint.Tests", "Sarif", "Snapshots", "sample.sarif");
        var rules = RuleCatalog.All.Where(r => r.Id == LargeStackBuffer.DiagnosticId).ToList();
        var findings = SarifSamples.Findings(insertedLines: 10, pathSize: 1_040);
        var baseline = Baseline.FromLog(SarifBuilder.Build(SarifSamples.Findings(), rules, SarifSamples.Options()), "baseline.sarif");
        var log = baseline.Apply(SarifBuilder.Build(findings, rules, SarifSamples.Options(insertedLines: 10)));
        var compact = SarifSerializer.SerializeToString(log);
        var actual = Indented(compact);
        Assert.Equal(compact, Compact(actual));

        if (Environment.GetEnvironmentVariable("STACKLINT_UPDATE_SNAPSHOTS") == "1")
            File.WriteAllText(path, actual, new UTF8Encoding(false));

        Assert.True(File.Exists(path), $"{path} is missing; run: STACKLINT_UPDATE_SNAPSHOTS=1 dotnet test --filter SarifSnapshot");
        var expected = File.ReadAllText(path, Encoding.UTF8).Replace("\r\n", "\n");
        Assert.True(expected == actual, $"The SARIF output changed. Review it, then run: STACKLINT_UPDATE_SNAPSHOTS=1 dotnet test --filter SarifSnapshot\n{FirstDifference(expected, actual)}");
    }

    private static string Indented(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return Rewrite(document, indented: true) + "\n";
    }

    private static string Compact(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return Rewrite(document, indented: false) + "\n";
    }

    private static string Rewrite(System.Text.Json.JsonDocument document, bool indented)
    {
        var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions
        {
            Indented = indented,
            NewLine = "\n",
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            document.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var x = i < e.Length ? e[i] : "<end>";
            var y = i < a.Length ? a[i] : "<end>";
            if (x != y) return $"line {i + 1}:\n  expected: {x}\n  actual:   {y}";
        }
        return "";
    }
}
