using System.Diagnostics;
using System.Text;
using StackLint.Cli;
using StackLint.Tests.Integration;
using StackLint.Tests.Speed;
using Xunit;
using Xunit.Abstractions;

namespace StackLint.Tests.Cli;

/// <summary>
/// Bad input to whole runs, each case once: encodings and #line, compile databases that name missing files, Windows
/// paths and response files, option values out of range, a cache that cannot be written, and a run killed midway.
/// (Concurrent runs on one cache and damaged cache entries: CachePruningTests and FactsCacheTests; bad --shard:
/// ShardTests; malformed LSP frames: LspProtocolTests and LspTests.)
/// </summary>
public sealed class BadInputRunTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stacklint-badrun-").FullName;

    public void Dispose() => ExternalProcess.DeleteQuietly(_dir);

    private sealed record Run(int ExitCode, string Stdout, string Stderr);

    private Run Stacklint(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int code = StackLintCli.Run(args, stdout, stderr, _dir);
        return new Run(code, stdout.ToString(), stderr.ToString());
    }

    private const string Body = "int Fill(void)\n{\n    char buffer[4000];\n    buffer[0] = 1;\n    return buffer[0];\n}\n";

    private string[] Lines(Run run, string rule) => [.. run.Stdout.Split('\n').Where(l => l.Contains(rule, StringComparison.Ordinal))];

    [Fact]
    public void Utf8_with_bom_and_utf16_sources_report_the_lines_and_columns_editors_show()
    {
        File.WriteAllBytes(Path.Combine(_dir, "bom.c"), [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Body)]);
        File.WriteAllBytes(Path.Combine(_dir, "le.c"), [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Body.Replace("\n", "\r\n"))]);
        File.WriteAllBytes(Path.Combine(_dir, "be.c"), [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(Body)]);
        var sarif = Path.Combine(_dir, "enc.sarif");
        var run = Stacklint("analyze", "bom.c", "le.c", "be.c", "--no-cache", "--no-system-headers", "--sarif", sarif);
        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        // 'Fill' is at line 1, column 5 and 'buffer' at line 3, column 10 in every encoding (the mark is not a column).
        foreach (var file in new[] { "bom.c", "le.c", "be.c" })
        {
            Assert.Contains($"{file}(1,5): warning SL1001", run.Stdout);
            Assert.Contains($"{file}(3,10): warning SL1002", run.Stdout);
        }
        var log = File.ReadAllText(sarif);
        Assert.DoesNotContain("\"startColumn\":8", log);
    }

    [Fact]
    public void Text_and_sarif_give_one_character_column_after_non_ascii_text_in_every_encoding()
    {
        // "    /* é */ char buffer" puts 'buffer' at character 18 and UTF-8 byte 19: editors and SARIF count characters.
        const string body = "int Fill(void)\n{\n    /* é */ char buffer[4000];\n    buffer[0] = 1;\n    return buffer[0];\n}\n";
        File.WriteAllBytes(Path.Combine(_dir, "u8.c"), Encoding.UTF8.GetBytes(body));
        File.WriteAllBytes(Path.Combine(_dir, "bom.c"), [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(body.Replace("Fill", "FillB", StringComparison.Ordinal))]);
        File.WriteAllBytes(Path.Combine(_dir, "le.c"), [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(body.Replace("Fill", "FillL", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal))]);
        var sarif = Path.Combine(_dir, "columns.sarif");
        var run = Stacklint("analyze", "u8.c", "bom.c", "le.c", "--no-cache", "--no-system-headers", "--sarif", sarif);
        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        foreach (var file in new[] { "u8.c", "bom.c", "le.c" })
            Assert.Contains($"{file}(3,18): warning SL1002", run.Stdout);
        var log = StackLint.Sarif.SarifSerializer.Deserialize(File.ReadAllBytes(sarif));
        var regions = log.Runs[0].Results!.Where(r => r.RuleId == "SL1002").Select(r => r.Locations![0].PhysicalLocation!.Region!).ToList();
        Assert.Equal(3, regions.Count);
        Assert.All(regions, r => Assert.Equal((3, 18), (r.StartLine, r.StartColumn)));
    }

    [Fact]
    public void Line_directives_do_not_move_findings_off_the_file_the_editor_shows()
    {
        File.WriteAllText(Path.Combine(_dir, "gen.c"), "#line 500 \"generated_from.idl\"\n" + Body);
        var run = Stacklint("analyze", "gen.c", "--no-cache", "--no-system-headers");
        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        var line = Assert.Single(Lines(run, "SL1002"));
        Assert.StartsWith("gen.c(4,10): warning SL1002", line);
        Assert.DoesNotContain("generated_from.idl", run.Stdout + run.Stderr);
    }

    [Fact]
    public void A_compile_database_naming_a_missing_file_analyzes_the_rest_with_one_notice()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "build"));
        File.WriteAllText(Path.Combine(_dir, "present.c"), Body);
        File.WriteAllText(Path.Combine(_dir, "build", "flags.rsp"), "-DBUFFER_FROM_RSP=1\n");
        var present = Path.Combine(_dir, "present.c").Replace("\\", "\\\\");
        var missing = Path.Combine(_dir, "deleted_since_the_build.c").Replace("\\", "\\\\");
        File.WriteAllText(Path.Combine(_dir, "build", "compile_commands.json"), $$"""
            [
              { "directory": "{{Path.Combine(_dir, "build").Replace("\\", "\\\\")}}", "file": "{{present}}", "arguments": ["cl.exe", "@flags.rsp", "/c", "{{present}}"] },
              { "directory": "{{Path.Combine(_dir, "build").Replace("\\", "\\\\")}}", "file": "{{missing}}", "arguments": ["cl.exe", "/c", "{{missing}}"] }
            ]
            """);
        var run = Stacklint("analyze", "-p", "build", "--no-cache", "--no-system-headers");
        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        Assert.Single(Lines(run, "SL1002"));
        var notice = Assert.Single(run.Stderr.Split('\n'), l => l.Contains("SL0002", StringComparison.Ordinal));
        Assert.Contains("deleted_since_the_build.c", notice);
        Assert.Contains("1 not analyzed", run.Stderr);
    }

    [Fact]
    public void A_compile_database_written_on_windows_is_read_anywhere()
    {
        // Backslashes, a drive letter, a response file and MSVC switches: the entries load, and where the files
        // are not on this machine each is one notice, not a crash.
        Directory.CreateDirectory(Path.Combine(_dir, "win"));
        File.WriteAllText(Path.Combine(_dir, "win", "compile_commands.json"), """
            [ { "directory": "C:\\src\\drv\\build", "file": "..\\filter.c",
                "command": "cl.exe /nologo @C:\\src\\drv\\build\\flags.rsp /I..\\inc /DNDIS60=1 /c ..\\filter.c" } ]
            """);
        var run = Stacklint("analyze", "-p", "win", "--no-cache", "--no-system-headers");
        if (OperatingSystem.IsWindows() && File.Exists(@"C:\src\drv\filter.c")) return; // a machine that has the file analyzes it
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var notice = Assert.Single(run.Stderr.Split('\n'), l => l.Contains("SL0002", StringComparison.Ordinal));
        Assert.Contains("filter.c", notice);
        // The response file is not on this machine either: one warning names it, the entry still loads.
        var warning = Assert.Single(run.Stderr.Split('\n'), l => l.Contains("response file", StringComparison.Ordinal));
        Assert.Contains("flags.rsp' (not found), named by 1 entry", warning);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public void Jobs_below_one_is_a_usage_error(string jobs)
    {
        File.WriteAllText(Path.Combine(_dir, "a.c"), Body);
        var run = Stacklint("analyze", "a.c", "--jobs", jobs, "--no-cache");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal("stacklint: error: --jobs must be at least 1\n", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void Jobs_that_is_not_a_number_is_a_usage_error()
    {
        var run = Stacklint("analyze", "a.c", "--jobs", "many");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.StartsWith("stacklint: error: ", run.Stderr);
    }

    [Fact]
    public void A_cache_folder_that_cannot_be_written_is_one_warning_and_an_uncached_run()
    {
        File.WriteAllText(Path.Combine(_dir, "a.c"), Body);
        string cache;
        if (OperatingSystem.IsWindows())
        {
            output.WriteLine("a folder that refuses writes needs an ACL on Windows; the probe write is the same code as on Linux");
            return;
        }
        if (Environment.UserName == "root")
        {
            // Permissions do not stop root; a read-only file system does.
            cache = "/proc/stacklint-cache";
        }
        else
        {
            cache = Path.Combine(_dir, "read-only-cache");
            Directory.CreateDirectory(cache);
            File.SetUnixFileMode(cache, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
        var run = Stacklint("analyze", "a.c", "--cache-dir", cache, "--no-system-headers", "--verbose");
        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        Assert.Single(run.Stderr.Split('\n'), l => l.Contains("warning: cannot use the cache folder", StringComparison.Ordinal) && l.Contains("running without the cache", StringComparison.Ordinal));
        Assert.Contains("1 parsed, 0 from cache", run.Stderr);
        Assert.Single(Lines(run, "SL1002"));
    }

    [Fact]
    public void A_run_killed_midway_leaves_a_cache_the_next_run_uses_correctly()
    {
        using var speed = new SpeedRun();
        var (_, uncached) = speed.AnalyzeSarif("uncached.sarif", "--no-cache");
        var dll = LspTests.StacklintDll();
        // Kill a cold run at several points (early, while parsing, near the end); each next run must give the uncached output.
        foreach (var after in new[] { 150, 600, 1500 })
        {
            var info = new ProcessStartInfo("dotnet") { WorkingDirectory = speed.Dir, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { dll, "analyze", "minifilter", "--jobs", "2", "--format", "sarif", "--output", Path.Combine("out", "killed.sarif") })
                info.ArgumentList.Add(a);
            using (var process = Process.Start(info)!)
            {
                Thread.Sleep(after);
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* it had finished */ }
                process.WaitForExit();
            }
            var (next, sarif) = speed.AnalyzeSarif($"after-kill-{after}.sarif");
            Assert.Equal(uncached, sarif);
            Assert.Equal(5, next.Tally.Parsed + next.Tally.Cached);
            // Throw the cache away so the next kill lands in a cold run again.
            Directory.Delete(Path.Combine(speed.Dir, ".stacklint-cache"), recursive: true);
        }
    }
}
