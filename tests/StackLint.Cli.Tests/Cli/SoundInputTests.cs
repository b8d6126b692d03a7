using StackLint.Engine;
using System.Text.Json;
using System.Text.RegularExpressions;
using StackLint.Cli;
using StackLint.Tests.Support;
using Xunit;

namespace StackLint.Tests.Cli;

/// <summary>
/// What a run reads and how it says what it could not read: linked folders walked once, C++ sources named and counted,
/// and parse problems as MSBuild-canonical lines that problem matchers pick up, plus SARIF notifications.
/// </summary>
public sealed partial class SoundInputTests : IDisposable
{
    private readonly CliSandbox _cli = new("stacklint-inputs-", "--no-system-headers", "--no-cache");

    public void Dispose() => _cli.Dispose();

    private const string BigBuffer = """
        #include <ntddk.h>
        NTSTATUS Fill(VOID)
        {
            UCHAR buffer[4000];
            RtlZeroMemory(buffer, sizeof(buffer));
            return buffer[0] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
        }
        """;

    /// <summary>
    /// VS Code's $msCompile pattern, the older one (location and code required) and the current one (location and
    /// code optional, an MSBuild node prefix allowed). A line either matches picks up file, line, severity and code.
    /// </summary>
    [GeneratedRegex(@"^([^\s].*)\((\d+|\d+,\d+|\d+,\d+,\d+,\d+)\)\s*:\s+(error|warning|info)\s+(\w{1,2}\d+)\s*:\s*(.*)$")]
    private static partial Regex MsCompileOld();

    [GeneratedRegex(@"^(?:\s*\d+>)?(\S.*?)(?:\((\d+|\d+,\d+|\d+,\d+,\d+,\d+)\))?\s*:\s+(?:(\S+)\s+)?(error|warning|info)\s+(\w+\d+)?\s*:\s*(.*)$")]
    private static partial Regex MsCompileNew();

    private static (string File, string Location, string Severity, string Code) Matched(string line)
    {
        var old = MsCompileOld().Match(line);
        Assert.True(old.Success, $"$msCompile (old) does not match: {line}");
        var current = MsCompileNew().Match(line);
        Assert.True(current.Success, $"$msCompile (current) does not match: {line}");
        Assert.Equal((old.Groups[1].Value, old.Groups[2].Value, old.Groups[3].Value, old.Groups[4].Value),
            (current.Groups[1].Value, current.Groups[2].Value, current.Groups[4].Value, current.Groups[5].Value));
        return (old.Groups[1].Value, old.Groups[2].Value, old.Groups[3].Value, old.Groups[4].Value);
    }

