using System.Collections.Immutable;
using StackLint.Frontend;
using StackLint.Engine.Cache;
using StackLint.Frontend.Facts;
using StackLint.Rules;
using StackLint.Rules.Model;
using StackLint.Rules.Model.Programs;
using StackLint.Rules.Suppressions;
using StackLint.Sarif;

namespace StackLint.Engine;

/// <summary>
/// A cached run that loads facts and runs rules only for the programs (drivers) whose files changed: the others'
/// findings and notices come from <see cref="ProgramResultsCache"/>. One edited file in a tree of a hundred drivers
/// re-parses that file, and the whole-driver rules run again for its driver alone.
/// <para>
/// The findings are those of <see cref="AnalysisPipeline.Analyze"/> over every file: each program's findings as the
/// rules report them, in program order, go through the same severities, order, duplicate removal and suppressions.
/// The result holds the facts and programs it loaded, not all of them (<see cref="AnalysisResult.FileCount"/> counts
/// every file): commands that read the model of every program (markdown's worst paths, frames) take the full run.
/// </para>
/// </summary>
public static class ProgramReuse
{
    /// <summary>The analysis, and each input's facts key as stored after the run (null where a file changed meanwhile).</summary>
    public sealed record Outcome(AnalysisResult Result, ImmutableArray<FactsCache.Lookup> Probes);

