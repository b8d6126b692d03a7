using StackLint.Cli;
using Xunit;

namespace StackLint.Tests.Speed;

/// <summary>The facts cache end to end: same bytes out whether facts were parsed or read back, and only what changed is parsed.</summary>
public sealed class FactsCacheTests : IDisposable
{
    private readonly SpeedRun _run = new();

    public void Dispose() => _run.Dispose();

    private string CacheDir => Path.Combine(_run.Dir, ".stacklint-cache");

    [Fact]
    public void Warm_run_and_single_job_run_give_the_cold_parallel_runs_sarif_byte_for_byte()
    {
        var (cold, coldSarif) = _run.AnalyzeSarif("cold.sarif", "--jobs", "2");
        Assert.Equal((5, 0), cold.Tally);
        Assert.True(Directory.Exists(CacheDir), "the default cache folder is .stacklint-cache in the current folder");

        var (warm, warmSarif) = _run.AnalyzeSarif("warm.sarif", "--jobs", "2");
        Assert.Equal((0, 5), warm.Tally);
        Assert.Equal(coldSarif, warmSarif);

        var (single, singleSarif) = _run.AnalyzeSarif("single.sarif", "--jobs", "1", "--no-cache");
        Assert.Equal((5, 0), single.Tally);
        Assert.Equal(coldSarif, singleSarif);
    }

