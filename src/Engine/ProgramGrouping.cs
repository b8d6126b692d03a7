using System.Collections.Immutable;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model.Programs;

namespace StackLint.Engine;

/// <summary>Splits the run's translation units into programs (drivers) with the model's ProgramGrouper.</summary>
public static class ProgramGrouping
{
    public static ImmutableArray<(ProgramGroup Program, ImmutableArray<TranslationUnitFacts> Units)> Group(
        ImmutableArray<TranslationUnitFacts> units, IReadOnlyList<InputFile> inputs, IReadOnlyList<string> programDirs, string currentDirectory)
    {
        var roots = inputs.Select(i => i.Root).Distinct(StringComparer.Ordinal).OrderBy(r => r, StringComparer.Ordinal).ToList();
        var programs = ProgramGrouper.Group(
            [.. units.Select(AnalyzedFile.From)],
            roots,
            [.. programDirs.Select(d => Path.GetFullPath(d, currentDirectory))],
            PhysicalProgramFileSystem.Instance);
        return ProgramGrouper.Partition(programs, units, u => u.Path);
    }
}