    public static Outcome Analyze(AnalysisPipeline.PreparedRun prepared, AnalysisSettings settings, TextWriter log)
    {
        var cache = prepared.Cache ?? throw new ArgumentException("a run that reuses programs needs the facts cache", nameof(prepared));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var inputs = prepared.Inputs;
        var environment = prepared.Environment;
        var probes = prepared.Probes.IsDefaultOrEmpty ? AnalysisPipeline.ProbeAll(cache, inputs, environment, settings.Jobs) : prepared.Probes;
        var store = ProgramResultsCache.Open(cache);
        var units = new TranslationUnitFacts?[inputs.Count];

        // Grouping needs one fact of every file (does it define DriverEntry?), which the index records; files without it
        // (changed, new, or indexed by an older build) are parsed or loaded now, as they would be anyway.
        var first = Enumerable.Range(0, inputs.Count).Where(i => probes[i].Key is null || probes[i].DefinesDriverEntry is null).ToList();
        var firstSet = first.ToHashSet();
        var roots = inputs.Select(i => i.Root).Distinct(StringComparer.Ordinal).OrderBy(r => r, StringComparer.Ordinal).ToList();
        var programFolders = settings.ProgramDirs.Select(d => Path.GetFullPath(d, settings.CurrentDirectory)).ToList();
        ImmutableArray<(ProgramGroup Program, ImmutableArray<int> Items)> GroupBy(Func<int, bool> definesDriverEntry)
        {
            var files = Enumerable.Range(0, inputs.Count).Select(i => new AnalyzedFile(inputs[i].FullPath, definesDriverEntry(i))).ToImmutableArray();
            var groups = ProgramGrouper.Group(files, roots, programFolders, PhysicalProgramFileSystem.Instance);
            return ProgramGrouper.Partition(groups, Enumerable.Range(0, inputs.Count), i => inputs[i].FullPath);
        }

        // The other files of the changed files' drivers are loaded while the changed files parse (the parse keeps one
        // worker busy, loading facts the others): which drivers those are is guessed by grouping with what the index
        // said of each changed file before it changed. The guess decides only what is loaded early; when a parsed
        // file turns out otherwise, the files are grouped again from the facts below.
        bool Guess(int i) => (firstSet.Contains(i) ? probes[i].PreviousDriverEntry : probes[i].DefinesDriverEntry) ?? false;
        var guessed = first.Count is > 0 and var n && n < inputs.Count ? GroupBy(Guess) : default;
        var early = guessed.IsDefault ? []
            : guessed.Where(m => m.Items.Any(firstSet.Contains)).SelectMany(m => m.Items).Where(i => !firstSet.Contains(i)).Distinct().Order().ToList();
        int parsed = 0;
        void Tally(int parsedNow, int fromCache) => parsed += parsedNow;
        Load([.. first, .. early], inputs, units, probes, environment, settings, log, cache, Tally, progressShown: true);
        var parsedTime = clock.Elapsed;
        var parsedNow = first.Where(i => probes[i].Key is null).ToList();
        var keys = probes.Select(p => p.Key).ToArray();
        // Facts parsed in this run were stored under keys the probe did not know yet: probed again, they name them.
        foreach (var i in parsedNow) keys[i] = cache.Probe(inputs[i].FullPath, environment).Key;
        if (parsedNow.Count > 0) cache.SaveHashes();

        // The environment's target is the one the facts are parsed for (AnalysisPipeline.ArchOf, before they are loaded).
        var arch = prepared.Environment.Arch;
        bool DefinesDriverEntry(int i) => units[i] is { } unit ? AnalyzedFile.From(unit).DefinesDriverEntry : probes[i].DefinesDriverEntry ?? false;
        var members = !guessed.IsDefault && first.All(i => Guess(i) == DefinesDriverEntry(i)) ? guessed : GroupBy(DefinesDriverEntry);
        if (settings.Verbose)
            foreach (var (program, _) in members)
                log.WriteLine("stacklint: " + program.Describe());

        ImmutableArray<FileDigest> configuration = [.. prepared.ConfigurationFiles.Select(FileDigest.Of)];
        var programKeys = members.Select(m => store is null ? null
            : ProgramResultsCache.KeyFor(settings, arch.Name(), configuration, m.Program, [.. m.Items.Select(i => (inputs[i].FullPath, keys[i]))])).ToArray();
        var reused = programKeys.Select(k => k is null ? null : store!.Find(k)).ToArray();

        // The facts of every program that runs its rules again.
        var needed = members.Where((_, p) => reused[p] is null).SelectMany(m => m.Items).Where(i => units[i] is null).Distinct().Order().ToList();
        var groupedTime = clock.Elapsed;
        Load(needed, inputs, units, probes, environment, settings, log, cache, Tally, progressShown: false);
        var loadedTime = clock.Elapsed;

        var readSource = SourceFiles.ReadFromDiskOnce(cache.Source);
        Func<string, string?> readText = path => readSource(path)?.Text;
        // Suppressions are worked out over every file, as a run over every file does; sources known to hold no comment
        // are not read (SuppressionFreeSources).
        var sources = inputs.Select((input, i) => (input.FullPath, (FileHash?)probes[i].Source)).DistinctBy(s => s.FullPath, StringComparer.Ordinal).ToList();
        var suppressionFree = SuppressionFreeSources.Open(cache);
        var scanning = settings.Jobs > 1
            ? Task.Run(() => suppressionFree.Scan(sources, readSource, settings.Jobs))
            : Task.FromResult(suppressionFree.Scan(sources, readSource, 1));
        // The function rules' findings per unit: a driver that runs its rules again analyzes only its changed files with them.
        var unitStore = store is null ? null
            : UnitFindingsCache.Open(cache, settings, arch.Name(), configuration, needed.Concat(first).Concat(early).Select(i => (units[i]!, keys[i])));
        // The programs that run their rules again run side by side: a large driver's call graph is built on one thread,
        // and a small driver's rules fit beside it. Their results are taken in program order below, as one at a time.
        var analyzed = Enumerable.Range(0, members.Length).Where(p => reused[p] is null).ToList();
        var fresh = new (ProgramAnalysis Program, ProgramResults Results, TimeSpan Time)[members.Length];
        try
        {
            Parallel.ForEach(analyzed, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Jobs) }, p =>
            {
                var started = clock.Elapsed;
                var programUnits = members[p].Items.Select(i => units[i]!).ToImmutableArray();
                var program = new ProgramAnalysis(members[p].Program.Name, arch, programUnits, ModuleDefinitions.ExportsOf(programUnits.Select(u => u.Path)));
                var results = new ProgramResults(Analyzer.RunProgram(program, prepared.Options, parallelism: settings.Jobs, units: unitStore), [.. programUnits.SelectMany(ToolNotification.ForUnit)]);
                fresh[p] = (program, results, clock.Elapsed - started);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        var raw = new List<Finding>();
        var notices = new Dictionary<string, List<ToolNotification>>(StringComparer.Ordinal);
        var programs = ImmutableArray.CreateBuilder<ProgramAnalysis>();
        for (int p = 0; p < members.Length; p++)
        {
            ProgramResults results;
            if (reused[p] is { } stored)
            {
                results = stored;
            }
            else
            {
                var (program, computed, time) = fresh[p];
                results = computed;
                programs.Add(program);
                if (settings.Verbose)
                    log.WriteLine($"stacklint: time: {time.TotalSeconds:F2} s for the rules over {program.Name} ({program.Units.Length} file(s), {program.Functions.Length} function(s))");
                if (programKeys[p] is { } key) store!.Store(key, results);
            }
            raw.AddRange(results.Findings);
            // A file two programs list (a shared source, a static library two drivers link) has its
            // notices in both: they are the file's, so the first program's are kept and each is said once.
            foreach (var group in results.Notices.GroupBy(n => n.Path, StringComparer.Ordinal))
                if (!notices.ContainsKey(group.Key))
                    notices[group.Key] = [.. group];
        }
        var rulesTime = clock.Elapsed;
        store?.Prune();
        unitStore?.Prune();

        var suppressed = SuppressionMap.Apply(Analyzer.Finish(raw, prepared.Options), scanning.GetAwaiter().GetResult(), readText, settings.Jobs);
        // Notices in input order, as a run over every file gives them (every file is in some program).
        var allNotices = inputs.Select(i => i.FullPath).Distinct(StringComparer.Ordinal)
            .SelectMany(path => notices.TryGetValue(path, out var list) ? list : [])
            .Concat(suppressed.Unused.Select(ToolNotification.ForUnusedSuppression))
            .Concat(prepared.CppSources is { Count: > 0 } cpp ? [ToolNotification.ForCppSources(cpp, new DisplayPaths(settings.CurrentDirectory).Show)] : [])
            .ToImmutableArray();
        if (settings.Verbose)
        {
            // Files not parsed came from the cache: as facts, or as the findings of their programs.
            log.WriteLine($"stacklint: {parsed} parsed, {inputs.Count - parsed} from cache");
            int reusedCount = reused.Count(r => r is not null);
            log.WriteLine($"stacklint: programs: {reusedCount} of {members.Length} reused from the cache, {analyzed.Count} analyzed"
                + (analyzed.Count is > 0 and <= 5 ? $" ({string.Join(", ", analyzed.Select(p => members[p].Program.Name))})" : ""));
            if (unitStore?.Tally is var (unitsAnalyzed, unitsKept) && unitsAnalyzed + unitsKept > 0)
                log.WriteLine($"stacklint: function rules: {unitsAnalyzed} file(s) analyzed, {unitsKept} from the cache");
            log.WriteLine($"stacklint: time: {prepared.SetUpTime.TotalSeconds:F2} s to set up, {clock.Elapsed.TotalSeconds:F2} s to load facts and run the rules "
                + $"({parsedTime.TotalSeconds:F2} s for the {first.Count} file(s) grouping needed and {early.Count} loaded meanwhile, {(groupedTime - parsedTime).TotalSeconds:F2} s to group and find stored findings, "
                + $"{(loadedTime - groupedTime).TotalSeconds:F2} s to load {needed.Count} more, {(rulesTime - loadedTime).TotalSeconds:F2} s for the rules)");
        }
        var refreshed = probes.Select((probe, i) => probe.Key == keys[i] ? probe : probe with { Key = keys[i] }).ToImmutableArray();
        // The units of the changed files and of the programs analyzed (not those a wrong guess loaded early).
        var analyzedUnits = first.Concat(needed).Distinct().Order().Select(i => units[i]!);
        var result = new AnalysisResult([.. analyzedUnits], programs.ToImmutable(), suppressed.Findings, allNotices, prepared.Options, environment.Name)
        {
            ReadSource = readSource,
            Parallelism = settings.Jobs,
            CppSources = prepared.CppSources ?? [],
            FileCount = inputs.Count,
        };
        return new Outcome(result, refreshed);
    }

    /// <summary>Parses or loads the facts of some inputs into their slots (through the cache, with its probes).</summary>
    private static void Load(
        List<int> wanted, IReadOnlyList<InputFile> inputs, TranslationUnitFacts?[] units, ImmutableArray<FactsCache.Lookup> probes,
        Frontend.HeaderEnvironment environment, AnalysisSettings settings, TextWriter log, FactsCache cache, Action<int, int> tally, bool progressShown)
    {
        if (wanted.Count == 0) return;
        var subset = wanted.Select(i => inputs[i]).ToList();
        var loaded = AnalysisPipeline.ParseInputs(subset, environment, progressShown ? settings : settings with { Progress = null }, log, cache, [.. wanted.Select(i => probes[i])], tally);
        for (int k = 0; k < wanted.Count; k++) units[wanted[k]] = loaded[k];
    }
}
