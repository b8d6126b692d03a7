using System.Collections.Immutable;
using StackLint.Frontend.Facts;

namespace StackLint.Cli;

public sealed record ProgramGroup(string Name, ImmutableArray<TranslationUnitFacts> Units);

/// <summary>Splits the run's translation units into programs (drivers); see the call-graph model for the rules.</summary>
public static class ProgramGrouping
{
    public static ImmutableArray<ProgramGroup> Group(ImmutableArray<TranslationUnitFacts> units, IReadOnlyList<InputFile> inputs, IReadOnlyList<string> programDirs)
    {
        var rootOf = inputs.ToDictionary(i => i.FullPath, i => i.Root, StringComparer.Ordinal);
        return [.. units
            .GroupBy(u => rootOf.TryGetValue(u.Path, out var r) ? r : Path.GetDirectoryName(u.Path)!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ProgramGroup(g.Key, [.. g]))];
    }
}
