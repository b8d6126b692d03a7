using StackLint.Engine;
using System.Globalization;
using System.Text;
using MemoryPack;
using Microsoft.CodeAnalysis;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules;
using StackLint.Sarif;

namespace StackLint.Cli;

/// <summary>
/// The console format: one line per finding in the MSBuild canonical format, which Visual Studio's Error List
/// and VS Code's $msCompile problem matcher parse; notices and the summary go to stderr.
/// </summary>
public static class TextReport
{
    /// <summary>
    /// The findings, then the summary. With <paramref name="newAgainstBaseline"/> (a run with --baseline), the lines of
    /// new findings end in <see cref="NewMark"/> and the summary counts them.
    /// </summary>
    public static void Write(TextWriter stdout, TextWriter stderr, AnalysisResult result, DisplayPaths display, IReadOnlySet<Finding>? newAgainstBaseline = null)
    {
        var shown = result.Findings.Where(f => f.Suppression is null && f.Severity != DiagnosticSeverity.Hidden).ToList();
        WriteNotices(stderr, result, display);
        // All lines into one buffer, written once: a console writer that flushes every write makes a line one system
        // call, and 2,500 of them took seconds where the same findings as SARIF take a tenth of one.
        var lines = new StringBuilder(shown.Count * 160);
        foreach (var finding in shown)
        {
            AppendLine(lines, finding, display, result.ReadSource);
            if (newAgainstBaseline is not null && newAgainstBaseline.Contains(finding)) lines.Append(NewMark);
            lines.Append(stdout.NewLine);
        }
        if (lines.Length > 0) stdout.Write(lines.ToString());
        var summary = Summary(shown, result);
        if (newAgainstBaseline is not null) summary += $", {shown.Count(newAgainstBaseline.Contains)} new against the baseline";
        stderr.WriteLine(summary);
    }

    /// <summary>What ends the line of a finding that is new against the baseline (still the MSBuild canonical format: it is part of the message).</summary>
    public const string NewMark = " [new]";

    /// <summary>The per-file notices (not analyzed, partially analyzed, unused suppressions).</summary>
    public static void WriteNotices(TextWriter stderr, AnalysisResult result, DisplayPaths display) =>
        WriteNotices(stderr, result.Notices, display, result.ReadSource);

    /// <summary>One line per notice, see <see cref="FormatNotice"/>.</summary>
    public static void WriteNotices(TextWriter stderr, IEnumerable<ToolNotification> notices, DisplayPaths display, Func<string, SourceFile?>? sources = null)
    {
        foreach (var notice in notices)
            stderr.WriteLine(FormatNotice(notice, display, sources));
    }

    /// <summary>
    /// A notice in the MSBuild canonical format, like a compiler's: 'path(line,col): warning SL0001: message', so
    /// Visual Studio's Error List and VS Code's $msCompile show parse problems next to findings. Both need a location
    /// in parentheses: a notice without a line (a file that could not be read) is put on line 1. A note is 'info'.
    /// </summary>
    public static string FormatNotice(ToolNotification notice, DisplayPaths display, Func<string, SourceFile?>? sources = null)
    {
        if (notice.Code is null)
        {
            var where = notice.Line is int line ? $"{display.Show(notice.Path)}({line})" : display.Show(notice.Path);
            return $"{where}: {notice.Level}: {notice.Message}";
        }
        var location = notice.Line is >= 1 and var l
            ? notice.Column is >= 1 and var c ? $"({l},{CharacterColumn(SourceSpan.At(notice.Path, l, c), sources)})" : $"({l})"
            : "(1)";
        var word = notice.Level is "error" or "warning" ? notice.Level : "info";
        return $"{display.Show(notice.Path)}{location}: {word} {notice.Code}: {notice.Message}";
    }

    /// <param name="sources">The run's sources (<see cref="AnalysisResult.ReadSource"/>), to count the column in characters as editors do; null keeps clang's byte column.</param>
    public static string FormatLine(Finding finding, DisplayPaths display, Func<string, SourceFile?>? sources = null) =>
        AppendLine(new StringBuilder(160), finding, display, sources).ToString();

    /// <summary>Appends <see cref="FormatLine"/>'s text (no line end).</summary>
    private static StringBuilder AppendLine(StringBuilder text, Finding finding, DisplayPaths display, Func<string, SourceFile?>? sources) =>
        text.Append(display.Show(finding.Location.Path))
            .Append('(').Append(finding.Location.Line.ToString(CultureInfo.InvariantCulture))
            .Append(',').Append(CharacterColumn(finding.Location, sources).ToString(CultureInfo.InvariantCulture))
            .Append("): ").Append(SeverityWord(finding.Severity))
            .Append(' ').Append(finding.RuleId).Append(": ").Append(finding.Message);

    /// <summary>
    /// clang's byte column as the character column Visual Studio and VS Code count (and SARIF reports): the two differ
    /// after non-ASCII text on the line, such as a UTF-8 comment before a declaration.
    /// </summary>
    private static int CharacterColumn(SourceSpan span, Func<string, SourceFile?>? sources) =>
        span.Column > 1 && sources?.Invoke(span.Path) is { } file ? file.ToCharacterColumn(span.Line, span.Column) : span.Column;

    public static string SeverityWord(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "info",
    };

    private static string Summary(IReadOnlyCollection<Finding> shown, AnalysisResult result)
    {
        int errors = shown.Count(f => f.Severity == DiagnosticSeverity.Error);
        int warnings = shown.Count(f => f.Severity == DiagnosticSeverity.Warning);
        int infos = shown.Count - errors - warnings;
        int files = result.FileCount ?? result.Units.Length;
        int notAnalyzed = result.Notices.Count(n => n.Code == ToolNotification.NotAnalyzed);
        int partial = result.Notices.Count(n => n.Code == ToolNotification.ParsedWithErrors);
        int cpp = result.CppSources.Count;
        var parts = new List<string> { $"{shown.Count} finding(s) ({errors} error(s), {warnings} warning(s), {infos} info)", $"{files} file(s)" };
        if (partial > 0) parts.Add($"{partial} partially analyzed");
        if (notAnalyzed > 0) parts.Add($"{notAnalyzed} not analyzed");
        if (cpp > 0) parts.Add($"{cpp} C++ file(s) covered in part");
        int suppressed = result.Findings.Count(f => f.Suppression is not null);
        if (suppressed > 0) parts.Add($"{suppressed} suppressed");
        return "stacklint: " + string.Join(", ", parts);
    }
}

/// <summary>--fail-on: the lowest severity that fails the run.</summary>
[MemoryPackable]
public sealed partial record FailThreshold([property: PlainNullable<DiagnosticSeverity>] DiagnosticSeverity? Lowest)
{
    public static FailThreshold Parse(string text) => text.ToLowerInvariant() switch
    {
        "error" => new(DiagnosticSeverity.Error),
        "warning" => new(DiagnosticSeverity.Warning),
        "note" or "info" or "suggestion" => new(DiagnosticSeverity.Info),
        "none" => new((DiagnosticSeverity?)null),
        _ => throw new CliException(ExitCodes.UsageError, $"--fail-on must be error, warning, note or none, not '{text}'"),
    };

    public static string SarifLevel(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "note",
    };
}
