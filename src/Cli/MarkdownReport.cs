using StackLint.Engine;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using StackLint.Rules;
using StackLint.Rules.CallGraph;
using StackLint.Rules.Model.CallGraph;

namespace StackLint.Cli;

/// <summary>
/// '--format markdown': a summary for a CI job's page (GitHub's $GITHUB_STEP_SUMMARY): the counts, findings per rule,
/// the new findings (all findings when there is no baseline), and the entry points with the deepest worst-case paths.
/// Lists are capped so a large legacy driver still gives a page that loads; the same input gives the same bytes.
/// </summary>
public static class MarkdownReport
{
    /// <summary>At most this many findings and entry-point paths are listed; the rest are counted.</summary>
    public const int ListLimit = 50;
    public const int PathLimit = 10;
    private const int PathStepsShown = 6;

    public static void Write(TextWriter output, AnalysisResult result, DisplayPaths display, IReadOnlySet<Finding>? newAgainstBaseline)
    {
        var shown = result.Findings.Where(f => f.Suppression is null && f.Severity != DiagnosticSeverity.Hidden).ToList();
        int errors = shown.Count(f => f.Severity == DiagnosticSeverity.Error);
        int warnings = shown.Count(f => f.Severity == DiagnosticSeverity.Warning);
        int suppressed = result.Findings.Count(f => f.Suppression is not null);
        string Show(string path) => display.Show(path).Replace('\\', '/');

        var text = new StringBuilder();
        text.Append("## StackLint\n\n");
        text.Append(CultureInfo.InvariantCulture, $"**{Count(shown.Count, "finding")}** ({errors:N0} error(s), {warnings:N0} warning(s), {shown.Count - errors - warnings:N0} note(s)) in {Count(result.Units.Length, "file")}");
        if (suppressed > 0) text.Append(CultureInfo.InvariantCulture, $", {suppressed:N0} suppressed");
        int notAnalyzed = result.Notices.Count(n => n.Level == "error");
        if (notAnalyzed > 0) text.Append(CultureInfo.InvariantCulture, $", {Count(notAnalyzed, "file")} not analyzed");
        text.Append(newAgainstBaseline is null
            ? "; no baseline to compare with.\n\n"
            : string.Create(CultureInfo.InvariantCulture, $"; **{shown.Count(newAgainstBaseline.Contains):N0} new** against the baseline.\n\n"));

        if (shown.Count > 0)
        {
            text.Append("| Rule | Title | Findings |");
            text.Append(newAgainstBaseline is null ? "\n|---|---|---:|\n" : " New |\n|---|---|---:|---:|\n");
            foreach (var group in shown.GroupBy(f => f.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var rule = RuleCatalog.All.FirstOrDefault(r => r.Id == group.Key);
                var id = rule?.Descriptor.HelpLinkUri is { Length: > 0 } help ? $"[{group.Key}]({help})" : group.Key;
                text.Append(CultureInfo.InvariantCulture, $"| {id} | {Cell(rule?.Descriptor.Title.ToString(CultureInfo.InvariantCulture) ?? "")} | {group.Count():N0} |");
                if (newAgainstBaseline is not null) text.Append(CultureInfo.InvariantCulture, $" {group.Count(newAgainstBaseline.Contains):N0} |");
                text.Append('\n');
            }
            text.Append('\n');
        }

        var listed = newAgainstBaseline is null ? shown : shown.Where(newAgainstBaseline.Contains).ToList();
        text.Append(newAgainstBaseline is null ? "### Findings\n\n" : "### New findings\n\n");
        if (listed.Count == 0)
        {
            text.Append(newAgainstBaseline is null ? "None.\n\n" : "None: every finding is in the baseline.\n\n");
        }
        else
        {
            text.Append("| Location | Severity | Rule | Message |\n|---|---|---|---|\n");
            foreach (var finding in listed.Take(ListLimit))
                text.Append(CultureInfo.InvariantCulture,
                    $"| `{Code(Show(finding.Location.Path))}({finding.Location.Line},{finding.Location.Column})` | {TextReport.SeverityWord(finding.Severity)} | {finding.RuleId} | {Cell(finding.Message)} |\n");
            if (listed.Count > ListLimit) text.Append(CultureInfo.InvariantCulture, $"\n… and {listed.Count - ListLimit:N0} more.\n");
            text.Append('\n');
        }

        var paths = WorstPaths(result);
        text.Append("### Deepest entry-point paths\n\n");
        if (paths.Count == 0)
        {
            text.Append("No entry point with a bounded path.\n");
        }
        else
        {
            text.Append("| Entry point | Worst-case stack | Budget | Path |\n|---|---:|---:|---|\n");
            foreach (var path in paths.Take(PathLimit))
                text.Append(CultureInfo.InvariantCulture,
                    $"| `{Code(path.Name)}` ({Cell(path.Kind)}, `{Code(Show(path.File))}`) | {path.Bytes:N0} | {path.Budget:N0} | {Cell(path.Steps)} |\n");
            if (paths.Count > PathLimit) text.Append(CultureInfo.InvariantCulture, $"\n… and {paths.Count - PathLimit:N0} more entry points.\n");
        }
        output.Write(text.ToString());
    }

    private sealed record EntryPath(string Name, string Kind, string File, long Bytes, long Budget, string Steps);

    /// <summary>Every entry point of every driver with a bounded worst-case path (cycles are SL2001's), deepest first.</summary>
    private static List<EntryPath> WorstPaths(AnalysisResult result)
    {
        var paths = new List<EntryPath>();
        foreach (var program in result.Programs)
        {
            var analysis = CallGraphAnalysis.For(program, result.Options);
            foreach (var entry in analysis.Contexts.EntryPoints.GroupBy(e => e.Node).Select(g => g.OrderBy(e => e.Kind, StringComparer.Ordinal).First()))
            {
                var use = analysis.WorstCase[entry.Node];
                if (use.IsUnbounded || analysis.Graph.Nodes[entry.Node].Definition is not { } definition) continue;
                var budget = result.Options.GetLong(definition.Path, DeepCallPath.BudgetKey, DeepCallPath.DefaultBudgetFor(program.Arch));
                var steps = analysis.WorstCase.WorstPath(entry.Node).Where(s => analysis.Graph.Nodes[s.Node].IsDefined).ToList();
                var shown = string.Join(" → ", steps.Take(PathStepsShown).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name} ({s.Frame:N0})")));
                if (steps.Count > PathStepsShown) shown += string.Create(CultureInfo.InvariantCulture, $" → … ({steps.Count - PathStepsShown:N0} more)");
                paths.Add(new EntryPath(entry.Name, entry.Kind, definition.Path, use.Bytes, budget, shown));
            }
        }
        return [.. paths.OrderByDescending(p => p.Bytes).ThenBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.File, StringComparer.Ordinal)];
    }

    private static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n:N0} {noun}{(n == 1 ? "" : "s")}");

    /// <summary>Text for a code span in a table cell (a pipe still ends a cell there unless escaped).</summary>
    private static string Code(string text) => text.Replace('`', '\'').Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>Text for a table cell: characters Markdown would read as table, emphasis, code, link or HTML are escaped.</summary>
    private static string Cell(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '|' or '*' or '_' or '`' or '[' or ']') builder.Append('\\').Append(c);
            else if (c == '<') builder.Append("&lt;");
            else if (c is '\n' or '\r') builder.Append(' ');
            else builder.Append(c);
        }
        return builder.ToString();
    }
}
