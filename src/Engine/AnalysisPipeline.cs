using System.Collections.Concurrent;
using System.Collections.Immutable;
using StackLint.Engine.Cache;
using MemoryPack;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules;
using StackLint.Rules.Configuration;
using StackLint.Rules.Model;
using StackLint.Rules.Suppressions;
using StackLint.Sarif;

namespace StackLint.Engine;

/// <summary>
/// Everything that decides what is parsed and how: the parse-affecting part of the command line. It is
/// [MemoryPackable] because the report cache's key is built from its serialized bytes (<see cref="SerializedKey"/>): a
/// new property is part of the key unless it is marked [MemoryPackIgnore] as having no effect on the report.
/// </summary>
[MemoryPackable]
public sealed partial record AnalysisSettings
{
    public IReadOnlyList<string> Paths { get; init; } = [];
    public IReadOnlyList<string> Excludes { get; init; } = [];
    /// <summary>The target asked for (--arch); null: the compilation database's target when it names one, else x64 (<see cref="HeaderEnvironment.Arch"/> says which).</summary>
    [PlainNullable<TargetArch>]
    public TargetArch? Arch { get; init; }
    public string? CompileDatabase { get; init; }
    public IReadOnlyList<string> IncludeDirs { get; init; } = [];
    public IReadOnlyList<string> Defines { get; init; } = [];
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];
    public string? WdkDir { get; init; }
    public bool NoSystemHeaders { get; init; }
    public string? ConfigFile { get; init; }
    public string? FrameModel { get; init; }
    public IReadOnlyList<string> ProgramDirs { get; init; } = [];
    [MemoryPackIgnore]
    public int Jobs { get; init; } = Environment.ProcessorCount;
    [MemoryPackIgnore]
    public bool Verbose { get; init; }
    /// <summary>The facts cache folder; null runs uncached (the CLI defaults it to .stacklint-cache in the current folder).</summary>
    [MemoryPackIgnore]
    public string? CacheDirectory { get; init; }
    /// <summary>Parse every file in full: no precompiled headers, no intrinsic stand-ins (same facts, slower).</summary>
    public bool PlainParse { get; init; }
    /// <summary>
    /// Where parse progress goes, given the number of inputs: the CLI's line on an interactive terminal; null (the
    /// default, for library callers) or a null result shows none.
    /// </summary>
    [MemoryPackIgnore]
    public Func<int, IParseProgress?>? Progress { get; init; }
    public string CurrentDirectory { get; init; } = Directory.GetCurrentDirectory();
    /// <summary>
    /// Editor buffers by full path (the language server's unsaved edits): these files are parsed from this text, never
    /// from or into the facts cache, and their suppression comments are read from it; every other file as usual.
    /// </summary>
    [MemoryPackIgnore]
    public IReadOnlyDictionary<string, string>? UnsavedFiles { get; init; }
    /// <summary>
    /// How an editor buffer is parsed (path, environment, UTF-8 text); null parses it like any file. The language
    /// server passes a parser that keeps each edited file's unit between runs, so an edit reparses only that file.
    /// </summary>
    [MemoryPackIgnore]
    public Func<string, HeaderEnvironment, byte[], TranslationUnitFacts>? ParseUnsaved { get; init; }
}

public sealed record AnalysisResult(
    ImmutableArray<TranslationUnitFacts> Units,
    ImmutableArray<ProgramAnalysis> Programs,
    ImmutableArray<Finding> Findings,
    ImmutableArray<ToolNotification> Notices,
    IRuleOptions Options,
    string EnvironmentName)
{
    /// <summary>The analyzed files as this run read them (suppressions, then SARIF fingerprints, snippets and columns read each once).</summary>
    public Func<string, SourceFile?> ReadSource { get; init; } = SourceFiles.ReadFromDisk;

    /// <summary>How many threads rendering may use (--jobs).</summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>C++ sources found under the PATH arguments and not analyzed (one notice names them; the summary counts them).</summary>
    public IReadOnlyList<string> CppSources { get; init; } = [];

    /// <summary>
    /// How many files the run analyzed, when <see cref="Units"/> holds fewer: a run that reused the findings of
    /// unchanged drivers (<see cref="ProgramReuse"/>) loads only the facts and programs of the others.
    /// </summary>
    public int? FileCount { get; init; }
}

