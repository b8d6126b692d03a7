using StackLint.Engine.Cache;
using StackLint.Tests.Support;
using Xunit;

namespace StackLint.Tests.Speed;

/// <summary>
/// A cached run reuses the findings of every driver none of whose files changed, and loads and analyzes only the
/// others: its output is what a run without any cache gives, for an unchanged tree and after an edit.
/// </summary>
public sealed class ProgramReuseTests : IDisposable
{
    private readonly CliSandbox _box = new("stacklint-reuse-");

    public ProgramReuseTests()
    {
        _box.Write("drivers/alpha/entry.c", """
            #include <ntddk.h>
            void AlphaWalk(int depth);
            NTSTATUS DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING path)
            {
                UNREFERENCED_PARAMETER(driver);
                UNREFERENCED_PARAMETER(path);
                AlphaWalk(3);
                return STATUS_SUCCESS;
            }
            """);
        _box.Write("drivers/alpha/walk.c", """
            #include <ntddk.h>
            void AlphaWalk(int depth)
            {
                UCHAR scratch[3000];
                RtlZeroMemory(scratch, sizeof(scratch));
                if (depth > 0) AlphaWalk(depth - 1);
            }
            """);
        _box.Write("drivers/beta/entry.c", """
            #include <ntddk.h>
            // stacklint-disable-next-line SL1002 -- covers nothing: a stale suppression is a note
            static ULONG BetaCount;
            static void BetaFill(void)
            {
                WCHAR name[1200];
                RtlZeroMemory(name, sizeof(name));
                BetaCount++;
            }
            NTSTATUS DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING path)
            {
                UNREFERENCED_PARAMETER(driver);
                UNREFERENCED_PARAMETER(path);
                BetaFill();
                return STATUS_SUCCESS;
            }
            """);
        // Parsed with an error: its notice must come back from the stored findings of its driver too.
        _box.Write("drivers/beta/broken.c", """
            #include <ntddk.h>
            #include "missing-header.h"
            void BetaBroken(void) { UCHAR pad[5000]; RtlZeroMemory(pad, sizeof(pad)); }
            """);
    }

    public void Dispose() => _box.Dispose();

    private CliSandbox.Run Analyze(string format, params string[] extra)
    {
        // A stored report would be put out before any program is looked at: each run here goes through the programs.
        var reports = Path.Combine(_box.Dir, ".stacklint-cache", "reports");
        if (Directory.Exists(reports)) Directory.Delete(reports, recursive: true);
        return _box.Stacklint(["analyze", "drivers", "--no-system-headers", "--format", format, "--fail-on", "none", .. extra]);
    }

    private void AssertSameAsUncached(string format)
    {
        var cached = Analyze(format, "--verbose");
        var fresh = Analyze(format, "--no-cache");
        Assert.Equal(fresh.Stdout, cached.Stdout);
        Assert.Equal(fresh.ExitCode, cached.ExitCode);
        Assert.Equal(Notes(fresh.Stderr), Notes(cached.Stderr));
    }

    private static string[] Notes(string stderr) =>
        [.. stderr.Split('\n').Where(line => line.Length > 0 && !line.StartsWith("stacklint: ", StringComparison.Ordinal) && !line.StartsWith("    ", StringComparison.Ordinal))];

    [Fact]
    public void An_unchanged_tree_takes_every_drivers_findings_from_the_cache()
    {
        var cold = Analyze("sarif", "--verbose");
        Assert.Contains("programs: 0 of 2 reused from the cache, 2 analyzed", cold.Stderr, StringComparison.Ordinal);
        Assert.Contains("SL0001", cold.Stdout, StringComparison.Ordinal);

        var warm = Analyze("sarif", "--verbose");
        Assert.Contains("programs: 2 of 2 reused from the cache, 0 analyzed", warm.Stderr, StringComparison.Ordinal);
        Assert.Contains("stacklint: 0 parsed, 4 from cache", warm.Stderr, StringComparison.Ordinal);
        Assert.Equal(cold.Stdout, warm.Stdout);
        AssertSameAsUncached("sarif");
        AssertSameAsUncached("text");
    }

