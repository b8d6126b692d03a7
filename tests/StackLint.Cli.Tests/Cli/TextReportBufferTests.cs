using StackLint.Engine;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using StackLint.Cli;
using StackLint.Frontend.Facts;
using StackLint.Rules;
using StackLint.Sarif;
using Xunit;

namespace StackLint.Tests.Cli;

/// <summary>
/// Text output is rendered into one buffer and written once; it gives the bytes the line-at-a-time writer gave, in the
/// same order between stdout and stderr.
/// </summary>
public sealed class TextReportBufferTests
{
    private static readonly DiagnosticDescriptor Descriptor = new(
        "SL9999", "Test", "'{0}' uses {1} bytes", "Stack", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    private sealed class NoOptions : IRuleOptions
    {
        public string? GetValue(string sourcePath, string key) => null;
        public ReportDiagnostic? GetSeverity(string sourcePath, string ruleId) => null;
    }

    private static (AnalysisResult Result, string Root) ManyFindings(int count)
    {
        var root = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "stacklint-text-buffer", "tree"));
        var outside = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "stacklint-elsewhere"));
        var severities = new[] { DiagnosticSeverity.Error, DiagnosticSeverity.Warning, DiagnosticSeverity.Info, DiagnosticSeverity.Hidden };
        var findings = ImmutableArray.CreateBuilder<Finding>();
        for (int i = 0; i < count; i++)
        {
            // Files under the current folder, outside it, and already relative; some findings suppressed or hidden.
            var path = (i % 7) switch
            {
                0 => Path.Combine(outside, $"lib{i % 5}.h"),
                1 => $"rel/drv{i % 3}.c",
                _ => Path.Combine(root, $"drv{i % 40}", $"file{i % 13}.c"),
            };
            findings.Add(new Finding(Descriptor, severities[i % severities.Length], new SourceSpan(path, 1 + i % 900, 1 + i % 80, 1 + i % 900, 9),
                $"Fn{i}", [], [$"Fn{i}", (1000 + i).ToString(CultureInfo.InvariantCulture)],
                i % 11 == 0 ? new InSourceSuppression("checked") : null));
        }
        ImmutableArray<ToolNotification> notices =
        [
            new(Path.Combine(root, "drv1", "file1.c"), "warning", "partially analyzed: 2 errors", 12),
            new(Path.Combine(outside, "x.c"), "error", "not analyzed: unreadable"),
        ];
        return (new AnalysisResult([], [], findings.ToImmutable(), notices, new NoOptions(), "test"), root);
    }

    /// <summary>What TextReport.Write did before it buffered: one WriteLine per finding, paths made relative each time.</summary>
    private static void LineAtATime(TextWriter stdout, AnalysisResult result, string root, IReadOnlySet<Finding>? fresh)
    {
        foreach (var finding in result.Findings.Where(f => f.Suppression is null && f.Severity != DiagnosticSeverity.Hidden))
        {
            var path = finding.Location.Path;
            if (Path.IsPathFullyQualified(path))
            {
                var relative = Path.GetRelativePath(root, path);
                if (!(relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathFullyQualified(relative))) path = relative;
            }
            var line = $"{path}({finding.Location.Line},{finding.Location.Column}): {TextReport.SeverityWord(finding.Severity)} {finding.RuleId}: {finding.Message}";
            stdout.WriteLine(fresh is not null && fresh.Contains(finding) ? line + TextReport.NewMark : line);
        }
    }

    [Fact]
    public void Buffered_text_is_byte_identical_to_line_at_a_time_writing()
    {
        var (result, root) = ManyFindings(2_500);
        var fresh = result.Findings.Where((_, i) => i % 3 == 0).ToHashSet();
        foreach (var mark in new[] { null, fresh })
        {
            var expected = new StringWriter { NewLine = "\n" };
            LineAtATime(expected, result, root, mark);
            var actual = new StringWriter { NewLine = "\n" };
            var stderr = new StringWriter { NewLine = "\n" };
            TextReport.Write(actual, stderr, result, new DisplayPaths(root), mark);
            Assert.Equal(expected.ToString(), actual.ToString());
            Assert.Equal(mark is not null, actual.ToString().Contains(" [new]\n", StringComparison.Ordinal));
            Assert.StartsWith(Path.Combine("drv1", "file1.c") + "(12): warning: partially analyzed", stderr.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_console_report_keeps_notices_findings_and_summary_in_order_as_one_piece_each()
    {
        var (result, root) = ManyFindings(2_500);
        var request = ReportRequest.Create("text", null, null, null, null, null, false, "none", root);
        var report = ReportOutput.Render(result, request, new DisplayPaths(root));
        var expected = new StringWriter { NewLine = "\n" };
        LineAtATime(expected, result, root, null);
        Assert.Equal([true, false, true], report.Console.Select(c => c.ToStandardError));
        Assert.Equal(expected.ToString(), report.Console[1].Text);
        Assert.Equal(2, report.Console[0].Text.Count(c => c == '\n'));
        Assert.StartsWith("stacklint: ", report.Console[2].Text, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, report.ExitCode);

        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        ReportOutput.Emit(report, request, stdout, stderr);
        Assert.Equal(expected.ToString(), stdout.ToString());
        Assert.Equal(report.Console[0].Text + report.Console[2].Text, stderr.ToString());
    }
}