    private bool TryLink(string link, string target)
    {
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(_cli.Dir, link), target);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Windows without developer mode cannot create links; the walk is the same code either way.
            return false;
        }
    }

    [Fact]
    public void A_link_to_a_parent_folder_is_walked_once()
    {
        _cli.Write("drv/a/fill.c", BigBuffer);
        _cli.Write("drv/b.c", BigBuffer.Replace("Fill", "Fill2"));
        if (!TryLink("drv/a/loop", "..")) return;
        var run = _cli.Stacklint("analyze", "drv");
        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        Assert.Equal(2, run.Stdout.Split('\n').Count(l => l.Contains("SL1002")));
        Assert.Contains("4 finding(s)", run.Stderr);
        Assert.Contains(", 2 file(s)", run.Stderr);
    }

    [Fact]
    public void A_file_reached_by_two_paths_is_analyzed_once()
    {
        _cli.Write("real/fill.c", BigBuffer);
        if (!TryLink("one", Path.Combine(_cli.Dir, "real")) || !TryLink("two", Path.Combine(_cli.Dir, "real"))) return;
        var files = InputFiles.Expand(["one", "two", "real", "real/fill.c"], [], _cli.Dir);
        Assert.Equal([Path.Combine(_cli.Dir, "one", "fill.c")], files.Select(f => f.FullPath));

        var run = _cli.Stacklint("analyze", "two", "one");
        Assert.Single(run.Stdout.Split('\n'), l => l.Contains("SL1002"));
        Assert.Contains(", 1 file(s)", run.Stderr);
    }

    [Fact]
    public void Cpp_sources_are_analyzed_named_once_and_counted()
    {
        _cli.Write("drv/fill.c", BigBuffer);
        _cli.Write("drv/filter.cpp", BigBuffer);
        _cli.Write("drv/sub/queue.cc", BigBuffer);
        _cli.Write("drv/sub/io.cxx", BigBuffer);
        var run = _cli.Stacklint("analyze", "drv");
        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        // Each of the four files has its own SL1002: C++ sources are parsed as C++, not skipped.
        Assert.Equal(4, run.Stdout.Split('\n').Count(l => l.Contains("SL1002")));
        var notice = Assert.Single(run.Stderr.Split('\n'), l => l.Contains("SL0003"));
        var matched = Matched(notice);
        Assert.Equal(("info", "SL0003"), (matched.Severity, matched.Code));
        Assert.Contains("3 C++ source file(s) analyzed without compiler-generated members", notice);
        foreach (var name in new[] { "filter.cpp", "queue.cc", "io.cxx" }) Assert.Contains(name, notice);
        Assert.Contains(", 4 file(s)", run.Stderr);
        Assert.Contains("3 C++ file(s) covered in part", run.Stderr);

        var sarif = Path.Combine(_cli.Dir, "s.sarif");
        _cli.Stacklint("analyze", "drv", "--sarif", sarif);
        Assert.Contains("\"SL0003\"", File.ReadAllText(sarif));
    }

    [Fact]
    public void A_folder_of_only_cpp_sources_is_analyzed()
    {
        _cli.Write("drv/filter.cpp", BigBuffer);
        var run = _cli.Stacklint("analyze", "drv");
        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        Assert.Single(run.Stdout.Split('\n'), l => l.Contains("filter.cpp") && l.Contains("SL1002"));
        Assert.Contains("1 C++ source file(s) analyzed without compiler-generated members", run.Stderr);
    }

    [Fact]
    public void Cpp_sources_listed_by_a_compile_database_are_named_and_counted_too()
    {
        _cli.Write("drv/filter.cpp", BigBuffer);
        _cli.Write("drv/main.c", BigBuffer);
        var dir = Path.Combine(_cli.Dir, "drv").Replace('\\', '/');
        _cli.Write("drv/compile_commands.json", $$"""
            [
              { "directory": "{{dir}}", "file": "filter.cpp", "arguments": ["clang", "-x", "c++", "-c", "filter.cpp"] },
              { "directory": "{{dir}}", "file": "main.c", "arguments": ["clang", "-c", "main.c"] }
            ]
            """);
        var run = _cli.Stacklint("analyze", "--no-system-headers", "-p", "drv");
        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        Assert.Single(run.Stdout.Split('\n'), l => l.Contains("filter.cpp") && l.Contains("SL1002"));
        Assert.Contains("1 C++ source file(s) analyzed without compiler-generated members", run.Stderr);
        Assert.Contains("1 C++ file(s) covered in part", run.Stderr);
    }

    [Fact]
    public void Parse_problems_are_canonical_lines_with_a_code_and_sarif_notifications()
    {
        _cli.Write("drv/partial.c", """
            #include <ntddk.h>
            #include "generated_by_a_windows_build.h"
            NTSTATUS Fill(VOID)
            {
                UCHAR buffer[800];
                RtlZeroMemory(buffer, sizeof(buffer));
                return buffer[0] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
            }
            """);
        File.WriteAllBytes(Path.Combine(_cli.Dir, "drv", "binary.c"), [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00]);
        var sarif = Path.Combine(_cli.Dir, "drv.sarif");
        var run = _cli.Stacklint("analyze", "drv", "--sarif", sarif);

        var partial = Matched(Assert.Single(run.Stderr.Split('\n'), l => l.Contains("SL0001")));
        Assert.Equal((Path.Combine("drv", "partial.c"), "2,10", "warning", "SL0001"), (partial.File, partial.Location, partial.Severity, partial.Code));
        var binary = Matched(Assert.Single(run.Stderr.Split('\n'), l => l.Contains("SL0002")));
        Assert.Equal((Path.Combine("drv", "binary.c"), "1", "error", "SL0002"), (binary.File, binary.Location, binary.Severity, binary.Code));
        Assert.Contains("1 partially analyzed, 1 not analyzed", run.Stderr);

        using var log = JsonDocument.Parse(File.ReadAllText(sarif));
        var runElement = log.RootElement.GetProperty("runs")[0];
        var notifications = runElement.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").EnumerateArray().ToList();
        var parseNote = Assert.Single(notifications, n => n.GetProperty("descriptor").GetProperty("id").GetString() == "SL0001");
        var region = parseNote.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
        Assert.Equal((2, 10), (region.GetProperty("startLine").GetInt32(), region.GetProperty("startColumn").GetInt32()));
        var descriptors = runElement.GetProperty("tool").GetProperty("driver").GetProperty("notifications");
        Assert.Equal("SL0001", descriptors[parseNote.GetProperty("descriptor").GetProperty("index").GetInt32()].GetProperty("id").GetString());
    }
}
