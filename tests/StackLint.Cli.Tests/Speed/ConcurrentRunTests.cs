using StackLint.Cli;
using StackLint.Tests.Integration;
using Xunit;

namespace StackLint.Tests.Speed;

/// <summary>
/// Two stacklint processes filling one cache folder at once (the engine's own cache and pruning tests run in one
/// process; this needs two).
/// </summary>
public sealed class ConcurrentRunTests : IDisposable
{
    private readonly SpeedRun _run = new();

    public void Dispose() => _run.Dispose();

    private string CacheDir => Path.Combine(_run.Dir, ".stacklint-cache");

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
            // A process that starts after the other has finished finds the report that one stored and puts it out:
            // the folder was shared correctly then too, and the output below must still be the same bytes.
            if (!run.Stderr.Contains("nothing changed since a stored report", StringComparison.Ordinal))
            {
                var tally = new SpeedRun.Result(run.ExitCode, run.Stdout, run.Stderr).Tally;
                Assert.Equal(5, tally.Parsed + tally.Cached);
            }
            Assert.Equal(uncached, File.ReadAllBytes(Path.Combine(_run.Dir, "out", name)));
        }
        Assert.Equal(5, Directory.GetFiles(Path.Combine(CacheDir, "facts")).Length);
        Assert.Empty(Directory.GetFiles(Path.Combine(CacheDir, "index"), "*.tmp").Concat(Directory.GetFiles(Path.Combine(CacheDir, "facts"), "*.tmp")));

        var (warm, warmSarif) = _run.AnalyzeSarif("warm.sarif");
        Assert.Equal((0, 5), warm.Tally);
        Assert.Equal(uncached, warmSarif);
    }
}
