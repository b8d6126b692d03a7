using System.Collections.Immutable;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model.CallGraph;
using StackLint.Rules.Model.Frames;
using StackLint.Rules.Model.Guards;

namespace StackLint.Rules.Model;

/// <summary>A function together with the translation unit it was defined in.</summary>
public sealed record FunctionInProgram(FunctionFacts Function, TranslationUnitFacts Unit)
{
    public string Name => Function.Name;
    public string Path => Unit.Path;
}

/// <summary>
/// One program (a driver): the facts of its translation units and the model built over them. Later stages
/// (frames, call graph, contexts, guards) hang off this object as typed parts built on first use; they are computed
/// from facts alone.
/// </summary>
public sealed class ProgramAnalysis
{
    /// <param name="exports">Function names the driver's module-definition (.def) files export: entry points for other drivers.</param>
    public ProgramAnalysis(string name, TargetArch arch, ImmutableArray<TranslationUnitFacts> units, IEnumerable<string>? exports = null)
    {
        Name = name;
        Arch = arch;
        Units = units;
        Exports = exports is null ? [] : exports.ToImmutableSortedSet(StringComparer.Ordinal);
        Functions = [.. units
            .SelectMany(u => u.Functions.Select(f => new FunctionInProgram(f, u)))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ThenBy(f => f.Function.Location.Line)
            .ThenBy(f => f.Function.Location.Column)];
        _estimates = new(() => new ProgramFrames(this));
        _models = [.. Enum.GetValues<FrameModelKind>().Select(kind => new Lazy<ProgramModel>(() => new ProgramModel(this, kind)))];
    }

    public string Name { get; }
    public TargetArch Arch { get; }
    public ImmutableArray<TranslationUnitFacts> Units { get; }
    public ImmutableArray<FunctionInProgram> Functions { get; }

    /// <summary>Names exported by the driver's .def files (EXPORTS); empty when it has none.</summary>
    public ImmutableSortedSet<string> Exports { get; }

    private readonly Lazy<ProgramFrames> _estimates;
    private readonly Lazy<ProgramModel>[] _models;
    private readonly Lock _gate = new();
    private ValueOrigins? _origins;

    /// <summary>The frame estimate of every function of the program for its architecture, each computed once.</summary>
    public ProgramFrames Estimates => _estimates.Value;

    /// <summary>The program's model under one frame model (frame table, call graph, guards), built on first use.</summary>
    public ProgramModel Model(FrameModelKind kind) => _models[(int)kind].Value;

    /// <summary>
    /// Where the program's handles come from. Every frame model's call graph of a program has the same nodes and call
    /// edges (frames only weigh them), so the first graph asked with serves all.
    /// </summary>
    public ValueOrigins OriginsOf(ProgramCallGraph graph)
    {
        lock (_gate)
        {
            return _origins ??= ValueOrigins.Create(graph);
        }
    }
}
