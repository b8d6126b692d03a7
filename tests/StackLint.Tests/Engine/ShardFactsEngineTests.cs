using System.Collections.Immutable;
using StackLint.Engine;
using StackLint.Engine.Shards;
using Xunit;

namespace StackLint.Tests.Engine;

/// <summary>
/// Shard facts as the engine writes and reads them: a file round-trips, stored facts analyzed by a workspace give the
/// single-run log byte for byte, and a damaged or foreign file is a one-line FormatException. The --shard and link
/// commands around them are tested in the CLI's ShardTests.
/// </summary>
public sealed class ShardFactsEngineTests : IDisposable
{
    private readonly EngineRun _run = new();

    public void Dispose() => _run.Dispose();

    /// <summary>Every input's facts as shard files in <paramref name="folder"/>, one per file, as a 1/1 shard writes them.</summary>
    private string[] WriteShards(string folder)
    {
        var settings = _run.Settings with { CacheDirectory = null };
        using var workspace = new Workspace(settings, TextWriter.Null);
        var loaded = workspace.Load();
        Directory.CreateDirectory(folder);
        var files = new string[loaded.Units.Length];
        for (int i = 0; i < loaded.Units.Length; i++)
        {
            files[i] = Path.Combine(folder, $"{i:D2}{ShardFacts.Extension}");
            File.WriteAllBytes(files[i], new ShardFacts(i, loaded.Units.Length, loaded.Inputs[i].Root, loaded.Units[i]).ToBytes());
        }
        return files;
    }

    [Fact]
    public void Stored_facts_analyzed_by_a_workspace_give_the_single_run_sarif_byte_for_byte()
    {
        var single = _run.Analyze(_run.Settings with { CacheDirectory = null });
        var files = WriteShards(Path.Combine(_run.Dir, "shards"));

        // Read back in a scrambled order: the index each shard carries puts the run back together.
        var shards = files.Reverse().Select(ShardFacts.Read).OrderBy(s => s.Index).ToList();
        Assert.Equal(Enumerable.Range(0, files.Length), shards.Select(s => s.Index));
        Assert.All(shards, s => Assert.Equal(files.Length, s.Count));
        var units = shards.Select(s => s.Facts).ToImmutableArray();
        var inputs = shards.Select(s => new InputFile(s.Facts.Path, s.Root)).ToList();

        var log = new StringWriter();
        using var workspace = new Workspace(new AnalysisSettings { Arch = units[0].Arch, CurrentDirectory = _run.Dir }, log);
        var linked = workspace.Analyze(units, inputs, units[0].HeaderEnvironment);
        var sarif = StackLint.Sarif.SarifSerializer.Serialize(StackLint.Sarif.SarifBuilder.Build(linked.Findings, StackLint.Rules.RuleCatalog.All,
            new StackLint.Sarif.SarifOptions { SourceRoot = _run.Dir, Notifications = linked.Notices, ReadSource = linked.ReadSource }));
        Assert.Equal(single.Sarif, sarif);
    }

    [Fact]
    public void A_damaged_or_foreign_shard_file_is_a_one_line_format_error()
    {
        var file = WriteShards(Path.Combine(_run.Dir, "shards"))[0];
        var bytes = File.ReadAllBytes(file);
        bytes[^40] ^= 0x01;
        File.WriteAllBytes(file, bytes);
        var damaged = Assert.Throws<FormatException>(() => ShardFacts.Read(file));
        Assert.Equal("The facts checksum does not match: the data is damaged.", damaged.Message);

        File.WriteAllText(file, "stacklint-shard 2 0.0.1/other\nrest");
        Assert.Equal("written by another StackLint build (0.0.1/other); run every shard and link with the same build",
            Assert.Throws<FormatException>(() => ShardFacts.Read(file)).Message);

        File.WriteAllText(file, "int main(void) { return 0; }\n");
        Assert.Equal("unsupported shard facts format", Assert.Throws<FormatException>(() => ShardFacts.Read(file)).Message);
    }
}
