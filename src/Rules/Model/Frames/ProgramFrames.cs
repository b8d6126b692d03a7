using System.Collections.Concurrent;
using StackLint.Frontend.Facts;

namespace StackLint.Rules.Model.Frames;

/// <summary>
/// The frame estimates of one program's functions for its architecture, each computed once: SL1001, the frame
/// tables of the call-graph rules and the reports all ask for them, and a large driver has tens of thousands of
/// functions. A function's frame holds the force-inlined helpers of the unit it was defined in, whose definitions
/// are gathered once per unit.
/// </summary>
public sealed class ProgramFrames
{
    // By reference: the same facts may be equal in value across units, and hashing every fact would cost more than the estimate.
    private readonly Dictionary<FunctionFacts, TranslationUnitFacts> _units;
    private readonly ConcurrentDictionary<FunctionFacts, FrameEstimate> _estimates = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<TranslationUnitFacts, InlineDefinitions> _inlines = new(ReferenceEqualityComparer.Instance);

    internal ProgramFrames(ProgramAnalysis program)
    {
        Architecture = FrameArchitecture.For(program.Arch);
        _units = new(program.Functions.Length, ReferenceEqualityComparer.Instance);
        foreach (var function in program.Functions) _units.TryAdd(function.Function, function.Unit);
    }

    public FrameArchitecture Architecture { get; }

    /// <summary>The force-inlined definitions of the unit a function of this program was defined in; null for a function it does not hold.</summary>
    public InlineDefinitions? Inlines(FunctionFacts function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return _units.GetValueOrDefault(function) is { } unit ? _inlines.GetOrAdd(unit, InlineDefinitions.Of) : null;
    }

    /// <summary>The estimate of a function (of this program, or a copy from elsewhere, estimated without a unit).</summary>
    public FrameEstimate Estimate(FunctionFacts function)
    {
        ArgumentNullException.ThrowIfNull(function);
        // Asked many times per function: the state overload keeps each ask from allocating a delegate.
        return _estimates.GetOrAdd(function, static (f, frames) => frames.Compute(f), this);
    }

    private FrameEstimate Compute(FunctionFacts function)
    {
        var unit = _units.GetValueOrDefault(function);
        return FrameEstimator.Estimate(function, Architecture, Inlines(function), unit?.StackProtector ?? false);
    }
}
