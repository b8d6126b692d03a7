using StackLint.Engine.Cache;
using StackLint.Engine.Shards;
using StackLint.Engine;
using System.CommandLine;
using StackLint.Frontend;

namespace StackLint.Cli.Shards;

/// <summary>Shard I of N (1-based).</summary>
public sealed record Shard(int Index, int Count)
{
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out int index) && int.TryParse(parts[1], out int count) && count >= 1 && index >= 1 && index <= count)
            return new Shard(index, count);
        throw new CliException(ExitCodes.UsageError, $"--shard must be I/N with 1 <= I <= N, not '{text}'");
    }

    /// <summary>
    /// Input i belongs to shard (i mod N) + 1. Inputs come in the run's ordinal path order, so every machine that
    /// sees the same tree assigns the same files, and round-robin keeps shards within one file of each other.
    /// </summary>
    public bool Owns(int inputIndex) => inputIndex % Count == Index - 1;
}

/// <summary>The --shard and --facts-out options of analyze: parse a share of the inputs and write their facts, no report.</summary>
public sealed class ShardOptions
{
    private readonly Option<string?> _shard = new("--shard") { Description = "Parse only shard I of N (I/N) and write its facts to --facts-out; combine shards with 'stacklint link'." };
    private readonly Option<string?> _factsOut = new("--facts-out") { Description = "Folder for the facts a --shard run writes (one binary .facts file per source)." };

    public void AddTo(Command command)
    {
        command.Options.Add(_shard);
        command.Options.Add(_factsOut);
    }

    /// <summary>Runs the shard when --shard was given and returns its exit code; null for an ordinary analyze.</summary>
    public int? Run(ParseResult parse, AnalysisSettings settings, TextWriter log)
    {
        var shardText = parse.GetValue(_shard);
        var factsOut = parse.GetValue(_factsOut);
        if (shardText is null && factsOut is null) return null;
        if (shardText is null || factsOut is null)
            throw new CliException(ExitCodes.UsageError, "--shard and --facts-out go together");
        var shard = Shard.Parse(shardText);
        var outDir = Path.GetFullPath(factsOut, settings.CurrentDirectory);

        using var workspace = new Workspace(settings, log);
        var environment = workspace.Environment;
        var inputs = AnalysisPipeline.SelectInputs(settings, environment);
        var mine = Enumerable.Range(0, inputs.Count).Where(shard.Owns).ToList();
        var units = AnalysisPipeline.ParseInputs([.. mine.Select(i => inputs[i])], environment, settings, log);
        try
        {
            Directory.CreateDirectory(outDir);
            for (int k = 0; k < mine.Count; k++)
            {
                var input = inputs[mine[k]];
                // Named by the path relative to the current folder, which is the same on every machine of a matrix.
                var relative = Path.GetRelativePath(settings.CurrentDirectory, input.FullPath).Replace('\\', '/');
                var name = ContentHashes.OfText(relative)[..24] + ShardFacts.Extension;
                AtomicFile.Write(Path.Combine(outDir, name), new ShardFacts(mine[k], inputs.Count, input.Root, units[k]).ToBytes());
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.UsageError, $"{outDir}: cannot write facts: {e.Message}");
        }
        log.WriteLine($"stacklint: shard {shard.Index}/{shard.Count}: wrote facts of {mine.Count} of {inputs.Count} files to {outDir}");
        return ExitCodes.Success;
    }
}
