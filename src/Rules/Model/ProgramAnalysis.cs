using System.Collections.Concurrent;
using System.Collections.Immutable;
using StackLint.Frontend.Facts;

namespace StackLint.Rules.Model;

/// <summary>A function together with the translation unit it was defined in.</summary>
public sealed record FunctionInProgram(FunctionFacts Function, TranslationUnitFacts Unit)
{
    public string Name => Function.Name;
    public string Path => Unit.Path;
}

/// <summary>
/// One program (a driver): the facts of its translation units and the model built over them. Later stages
/// (frames, call graph, contexts, guards) hang off this object; they are computed from facts alone.
/// </summary>
public sealed class ProgramAnalysis
{
    public ProgramAnalysis(string name, string arch, ImmutableArray<TranslationUnitFacts> units)
    {
        Name = name;
        Arch = arch;
        Units = units;
        Functions = [.. units
            .SelectMany(u => u.Functions.Select(f => new FunctionInProgram(f, u)))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ThenBy(f => f.Function.Location.Line)
            .ThenBy(f => f.Function.Location.Column)];
    }

    public string Name { get; }
    public string Arch { get; }
    public ImmutableArray<TranslationUnitFacts> Units { get; }
    public ImmutableArray<FunctionInProgram> Functions { get; }

    // Model parts (frame tables, ...) are computed once per program on first use and shared by every rule.
    private readonly ConcurrentDictionary<string, Lazy<object>> models = new(StringComparer.Ordinal);

    /// <summary>A model part computed once per program, keyed by a name its owner chooses ("frames:Optimized").</summary>
    public T GetOrAddModel<T>(string key, Func<ProgramAnalysis, T> build) where T : class =>
        (T)models.GetOrAdd(key, _ => new Lazy<object>(() => build(this))).Value;
}