/// <summary>
/// The stages of one run, talking through data: inputs → facts (front end, in parallel) → programs → findings.
/// Bad input never ends the run: a file that cannot be read or parsed becomes a Notice and the rest goes on.
/// </summary>
public static class AnalysisPipeline
{
    public static AnalysisResult Run(AnalysisSettings settings, TextWriter log)
    {
        var loaded = Load(settings, log);
        return Analyze(loaded.Units, loaded.Inputs, settings, loaded.Options, loaded.EnvironmentName, log, loaded.SourcesRead, loaded.CppSources);
    }

    /// <summary>What a run parsed, before any rule runs: for commands that only report the model (frames, callgraph).</summary>
    /// <param name="SourcesRead">The sources as the cache's probes read them (null for a path they did not read).</param>
    public sealed record LoadedSources(
        ImmutableArray<TranslationUnitFacts> Units,
        IReadOnlyList<InputFile> Inputs,
        IRuleOptions Options,
        string EnvironmentName,
        Func<string, SourceFile?>? SourcesRead = null,
        IReadOnlyList<string>? CppSources = null);

    public static LoadedSources Load(AnalysisSettings settings, TextWriter log) => Load(Prepare(settings, log), settings, log);

    /// <summary>
    /// A run up to the point where files would be parsed: the environment, the inputs, the configuration, and for a
    /// cached run what the cache knows of each input (<see cref="FactsCache.Probe"/>), so a caller can tell whether
    /// anything changed before loading a single fact.
    /// </summary>
    public sealed record PreparedRun(
        HeaderEnvironment Environment,
        IReadOnlyList<InputFile> Inputs,
        IRuleOptions Options,
        ImmutableArray<string> ConfigurationFiles,
        FactsCache? Cache,
        ImmutableArray<FactsCache.Lookup> Probes,
        TimeSpan SetUpTime,
        IReadOnlyList<string>? CppSources = null);

    public static PreparedRun Prepare(AnalysisSettings settings, TextWriter log)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var environment = ResolveEnvironment(settings, out var location);
        if (settings.Verbose)
        {
            log.WriteLine($"stacklint: libclang: {location.LibraryPath}");
            log.WriteLine($"stacklint: header environment: {environment.Name}");
            foreach (var line in environment.Description) log.WriteLine($"stacklint:   {line}");
        }

