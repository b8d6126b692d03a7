using StackLint.Cli.Cache;
using StackLint.Engine;
using StackLint.Engine.Cache;
using System.CommandLine;
using StackLint.Frontend;
using StackLint.Rules;
using StackLint.Rules.Documentation;
using StackLint.Rules.Model;
using StackLint.Rules.Model.CallGraph;
using StackLint.Rules.Model.Frames;
using StackLint.Sarif;
using System.Collections.Immutable;

namespace StackLint.Cli;

/// <summary>The options every command that parses sources shares (analyze, frames, callgraph).</summary>
public sealed class SourceOptions
{
    public readonly Argument<string[]> Paths = new("PATH") { Description = "Source files or folders (folders are searched for *.c).", Arity = ArgumentArity.ZeroOrMore };
    public readonly Option<string?> CompileDatabase = new("-p", "--compile-commands") { Description = "compile_commands.json, or the folder holding it; each file is parsed with its recorded flags." };
    public readonly Option<string[]> Include = new("-I") { Description = "Add an include folder.", AllowMultipleArgumentsPerToken = false };
    public readonly Option<string[]> Define = new("-D") { Description = "Define a macro (NAME or NAME=VALUE).", AllowMultipleArgumentsPerToken = false };
    public readonly Option<string?> Wdk = new("--wdk") { Description = "WDK root or Include\\<version> folder to take kernel headers from." };
    public readonly Option<bool> NoSystemHeaders = new("--no-system-headers") { Description = "Ignore installed WDK and mingw-w64 headers; use the embedded kernel prelude." };
    public readonly Option<string?> Arch = new("--arch") { Description = "Target architecture: x64, x86 or arm64 (default: the compile database's target, else x64)." };
    public readonly Option<string[]> Exclude = new("--exclude") { Description = "Glob of files to skip under folder arguments (repeatable).", AllowMultipleArgumentsPerToken = false };
    public readonly Option<string?> Config = new("--config") { Description = "An extra .editorconfig-format file that applies to every source file." };
    public readonly Option<string?> FrameModel = new("--frame-model") { Description = "Frame estimate rules use: unoptimized (default) or optimized." };
    public readonly Option<string[]> Program = new("--program") { Description = "Treat this folder as one driver (repeatable).", AllowMultipleArgumentsPerToken = false };
    public readonly Option<int?> Jobs = new("--jobs", "-j") { Description = "Parallel parser workers (default: processor count)." };
    public readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Report libclang, header environment, configuration files and programs." };
    public readonly Option<string?> CacheDir = new("--cache-dir") { Description = "Facts cache folder (default: .stacklint-cache in the current folder)." };
    public readonly Option<bool> NoCache = new("--no-cache") { Description = "Parse every file; neither read nor write the facts cache." };
    public readonly Option<bool> PlainParse = new("--plain-parse") { Description = "Parse each file in full: no shared precompiled headers, no intrinsic stand-ins (same results, slower)." };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Paths);
        foreach (var option in new Option[] { CompileDatabase, Include, Define, Wdk, NoSystemHeaders, Arch, Exclude, Config, FrameModel, Program, Jobs, Verbose, CacheDir, NoCache, PlainParse })
            command.Options.Add(option);
    }

    public AnalysisSettings Read(ParseResult parse, string currentDirectory, string[] clangArgs)
    {
        var paths = parse.GetValue(Paths) ?? [];
        var unknown = paths.FirstOrDefault(p => p.StartsWith('-') && p.Length > 1);
        if (unknown is not null)
            throw new CliException(ExitCodes.UsageError, $"unknown option '{unknown}' (clang arguments go after '--')");
        var frameModel = CheckFrameModel(parse.GetValue(FrameModel));
        int jobs = parse.GetValue(Jobs) ?? Environment.ProcessorCount;
        if (jobs < 1) throw new CliException(ExitCodes.UsageError, "--jobs must be at least 1");

        return new AnalysisSettings
        {
            Paths = paths,
            Excludes = parse.GetValue(Exclude) ?? [],
            Arch = parse.GetValue(Arch) is { } arch ? ParseArch(arch) : null,
            CompileDatabase = parse.GetValue(CompileDatabase),
            IncludeDirs = parse.GetValue(Include) ?? [],
            Defines = parse.GetValue(Define) ?? [],
            ExtraArgs = clangArgs,
            WdkDir = parse.GetValue(Wdk),
            NoSystemHeaders = parse.GetValue(NoSystemHeaders),
            ConfigFile = parse.GetValue(Config),
            FrameModel = frameModel,
            ProgramDirs = parse.GetValue(Program) ?? [],
            Jobs = jobs,
            Verbose = parse.GetValue(Verbose),
            CacheDirectory = parse.GetValue(NoCache) ? null : parse.GetValue(CacheDir) ?? ".stacklint-cache",
            PlainParse = parse.GetValue(PlainParse),
            Progress = total => Progress.ParseProgress.ForConsole(total, currentDirectory),
            CurrentDirectory = currentDirectory,
        };
    }

    /// <summary>The --frame-model value, checked: 'unoptimized', 'optimized' or not given.</summary>
    public static string? CheckFrameModel(string? value) =>
        value is null or "unoptimized" or "optimized"
            ? value
            : throw new CliException(ExitCodes.UsageError, $"--frame-model must be 'unoptimized' or 'optimized', not '{value}'");

    /// <summary>The --arch value, read once here; everything after passes the <see cref="TargetArch"/>.</summary>
    public static TargetArch ParseArch(string text) =>
        TargetArchNames.TryParse(text, out var arch)
            ? arch
            : throw new CliException(ExitCodes.UsageError, $"--arch must be x64, x86 or arm64, not '{text}'");
}

