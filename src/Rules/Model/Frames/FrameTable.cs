using StackLint.Frontend.Facts;

namespace StackLint.Rules.Model.Frames;

/// <summary>
/// The frame sizes of a program's functions under one model and architecture, for the rules that need frames
/// (SL1001 per function, SL2002 summed along call paths). Estimates come from the program's
/// <see cref="ProgramFrames"/>, which computes each function's once; a function the program does not hold (a copy
/// from elsewhere) is estimated too.
/// </summary>
public sealed class FrameTable
{
    private readonly ProgramFrames estimates;

    internal FrameTable(ProgramAnalysis program, FrameModelKind kind)
    {
        Kind = kind;
        estimates = program.Estimates;
        Architecture = estimates.Architecture;
    }

    public FrameModelKind Kind { get; }
    public FrameArchitecture Architecture { get; }

    /// <summary>The table of a program for a model, built on first use and cached on the program.</summary>
    public static FrameTable ForProgram(ProgramAnalysis program, FrameModelKind kind)
    {
        ArgumentNullException.ThrowIfNull(program);
        return program.Model(kind).Frames;
    }

    public FrameEstimate this[FunctionFacts function] => estimates.Estimate(function);

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
