using StackLint.Engine.Shards;
using StackLint.Engine;
using System.Collections.Immutable;
using System.CommandLine;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules;
using StackLint.Sarif;

namespace StackLint.Cli.Shards;

/// <summary>
/// <c>stacklint link DIR...</c>: the join of a sharded run. Reads the facts every <c>analyze --shard</c> wrote, puts the
/// files back in the run's input order, groups programs and runs the rules exactly as <c>analyze</c> does over
/// freshly parsed facts, and writes one report. Sources must be at the same paths as on the shard machines
/// (suppression comments are read from them and SARIF paths are made relative to --source-root).
/// </summary>
internal sealed class LinkCommand(TextWriter stdout, TextWriter stderr, string currentDirectory)
{
    public Command Build()
    {
        var dirs = new Argument<string[]>("DIR") { Description = "Folders holding the facts of every shard (searched recursively for *.facts).", Arity = ArgumentArity.OneOrMore };
        var report = new ReportOptions();
        var config = new Option<string?>("--config") { Description = "An extra .editorconfig-format file that applies to every source file." };
        var frameModel = new Option<string?>("--frame-model") { Description = "Frame estimate rules use: unoptimized (default) or optimized." };
        var program = new Option<string[]>("--program") { Description = "Treat this folder as one driver (repeatable).", AllowMultipleArgumentsPerToken = false };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Report configuration files and programs." };
        var command = new Command("link", "Combine the facts of sharded 'analyze --shard I/N --facts-out DIR' runs into one report.");
        command.Arguments.Add(dirs);
        report.AddTo(command);
        foreach (var option in new Option[] { config, frameModel, program, verbose })
            command.Options.Add(option);

        command.SetAction(parse =>
        {
            var model = SourceOptions.CheckFrameModel(parse.GetValue(frameModel));
            var request = report.Read(parse, currentDirectory);

            var shards = ReadAll(parse.GetValue(dirs) ?? []);
            var units = shards.Select(s => s.Facts).ToImmutableArray();
            var inputs = shards.Select(s => new InputFile(s.Facts.Path, s.Root)).ToList();
            var settings = new AnalysisSettings
            {
                Arch = units.Length > 0 ? units[0].Arch : TargetArch.X64,
                ConfigFile = parse.GetValue(config),
                FrameModel = model,
                ProgramDirs = parse.GetValue(program) ?? [],
                Verbose = parse.GetValue(verbose),
                CurrentDirectory = currentDirectory,
            };
            using var workspace = new Workspace(settings, stderr);
            var result = workspace.Analyze(units, inputs, units.Length > 0 ? units[0].HeaderEnvironment : "none");
            var display = new DisplayPaths(currentDirectory);

            return ReportOutput.Write(result, request, stdout, stderr, display);
        });
        return command;
    }

    /// <summary>
    /// Every shard's facts, in the single-machine run's input order. A missing file (a shard that did not run or
    /// whose artifact was not downloaded) is an error rather than a quietly smaller report.
    /// </summary>
    private List<ShardFacts> ReadAll(IReadOnlyList<string> dirs)
    {
        var byIndex = new SortedDictionary<int, ShardFacts>();
        int? count = null;
        foreach (var dir in dirs)
        {
            var full = Path.GetFullPath(dir, currentDirectory);
            if (!Directory.Exists(full)) throw new CliException(ExitCodes.UsageError, $"{dir}: no such folder");
            foreach (var file in Directory.EnumerateFiles(full, "*" + ShardFacts.Extension, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                ShardFacts shard;
                try
                {
                    shard = ShardFacts.Read(file);
                }
                catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
                {
                    throw new CliException(ExitCodes.UsageError, $"{file}: not usable shard facts: {e.Message}");
                }
                if (count is not null && shard.Count != count)
                    throw new CliException(ExitCodes.UsageError, $"{file}: from a run of {shard.Count} files, others are from a run of {count}; link the shards of one run");
                count = shard.Count;
                // The same shard downloaded twice is harmless; two different files claiming one slot are not.
                if (byIndex.TryGetValue(shard.Index, out var other) && other.Facts.Path != shard.Facts.Path)
                    throw new CliException(ExitCodes.UsageError, $"{file}: input {shard.Index} is both '{other.Facts.Path}' and '{shard.Facts.Path}'");
                byIndex[shard.Index] = shard;
            }
        }
        if (count is null) throw new CliException(ExitCodes.UsageError, "no *.facts files found: pass the --facts-out folders of the shard runs");
        if (byIndex.Count != count)
            throw new CliException(ExitCodes.UsageError, $"facts of {count - byIndex.Count} of {count} files are missing: link needs the output of every shard");
        return [.. byIndex.Values];
    }
}
