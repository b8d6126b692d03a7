using System.Text.Json;
using StackLint.Engine;
using StackLint.Frontend;
using Xunit;

namespace StackLint.Tests.Engine;

/// <summary>
/// A compilation database of a Win32 build names its target (--target=i686-pc-windows-msvc): clang parses for it
/// whatever --arch says, so the programs are measured as x86, and the cache, keyed by the same target, hits.
/// </summary>
public sealed class DatabaseTargetTests : IDisposable
{
    private readonly EngineRun _run = new();

    public void Dispose() => _run.Dispose();

    private AnalysisSettings X86Database(Func<string, string>? targetOf = null)
    {
        var database = Path.Combine(_run.Dir, "compile_commands.json");
        var entries = Directory.GetFiles(_run.Sources, "*.c").Order(StringComparer.Ordinal)
            .Select(file => new { directory = _run.Sources, file, arguments = new[] { "clang", "--target=" + (targetOf?.Invoke(file) ?? "i686-pc-windows-msvc"), "-c", file } });
        File.WriteAllText(database, JsonSerializer.Serialize(entries));
        return _run.Settings with { Paths = [], CompileDatabase = database };
    }

    [Fact]
    public void Without_arch_the_programs_are_the_databases_target_and_the_second_run_reads_the_cache()
    {
        var settings = X86Database();

        var cold = _run.Analyze(settings);
        Assert.Equal((5, 0), cold.Tally);
        Assert.All(cold.Result.Units, u => Assert.Equal(TargetArch.X86, u.Arch));
        Assert.All(cold.Result.Programs, p => Assert.Equal(TargetArch.X86, p.Arch));
        Assert.DoesNotContain("warning", cold.Log, StringComparison.Ordinal);

        var warm = _run.Analyze(settings);
        Assert.Equal((0, 5), warm.Tally);
        Assert.Equal(cold.Sarif, warm.Sarif);
    }

    [Fact]
    public void An_arch_the_database_contradicts_is_one_warning_and_changes_nothing()
    {
        var settings = X86Database();
        var asDatabase = _run.Analyze(settings);

        var contradicted = _run.Analyze(settings with { Arch = TargetArch.X64 });

        Assert.Equal((0, 5), contradicted.Tally);
        Assert.Single(contradicted.Log.Split('\n'), line => line.StartsWith("stacklint: warning: --arch x64 ignored: the compilation database ", StringComparison.Ordinal)
            && line.EndsWith(" builds for x86 (i686-pc-windows-msvc), so its files are parsed and measured as x86", StringComparison.Ordinal));
        Assert.Equal(asDatabase.Sarif, contradicted.Sarif);
    }

    [Fact]
    public void A_database_of_several_targets_is_one_warning_and_each_file_is_cached_for_its_own()
    {
        var settings = X86Database(file => file.EndsWith("walk.c", StringComparison.Ordinal) ? "i686-pc-windows-msvc" : "x86_64-pc-windows-msvc");

        var cold = _run.Analyze(settings);
        Assert.Equal((5, 0), cold.Tally);
        Assert.Single(cold.Log.Split('\n'), line => line.EndsWith(" names several targets (4 entries for x64, 1 entry for x86); every program is measured as x64 (the default)", StringComparison.Ordinal));
        Assert.Equal(TargetArch.X86, cold.Result.Units.Single(u => u.Path.EndsWith("walk.c", StringComparison.Ordinal)).Arch);

        var warm = _run.Analyze(settings);
        Assert.Equal((0, 5), warm.Tally);
        Assert.Equal(cold.Sarif, warm.Sarif);
    }
}
