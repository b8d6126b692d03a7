using System.Text;
using StackLint.Engine;
using StackLint.Engine.Cache;
using Xunit;

namespace StackLint.Tests.Engine;

/// <summary>
/// The facts cache through the workspace that owns it: the same SARIF whether facts were parsed or read back, only
/// what changed is parsed, and damaged, foreign or unusable caches cost a parse, never a wrong or failed run.
/// </summary>
public sealed class FactsCacheEngineTests : IDisposable
{
    private readonly EngineRun _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public void Warm_run_and_single_job_run_give_the_cold_parallel_runs_sarif_byte_for_byte()
    {
        var cold = _run.Analyze();
        Assert.Equal((5, 0), cold.Tally);
        Assert.NotEmpty(cold.Result.Findings);

        var warm = _run.Analyze();
        Assert.Equal((0, 5), warm.Tally);
        Assert.Equal(cold.Sarif, warm.Sarif);

        var single = _run.Analyze(_run.Settings with { Jobs = 1, CacheDirectory = null });
        Assert.Equal((5, 0), single.Tally);
        Assert.Equal(cold.Sarif, single.Sarif);
    }

    [Fact]
    public void Plain_parse_and_precompiled_headers_give_the_same_sarif_and_the_header_is_kept_in_the_cache()
    {
        var plain = _run.Analyze(_run.Settings with { CacheDirectory = null, PlainParse = true });
        Assert.DoesNotContain("precompiled headers:", plain.Log, StringComparison.Ordinal);

        var cold = _run.Analyze();
        Assert.Contains("precompiled headers: 1 built, 0 reused", cold.Log, StringComparison.Ordinal);
        Assert.Equal(plain.Sarif, cold.Sarif);
        Assert.Single(Directory.GetFiles(Path.Combine(_run.CacheDir, "pch"), "*.pch"));

        // Facts gone, header kept: the files are parsed again through the header built last time.
        Directory.Delete(Path.Combine(_run.CacheDir, "facts"), recursive: true);
        var again = _run.Analyze();
        Assert.Equal((5, 0), again.Tally);
        Assert.Contains("precompiled headers: 0 built, 1 reused", again.Log, StringComparison.Ordinal);
        Assert.Equal(plain.Sarif, again.Sarif);
    }

    [Fact]
    public void Corrupt_and_foreign_entries_are_rebuilt_and_the_output_does_not_change()
    {
        var cold = _run.Analyze();
        var facts = Directory.GetFiles(Path.Combine(_run.CacheDir, "facts")).Order(StringComparer.Ordinal).ToArray();
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

        var rebuilt = _run.Analyze();
        Assert.Equal((4, 1), rebuilt.Tally);
        Assert.Equal(cold.Sarif, rebuilt.Sarif);
        // Foreign entries are quietly misses; the damaged one is named in one line, never with a stack trace.
        var warning = Assert.Single(rebuilt.Log.Split('\n'), l => l.Contains("cached facts", StringComparison.Ordinal));
        Assert.Matches("^stacklint: warning: the cached facts of '.*' are unusable \\(The facts checksum does not match: the data is damaged\\.\\); parsing it again$", warning);
        Assert.DoesNotContain("   at ", rebuilt.Log, StringComparison.Ordinal);

        var again = _run.Analyze();
        Assert.Equal((0, 5), again.Tally);
        Assert.Equal(cold.Sarif, again.Sarif);
    }

    [Fact]
    public void An_index_entry_naming_another_tool_build_is_not_trusted()
    {
        _run.Analyze();
        foreach (var index in Directory.GetFiles(Path.Combine(_run.CacheDir, "index")))
            File.WriteAllText(index, File.ReadAllText(index).Replace("\"tool\":\"", "\"tool\":\"other-", StringComparison.Ordinal));
        Assert.Equal((5, 0), _run.Analyze().Tally);
    }

    [Fact]
    public void Editing_one_file_reparses_only_that_file_and_the_rules_still_see_the_whole_driver()
    {
        _run.Analyze();
        File.AppendAllText(Path.Combine(_run.Sources, "walk.c"), "\n// edited\n");
        var edited = _run.Analyze();
        Assert.Equal((1, 4), edited.Tally);
        // The whole-driver rules ran over all five files: the same log as an uncached run of the edited tree.
        Assert.Equal(_run.Analyze(_run.Settings with { CacheDirectory = null }).Sarif, edited.Sarif);
    }

    [Fact]
    public void Editing_a_shared_header_reparses_every_file_that_includes_it()
    {
        _run.Analyze();
        File.AppendAllText(Path.Combine(_run.Sources, "scanner.h"), "\n#define SCANNER_EDITED 1\n");
        Assert.Equal((5, 0), _run.Analyze().Tally);
        Assert.Equal((0, 5), _run.Analyze().Tally);
    }