        foreach (var warning in environment.Warnings.Concat(environment.Database?.Warnings ?? [])) log.WriteLine($"stacklint: warning: {warning}");
        var inputs = SelectInputs(settings, environment, out var cppSources);
        var options = LoadOptions(settings, inputs.Select(i => i.FullPath), log, out var configurationFiles);
        var cache = settings.CacheDirectory is null ? null : FactsCache.Open(Path.GetFullPath(settings.CacheDirectory, settings.CurrentDirectory), log);
        var probes = cache is null ? [] : ProbeAll(cache, inputs, environment, settings.Jobs);
        return new PreparedRun(environment, inputs, options, configurationFiles, cache, probes, clock.Elapsed, cppSources);
    }

    /// <summary>What the facts cache holds for every input, asked on <paramref name="jobs"/> threads.</summary>
    public static ImmutableArray<FactsCache.Lookup> ProbeAll(FactsCache cache, IReadOnlyList<InputFile> inputs, HeaderEnvironment environment, int jobs)
    {
        var probes = new FactsCache.Lookup[inputs.Count];
        Parallel.For(0, inputs.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) },
            i => probes[i] = cache.Probe(inputs[i].FullPath, environment));
        cache.SaveHashes();
        return [.. probes];
    }

    public static LoadedSources Load(PreparedRun prepared, AnalysisSettings settings, TextWriter log)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var units = ParseInputs(prepared.Inputs, prepared.Environment, settings, log, prepared.Cache, prepared.Probes);
        if (settings.Verbose)
            log.WriteLine($"stacklint: time: {prepared.SetUpTime.TotalSeconds:F2} s to set up, {clock.Elapsed.TotalSeconds:F2} s to parse or load facts");
        return new LoadedSources(units, prepared.Inputs, prepared.Options, prepared.Environment.Name, prepared.Cache is { } cache ? cache.Source : null, prepared.CppSources);
    }

    /// <summary>The programs (drivers) of a set of parsed units.</summary>
    public static ImmutableArray<ProgramAnalysis> ProgramsOf(LoadedSources loaded, AnalysisSettings settings, TextWriter log) =>
        ProgramsOf(loaded.Units, loaded.Inputs, settings, log);

    /// <summary>The part after parsing, shared with runs over stored facts (cache, shards).</summary>
    public static AnalysisResult Analyze(
        ImmutableArray<TranslationUnitFacts> units,
        IReadOnlyList<InputFile> inputs,
        AnalysisSettings settings,
        IRuleOptions options,
        string environmentName,
        TextWriter log,
        Func<string, SourceFile?>? sourcesRead = null,
        IReadOnlyList<string>? cppSources = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // In-source suppressions mark findings (they stay, for SARIF); comments that covered nothing become notes.
        // Every analyzed file is read and scanned for them while the programs are grouped and the rules run: that
        // needs only the sources, and grouping leaves a core idle. With --jobs 1 the run stays on one thread.
        var fromDisk = SourceFiles.ReadFromDiskOnce(sourcesRead);
        var unsavedFiles = settings.UnsavedFiles;
        var buffers = new ConcurrentDictionary<string, SourceFile>(StringComparer.Ordinal);
        Func<string, SourceFile?> readSource = unsavedFiles is { Count: > 0 }
            ? path => unsavedFiles.TryGetValue(path, out var text) ? buffers.GetOrAdd(path, SourceFile.FromText, text) : fromDisk(path)
            : fromDisk;
        Func<string, string?> readText = path => readSource(path)?.Text;
        var scanning = settings.Jobs > 1
            ? Task.Run(() => SuppressionMap.Scan(units.Select(u => u.Path), readText, settings.Jobs))
            : Task.FromResult(SuppressionMap.Scan(units.Select(u => u.Path), readText));
        var programs = ProgramsOf(units, inputs, settings, log);
        var raw = Analyzer.Run(programs, options, parallelism: settings.Jobs);
        var suppressed = SuppressionMap.Apply(raw, scanning.GetAwaiter().GetResult(), readText, settings.Jobs);
        var notices = units.SelectMany(ToolNotification.ForUnit)
            .Concat(suppressed.Unused.Select(ToolNotification.ForUnusedSuppression))
            .Concat(cppSources is { Count: > 0 } ? [ToolNotification.ForCppSources(cppSources, new DisplayPaths(settings.CurrentDirectory).Show)] : [])
            .ToImmutableArray();
        if (settings.Verbose)
            log.WriteLine($"stacklint: time: {clock.Elapsed.TotalSeconds:F2} s to run the rules");
        return new AnalysisResult(units, programs, suppressed.Findings, notices, options, environmentName)
        {
            ReadSource = readSource,
            Parallelism = settings.Jobs,
            CppSources = cppSources ?? [],
        };
    }

    public static HeaderEnvironment ResolveEnvironment(AnalysisSettings settings, out LibClangLocation location)
    {
        location = LibClangLocator.Locate(out var failure)
            ?? throw new AnalysisException(AnalysisFailure.CannotRun, failure);
        // Loaded by the first parse (ParseAll), not here: a run that finds every file's facts in the cache never loads it.
        LibClang.Choose(location);

        try
        {
            return HeaderEnvironmentResolver.Resolve(new HeaderEnvironmentRequest(
                settings.Arch,
                settings.CompileDatabase is null ? null : Path.GetFullPath(settings.CompileDatabase, settings.CurrentDirectory),
                [.. settings.IncludeDirs.Select(d => Path.GetFullPath(d, settings.CurrentDirectory))],
                [.. settings.Defines],
                [.. settings.ExtraArgs],
                settings.WdkDir is null ? null : Path.GetFullPath(settings.WdkDir, settings.CurrentDirectory),
                settings.NoSystemHeaders,
                location.ResourceDir));
        }
        catch (CompileDatabaseException e)
        {
            throw new AnalysisException(AnalysisFailure.BadInput, e.Message);
        }
    }

    public static IReadOnlyList<InputFile> SelectInputs(AnalysisSettings settings, HeaderEnvironment environment) =>
        SelectInputs(settings, environment, out _);

    /// <param name="cppSources">The C++ sources among the inputs (named or listed by the database): analyzed in part, so one notice names them.</param>
    public static IReadOnlyList<InputFile> SelectInputs(AnalysisSettings settings, HeaderEnvironment environment, out IReadOnlyList<string> cppSources)
    {
        cppSources = [];
        if (settings.Paths.Count > 0)
        {
            var expanded = InputFiles.ExpandAll(settings.Paths, settings.Excludes, settings.CurrentDirectory);
            cppSources = expanded.CppSources;
            return expanded.Files;
        }
        if (environment.Database is { } database)
        {
            // The clang-tools convention: with a database and no paths, analyze every file it lists.
            var listed = database.Commands.Select(c => c.File).Distinct(StringComparer.Ordinal).OrderBy(f => f, StringComparer.Ordinal).ToList();
            cppSources = [.. listed.Where(InputFiles.IsCppSource)];
            return [.. listed.Select(f => new InputFile(f, Path.GetDirectoryName(f)!))];
        }
        throw new AnalysisException(AnalysisFailure.BadInput, "no PATH given: name files or folders to analyze, or a compilation database with -p");
    }

    public static IRuleOptions LoadOptions(AnalysisSettings settings, IEnumerable<string> sources, TextWriter log) =>
        LoadOptions(settings, sources, log, out _);

    /// <param name="files">The configuration files read, for anything that must notice when one changes.</param>
    public static IRuleOptions LoadOptions(AnalysisSettings settings, IEnumerable<string> sources, TextWriter log, out ImmutableArray<string> files)
    {
        EditorConfigOptions config;
        try
        {
            config = EditorConfigOptions.Load(
                sources,
                settings.ConfigFile is null ? null : Path.GetFullPath(settings.ConfigFile, settings.CurrentDirectory),
                OptionCatalog.KindOf);
        }
        catch (ConfigurationException e)
        {
            throw new AnalysisException(AnalysisFailure.BadInput, e.Message);
        }

        files = config.Files;
        foreach (var warning in config.Warnings) log.WriteLine(warning);
        if (settings.Verbose)
            foreach (var file in config.Files) log.WriteLine($"stacklint: configuration: {file}");

        if (settings.FrameModel is null) return config;
        return new OverriddenOptions(config, new Dictionary<string, string> { [OptionCatalog.FrameModelKey] = settings.FrameModel });
    }

    /// <summary>Parses the inputs through the facts cache the settings name, with progress and the --verbose tally.</summary>
    public static ImmutableArray<TranslationUnitFacts> ParseInputs(
        IReadOnlyList<InputFile> inputs, HeaderEnvironment environment, AnalysisSettings settings, TextWriter log) =>
        ParseInputs(inputs, environment, settings, log,
            settings.CacheDirectory is null ? null : FactsCache.Open(Path.GetFullPath(settings.CacheDirectory, settings.CurrentDirectory), log), []);

    /// <param name="probes">What <see cref="FactsCache.Probe"/> said of each input, when the caller already asked; empty otherwise.</param>
    /// <param name="tallied">
    /// Told how many files were parsed and how many came from the cache, instead of the --verbose tally line (a caller
    /// that loads its files in batches writes one line for all of them).
    /// </param>
    public static ImmutableArray<TranslationUnitFacts> ParseInputs(
        IReadOnlyList<InputFile> inputs, HeaderEnvironment environment, AnalysisSettings settings, TextWriter log,
        FactsCache? cache, ImmutableArray<FactsCache.Lookup> probes, Action<int, int>? tallied = null)
    {
        using var progress = settings.Progress?.Invoke(inputs.Count);
        // Precompiled headers live in the cache when there is one; otherwise in a folder of this run's own.
        var runOnlyHeaders = cache is null && !settings.PlainParse
            ? Path.Combine(Path.GetTempPath(), "stacklint", "pch-run-" + Guid.NewGuid().ToString("N"))
            : null;
        var headers = settings.PlainParse ? null
            : cache is not null ? new PrecompiledHeaderStore(Path.Combine(cache.Directory, "pch"), buildOnFirstUse: true)
            : new PrecompiledHeaderStore(runOnlyHeaders!, buildOnFirstUse: false);
        try
        {
            // Which files share their prefixes, worked out when the first file is parsed from the files to parse: those
            // the cache holds share nothing with them (one edited file of a driver gets no header of its own built).
            IReadOnlyList<InputFile> toParse = probes.IsDefaultOrEmpty ? inputs : [.. inputs.Where((_, i) => probes[i].Key is null)];
            headers?.Plan(() => PrecompiledHeaderStore.Sharing(toParse.Select(i => (i.FullPath, (IReadOnlyList<string>)environment.ArgumentsFor(i.FullPath)))));
            var parserOptions = new ParserOptions(headers, IntrinsicStandIns: !settings.PlainParse);
            var units = ParseAll(inputs, environment, settings.Jobs, cache, progress, parserOptions, out int fromCache, probes, settings.UnsavedFiles, settings.ParseUnsaved);
            progress?.Dispose();
            tallied?.Invoke(units.Length - fromCache, fromCache);
            if (settings.Verbose)
            {
                if (tallied is null) log.WriteLine($"stacklint: {units.Length - fromCache} parsed, {fromCache} from cache");
                if (headers is not null && headers.Tally is var (built, loaded, unusable) && built + loaded + unusable > 0)
                    log.WriteLine($"stacklint: precompiled headers: {built} built, {loaded} reused from {headers.Directory}, {unusable} not usable");
                if (headers is not null && headers.SingleUse > 0)
                    log.WriteLine($"stacklint: precompiled headers: none for {headers.SingleUse} file(s) whose leading includes no other file shares");
                if (headers is not null && headers.Uses is var (used, noPrefix) && used + noPrefix > 0)
                    log.WriteLine($"stacklint: precompiled headers: offered to {used} file(s); {noPrefix} file(s) include no system header before their first declaration");
                if (headers is not null && headers.DependentPrefix > 0)
                    log.WriteLine($"stacklint: precompiled headers: not used for {headers.DependentPrefix} file(s) whose include guards or conditions the headers name");
            }
            cache?.SaveHashes();
            if (cache is not null) headers?.Prune(TimeSpan.FromMinutes(10));
            if (cache?.Prune() is { Removed: > 0 } pruned && settings.Verbose)
                log.WriteLine($"stacklint: cache: {pruned}");
            return units;
        }
        finally
        {
            if (runOnlyHeaders is not null)
            {
                try
                {
                    if (Directory.Exists(runOnlyHeaders)) Directory.Delete(runOnlyHeaders, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A temporary folder; the system cleans it eventually.
                }
            }
        }
    }

    /// <summary>How parse workers may shortcut a parse (both shortcuts give the facts a full parse gives).</summary>
    public sealed record ParserOptions(PrecompiledHeaderStore? PrecompiledHeaders, bool IntrinsicStandIns)
    {
        public static ParserOptions Plain { get; } = new(null, false);
    }

    /// <summary>
    /// Parses every input with one libclang index per worker. Workers take files from a shared queue and write
    /// results into the input's slot, so the order of results is the order of inputs whatever the timing, and
    /// whichever files came from the cache. Workers need no special stack: ClangParser runs clang's natively
    /// recursive parse on a large-stack thread of its own, and the extraction uses explicit stacks.
    /// </summary>
    public static ImmutableArray<TranslationUnitFacts> ParseAll(
        IReadOnlyList<InputFile> inputs, HeaderEnvironment environment, int jobs, FactsCache? cache, IParseProgress? progress,
        ParserOptions parserOptions, out int fromCache, ImmutableArray<FactsCache.Lookup> probes = default,
        IReadOnlyDictionary<string, string>? unsavedFiles = null,
        Func<string, HeaderEnvironment, byte[], TranslationUnitFacts>? parseUnsaved = null)
    {
        var results = new TranslationUnitFacts[inputs.Count];
        int next = -1;
        int cached = 0;
        var failures = new ConcurrentQueue<Exception>();
        int workerCount = Math.Clamp(jobs, 1, Math.Max(1, inputs.Count));
        var workers = new List<Thread>();
        for (int w = 0; w < workerCount; w++)
        {
            var thread = new Thread(() =>
            {
                try
                {
                    // libclang is loaded only when some file actually needs parsing: a warm run never creates an index.
                    ClangParser? parser = null;
                    try
                    {
                        for (int i = Interlocked.Increment(ref next); i < inputs.Count; i = Interlocked.Increment(ref next))
                        {
                            var path = inputs[i].FullPath;
                            if (unsavedFiles is not null && unsavedFiles.TryGetValue(path, out var unsavedText))
                            {
                                // An editor's buffer: parsed as it is, and kept out of the cache (which follows the disk).
                                var bytes = System.Text.Encoding.UTF8.GetBytes(unsavedText);
                                if (parseUnsaved is not null)
                                {
                                    results[i] = parseUnsaved(path, environment, bytes);
                                }
                                else
                                {
                                    parser ??= new ClangParser(parserOptions.PrecompiledHeaders, parserOptions.IntrinsicStandIns);
                                    results[i] = parser.Parse(path, environment, bytes);
                                }
                                progress?.Completed(path);
                                continue;
                            }
                            var lookup = cache is null ? null
                                : !probes.IsDefaultOrEmpty ? cache.Read(probes[i], environment)
                                : cache.Find(path, environment);
                            if (lookup?.Facts is { } hit)
                            {
                                results[i] = hit;
                                Interlocked.Increment(ref cached);
                            }
                            else
                            {
                                var started = DateTime.UtcNow;
                                parser ??= new ClangParser(parserOptions.PrecompiledHeaders, parserOptions.IntrinsicStandIns);
                                // The probe read the file to hash it: the facts are of those bytes, and the file is read once.
                                results[i] = cache?.Source(path) is { } source ? parser.Parse(source, environment) : parser.Parse(path, environment);
                                if (lookup is not null) cache!.Store(lookup, environment, results[i], started);
                            }
                            progress?.Completed(path);
                        }
                    }
                    finally
                    {
                        parser?.Dispose();
                    }
                }
                catch (Exception e)
                {
                    failures.Enqueue(e);
                }
            }) { IsBackground = true, Name = $"stacklint-parse-{w}" };
            thread.Start();
            workers.Add(thread);
        }

        foreach (var worker in workers) worker.Join();
        if (failures.TryDequeue(out var failure))
        {
            if (failure is DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
                throw new AnalysisException(AnalysisFailure.CannotRun, $"cannot load libclang: {failure.Message}");
            throw new AnalysisException(AnalysisFailure.CannotRun, $"the parser failed: {failure.Message}");
        }
        fromCache = cached;
        return [.. results];
    }

    /// <summary>
    /// The target a program is measured for: the one its facts were parsed for (a compilation database's own target
    /// decides that, and facts from a cache or shards carry it); units of several targets fall back to --arch, then x64.
    /// </summary>
    public static TargetArch ArchOf(IReadOnlyList<TranslationUnitFacts> units, AnalysisSettings settings) =>
        units.Count > 0 && units.All(u => u.Arch == units[0].Arch) ? units[0].Arch : settings.Arch ?? TargetArch.X64;

    private static ImmutableArray<ProgramAnalysis> ProgramsOf(
        ImmutableArray<TranslationUnitFacts> units, IReadOnlyList<InputFile> inputs, AnalysisSettings settings, TextWriter log)
    {
        var groups = ProgramGrouping.Group(units, inputs, settings.ProgramDirs, settings.CurrentDirectory);
        if (settings.Verbose)
            foreach (var (program, _) in groups)
                log.WriteLine("stacklint: " + program.Describe());
        return [.. groups.Select(g => new ProgramAnalysis(g.Program.Name, ArchOf(g.Units, settings), g.Units, ModuleDefinitions.ExportsOf(g.Units.Select(u => u.Path))))];
    }
}

/// <summary>Command-line options that override configuration for every file (e.g. --frame-model).</summary>
public sealed class OverriddenOptions(IRuleOptions inner, IReadOnlyDictionary<string, string> values) : IRuleOptions
{
    public string? GetValue(string sourcePath, string key) => values.TryGetValue(key, out var v) ? v : inner.GetValue(sourcePath, key);
    public Microsoft.CodeAnalysis.ReportDiagnostic? GetSeverity(string sourcePath, string ruleId) => inner.GetSeverity(sourcePath, ruleId);
}
