using StackLint.Engine.Cache;
using StackLint.Engine;
using StackLint.Cli;
using StackLint.Cli.Cache;
using StackLint.Tests.Integration;
using Xunit;

namespace StackLint.Tests.Speed;

/// <summary>
/// Pruning of the facts cache, and the cache shared by concurrent and killed runs. Age is set on the files' write
/// times or given as the grace period, never waited for.
/// </summary>
public sealed class CachePruningTests : IDisposable
{
    private readonly SpeedRun _run = new();

    public void Dispose() => _run.Dispose();

    private string CacheDir => Path.Combine(_run.Dir, ".stacklint-cache");

    private string[] Names(string folder) =>
        [.. Directory.GetFiles(Path.Combine(CacheDir, folder)).Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(n => n!)];

    private static void Age(string path) => File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-1));

    private static string Temporary(string target) => target + "." + Guid.NewGuid().ToString("N") + ".tmp";

    private void Plant(string path, bool old)
    {
        File.WriteAllText(path, "{\"format\":1, \"tool\": trunc");
        if (old) Age(path);
    }

    [Fact]
    public void Pruning_removes_stale_entries_and_keeps_referenced_young_and_foreign_ones()
    {
        _run.AnalyzeSarif("cold.sarif");
        File.AppendAllText(Path.Combine(_run.Sources, "walk.c"), "\n// edited\n");
        var (_, editedSarif) = _run.AnalyzeSarif("edited.sarif");
        var live = Names("facts");
        Assert.Equal(6, live.Length);

        // A second tree shares the cache; its only source is then deleted.
        var other = Path.Combine(_run.Dir, "other");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "gone.c"), "int gone(void) { return 0; }\n");
        Assert.Equal((1, 0), _run.Stacklint("analyze", "other", "--verbose").Tally);
        File.Delete(Path.Combine(other, "gone.c"));

        var pch = Path.Combine(CacheDir, "pch");
        Directory.CreateDirectory(pch);
        foreach (var file in new[] { Path.Combine(pch, "k.pch"), Path.Combine(pch, "k.json"), Temporary(Path.Combine(pch, "k.pch")) })
            File.WriteAllText(file, "");
        foreach (var folder in new[] { "index", "facts", "pch" })
            foreach (var file in Directory.GetFiles(Path.Combine(CacheDir, folder)))
                Age(file);
        var youngFacts = Path.Combine(CacheDir, "facts", new string('a', 64) + ".json");
        var youngTemporary = Temporary(youngFacts);
        Plant(youngFacts, old: false);
        Plant(youngTemporary, old: false);
        Plant(Temporary(Path.Combine(CacheDir, "facts", new string('b', 64) + ".json")), old: true);
        Plant(Temporary(Path.Combine(CacheDir, "index", new string('c', 40) + ".json")), old: true);
        var pchBefore = Directory.GetFiles(pch).Order(StringComparer.Ordinal).ToArray();

        var pruned = FactsCache.Open(CacheDir, TextWriter.Null)!.Prune();

        Assert.Equal((2, 1, 2), (pruned.Facts, pruned.Index, pruned.Temporary));
        var kept = Names("facts");
        Assert.Equal(7, kept.Length);
        Assert.Contains(Path.GetFileName(youngFacts), kept);
        Assert.Contains(Path.GetFileName(youngTemporary), kept);
        Assert.Equal(5, Names("index").Length);
        Assert.Equal(pchBefore, Directory.GetFiles(pch).Order(StringComparer.Ordinal).ToArray());

        var (warm, warmSarif) = _run.AnalyzeSarif("warm.sarif");
        Assert.Equal((0, 5), warm.Tally);
        Assert.Equal(editedSarif, warmSarif);
        Assert.Equal(0, FactsCache.Open(CacheDir, TextWriter.Null)!.Prune().Removed);
    }

    [Fact]
    public void The_grace_period_protects_new_unreferenced_facts_until_it_has_passed()
    {
        _run.AnalyzeSarif("cold.sarif");
        File.AppendAllText(Path.Combine(_run.Sources, "walk.c"), "\n// edited\n");
        var (edited, _) = _run.AnalyzeSarif("edited.sarif");
        Assert.DoesNotContain("stacklint: cache: removed", edited.Stderr);
        Assert.Equal(6, Names("facts").Length);

        var cache = FactsCache.Open(CacheDir, TextWriter.Null)!;
        Assert.Equal(0, cache.Prune().Removed);
        Assert.Equal(1, cache.Prune(TimeSpan.Zero).Facts);
        Assert.Equal(5, Names("facts").Length);
        Assert.Equal((0, 5), _run.AnalyzeSarif("warm.sarif").Run.Tally);
    }

    [Fact]
    public void A_run_prunes_at_its_end_and_says_so_with_verbose()
    {
        _run.AnalyzeSarif("cold.sarif");
        var stale = Path.Combine(CacheDir, "facts", new string('d', 64) + ".json");
        Plant(stale, old: true);
        var (warm, _) = _run.AnalyzeSarif("warm.sarif");
        Assert.Equal((0, 5), warm.Tally);
        Assert.Contains("stacklint: cache: removed 1 unused facts, 0 index entries of deleted sources, 0 leftover temporary files", warm.Stderr);
        Assert.False(File.Exists(stale));
    }

    [Fact]
    public void Pruning_after_lookups_reads_no_index_entry_again_unless_it_changed()
    {
        _run.AnalyzeSarif("cold.sarif");
        var settings = new AnalysisSettings { Paths = ["minifilter"], CurrentDirectory = _run.Dir };
        var environment = AnalysisPipeline.ResolveEnvironment(settings, out _);
        var sources = Directory.GetFiles(_run.Sources, "*.c");

        var cache = FactsCache.Open(CacheDir, TextWriter.Null)!;
        foreach (var source in sources) Assert.NotNull(cache.Find(source, environment).Facts);
        Assert.Equal(0, cache.Prune().IndexEntriesRead);

        var index = Directory.GetFiles(Path.Combine(CacheDir, "index"))[0];
        File.SetLastWriteTimeUtc(index, File.GetLastWriteTimeUtc(index).AddSeconds(-5));
        Assert.Equal(1, cache.Prune().IndexEntriesRead);
        Assert.Equal(sources.Length, FactsCache.Open(CacheDir, TextWriter.Null)!.Prune().IndexEntriesRead);
    }

    [Fact]
    public void Entries_left_by_a_killed_run_are_ignored_rebuilt_and_cleaned_up()
    {
        var (_, coldSarif) = _run.AnalyzeSarif("cold.sarif");
        // Killed while writing: one entry cut short (as if a rename had raced a crash) and temporary files beside it.
        var facts = Directory.GetFiles(Path.Combine(CacheDir, "facts")).Order(StringComparer.Ordinal).First();
        var bytes = File.ReadAllBytes(facts);
        File.WriteAllBytes(facts, bytes[..(bytes.Length / 2)]);
        var dangling = Temporary(facts);
        File.WriteAllBytes(dangling, bytes[..(bytes.Length / 3)]);
        Age(dangling);
        var danglingIndex = Temporary(Directory.GetFiles(Path.Combine(CacheDir, "index"))[0]);
        File.WriteAllText(danglingIndex, "{\"format\":1,");
        Age(danglingIndex);

        var (rebuilt, rebuiltSarif) = _run.AnalyzeSarif("rebuilt.sarif");
        Assert.Equal((1, 4), rebuilt.Tally);
        Assert.Equal(coldSarif, rebuiltSarif);
        Assert.False(File.Exists(dangling));
        Assert.False(File.Exists(danglingIndex));

        var (warm, warmSarif) = _run.AnalyzeSarif("warm.sarif");
        Assert.Equal((0, 5), warm.Tally);
        Assert.Equal(coldSarif, warmSarif);
    }

    [Fact]
    public void Two_concurrent_processes_share_one_cache_folder_and_agree_with_an_uncached_run()
    {
        var (_, uncached) = _run.AnalyzeSarif("uncached.sarif", "--no-cache");
        var dll = LspTests.StacklintDll();
        ProcessRun Analyze(string name) => ExternalProcess.Run("dotnet",
            [dll, "analyze", "minifilter", "--verbose", "--format", "sarif", "--output", Path.Combine("out", name)], _run.Dir);

        var runs = new[] { "first.sarif", "second.sarif" }.AsParallel().WithDegreeOfParallelism(2).Select(name => (name, run: Analyze(name))).ToArray();

        foreach (var (name, run) in runs)
        {
            Assert.True(run.ExitCode is ExitCodes.Success or ExitCodes.Findings, run.Describe(name));
            var tally = new SpeedRun.Result(run.ExitCode, run.Stdout, run.Stderr).Tally;
            Assert.Equal(5, tally.Parsed + tally.Cached);
            Assert.Equal(uncached, File.ReadAllBytes(Path.Combine(_run.Dir, "out", name)));
        }
        Assert.Equal(5, Directory.GetFiles(Path.Combine(CacheDir, "facts")).Length);
        Assert.Empty(Directory.GetFiles(Path.Combine(CacheDir, "index"), "*.tmp").Concat(Directory.GetFiles(Path.Combine(CacheDir, "facts"), "*.tmp")));

        var (warm, warmSarif) = _run.AnalyzeSarif("warm.sarif");
        Assert.Equal((0, 5), warm.Tally);
        Assert.Equal(uncached, warmSarif);
    }
}