/// <summary>Builds the command tree; each command's action turns a ParseResult into a run of the pipeline.</summary>
internal sealed class Commands(TextWriter stdout, TextWriter stderr, string currentDirectory, string[] clangArgs)
{
    public RootCommand Build()
    {
        var root = new RootCommand("StackLint: stack-usage analysis for Windows kernel-driver C sources.");
        root.Subcommands.Add(AnalyzeCommand());
        root.Subcommands.Add(RulesCommand());
        root.Subcommands.Add(FramesCommand());
        root.Subcommands.Add(CallGraphCommand());
        root.Subcommands.Add(DocsCommand());
        root.Subcommands.Add(LspCommand());
        root.Subcommands.Add(PreCommitCommand());
        root.Subcommands.Add(new Shards.LinkCommand(stdout, stderr, currentDirectory).Build());
        return root;
    }

    private Command AnalyzeCommand()
    {
        var source = new SourceOptions();
        var reportOptions = new ReportOptions();
        var timestamps = new Option<bool>("--timestamps") { Description = "Record start and end times in SARIF (off by default so output is reproducible)." };
        var command = new Command("analyze", "Analyze driver sources and report stack problems.");
        source.AddTo(command);
        reportOptions.AddTo(command);
        command.Options.Add(timestamps);
        var shards = new Shards.ShardOptions();
        shards.AddTo(command);

        command.SetAction(parse =>
        {
            var settings = source.Read(parse, currentDirectory, clangArgs);
            if (shards.Run(parse, settings, stderr) is { } shardExit) return shardExit;
            var request = reportOptions.Read(parse, currentDirectory);

            var started = DateTimeOffset.UtcNow;
            using var workspace = new Workspace(settings, stderr);
            var prepared = workspace.Prepare();
            // Nothing changed since a stored report: put it out again (never with --timestamps, which would make it a lie).
            var reports = prepared.Cache is { } cache && !parse.GetValue(timestamps) ? ReportCache.Open(cache) : null;
            var reportKey = reports is null ? null : ReportCache.KeyFor(prepared, settings, request);
            if (reportKey is not null && reports!.Find(reportKey) is { } stored)
            {
                if (settings.Verbose)
                    stderr.WriteLine($"stacklint: nothing changed since a stored report; putting it out again ({prepared.Inputs.Count} files, setup {prepared.SetUpTime.TotalSeconds:F2} s)");
                return ReportOutput.Emit(stored, request, stdout, stderr);
            }

            // With the cache, drivers none of whose files changed keep their findings from an earlier run, and only the
            // others are loaded and analyzed; markdown's worst paths read every driver's model, so it analyzes them all.
            ImmutableArray<FactsCache.Lookup>? probedAfter = null;
            AnalysisResult result;
            if (prepared.Cache is not null && request.Format != "markdown")
            {
                var outcome = ProgramReuse.Analyze(prepared, settings, stderr);
                (result, probedAfter) = (outcome.Result, outcome.Probes);
            }
            else
            {
                result = workspace.Analyze(workspace.Load(prepared));
            }
            if (parse.GetValue(timestamps)) request = request with { StartTimeUtc = started, EndTimeUtc = DateTimeOffset.UtcNow };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var report = ReportOutput.Render(result, request, new DisplayPaths(currentDirectory));
            var renderTime = clock.Elapsed;
            // A run that parsed files had no facts keys to name its report by. Their facts are stored now: probed
            // again, they name it, so the first warm run puts it out again instead of running every rule (a file
            // changed during the run probes as changed, and then no report is stored).
            if (reportKey is null && reports is not null && prepared.Cache is { } facts)
                reportKey = ReportCache.KeyFor(prepared with { Probes = probedAfter ?? AnalysisPipeline.ProbeAll(facts, prepared.Inputs, prepared.Environment, settings.Jobs) }, settings, request);
            if (reportKey is not null) reports!.Store(reportKey, report);
            var exitCode = ReportOutput.Emit(report, request, stdout, stderr);
            if (settings.Verbose)
            {
                stderr.WriteLine($"stacklint: time: {renderTime.TotalSeconds:F2} s to render the report, {(clock.Elapsed - renderTime).TotalSeconds:F2} s to store and write it");
                stderr.WriteLine($"stacklint: memory: {MemoryTally.Describe()}");
            }
            return exitCode;
        });
        return command;
    }

