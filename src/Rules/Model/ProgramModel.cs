using StackLint.Rules.Model.CallGraph;
using StackLint.Rules.Model.Frames;
using StackLint.Rules.Model.Guards;

namespace StackLint.Rules.Model;

/// <summary>
/// The model of one program under one resolved frame model: its frame table, its call graph weighed with those
/// frames, and the stack-hungry-call model (guards) over that graph. Each part is built on first use and shared by
/// every rule that asks; <see cref="ProgramAnalysis.Model"/> holds one per frame model.
/// </summary>
public sealed class ProgramModel
{
    private readonly Lazy<FrameTable> _frames;
    private readonly Lazy<CallGraphAnalysis> _callGraph;
    private readonly Lock _gate = new();
    private StackHungryAnalysis? _stackHungry;

    internal ProgramModel(ProgramAnalysis program, FrameModelKind kind)
    {
        Program = program;
        Kind = kind;
        _frames = new(() => new FrameTable(program, kind));
        _callGraph = new(() => CallGraphAnalysis.Build(program, _frames.Value.FrameSize));
    }

    public ProgramAnalysis Program { get; }
    public FrameModelKind Kind { get; }
    public FrameTable Frames => _frames.Value;
    public CallGraphAnalysis CallGraph => _callGraph.Value;

    /// <summary>
    /// The stack-hungry-call model for the run's options (the listed routines come from them): built once for the
    /// first options asked with; other options (tests comparing configurations) get a model of their own, not kept.
    /// </summary>
    public StackHungryAnalysis StackHungry(IRuleOptions options)
    {
        lock (_gate)
        {
            _stackHungry ??= StackHungryAnalysis.Create(CallGraph, options);
            return _stackHungry.Options == options ? _stackHungry : StackHungryAnalysis.Create(CallGraph, options);
        }
    }
}
