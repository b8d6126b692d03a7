using StackLint.Cli;
using Xunit;

namespace StackLint.Tests.Speed;

/// <summary>
/// The facts cache as the command line sets it up: where it lives, --no-cache, and the commands that use it. What the
/// cache does (hits, misses, damaged entries, byte-identical logs) is tested on the engine, in FactsCacheEngineTests.
/// </summary>
public sealed class FactsCacheTests : IDisposable
{
    private readonly SpeedRun _run = new();

    public void Dispose() => _run.Dispose();

    private string CacheDir => Path.Combine(_run.Dir, ".stacklint-cache");

    [Fact]
    public void The_cache_is_in_the_current_folder_unless_cache_dir_moves_it_and_no_cache_writes_nothing()
    {
        _run.AnalyzeSarif("none.sarif", "--no-cache");
        Assert.False(Directory.Exists(CacheDir));
        var (cold, coldSarif) = _run.AnalyzeSarif("cold.sarif");
        Assert.Equal((5, 0), cold.Tally);
        Assert.True(Directory.Exists(CacheDir), "the default cache folder is .stacklint-cache in the current folder");
        var (warm, warmSarif) = _run.AnalyzeSarif("warm.sarif");
        Assert.Equal((0, 5), warm.Tally);
        Assert.Equal(coldSarif, warmSarif);

        Directory.Delete(CacheDir, recursive: true);
        var elsewhere = Path.Combine(_run.Dir, "elsewhere");
        _run.AnalyzeSarif("moved.sarif", "--cache-dir", elsewhere);
        Assert.Equal(5, Directory.GetFiles(Path.Combine(elsewhere, "facts")).Length);
        Assert.Equal((0, 5), _run.AnalyzeSarif("moved-warm.sarif", "--cache-dir", elsewhere).Run.Tally);
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
