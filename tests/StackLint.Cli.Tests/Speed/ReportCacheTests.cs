using StackLint.Cli;
using Xunit;

namespace StackLint.Tests.Speed;

/// <summary>
/// Stored reports: a run where nothing changed puts out the previous report, byte for byte and with the same exit
/// code, and anything the report depends on (sources, configuration, project files, options, baseline) makes the next
/// run analyze again.
/// </summary>
public sealed class ReportCacheTests : IDisposable
{
    private readonly SpeedRun _run = new() { ReuseReports = true };

    public void Dispose() => _run.Dispose();

    private string Reports => Path.Combine(_run.Dir, ".stacklint-cache", "reports");

    private const string Replayed = "nothing changed since a stored report";

    private SpeedRun.Result Text(params string[] extra) => _run.Stacklint(["analyze", "minifilter", "--verbose", .. extra]);

    /// <summary>A cold run, which stores the report: the facts it cached name it, so the first warm run can put it out again.</summary>
    private (SpeedRun.Result Run, byte[] Sarif) Stored(string name, params string[] extra)
    {
        var (stored, sarif) = _run.AnalyzeSarif("cold-" + name, extra);
        Assert.DoesNotContain(Replayed, stored.Stderr, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Reports, "*.report"));
        return (stored, sarif);
    }

    [Fact]
    public void An_unchanged_driver_gets_the_stored_report_byte_for_byte()
    {
        var (stored, storedSarif) = Stored("a.sarif", "--sarif", Path.Combine(_run.Dir, "out", "extra-a.sarif"));
        var (again, againSarif) = _run.AnalyzeSarif("again.sarif", "--sarif", Path.Combine(_run.Dir, "out", "extra-b.sarif"));

        Assert.Contains(Replayed, again.Stderr, StringComparison.Ordinal);
        Assert.Equal(storedSarif, againSarif);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_run.Dir, "out", "extra-a.sarif")), File.ReadAllBytes(Path.Combine(_run.Dir, "out", "extra-b.sarif")));
        Assert.Equal(stored.ExitCode, again.ExitCode);
        Assert.Equal(ExitCodes.Findings, again.ExitCode);
        Assert.Equal(Without(stored.Stderr), Without(again.Stderr));
    }

    [Fact]
    public void Console_text_comes_back_in_the_same_order_on_both_streams()
    {
        var first = Text();
        var second = Text();
        Assert.DoesNotContain(Replayed, first.Stderr, StringComparison.Ordinal);
        Assert.Contains(Replayed, second.Stderr, StringComparison.Ordinal);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Contains("warning SL", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(Without(first.Stderr), Without(second.Stderr));
        Assert.Equal(first.ExitCode, second.ExitCode);
    }

    public static TheoryData<string> Changes() =>
    [
        "edit a source",
        "edit the .editorconfig",
        "add an .editorconfig",
        "add a project file",
        "edit a referenced library project",
        "another --fail-on",
        "another --category",
        "--timestamps",
    ];

    [Theory]
    [MemberData(nameof(Changes))]
    public void Whatever_the_report_depends_on_makes_the_next_run_analyze_again(string change)
    {
        File.WriteAllText(Path.Combine(_run.Dir, ".editorconfig"), "root = true\n[*.c]\n");
        // A static library the driver's project references, in a folder of its own outside the analyzed sources.
        var library = Path.Combine(_run.Dir, "lib", "build", "lib.vcxproj");
        if (change is "edit a referenced library project")
        {
            File.WriteAllText(Path.Combine(_run.Sources, "minifilter.vcxproj"),
                """<Project><ItemGroup><ClCompile Include="*.c" /><ProjectReference Include="..\lib\build\lib.vcxproj" /></ItemGroup></Project>""");
            Directory.CreateDirectory(Path.GetDirectoryName(library)!);
            File.WriteAllText(library, "<Project><PropertyGroup><ConfigurationType>StaticLibrary</ConfigurationType></PropertyGroup></Project>");
        }
        Stored("a.sarif");
        string[] extra = [];
        switch (change)
        {
            case "edit a source":
                File.AppendAllText(Path.Combine(_run.Sources, "walk.c"), "\n// edited\n");
                break;
            case "edit the .editorconfig":
                File.AppendAllText(Path.Combine(_run.Dir, ".editorconfig"), "dotnet_diagnostic.SL1002.severity = error\n");
                break;
            case "add an .editorconfig":
                File.WriteAllText(Path.Combine(_run.Sources, ".editorconfig"), "[*.c]\ndotnet_diagnostic.SL1002.severity = none\n");
                break;
            case "add a project file":
                File.WriteAllText(Path.Combine(_run.Sources, "sources"), "TARGETNAME=scanner\nSOURCES=walk.c\n");
                break;
            case "edit a referenced library project":
                File.WriteAllText(library, "<Project><ItemGroup><ClCompile Include=\"..\\src\\*.c\" /></ItemGroup></Project>");
                break;
            case "another --fail-on":
                extra = ["--fail-on", "error"];
                break;
            case "another --category":
                extra = ["--category", "stack"];
                break;
            case "--timestamps":
                extra = ["--timestamps"];
                break;
        }

        var (changed, changedSarif) = _run.AnalyzeSarif("changed.sarif", extra);
        Assert.DoesNotContain(Replayed, changed.Stderr, StringComparison.Ordinal);
        // What a run without any cache says is what the changed run must have said.
        var (_, fresh) = _run.AnalyzeSarif("fresh.sarif", [.. extra, "--no-cache"]);
        if (change != "--timestamps") Assert.Equal(fresh, changedSarif);
        // A new report is stored, also after a source edit (the edited file's facts, just parsed, are probed again),
        // but never for --timestamps.
        Assert.Equal(change is "--timestamps" ? 1 : 2, Directory.GetFiles(Reports, "*.report").Length);
        if (change is "edit a source")
        {
            var (next, nextSarif) = _run.AnalyzeSarif("next.sarif", extra);
            Assert.Contains(Replayed, next.Stderr, StringComparison.Ordinal);
            Assert.Equal(fresh, nextSarif);
        }
    }

    [Fact]
    public void A_damaged_or_cut_short_report_is_ignored_and_replaced()
    {
        var (_, storedSarif) = Stored("a.sarif");
        var entry = Directory.GetFiles(Reports, "*.report").Single();
        var bytes = File.ReadAllBytes(entry);
        bytes[bytes.Length / 2] ^= 0x20;
        File.WriteAllBytes(entry, bytes);

        var (damaged, damagedSarif) = _run.AnalyzeSarif("damaged.sarif");
        Assert.DoesNotContain(Replayed, damaged.Stderr, StringComparison.Ordinal);
        Assert.Equal(storedSarif, damagedSarif);

        File.WriteAllBytes(entry, File.ReadAllBytes(entry)[..100]);
        Assert.DoesNotContain(Replayed, _run.AnalyzeSarif("short.sarif").Run.Stderr, StringComparison.Ordinal);
        var (replayed, replayedSarif) = _run.AnalyzeSarif("replayed.sarif");
        Assert.Contains(Replayed, replayed.Stderr, StringComparison.Ordinal);
        Assert.Equal(storedSarif, replayedSarif);
    }

    [Fact]
    public void Only_the_most_recently_used_reports_are_kept()
    {
        Stored("a.sarif");
        foreach (var category in new[] { "one", "two", "three", "four" })
            _run.AnalyzeSarif(category + ".sarif", "--category", category);
        Assert.Equal(StackLint.Cli.Cache.ReportCache.Kept, Directory.GetFiles(Reports, "*.report").Length);
    }

    /// <summary>stderr without the --verbose lines, which say how the run went rather than what it found.</summary>
    private static string Without(string stderr) =>
        string.Join("\n", stderr.Split('\n').Where(l =>
            l.Contains("finding(s)", StringComparison.Ordinal) || !(l.StartsWith("stacklint: ", StringComparison.Ordinal) || l.StartsWith(' '))));
}
