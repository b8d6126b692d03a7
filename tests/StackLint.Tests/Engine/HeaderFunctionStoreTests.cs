using StackLint.Engine;
using StackLint.Engine.Cache;
using StackLint.Frontend.Facts;
using Xunit;

namespace StackLint.Tests.Engine;

/// <summary>
/// Header functions in the facts cache, stored once by content (<c>functions/</c>): units that call the same header
/// inline function share one entry, read back as a copy per unit; a missing, damaged or foreign entry is a miss with
/// one warning line, never a crash or other findings; pruning keeps what facts name.
/// </summary>
public sealed class HeaderFunctionStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stacklint-functions-").FullName;

    public HeaderFunctionStoreTests()
    {
        var driver = Path.Combine(_dir, "drv");
        Directory.CreateDirectory(driver);
        File.WriteAllText(Path.Combine(driver, "compat.h"), """
            #pragma once
            static __inline int compat_fill(char *out, int n) { char scratch[600]; int i; for (i = 0; i < n; i++) scratch[i] = (char)i; out[0] = scratch[n - 1]; return n; }
            """);
        File.WriteAllText(Path.Combine(driver, "a.c"), """
            #include "compat.h"
            int DriverEntry(void *d, void *r) { char b[8]; return compat_fill(b, 4); }
            """);
        File.WriteAllText(Path.Combine(driver, "b.c"), """
            #include "compat.h"
            int Helper(void) { char big[2000]; return compat_fill(big, 8); }
            """);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string CacheDir => Path.Combine(_dir, "cache");

    private AnalysisSettings Settings => new() { Paths = ["drv"], CurrentDirectory = _dir, CacheDirectory = CacheDir, Jobs = 2, Verbose = true };

    private string[] FunctionEntries() =>
        [.. Directory.GetFiles(Path.Combine(CacheDir, "functions"), "*.bin", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    private (string Log, string Findings, (int Parsed, int Cached) Tally) Run()
    {
        var log = new StringWriter { NewLine = "\n" };
        using var workspace = new Workspace(Settings, log);
        var result = workspace.Analyze();
        var text = log.ToString();
        var tally = System.Text.RegularExpressions.Regex.Match(text, @"stacklint: (\d+) parsed, (\d+) from cache");
        Assert.True(tally.Success, text);
        var findings = string.Join("\n", result.Findings.Select(f => $"{f.RuleId} {f.Location} {f.Message}"));
        return (text, findings, (int.Parse(tally.Groups[1].Value), int.Parse(tally.Groups[2].Value)));
    }

    private TranslationUnitFacts Cached(string file)
    {
        var settings = new AnalysisSettings { Paths = ["drv"], CurrentDirectory = _dir };
        var environment = AnalysisPipeline.ResolveEnvironment(settings, out _);
        var cache = FactsCache.Open(CacheDir, TextWriter.Null)!;
        return cache.Find(Path.Combine(_dir, "drv", file), environment).Facts ?? throw new InvalidOperationException("not cached: " + file);
    }

    [Fact]
    public void Two_units_calling_one_header_function_store_it_once_and_read_back_equal_copies_of_their_own()
    {
        var cold = Run();
        Assert.Equal((2, 0), cold.Tally);
        Assert.Contains("compat_fill", cold.Findings, StringComparison.Ordinal);
        var entry = Assert.Single(FunctionEntries());

        var warm = Run();
        Assert.Equal((0, 2), warm.Tally);
        Assert.Equal(cold.Findings, warm.Findings);
        Assert.Equal([entry], FunctionEntries());

        var a = Cached("a.c").Functions.Single(f => f.Name == "compat_fill");
        var b = Cached("b.c").Functions.Single(f => f.Name == "compat_fill");
        Assert.NotNull(a.ContentHash);
        Assert.Equal(a.ContentHash, b.ContentHash);
        Assert.Equal(a.ContentHash + ".bin", Path.GetFileName(entry));
        // The order of a unit's functions is kept: the header function before the file's own.
        Assert.Equal(["compat_fill", "DriverEntry"], Cached("a.c").Functions.Select(f => f.Name));
    }

    [Fact]
    public void A_missing_or_damaged_header_function_entry_is_a_miss_named_in_one_line_and_is_stored_again()
    {
        var cold = Run();
        var entry = Assert.Single(FunctionEntries());
        var bytes = File.ReadAllBytes(entry);

        File.Delete(entry);
        var missing = Run();
        Assert.Equal((2, 0), missing.Tally);
        Assert.Equal(cold.Findings, missing.Findings);
        var warnings = missing.Log.Split('\n').Where(l => l.Contains("warning", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, warnings.Length);
        Assert.All(warnings, w => Assert.Matches("^stacklint: warning: the cached facts of '.*[ab]\\.c' are unusable \\(the header function it names \\([0-9a-f]+\\) is missing or damaged in '.*'\\); parsing it again$", w));
        Assert.DoesNotContain("   at ", missing.Log, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(Assert.Single(FunctionEntries())));

        var damaged = (byte[])bytes.Clone();
        damaged[damaged.Length / 2] ^= 0x10;
        File.WriteAllBytes(entry, damaged);
        var repaired = Run();
        Assert.Equal((2, 0), repaired.Tally);
        Assert.Equal(cold.Findings, repaired.Findings);
        Assert.Equal(bytes, File.ReadAllBytes(entry));

        // Cut short, as a killed writer without the rename would never leave it, but a disk might.
        File.WriteAllBytes(entry, bytes[..10]);
        Assert.Equal((2, 0), Run().Tally);
        Assert.Equal((0, 2), Run().Tally);
    }

    [Fact]
    public void An_entry_of_another_build_under_the_same_hash_is_not_read_and_an_older_facts_format_is_a_quiet_miss()
    {
        var cold = Run();
        var entry = Assert.Single(FunctionEntries());
        var bytes = File.ReadAllBytes(entry);
        int end = Array.IndexOf(bytes, (byte)'\n');
        var header = System.Text.Encoding.UTF8.GetString(bytes, 0, end).Split(' ');
        header[2] = "0.0.0/another-build";
        File.WriteAllBytes(entry, [.. System.Text.Encoding.UTF8.GetBytes(string.Join(' ', header)), .. bytes[end..]]);
        var foreign = Run();
        Assert.Equal((2, 0), foreign.Tally);
        Assert.Equal(cold.Findings, foreign.Findings);
        Assert.Equal(bytes, File.ReadAllBytes(entry));

        // Facts entries of the format before header functions were stored apart: not read, no warning.
        foreach (var facts in Directory.GetFiles(Path.Combine(CacheDir, "facts")))
        {
            var content = File.ReadAllBytes(facts);
            Assert.Equal((byte)'4', content["stacklint-facts ".Length]);
            content["stacklint-facts ".Length] = (byte)'3';
            File.WriteAllBytes(facts, content);
        }
        var older = Run();
        Assert.Equal((2, 0), older.Tally);
        Assert.DoesNotContain("warning", older.Log, StringComparison.Ordinal);
        Assert.Equal(cold.Findings, older.Findings);
    }

    [Fact]
    public void Pruning_removes_header_functions_no_facts_name_and_folders_of_builds_without_facts()
    {
        Run();
        var kept = Assert.Single(FunctionEntries());
        var folder = Path.GetDirectoryName(kept)!;
        var unnamed = Path.Combine(folder, new string('e', 32) + ".bin");
        File.WriteAllBytes(unnamed, [1, 2, 3]);
        var otherBuild = Path.Combine(CacheDir, "functions", new string('f', 24));
        Directory.CreateDirectory(otherBuild);
        File.WriteAllBytes(Path.Combine(otherBuild, new string('a', 32) + ".bin"), [1]);
        foreach (var file in Directory.GetFiles(Path.Combine(CacheDir, "functions"), "*", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-1));

        // Nothing is swept while no facts go: the functions are named only inside facts entries.
        Assert.Equal(0, FactsCache.Open(CacheDir, TextWriter.Null)!.Prune().Functions);
        Assert.True(File.Exists(unnamed));

        // An edit leaves the previous facts of b.c unreferenced; once they go, so do the unnamed functions.
        File.AppendAllText(Path.Combine(_dir, "drv", "b.c"), "\n// edited\n");
        Assert.Equal((1, 1), Run().Tally);
        var pruned = FactsCache.Open(CacheDir, TextWriter.Null)!.Prune(TimeSpan.Zero);
        Assert.Equal(1, pruned.Facts);
        Assert.Equal(2, pruned.Functions);
        Assert.Equal([kept], FunctionEntries());
        Assert.False(Directory.Exists(otherBuild));
        Assert.Equal((0, 2), Run().Tally);

        // The next facts to go, within the hour after a sweep, do not cost another read of every facts entry.
        File.WriteAllBytes(unnamed, [1, 2, 3]);
        File.AppendAllText(Path.Combine(_dir, "drv", "b.c"), "// edited again\n");
        Assert.Equal((1, 1), Run().Tally);
        foreach (var file in Directory.GetFiles(Path.Combine(CacheDir, "facts")).Append(unnamed))
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-1));
        var throttled = FactsCache.Open(CacheDir, TextWriter.Null)!.Prune();
        Assert.Equal((1, 0), (throttled.Facts, throttled.Functions));
        Assert.True(File.Exists(unnamed));
        Assert.Equal((0, 2), Run().Tally);
    }
}
