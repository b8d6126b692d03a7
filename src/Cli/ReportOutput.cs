using StackLint.Engine;
using System.CommandLine;
using System.Collections.Immutable;
using MemoryPack;
using StackLint.Frontend;
using StackLint.Rules;
using StackLint.Sarif;
using StackLint.Sarif.Model;

namespace StackLint.Cli;

/// <summary>
/// How a run's findings are reported and gated: the output options analyze and link share. [MemoryPackable] for the
/// report cache's key (<see cref="SerializedKey"/>): the output paths are not part of it, only whether each
/// output is written (a stored report is written wherever the run asks), and the baseline enters as its file's content.
/// The run's times are not part of it: a run that stamps them is never stored (<see cref="Cache.ReportCache.KeyFor"/>),
/// and MemoryPack would write a time's padding bytes, which differ from run to run.
/// </summary>
[MemoryPackable]
public sealed partial record ReportRequest(
    string Format,
    [property: KeyByPresence] string? OutputPath,
    [property: KeyByPresence] string? SarifPath,
    string SourceRoot,
    string? Category,
    [property: NotInKey<Baseline>] Baseline? Baseline,
    string? BaselinePath,
    bool FailOnNewOnly,
    FailThreshold Threshold,
    [property: NotInKey<DateTimeOffset?>] DateTimeOffset? StartTimeUtc = null,
    [property: NotInKey<DateTimeOffset?>] DateTimeOffset? EndTimeUtc = null)
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
        if (formatName is not "text" and not "sarif" and not "markdown")
            throw new CliException(ExitCodes.UsageError, $"--format must be text, sarif or markdown, not '{formatName}'");
        string? FullPath(string? path) => path is null ? null : Path.GetFullPath(path, currentDirectory);
        var outputPath = FullPath(output);
        var sarifPath = FullPath(sarif);
        foreach (var path in new[] { outputPath, sarifPath })
        {
            if (path is not null && !Directory.Exists(Path.GetDirectoryName(path)))
                throw new CliException(ExitCodes.UsageError, $"{path}: the output folder does not exist; create it first");
            if (path is not null && Directory.Exists(path))
                throw new CliException(ExitCodes.UsageError, $"{path}: is a folder; --output and --sarif take a file name");
        }
        var baselineLog = ReadBaseline(FullPath(baseline));
        if (failOnNewOnly && baselineLog is null)
            throw new CliException(ExitCodes.UsageError, "--fail-on-new-only needs --baseline");
        return new ReportRequest(formatName, outputPath, sarifPath, FullPath(sourceRoot) ?? currentDirectory,
            category, baselineLog, FullPath(baseline), failOnNewOnly, threshold);
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

/// <summary>The report options of the commands that report findings (analyze, link): declared once, read into a <see cref="ReportRequest"/>.</summary>
public sealed class ReportOptions
{
    public readonly Option<string> Format = new("--format") { Description = "Output on stdout (or --output): text (MSBuild canonical lines), sarif, or markdown (a summary for $GITHUB_STEP_SUMMARY).", DefaultValueFactory = _ => "text" };
    public readonly Option<string?> Output = new("--output", "-o") { Description = "Write the --format output to this file instead of stdout (written atomically)." };
    public readonly Option<string?> Sarif = new("--sarif") { Description = "Also write SARIF 2.1.0 to this file while the console keeps the text lines." };
    public readonly Option<string?> SourceRoot = new("--source-root") { Description = "Folder SARIF paths are relative to (%SRCROOT%); default: the current folder." };
    public readonly Option<string?> Category = new("--category") { Description = "SARIF automationDetails.id, to keep several runs apart in GitHub code scanning." };
    public readonly Option<string?> Baseline = new("--baseline") { Description = "A previous SARIF file: findings are marked new, unchanged, updated or absent." };
    public readonly Option<string> FailOn = FailOnOption();
    public readonly Option<bool> FailOnNewOnly = new("--fail-on-new-only") { Description = "Only findings that are new against --baseline decide the exit code." };

