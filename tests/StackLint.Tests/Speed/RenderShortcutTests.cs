using StackLint.Engine;
using StackLint.Frontend.Facts;
using StackLint.Rules;
using StackLint.Rules.Model.Programs;
using StackLint.Sarif;
using StackLint.Tests.Sarif;
using Xunit;

namespace StackLint.Tests.Speed;

/// <summary>
/// The one-edit run's shortcuts give what the plain code gives: results serialized in slices on several threads join
/// into the bytes one thread writes, and a clean path skips the segment walk with the same answer.
/// </summary>
public sealed class RenderShortcutTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void Results_serialized_in_slices_join_into_the_bytes_of_one_writer(int parallelism)
    {
        var log = ManyResults(2_345);
        var plain = SarifSerializer.SerializeToMemory(log, parallelism: 1).ToArray();
        Assert.Equal(plain, SarifSerializer.SerializeToMemory(log, parallelism).ToArray());
        Assert.Equal(2_345, SarifSerializer.Deserialize(plain).Runs![0].Results!.Count);
    }

    [Fact]
    public void A_message_that_quotes_an_empty_results_array_does_not_mislead_the_join()
    {
        var log = ManyResults(1_200, message: "\"results\":[] is what an empty log says");
        Assert.Equal(SarifSerializer.SerializeToMemory(log, parallelism: 1).ToArray(), SarifSerializer.SerializeToMemory(log, parallelism: 2).ToArray());
    }

    [Fact]
    public void Small_logs_and_logs_of_several_runs_are_written_by_one_writer_unchanged()
    {
        var small = SarifSamples.Build();
        Assert.Equal(SarifSerializer.Serialize(small), SarifSerializer.SerializeToMemory(small, parallelism: 4).ToArray());
        var big = ManyResults(1_500);
        var twoRuns = big with { Runs = [big.Runs![0], big.Runs[0]] };
        var bytes = SarifSerializer.SerializeToMemory(twoRuns, parallelism: 4).ToArray();
        Assert.Equal(2, SarifSerializer.Deserialize(bytes).Runs!.Count);
        Assert.Equal(SarifSerializer.SerializeToMemory(twoRuns, parallelism: 1).ToArray(), bytes);
    }

    [Fact]
    public void Normalize_gives_the_segment_walk_result_for_clean_and_unclean_paths()
    {
        string[] samples =
        [
            "/src/drv/a.c", @"C:\drv\filter\create.c", @"C:/drv\mixed/a.c", "relative/a.c", "a", ".hidden/x.c", "a/.../b",
            "", "/", "//", @"\\server\share\x.c", "/a//b.c", "/a/b/", "./a.c", "a/./b.c", "a/../b.c", "../a.c", "a/..", "..",
            @"C:\drv\..\common\x.h", @"C:\", "C:", ".", "/a/b/..", @"D:\w\drv\.\k.c",
        ];
        foreach (var path in samples)
            Assert.Equal(SegmentWalk(path), PathText.Normalize(path));

        var random = new Random(7);
        char[] alphabet = ['a', 'b', '.', '/', '\\', ':', 'C'];
        for (int i = 0; i < 20_000; i++)
        {
            var path = new string([.. Enumerable.Range(0, random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            Assert.Equal(SegmentWalk(path), PathText.Normalize(path));
        }
    }

    /// <summary>What Normalize did before it had a shortcut: split, resolve '.' and '..', join with '/'.</summary>
    private static string SegmentWalk(string path)
    {
        var parts = new List<string>();
        bool rooted = path.Length > 0 && PathText.IsSeparator(path[0]);
        foreach (var segment in PathText.Segments(path))
        {
            if (segment == ".") continue;
            if (segment == ".." && parts.Count > 0 && parts[^1] != "..") { parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(segment);
        }
        return (rooted ? "/" : "") + string.Join('/', parts);
    }

    private static StackLint.Sarif.Model.SarifLog ManyResults(int count, string? message = null)
    {
        var findings = new List<Finding>();
        for (int i = 0; i < count; i++)
        {
            var path = SarifSamples.Root + $"/mod{i % 97:D3}.c";
            var chain = i % 5 == 0
                ? (System.Collections.Immutable.ImmutableArray<ChainStep>)[new ChainStep(SourceSpan.At(path, 3, 1), message ?? "'F' calls 'G' here"), new ChainStep(SourceSpan.At(SarifSamples.Outside, 40, 2), "declared in 'wdm.h'")]
                : [];
            findings.Add(Finding.Create(SarifSamples.RecursionRule, new SourceSpan(path, 10 + i, 5, 10 + i, 9), $"Fn{i}", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, chain, $"Fn{i}", i));
        }
        return SarifBuilder.Build(findings, RuleCatalog.All, SarifSamples.Options() with { ReadSource = _ => null, Parallelism = 2 });
    }
}