    private Command FramesCommand()
    {
        var source = new SourceOptions();
        var command = new Command("frames", "Print each function's estimated stack frame as TSV (our -fstack-usage).");
        source.AddTo(command);
        command.SetAction(parse =>
        {
            var settings = source.Read(parse, currentDirectory, clangArgs);
            using var workspace = new Workspace(settings, stderr);
            var loaded = workspace.Load();
            var display = new DisplayPaths(currentDirectory);
            // Only functions defined in the analyzed files; inline helpers from headers are not the user's frames.
            FramesReport.Write(stdout, workspace.ProgramsOf(loaded), display.Show);
            WriteNotices(loaded, display);
            return ExitCodes.Success;
        });
        return command;
    }

    private Command CallGraphCommand()
    {
        var source = new SourceOptions();
        var format = new Option<string>("--format") { Description = "dot (Graphviz; one digraph per driver) or json (an array, one object per driver).", DefaultValueFactory = _ => "dot" };
        var command = new Command("callgraph", "Print the call graph with frame estimates, stack contexts, cycles and worst paths.");
        source.AddTo(command);
        command.Options.Add(format);
        command.SetAction(parse =>
        {
            var settings = source.Read(parse, currentDirectory, clangArgs);
            var formatName = (parse.GetValue(format) ?? "dot").ToLowerInvariant();
            if (formatName is not "dot" and not "json")
                throw new CliException(ExitCodes.UsageError, $"--format must be dot or json, not '{formatName}'");
            using var workspace = new Workspace(settings, stderr);
            var loaded = workspace.Load();
            var programs = workspace.ProgramsOf(loaded);
            if (formatName == "json") stdout.Write("[\n");
            for (int i = 0; i < programs.Length; i++)
            {
                var program = programs[i];
                var analysis = CallGraphAnalysis.For(program, loaded.Options);
                if (formatName == "dot")
                {
                    CallGraphExport.WriteDot(stdout, analysis);
                }
                else
                {
                    if (i > 0) stdout.Write(",\n");
                    CallGraphExport.WriteJson(stdout, analysis);
                }
            }
            if (formatName == "json") stdout.Write("\n]\n");
            WriteNotices(loaded, new DisplayPaths(currentDirectory));
            return ExitCodes.Success;
        });
        return command;
    }

    private void WriteNotices(AnalysisPipeline.LoadedSources loaded, DisplayPaths display) =>
        TextReport.WriteNotices(stderr, loaded.Units.SelectMany(ToolNotification.ForUnit)
            .Concat(loaded.CppSources is { Count: > 0 } cpp ? [ToolNotification.ForCppSources(cpp, display.Show)] : []), display);

    private Command DocsCommand()
    {
        var write = new Option<string?>("--write") { Description = "Regenerate the rule pages into this folder (normally rules-docs)." };
        var check = new Option<string?>("--check") { Description = "Exit 1 when the pages in this folder are stale or missing." };
        var command = new Command("docs", "Generate the rule documentation pages from the rules themselves.");
        command.Options.Add(write);
        command.Options.Add(check);
        command.SetAction(parse =>
        {
            if (parse.GetValue(write) is { } writeDir)
            {
                foreach (var changed in RuleDocsGenerator.Write(Path.GetFullPath(writeDir, currentDirectory)))
                    stdout.WriteLine($"updated {changed}");
                return ExitCodes.Success;
            }
            if (parse.GetValue(check) is { } checkDir)
            {
                var stale = RuleDocsGenerator.StalePages(Path.GetFullPath(checkDir, currentDirectory), RuleDocsGenerator.Generate());
                foreach (var page in stale) stderr.WriteLine($"stacklint: stale or missing: {page}");
                return stale.Count == 0 ? ExitCodes.Success : ExitCodes.Findings;
            }
            foreach (var (name, content) in RuleDocsGenerator.Generate().OrderBy(p => p.Key, StringComparer.Ordinal))
                stdout.Write($"==> {name} <==\n{content}\n");
            return ExitCodes.Success;
        });
        return command;
    }