    /// <summary>--fail-on, also for commands that take no other report option (precommit).</summary>
    public static Option<string> FailOnOption() =>
        new("--fail-on") { Description = "Lowest severity that makes the exit code 1: error, warning, note or none.", DefaultValueFactory = _ => "warning" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Format, Output, Sarif, SourceRoot, Category, Baseline, FailOn, FailOnNewOnly })
            command.Options.Add(option);
    }

    public ReportRequest Read(ParseResult parse, string currentDirectory) => ReportRequest.Create(
        parse.GetValue(Format), parse.GetValue(Output), parse.GetValue(Sarif), parse.GetValue(SourceRoot),
        parse.GetValue(Category), parse.GetValue(Baseline), parse.GetValue(FailOnNewOnly), parse.GetValue(FailOn),
        currentDirectory);
}

/// <summary>
/// Everything a report puts out, before any of it is written: the console text in the order it was written to each
/// stream, the bytes of the --output and --sarif files, and the exit code. Rendering first and writing second is what
/// lets a report be stored and put out again unchanged (<see cref="Cache.ReportCache"/>).
/// </summary>
public sealed record RenderedReport(
    ImmutableArray<ConsoleText> Console,
    ReadOnlyMemory<byte>? OutputFile,
    ReadOnlyMemory<byte>? SarifFile,
    int ExitCode);

/// <summary>Text for stdout (ToStandardError false) or stderr.</summary>
public sealed record ConsoleText(bool ToStandardError, string Text);

/// <summary>
/// Turns an analysis result into output (text lines or SARIF, on stdout or written atomically to a file, plus an
/// optional extra SARIF file) and the exit code. The gate reads the SARIF log so that baseline states decide
/// --fail-on-new-only exactly as GitHub would see them.
/// </summary>
public static class ReportOutput
{
    public static int Write(AnalysisResult result, ReportRequest request, TextWriter stdout, TextWriter stderr, DisplayPaths display) =>
        Emit(Render(result, request, display), request, stdout, stderr);

    public static RenderedReport Render(AnalysisResult result, ReportRequest request, DisplayPaths display)
    {
        string? failOn = request.Threshold.Lowest is { } lowest ? FailThreshold.SarifLevel(lowest) : null;
        // The log is built only when it is written or compared with a baseline; otherwise the gate asks the findings
        // the same question (a text run, the pre-commit hook's case, never builds SARIF).
        bool sarifWanted = request.Format == "sarif" || request.SarifPath is not null;
        SarifLog? log = null;
        if (sarifWanted || request.Baseline is not null)
        {
            log = SarifBuilder.Build(result.Findings, RuleCatalog.All, new SarifOptions
            {
                SourceRoot = request.SourceRoot,
                Category = request.Category,
                Notifications = result.Notices,
                StartTimeUtc = request.StartTimeUtc,
                EndTimeUtc = request.EndTimeUtc,
                ReadSource = result.ReadSource,
                Parallelism = result.Parallelism,
            });
            if (request.Baseline is not null) log = request.Baseline.Apply(log);
        }
        bool failing = failOn is not null && (log is not null
            ? SarifGate.HasResultsAtOrAbove(log, failOn, request.FailOnNewOnly)
            : SarifGate.HasFindingsAtOrAbove(result.Findings, failOn));
        // --format sarif --output and --sarif name the same log: serialize it once.
        ReadOnlyMemory<byte>? sarif = null;
        ReadOnlyMemory<byte> SarifBytes() => sarif ??= SarifSerializer.SerializeToMemory(log!, result.Parallelism);

        // With a baseline, text output marks the findings that are new against it.
        IReadOnlySet<Finding>? NewAgainstBaseline() => request.Baseline is not null && log is not null ? BaselineStates.NewFindings(result.Findings, log) : null;

        var console = new ConsoleRecorder();
        ReadOnlyMemory<byte>? outputFile = null;
        if (request.Format == "sarif")
        {
            if (request.OutputPath is null) console.Out.Write(new System.Text.UTF8Encoding(false).GetString(SarifBytes().Span));
            else outputFile = SarifBytes();
            TextReport.WriteNotices(console.Error, result, display);
        }
        else if (request.Format == "markdown")
        {
            var markdown = new StringWriter { NewLine = "\n" };
            MarkdownReport.Write(markdown, result, display, NewAgainstBaseline());
            if (request.OutputPath is null) console.Out.Write(markdown.ToString());
            else outputFile = new System.Text.UTF8Encoding(false).GetBytes(markdown.ToString());
            TextReport.WriteNotices(console.Error, result, display);
        }
        else if (request.OutputPath is not null)
        {
            var text = new StringWriter { NewLine = "\n" };
            TextReport.Write(text, console.Error, result, display, NewAgainstBaseline());
            outputFile = new System.Text.UTF8Encoding(false).GetBytes(text.ToString());
        }
        else
        {
            TextReport.Write(console.Out, console.Error, result, display, NewAgainstBaseline());
        }
        ReadOnlyMemory<byte>? sarifFile = request.SarifPath is null ? null : SarifBytes();
        return new RenderedReport(console.Recorded, outputFile, sarifFile, failing ? ExitCodes.Findings : ExitCodes.Success);
    }

