using StackLint.Rules;
using StackLint.Sarif;

namespace StackLint.Cli;

/// <summary>How a run's findings are reported and gated: the output options analyze and link share.</summary>
public sealed record ReportRequest(
    string Format,
    string? OutputPath,
    string? SarifPath,
    string SourceRoot,
    string? Category,
    Baseline? Baseline,
    bool FailOnNewOnly,
    FailThreshold Threshold,
    DateTimeOffset? StartTimeUtc = null,
    DateTimeOffset? EndTimeUtc = null)
{
    /// <summary>
    /// Checks the output options as the user wrote them and resolves their paths, before any analysis runs, so a
    /// bad value costs nothing: an unknown format, an output folder that does not exist, an unreadable baseline,
    /// --fail-on-new-only without a baseline are all usage errors.
    /// </summary>
    public static ReportRequest Create(
        string? format, string? output, string? sarif, string? sourceRoot, string? category,
        string? baseline, bool failOnNewOnly, string? failOn, string currentDirectory)
    {
        var threshold = FailThreshold.Parse(failOn ?? "warning");
        var formatName = (format ?? "text").ToLowerInvariant();
        if (formatName is not "text" and not "sarif")
            throw new CliException(ExitCodes.UsageError, $"--format must be text or sarif, not '{formatName}'");
        string? FullPath(string? path) => path is null ? null : Path.GetFullPath(path, currentDirectory);
        var outputPath = FullPath(output);
        var sarifPath = FullPath(sarif);
        foreach (var path in new[] { outputPath, sarifPath })
            if (path is not null && !Directory.Exists(Path.GetDirectoryName(path)))
                throw new CliException(ExitCodes.UsageError, $"{path}: the output folder does not exist");
        var baselineLog = ReadBaseline(FullPath(baseline));
        if (failOnNewOnly && baselineLog is null)
            throw new CliException(ExitCodes.UsageError, "--fail-on-new-only needs --baseline");
        return new ReportRequest(formatName, outputPath, sarifPath, FullPath(sourceRoot) ?? currentDirectory,
            category, baselineLog, failOnNewOnly, threshold);
    }

    private static Baseline? ReadBaseline(string? path)
    {
        if (path is null) return null;
        try
        {
            return Baseline.Read(path);
        }
        catch (BaselineException e)
        {
            throw new CliException(ExitCodes.UsageError, e.Message);
        }
    }
}

/// <summary>
/// Turns an analysis result into output (text lines or SARIF, on stdout or written atomically to a file, plus an
/// optional extra SARIF file) and the exit code. The gate reads the SARIF log so that baseline states decide
/// --fail-on-new-only exactly as GitHub would see them.
/// </summary>
public static class ReportOutput
{
    public static int Write(AnalysisResult result, ReportRequest request, TextWriter stdout, TextWriter stderr, DisplayPaths display)
    {
        var log = SarifBuilder.Build(result.Findings, RuleCatalog.All, new SarifOptions
        {
            SourceRoot = request.SourceRoot,
            Category = request.Category,
            Notifications = result.Notices,
            StartTimeUtc = request.StartTimeUtc,
            EndTimeUtc = request.EndTimeUtc,
        });
        if (request.Baseline is not null) log = request.Baseline.Apply(log);

        try
        {
            if (request.Format == "sarif")
            {
                if (request.OutputPath is null) stdout.Write(SarifSerializer.SerializeToString(log));
                else SarifWriter.Write(log, request.OutputPath);
                TextReport.WriteNotices(stderr, result, display);
            }
            else if (request.OutputPath is not null)
            {
                var text = new StringWriter { NewLine = "\n" };
                TextReport.Write(text, stderr, result, display);
                SarifWriter.WriteBytes(new System.Text.UTF8Encoding(false).GetBytes(text.ToString()), request.OutputPath);
            }
            else
            {
                TextReport.Write(stdout, stderr, result, display);
            }
            if (request.SarifPath is not null) SarifWriter.Write(log, request.SarifPath);
        }
        catch (SarifOutputException e)
        {
            throw new CliException(ExitCodes.UsageError, e.Message);
        }

        bool failing = request.Threshold.Lowest is { } lowest
            && SarifGate.HasResultsAtOrAbove(log, FailThreshold.SarifLevel(lowest), request.FailOnNewOnly);
        return failing ? ExitCodes.Findings : ExitCodes.Success;
    }
}