    [Fact]
    public void An_edit_analyzes_its_own_driver_again_and_no_other()
    {
        Analyze("sarif");
        File.AppendAllText(Path.Combine(_box.Dir, "drivers", "alpha", "walk.c"),
            "\nvoid AlphaMore(void) { UCHAR more[2500]; RtlZeroMemory(more, sizeof(more)); AlphaWalk(1); }\n");

        var edited = Analyze("sarif", "--verbose");
        Assert.Contains("programs: 1 of 2 reused from the cache, 1 analyzed (alpha)", edited.Stderr, StringComparison.Ordinal);
        Assert.Contains("stacklint: 1 parsed, 3 from cache", edited.Stderr, StringComparison.Ordinal);
        Assert.Contains("AlphaMore", edited.Stdout, StringComparison.Ordinal);
        AssertSameAsUncached("sarif");
        AssertSameAsUncached("text");
    }

    [Fact]
    public void An_edits_driver_loads_while_the_edited_file_parses()
    {
        Analyze("sarif");
        File.AppendAllText(Path.Combine(_box.Dir, "drivers", "alpha", "walk.c"), "\n// edited\n");

        var edited = Analyze("sarif", "--verbose");
        Assert.Contains("1 file(s) grouping needed and 1 loaded meanwhile", edited.Stderr, StringComparison.Ordinal);
        Assert.Contains("to load 0 more", edited.Stderr, StringComparison.Ordinal);
        AssertSameAsUncached("sarif");
    }

    [Fact]
    public void An_edit_that_removes_DriverEntry_groups_the_files_again()
    {
        // Outside every driver folder: the root's program, which beta's files join once beta has no DriverEntry.
        _box.Write("drivers/common.c", """
            #include <ntddk.h>
            void CommonFill(void) { UCHAR fill[1800]; RtlZeroMemory(fill, sizeof(fill)); }
            """);
        Analyze("sarif");
        var entry = Path.Combine(_box.Dir, "drivers", "beta", "entry.c");
        File.WriteAllText(entry, File.ReadAllText(entry).Replace("NTSTATUS DriverEntry(", "NTSTATUS BetaStart(", StringComparison.Ordinal));

        // Grouped as the index saw the file, beta's other file is loaded early; the parse says otherwise, and the
        // root's file is loaded after grouping again.
        var edited = Analyze("sarif", "--verbose");
        Assert.Contains("1 file(s) grouping needed and 1 loaded meanwhile", edited.Stderr, StringComparison.Ordinal);
        Assert.Contains("to load 1 more", edited.Stderr, StringComparison.Ordinal);
        AssertSameAsUncached("sarif");
        AssertSameAsUncached("text");
    }

    [Fact]
    public void An_edit_runs_the_function_rules_over_the_edited_file_alone()
    {
        // Both files of alpha include a header with a large force-inlined helper: its findings are reported once.
        _box.Write("drivers/alpha/helpers.h", """
            static __forceinline void AlphaHelper(void) { UCHAR help[2200]; RtlZeroMemory(help, sizeof(help)); }
            """);
        foreach (var file in new[] { "entry.c", "walk.c" })
        {
            var path = Path.Combine(_box.Dir, "drivers", "alpha", file);
            File.WriteAllText(path, File.ReadAllText(path).Replace("#include <ntddk.h>", "#include <ntddk.h>\n#include \"helpers.h\"", StringComparison.Ordinal));
        }
        var cold = Analyze("sarif", "--verbose");
        Assert.Contains("function rules: 4 file(s) analyzed, 0 from the cache", cold.Stderr, StringComparison.Ordinal);
        Assert.Contains("AlphaHelper", cold.Stdout, StringComparison.Ordinal);

        File.AppendAllText(Path.Combine(_box.Dir, "drivers", "alpha", "walk.c"),
            "\nvoid AlphaMore(void) { UCHAR more[2500]; RtlZeroMemory(more, sizeof(more)); AlphaHelper(); }\n");
        var edited = Analyze("sarif", "--verbose");
        Assert.Contains("function rules: 1 file(s) analyzed, 1 from the cache", edited.Stderr, StringComparison.Ordinal);
        Assert.Contains("AlphaMore", edited.Stdout, StringComparison.Ordinal);
        AssertSameAsUncached("sarif");
        AssertSameAsUncached("text");
    }