    /// <summary>Writes a rendered report: files first (atomically), then the console text in its original order.</summary>
    public static int Emit(RenderedReport report, ReportRequest request, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            if (report.OutputFile is { } output && request.OutputPath is not null) SarifWriter.WriteBytes(output.Span, request.OutputPath);
            if (report.SarifFile is { } sarif && request.SarifPath is not null) SarifWriter.WriteBytes(sarif.Span, request.SarifPath);
        }
        catch (SarifOutputException e)
        {
            throw new CliException(ExitCodes.UsageError, e.Message);
        }
        foreach (var text in report.Console) (text.ToStandardError ? stderr : stdout).Write(text.Text);
        return report.ExitCode;
    }

    /// <summary>Two writers that record what is written to each, in one sequence.</summary>
    private sealed class ConsoleRecorder
    {
        private readonly List<ConsoleText> _recorded = [];

        public ConsoleRecorder()
        {
            Out = new Recording(this, toStandardError: false);
            Error = new Recording(this, toStandardError: true);
        }

        public TextWriter Out { get; }
        public TextWriter Error { get; }

        public ImmutableArray<ConsoleText> Recorded
        {
            get
            {
                // Adjacent writes to one stream become one piece of text (joined once: adding each piece to the text so
                // far copied it again for every line, quadratic in the report's length).
                var merged = ImmutableArray.CreateBuilder<ConsoleText>();
                var run = new System.Text.StringBuilder();
                for (int i = 0; i < _recorded.Count; i++)
                {
                    run.Append(_recorded[i].Text);
                    if (i + 1 < _recorded.Count && _recorded[i + 1].ToStandardError == _recorded[i].ToStandardError) continue;
                    merged.Add(new ConsoleText(_recorded[i].ToStandardError, run.ToString()));
                    run.Clear();
                }
                return merged.ToImmutable();
            }
        }

        private sealed class Recording : TextWriter
        {
            private readonly ConsoleRecorder owner;
            private readonly bool toStandardError;

            public Recording(ConsoleRecorder owner, bool toStandardError)
            {
                this.owner = owner;
                this.toStandardError = toStandardError;
                // What Program's console writers use, on every platform.
                NewLine = "\n";
            }

            public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
            public override void Write(char value) => owner._recorded.Add(new ConsoleText(toStandardError, value.ToString()));
            public override void Write(string? value)
            {
                if (!string.IsNullOrEmpty(value)) owner._recorded.Add(new ConsoleText(toStandardError, value));
            }
            public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));
        }
    }
}
