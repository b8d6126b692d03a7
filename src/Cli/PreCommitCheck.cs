using StackLint.Engine;
using Microsoft.CodeAnalysis;
using StackLint.LanguageServer;
using StackLint.Rules;

namespace StackLint.Cli;

/// <summary>
/// 'stacklint precommit FILE...': the git pre-commit hook. Staged files alone would hide whole-driver findings (a
/// recursion through an unchanged file), and the whole repository would be slow and would fail commits on old
/// problems in files nobody touched. So: analyze the driver folder of every staged file together, and report and
/// gate on only the findings located in (or whose chain runs through) a staged file.
/// Like the language server it starts from single files, and finds their drivers with the engine's DriverFolders.
/// </summary>
public static class PreCommitCheck
{
    /// <param name="baseline">
    /// A baseline made by 'stacklint analyze . --format sarif' from the same folder the hook runs in (the repository
    /// root): then only findings new against it fail the commit, and their lines end in " [new]".
    /// </param>
    public static int Run(AnalysisSettings baseSettings, FailThreshold threshold, TextWriter stdout, TextWriter stderr, StackLint.Sarif.Baseline? baseline = null)
    {
        var windows = FileUri.IsWindows;
        var staged = baseSettings.Paths
            .Select(p => Path.GetFullPath(p, baseSettings.CurrentDirectory))
            .Where(p => Path.GetExtension(p).ToLowerInvariant() is ".c" or ".h")
            .Where(File.Exists) // a staged deletion is passed by name but has nothing to analyze
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (staged.Count == 0) return ExitCodes.Success;

        var folders = staged
            .Select(p => DriverFolders.ForFile(p, baseSettings.CurrentDirectory))
            .Distinct(StringComparer.Ordinal)
            .SelectMany(DriverFolders.WithLibraries)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        using var workspace = new Workspace(baseSettings with { Paths = folders }, TextWriter.Null);
        var result = workspace.Analyze();

        // A staged header changes every file that includes it: their findings (a by-value struct that grew, a buffer
        // sized by a macro) belong to the commit as much as the header's own.
        var stagedHeaders = staged.Where(p => Path.GetExtension(p).Equals(".h", StringComparison.OrdinalIgnoreCase)).ToList();
        var touched = new List<string>(staged);
        if (stagedHeaders.Count > 0)
            touched.AddRange(result.Units
                .Where(u => u.IncludedFiles.Any(included => stagedHeaders.Any(h => FileUri.SamePath(h, included, windows))))
                .Select(u => u.Path));
        bool IsStaged(string path) => touched.Any(s => FileUri.SamePath(s, path, windows));
        var shown = result.Findings
            .Where(f => f.Suppression is null && f.Severity != DiagnosticSeverity.Hidden)
            .Where(f => IsStaged(f.Location.Path) || f.Chain.Any(step => IsStaged(step.Location.Path)))
            .ToList();
        IReadOnlySet<Finding>? fresh = null;
        if (baseline is not null)
        {
            // Compared as 'analyze --baseline' compares: the whole log, paths relative to the folder the hook runs in.
            var log = StackLint.Sarif.SarifBuilder.Build(result.Findings, RuleCatalog.All, new StackLint.Sarif.SarifOptions
            {
                SourceRoot = baseSettings.CurrentDirectory,
                ReadSource = result.ReadSource,
            });
            fresh = StackLint.Sarif.BaselineStates.NewFindings(result.Findings, baseline.Apply(log));
        }

        var display = new DisplayPaths(baseSettings.CurrentDirectory);
        // As 'analyze' writes them ('x.c(5,10): warning SL0001: ...'): the hook's output lands in the same Error List.
        TextReport.WriteNotices(stderr, result.Notices.Where(n => IsStaged(n.Path)), display, result.ReadSource);
        foreach (var finding in shown)
            stdout.WriteLine(TextReport.FormatLine(finding, display, result.ReadSource) + (fresh is not null && fresh.Contains(finding) ? TextReport.NewMark : ""));
        var including = touched.Count - staged.Count;
        stderr.WriteLine($"stacklint: {shown.Count} finding(s) in {staged.Count} staged file(s)"
            + (including > 0 ? $" and {including} file(s) including a staged header" : "")
            + (fresh is not null ? $", {shown.Count(fresh.Contains)} new against the baseline" : "")
            + $"; analyzed {result.Units.Length} file(s) in {folders.Count} driver folder(s)");

        bool failing = threshold.Lowest is { } lowest && shown.Any(f => f.Severity >= lowest && (fresh is null || fresh.Contains(f)));
        return failing ? ExitCodes.Findings : ExitCodes.Success;
    }
}
