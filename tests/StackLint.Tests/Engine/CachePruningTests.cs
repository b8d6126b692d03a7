using StackLint.Engine;
using StackLint.Engine.Cache;
using Xunit;

namespace StackLint.Tests.Engine;

/// <summary>
/// Pruning of the facts cache, and a cache left by a killed run, through the workspace and the cache types. Age is
/// set on the files' write times or given as the grace period, never waited for. Two processes sharing one cache:
/// the CLI's ConcurrentRunTests.
/// </summary>
public sealed class CachePruningTests : IDisposable
{
    private readonly EngineRun _run = new();

    public void Dispose() => _run.Dispose();

    private string CacheDir => _run.CacheDir;

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
        _run.Analyze();
        File.AppendAllText(Path.Combine(_run.Sources, "walk.c"), "\n// edited\n");
        var editedSarif = _run.Analyze().Sarif;
        var live = Names("facts");
        Assert.Equal(6, live.Length);

        // A second tree shares the cache; its only source is then deleted.
        var other = Path.Combine(_run.Dir, "other");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "gone.c"), "int gone(void) { return 0; }\n");
        Assert.Equal((1, 0), _run.Analyze(_run.Settings with { Paths = [other] }).Tally);
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

        var warm = _run.Analyze();
        Assert.Equal((0, 5), warm.Tally);
        Assert.Equal(editedSarif, warm.Sarif);
        Assert.Equal(0, FactsCache.Open(CacheDir, TextWriter.Null)!.Prune().Removed);
    }

    [Fact]
    public void The_grace_period_protects_new_unreferenced_facts_until_it_has_passed()
    {
        _run.Analyze();
        File.AppendAllText(Path.Combine(_run.Sources, "walk.c"), "\n// edited\n");
        var edited = _run.Analyze();
        Assert.DoesNotContain("stacklint: cache: removed", edited.Log);
        Assert.Equal(6, Names("facts").Length);

        var cache = FactsCache.Open(CacheDir, TextWriter.Null)!;
        Assert.Equal(0, cache.Prune().Removed);
        Assert.Equal(1, cache.Prune(TimeSpan.Zero).Facts);
        Assert.Equal(5, Names("facts").Length);
        Assert.Equal((0, 5), _run.Analyze().Tally);
    }

    [Fact]
    public void A_run_prunes_at_its_end_and_says_so_with_verbose()
    {
        _run.Analyze();
        var stale = Path.Combine(CacheDir, "facts", new string('d', 64) + ".json");
        Plant(stale, old: true);
        var warm = _run.Analyze();
        Assert.Equal((0, 5), warm.Tally);
        Assert.Contains("stacklint: cache: removed 1 unused facts, 0 index entries of deleted sources, 0 leftover temporary files", warm.Log);
        Assert.False(File.Exists(stale));
    }

    [Fact]
    public void Pruning_after_lookups_reads_no_index_entry_again_unless_it_changed()
    {
        _run.Analyze();
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
        var coldSarif = _run.Analyze().Sarif;
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

        var rebuilt = _run.Analyze();
        Assert.Equal((1, 4), rebuilt.Tally);
        Assert.Equal(coldSarif, rebuilt.Sarif);
        Assert.False(File.Exists(dangling));
        Assert.False(File.Exists(danglingIndex));

        var warm = _run.Analyze();
        Assert.Equal((0, 5), warm.Tally);
        Assert.Equal(coldSarif, warm.Sarif);
    }
}
