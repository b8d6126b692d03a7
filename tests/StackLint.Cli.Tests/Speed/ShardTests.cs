using StackLint.Cli;
using Xunit;

namespace StackLint.Tests.Speed;

/// <summary>analyze --shard + link reproduce the single-machine report exactly.</summary>
public sealed class ShardTests : IDisposable
{
    private readonly SpeedRun _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public void Two_shards_linked_give_the_single_machine_sarif_byte_for_byte()
    {
        var (_, single) = _run.AnalyzeSarif("single.sarif", "--no-cache");

        var first = _run.Stacklint("analyze", "minifilter", "--shard", "1/2", "--facts-out", "facts1", "--no-cache");
        var second = _run.Stacklint("analyze", "minifilter", "--shard", "2/2", "--facts-out", "facts2", "--no-cache");
        Assert.Equal((ExitCodes.Success, ""), (first.ExitCode, first.Stdout));
        Assert.Equal((ExitCodes.Success, ""), (second.ExitCode, second.Stdout));
        int written1 = Directory.GetFiles(Path.Combine(_run.Dir, "facts1")).Length;
        int written2 = Directory.GetFiles(Path.Combine(_run.Dir, "facts2")).Length;
        Assert.Equal((3, 2), (written1, written2));

        var linked = Path.Combine(_run.Dir, "out", "linked.sarif");
        var link = _run.Stacklint("link", "facts1", "facts2", "--format", "sarif", "--output", linked);
        Assert.Equal(ExitCodes.Findings, link.ExitCode);
        Assert.Equal(single, File.ReadAllBytes(linked));
    }

    [Fact]
    public void Text_output_of_link_matches_analyze()
    {
        var analyze = _run.Stacklint("analyze", "minifilter", "--no-cache");
        _run.Stacklint("analyze", "minifilter", "--shard", "1/1", "--facts-out", "all", "--no-cache");
        var link = _run.Stacklint("link", "all");
        Assert.Equal((analyze.ExitCode, analyze.Stdout), (link.ExitCode, link.Stdout));
    }

    [Fact]
    public void A_damaged_or_foreign_shard_file_is_named_in_one_line()
    {
        _run.Stacklint("analyze", "minifilter", "--shard", "1/1", "--facts-out", "all", "--no-cache");
        var files = Directory.GetFiles(Path.Combine(_run.Dir, "all"), "*.facts").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(5, files.Length);
        var bytes = File.ReadAllBytes(files[0]);
        bytes[^40] ^= 0x01;
        File.WriteAllBytes(files[0], bytes);

        var damaged = _run.Stacklint("link", "all");
        Assert.Equal(ExitCodes.UsageError, damaged.ExitCode);
        Assert.Contains($"{files[0]}: not usable shard facts: The facts checksum does not match: the data is damaged.", damaged.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", damaged.Stderr, StringComparison.Ordinal);

        File.WriteAllText(files[0], "stacklint-shard 2 0.0.1/other\nrest");
        var foreign = _run.Stacklint("link", "all");
        Assert.Equal(ExitCodes.UsageError, foreign.ExitCode);
        Assert.Contains("written by another StackLint build (0.0.1/other)", foreign.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_shard_is_an_error_not_a_smaller_report()
    {
        _run.Stacklint("analyze", "minifilter", "--shard", "1/2", "--facts-out", "facts1", "--no-cache");
        var link = _run.Stacklint("link", "facts1");
        Assert.Equal(ExitCodes.UsageError, link.ExitCode);
        Assert.Contains("facts of 2 of 5 files are missing", link.Stderr);
    }

    [Theory]
    [InlineData("0/2")]
    [InlineData("3/2")]
    [InlineData("x")]
    public void Bad_shard_specs_are_usage_errors(string spec)
    {
        var run = _run.Stacklint("analyze", "minifilter", "--shard", spec, "--facts-out", "f");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("--shard must be I/N", run.Stderr);
    }

    [Fact]
    public void Shard_needs_facts_out()
    {
        var run = _run.Stacklint("analyze", "minifilter", "--shard", "1/2");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
    }
}
