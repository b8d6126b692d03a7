using Microsoft.CodeAnalysis;
using StackLint.LanguageServer;
using StackLint.Rules;

namespace StackLint.Cli.Lsp;

/// <summary>
/// 'stacklint precommit FILE...': the git pre-commit hook. Staged files alone would hide whole-driver findings (a
/// recursion through an unchanged file), and the whole repository would be slow and would fail commits on old
/// problems in files nobody touched. So: analyze the driver folder of every staged file together, and report and
/// gate on only the findings located in (or whose chain runs through) a staged file.
/// Lives with the language server because both start from single files and share DriverFolders.
/// </summary>
public static class PreCommitCheck
{
    public static int Run(AnalysisSettings baseSettings, FailThreshold threshold, TextWriter stdout, TextWriter stderr)
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
            .Order(StringComparer.Ordinal)
            .ToList();
        var result = AnalysisPipeline.Run(baseSettings with { Paths = folders }, TextWriter.Null);

        bool IsStaged(string path) => staged.Any(s => FileUri.SamePath(s, path, windows));
        var shown = result.Findings
            .Where(f => f.Suppression is null && f.Severity != DiagnosticSeverity.Hidden)
            .Where(f => IsStaged(f.Location.Path) || f.Chain.Any(step => IsStaged(step.Location.Path)))
            .ToList();

        var display = new DisplayPaths(baseSettings.CurrentDirectory);
        foreach (var notice in result.Notices.Where(n => IsStaged(n.Path)))
        {
            var where = notice.Line is int line ? $"{display.Show(notice.Path)}({line})" : display.Show(notice.Path);
            stderr.WriteLine($"{where}: {notice.Level}: {notice.Message}");
        }
        foreach (var finding in shown)
            stdout.WriteLine(TextReport.FormatLine(finding, display));
        stderr.WriteLine($"stacklint: {shown.Count} finding(s) in {staged.Count} staged file(s); analyzed {result.Units.Length} file(s) in {folders.Count} driver folder(s)");

        bool failing = threshold.Lowest is { } lowest && shown.Any(f => f.Severity >= lowest);
        return failing ? ExitCodes.Findings : ExitCodes.Success;
    }
}
