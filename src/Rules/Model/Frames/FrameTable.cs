using StackLint.Frontend.Facts;

namespace StackLint.Rules.Model.Frames;

/// <summary>
/// The frame sizes of a program's functions under one model and architecture, for the rules that need frames
/// (SL1001 per function, SL2002 summed along call paths). Estimates come from FrameEstimator, which computes each
/// function's once and remembers it; a function the program does not hold (a copy from elsewhere) is estimated too.
/// </summary>
public sealed class FrameTable
{
    private FrameTable(ProgramAnalysis program, FrameModelKind kind)
    {
        Kind = kind;
        Architecture = FrameArchitecture.For(program.Arch);
        foreach (var function in program.Functions) units.TryAdd(function.Function, function.Unit);
    }

    // The unit each function was defined in (by reference: the same facts may be equal in value across units), whose
    // force-inlined helpers its frame holds.
    private readonly Dictionary<FunctionFacts, TranslationUnitFacts> units = new(ReferenceEqualityComparer.Instance);

    public FrameModelKind Kind { get; }
    public FrameArchitecture Architecture { get; }

    /// <summary>The table of a program for a model, built on first use and cached on the program.</summary>
    public static FrameTable ForProgram(ProgramAnalysis program, FrameModelKind kind)
    {
        ArgumentNullException.ThrowIfNull(program);
        return program.GetOrAddModel("frames:" + kind, p => new FrameTable(p, kind));
    }

    public FrameEstimate this[FunctionFacts function] => FrameEstimator.Estimate(function, Architecture, units.GetValueOrDefault(function));

    /// <summary>The frame size in bytes under this table's model, return address included.</summary>
    public long FrameSize(FunctionFacts function) => this[function].Size(Kind);
}

/// <summary>The frame model option: 'stacklint.frame_model = unoptimized | optimized' (CLI: --frame-model).</summary>
public static class FrameModel
{
    public const string OptionKey = Configuration.OptionCatalog.FrameModelKey;

    /// <summary>Unoptimized unless the option says 'optimized'; unknown values (configuration validation warns about them) keep the safe default.</summary>
    public static FrameModelKind FromOptions(IRuleOptions options, string sourcePath) =>
        Parse(options.GetValue(sourcePath, OptionKey)) ?? FrameModelKind.Unoptimized;

    public static FrameModelKind? Parse(string? text) =>
        text?.Trim().ToLowerInvariant() switch
        {
            "optimized" => FrameModelKind.Optimized,
            "unoptimized" => FrameModelKind.Unoptimized,
            _ => null,
        };
}