    [Fact]
    public void A_suppression_added_to_a_file_without_one_is_read()
    {
        Analyze("sarif");
        Assert.True(File.Exists(Path.Combine(_box.Dir, ".stacklint-cache", "suppressions.bin")));
        var walk = Path.Combine(_box.Dir, "drivers", "alpha", "walk.c");
        File.WriteAllText(walk, File.ReadAllText(walk).Replace("void AlphaWalk(int depth)\n",
            "// stacklint-disable SL1001 -- a scratch area the walk needs\nvoid AlphaWalk(int depth)\n", StringComparison.Ordinal));

        var edited = Analyze("sarif");
        Assert.Contains("a scratch area the walk needs", edited.Stdout, StringComparison.Ordinal);
        AssertSameAsUncached("sarif");
        AssertSameAsUncached("text");
    }

    [Fact]
    public void Changed_configuration_analyzes_every_driver_again()
    {
        Analyze("sarif");
        _box.Write(".editorconfig", "root = true\n[*.c]\nstacklint.buffer_threshold = 100\n");
        var changed = Analyze("sarif", "--verbose");
        Assert.Contains("programs: 0 of 2 reused from the cache, 2 analyzed", changed.Stderr, StringComparison.Ordinal);
        AssertSameAsUncached("sarif");
    }

    [Fact]
    public void A_damaged_entry_is_analyzed_again()
    {
        Analyze("sarif");
        foreach (var entry in Directory.GetFiles(Path.Combine(_box.Dir, ".stacklint-cache", "programs"), "*.bin"))
        {
            var bytes = File.ReadAllBytes(entry);
            bytes[^40] ^= 0xFF;
            File.WriteAllBytes(entry, bytes);
        }
        var damaged = Analyze("sarif", "--verbose");
        Assert.Contains("programs: 0 of 2 reused from the cache, 2 analyzed", damaged.Stderr, StringComparison.Ordinal);
        AssertSameAsUncached("sarif");
    }
}

/// <summary>File hashes kept between runs: trusted by stamp only when the file was written well before it was hashed.</summary>
public sealed class HashStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stacklint-hashes-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string Store => Path.Combine(_dir, "hashes.bin");

    private FileHash HashInNewRun(string path)
    {
        var store = HashStore.Open(Store);
        var hash = new ContentHashes(store).Of(path);
        store.Save();
        return hash;
    }

    /// <summary>Rewrites a file with other bytes of the same length and puts its write time back.</summary>
    private static void RewriteKeepingStamp(string path, string text)
    {
        var written = File.GetLastWriteTimeUtc(path);
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, written);
    }

    [Fact]
    public void A_file_written_long_before_it_was_hashed_is_not_read_again()
    {
        var path = Path.Combine(_dir, "old.h");
        File.WriteAllText(path, "#define A 1\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-1));
        var first = HashInNewRun(path);

        // Same length and stamp: the stored hash stands (the file is not read, which is the point of the store).
        RewriteKeepingStamp(path, "#define B 2\n");
        Assert.Equal(first, HashInNewRun(path));

        // A new write time is a new hash.
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-30));
        Assert.NotEqual(first.Hash, HashInNewRun(path).Hash);
    }

    [Fact]
    public void A_file_hashed_right_after_a_write_is_read_again_next_run()
    {
        var path = Path.Combine(_dir, "fresh.h");
        File.WriteAllText(path, "#define A 1\n");
        var first = HashInNewRun(path);

        // Written in the same clock tick as the hash could have been: the stamp alone is not trusted.
        RewriteKeepingStamp(path, "#define B 2\n");
        Assert.NotEqual(first.Hash, HashInNewRun(path).Hash);
    }

    [Fact]
    public void A_damaged_store_is_an_empty_one()
    {
        var path = Path.Combine(_dir, "a.h");
        File.WriteAllText(path, "int a;\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-1));
        var first = HashInNewRun(path);
        File.WriteAllBytes(Store, [1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x13]);
        Assert.Equal(first, HashInNewRun(path));
        Assert.True(new FileInfo(Store).Length > 10);
    }
}