    [Fact]
    public void Changed_clang_flags_miss_the_cache()
    {
        _run.Analyze();
        var defined = _run.Settings with { Defines = ["STACKLINT_TEST=1"] };
        Assert.Equal((5, 0), _run.Analyze(defined).Tally);
        Assert.Equal((0, 5), _run.Analyze(defined).Tally);
        Assert.Equal((5, 0), _run.Analyze(_run.Settings with { ExtraArgs = ["-DSTACKLINT_TEST=2"] }).Tally);
        Assert.Equal((5, 0), _run.Analyze(_run.Settings with { Arch = StackLint.Frontend.TargetArch.X86 }).Tally);
    }

    [Fact]
    public void A_cache_path_that_is_a_file_is_one_warning_and_an_uncached_run()
    {
        var notAFolder = Path.Combine(_run.Dir, "cache-is-a-file");
        File.WriteAllText(notAFolder, "");
        var uncached = _run.Analyze(_run.Settings with { CacheDirectory = notAFolder });
        Assert.Single(uncached.Log.Split('\n'), l => l.Contains("warning: cannot use the cache folder", StringComparison.Ordinal));
        Assert.Equal((5, 0), uncached.Tally);
        Assert.Equal(_run.Analyze(_run.Settings with { CacheDirectory = null }).Sarif, uncached.Sarif);
        Assert.Equal("", File.ReadAllText(notAFolder));
    }

    [Fact]
    public void Two_workspaces_filling_one_cache_at_once_agree_with_an_uncached_run()
    {
        var uncached = _run.Analyze(_run.Settings with { CacheDirectory = null });
        // Two hosts (a CLI run and an editor, say) in one process, both cold on the same folder.
        var runs = new[] { 0, 1 }.AsParallel().WithDegreeOfParallelism(2).Select(_ => _run.Analyze(_run.Settings with { Jobs = 1 })).ToArray();
        foreach (var run in runs)
        {
            Assert.Equal(5, run.Tally.Parsed + run.Tally.Cached);
            Assert.Equal(uncached.Sarif, run.Sarif);
            Assert.DoesNotContain("warning", run.Log, StringComparison.Ordinal);
        }
        Assert.Equal(5, Directory.GetFiles(Path.Combine(_run.CacheDir, "facts")).Length);
        Assert.Empty(Directory.GetFiles(_run.CacheDir, "*.tmp", SearchOption.AllDirectories));
        var warm = _run.Analyze();
        Assert.Equal((0, 5), warm.Tally);
        Assert.Equal(uncached.Sarif, warm.Sarif);
    }

    [Fact]
    public void A_workspace_reads_each_analyzed_source_once_through_the_cache_probe()
    {
        // The probe's SourceFile is what the parser, the suppression scan and SARIF read: a file replaced on disk
        // after the probe cannot make the log describe other bytes than the facts do.
        var settings = _run.Settings with { Jobs = 1 };
        var log = new StringWriter();
        using var workspace = new Workspace(settings, log);
        var prepared = workspace.Prepare();
        var walk = Path.Combine(_run.Sources, "walk.c");
        var probed = prepared.Cache!.Source(walk);
        Assert.NotNull(probed);
        var loaded = workspace.Load(prepared);
        var result = workspace.Analyze(loaded);
        Assert.Same(probed, result.ReadSource(walk));
    }

    [Fact]
    public void The_text_a_probe_read_is_the_text_the_disk_gives()
    {
        var dir = Directory.CreateTempSubdirectory("stacklint-probe-text-").FullName;
        try
        {
            var files = new Dictionary<string, byte[]>
            {
                ["plain.c"] = "int f(void) { return 0; }\n"u8.ToArray(),
                ["bom.c"] = [0xEF, 0xBB, 0xBF, .. "int g(void);\r\n// é\r\n"u8.ToArray()],
                ["utf16.c"] = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("int h(void);\n")],
                ["invalid.c"] = [(byte)'i', 0xFF, 0xFE, 0x80, (byte)'\n'],
                ["empty.c"] = [],
            };
            foreach (var (name, bytes) in files) File.WriteAllBytes(Path.Combine(dir, name), bytes);

            var settings = new AnalysisSettings { Paths = [dir], CurrentDirectory = dir };
            var environment = AnalysisPipeline.ResolveEnvironment(settings, out _);
            var cache = FactsCache.Open(Path.Combine(dir, "cache"), TextWriter.Null)!;
            foreach (var name in files.Keys)
            {
                var path = Path.Combine(dir, name);
                Assert.Null(cache.Source(path));
                cache.Probe(path, environment);
                Assert.Equal(File.ReadAllText(path, Encoding.UTF8), cache.Source(path)?.Text);
                Assert.Equal(File.ReadAllBytes(path), cache.Source(path)?.Bytes);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