    private Command LspCommand()
    {
        // The source options set headers, defines and configuration for every folder the server analyzes.
        var source = new SourceOptions();
        var command = new Command("lsp", "Run the language server on stdin/stdout: diagnostics for open C files as you type, hover with frame estimates, suppression code actions.");
        source.AddTo(command);
        command.SetAction(parse =>
        {
            var settings = source.Read(parse, currentDirectory, clangArgs);
            if (settings.Paths.Count > 0)
                throw new CliException(ExitCodes.UsageError, "lsp takes no PATH: it analyzes the driver folder of each file the editor opens");
            // One cache for every driver the editor opens, not a .stacklint-cache in each of their folders; a
            // --cache-dir given is taken from the folder the server was started in.
            if (settings.CacheDirectory is not null)
                settings = settings with
                {
                    CacheDirectory = parse.GetValue(source.CacheDir) is { } given
                        ? Path.GetFullPath(given, currentDirectory)
                        : StackLint.LanguageServer.DriverWorkspaces.UserCacheFolder(),
                };
            // Each driver folder is analyzed from that folder: paths on the command line are the server's, so they are
            // made absolute here ('-p build/compile_commands.json' names the one next to where the server started).
            string? Absolute(string? path) => path is null ? null : Path.GetFullPath(path, currentDirectory);
            settings = settings with
            {
                CompileDatabase = Absolute(settings.CompileDatabase),
                IncludeDirs = [.. settings.IncludeDirs.Select(d => Absolute(d)!)],
                WdkDir = Absolute(settings.WdkDir),
                ConfigFile = Absolute(settings.ConfigFile),
                ProgramDirs = [.. settings.ProgramDirs.Select(d => Absolute(d)!)],
            };
            return StackLint.LanguageServer.DriverWorkspaces.Serve(settings, Console.OpenStandardInput(), Console.OpenStandardOutput(), stderr);
        });
        return command;
    }

    private Command PreCommitCommand()
    {
        var source = new SourceOptions();
        var failOn = ReportOptions.FailOnOption();
        var baseline = new Option<string?>("--baseline") { Description = "A SARIF baseline made from the repository root: only findings new against it fail the commit." };
        var command = new Command("precommit", "Git pre-commit hook: analyze the driver folders of the given (staged) files, report only findings in those files (and in files including a staged header).");
        source.AddTo(command);
        command.Options.Add(failOn);
        command.Options.Add(baseline);
        command.SetAction(parse =>
        {
            var settings = source.Read(parse, currentDirectory, clangArgs);
            var threshold = FailThreshold.Parse(parse.GetValue(failOn) ?? "warning");
            StackLint.Sarif.Baseline? baselineLog = null;
            if (parse.GetValue(baseline) is { } baselinePath)
            {
                try
                {
                    baselineLog = StackLint.Sarif.Baseline.Read(Path.GetFullPath(baselinePath, currentDirectory));
                }
                catch (StackLint.Sarif.BaselineException e)
                {
                    throw new CliException(ExitCodes.UsageError, e.Message);
                }
            }
            return PreCommitCheck.Run(settings, threshold, stdout, stderr, baselineLog);
        });
        return command;
    }

    private Command RulesCommand()
    {
        var apis = new Option<bool>("--apis") { Description = "List the default stack-hungry routines instead (SL3001): name, kind (io, close, callbacksonly) and why, tab-separated." };
        var command = new Command("rules", "List the rules: id, default severity, title.");
        command.Options.Add(apis);
        command.SetAction(parse =>
        {
            if (parse.GetValue(apis))
            {
                stdout.Write(StackLint.Rules.Model.Guards.StackHungryApis.DefaultsText());
                return ExitCodes.Success;
            }
            foreach (var rule in RuleCatalog.All)
                stdout.WriteLine($"{rule.Id}\t{TextReport.SeverityWord(rule.Descriptor.DefaultSeverity)}\t{rule.Descriptor.Title}");
            return ExitCodes.Success;
        });
        return command;
    }
}