    [Fact]
    public void Plain_parse_and_precompiled_headers_give_the_same_sarif_and_the_header_is_kept_in_the_cache()
    {
        var (plain, plainSarif) = _run.AnalyzeSarif("plain.sarif", "--no-cache", "--plain-parse");
        Assert.DoesNotContain("precompiled headers:", plain.Stderr, StringComparison.Ordinal);

        var (cold, coldSarif) = _run.AnalyzeSarif("cold.sarif");
        Assert.Contains("precompiled headers: 1 built, 0 reused", cold.Stderr, StringComparison.Ordinal);
        Assert.Equal(plainSarif, coldSarif);
        Assert.Single(Directory.GetFiles(Path.Combine(CacheDir, "pch"), "*.pch"));

        // Facts gone, header kept: the files are parsed again through the header built last time.
        Directory.Delete(Path.Combine(CacheDir, "facts"), recursive: true);
        var (again, againSarif) = _run.AnalyzeSarif("again.sarif");
        Assert.Equal((5, 0), again.Tally);
        Assert.Contains("precompiled headers: 0 built, 1 reused", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(plainSarif, againSarif);
    }

    [Fact]
    public void Corrupt_and_foreign_entries_are_rebuilt_and_the_output_does_not_change()
    {
        var (_, coldSarif) = _run.AnalyzeSarif("cold.sarif");
        var facts = Directory.GetFiles(Path.Combine(CacheDir, "facts")).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(5, facts.Length);
        // Garbage in one entry; two entries swapped, so each holds valid facts stored under the other file's key;
        File.WriteAllText(facts[0], "{\"format\":1, \"tool\": trunc");
        var second = File.ReadAllBytes(facts[1]);
        File.WriteAllBytes(facts[1], File.ReadAllBytes(facts[2]));
        File.WriteAllBytes(facts[2], second);
        // One bit flipped in the middle of an otherwise whole entry: its checksum no longer matches.
        var flipped = File.ReadAllBytes(facts[3]);
        flipped[flipped.Length / 2] ^= 0x04;
        File.WriteAllBytes(facts[3], flipped);

        var (rebuilt, rebuiltSarif) = _run.AnalyzeSarif("rebuilt.sarif");
        Assert.Equal((4, 1), rebuilt.Tally);
        Assert.Equal(coldSarif, rebuiltSarif);
        // Foreign entries are quietly misses; the damaged one is named in one line, never with a stack trace.
        var warning = Assert.Single(rebuilt.Stderr.Split('\n'), l => l.Contains("cached facts", StringComparison.Ordinal));
        Assert.Matches("^stacklint: warning: the cached facts of '.*' are unusable \\(The facts checksum does not match: the data is damaged\\.\\); parsing it again$", warning.TrimEnd('\r'));
        Assert.DoesNotContain("   at ", rebuilt.Stderr, StringComparison.Ordinal);

        var (again, againSarif) = _run.AnalyzeSarif("again.sarif");
        Assert.Equal((0, 5), again.Tally);
        Assert.Equal(coldSarif, againSarif);
    }

    [Fact]
    public void An_index_entry_naming_another_tool_build_is_not_trusted()
    {
        _run.AnalyzeSarif("cold.sarif");
        foreach (var index in Directory.GetFiles(Path.Combine(CacheDir, "index")))
            File.WriteAllText(index, File.ReadAllText(index).Replace("\"tool\":\"", "\"tool\":\"other-", StringComparison.Ordinal));
        Assert.Equal((5, 0), _run.AnalyzeSarif("again.sarif").Run.Tally);
    }

    [Fact]
    public void Editing_one_file_reparses_only_that_file_and_the_rules_still_see_the_whole_driver()
    {
        _run.AnalyzeSarif("cold.sarif");
        File.AppendAllText(Path.Combine(_run.Sources, "walk.c"), "\n// edited\n");
        var (edited, _) = _run.AnalyzeSarif("edited.sarif");
        Assert.Equal((1, 4), edited.Tally);
        // The whole-driver rules ran over all five files: the same findings as an uncached run of the edited tree.
        var (_, fresh) = _run.AnalyzeSarif("fresh.sarif", "--no-cache");
        Assert.Equal(fresh, File.ReadAllBytes(Path.Combine(_run.Dir, "out", "edited.sarif")));
    }

    [Fact]
    public void Editing_a_shared_header_reparses_every_file_that_includes_it()
    {
        _run.AnalyzeSarif("cold.sarif");
        File.AppendAllText(Path.Combine(_run.Sources, "scanner.h"), "\n#define SCANNER_EDITED 1\n");
        Assert.Equal((5, 0), _run.AnalyzeSarif("edited.sarif").Run.Tally);
        Assert.Equal((0, 5), _run.AnalyzeSarif("warm.sarif").Run.Tally);
    }

    [Fact]
    public void Changed_clang_flags_miss_the_cache()
    {
        _run.AnalyzeSarif("cold.sarif");
        Assert.Equal((5, 0), _run.AnalyzeSarif("defined.sarif", "-D", "STACKLINT_TEST=1").Run.Tally);
        Assert.Equal((0, 5), _run.AnalyzeSarif("defined-again.sarif", "-D", "STACKLINT_TEST=1").Run.Tally);
        Assert.Equal((5, 0), _run.AnalyzeSarif("clang-arg.sarif", "--", "-DSTACKLINT_TEST=2").Run.Tally);
    }

    [Fact]
    public void An_unusable_cache_folder_is_one_warning_and_an_uncached_run()
    {
        var notAFolder = Path.Combine(_run.Dir, "cache-is-a-file");
        File.WriteAllText(notAFolder, "");
        var (uncached, uncachedSarif) = _run.AnalyzeSarif("uncached.sarif", "--cache-dir", notAFolder);
        Assert.Single(uncached.Stderr.Split('\n'), l => l.Contains("warning: cannot use the cache folder", StringComparison.Ordinal));
        Assert.Equal((5, 0), uncached.Tally);
        Assert.Equal(uncachedSarif, _run.AnalyzeSarif("plain.sarif", "--no-cache").Sarif);
    }

    [Fact]
    public void Cache_dir_option_moves_the_cache_and_no_cache_writes_nothing()
    {
        _run.AnalyzeSarif("none.sarif", "--no-cache");
        Assert.False(Directory.Exists(CacheDir));
        var elsewhere = Path.Combine(_run.Dir, "elsewhere");
        _run.AnalyzeSarif("cold.sarif", "--cache-dir", elsewhere);
        Assert.Equal(5, Directory.GetFiles(Path.Combine(elsewhere, "facts")).Length);
        Assert.Equal((0, 5), _run.AnalyzeSarif("warm.sarif", "--cache-dir", elsewhere).Run.Tally);
        Assert.False(Directory.Exists(CacheDir));
    }

    [Fact]
    public void Frames_and_callgraph_use_the_cache_too()
    {
        _run.AnalyzeSarif("cold.sarif");
        var frames = _run.Stacklint("frames", "minifilter", "--verbose");
        Assert.Equal(ExitCodes.Success, frames.ExitCode);
        Assert.Equal((0, 5), frames.Tally);
        var graph = _run.Stacklint("callgraph", "minifilter", "--verbose");
        Assert.Equal((0, 5), graph.Tally);
    }
}
