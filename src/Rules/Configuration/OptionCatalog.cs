using System.Collections.Immutable;

namespace StackLint.Rules.Configuration;

/// <summary>A StackLint option a rule reads from configuration.</summary>
public sealed record RuleOption(string Key, string Kind, string Default, string Description);

/// <summary>Every option key StackLint understands: the ones rules declare, plus the analysis-wide ones.</summary>
public static class OptionCatalog
{
    public const string FrameModelKey = "stacklint.frame_model";

    private static readonly RuleOption FrameModel = new(
        FrameModelKey, OptionKinds.FrameModel, "unoptimized",
        "Which frame estimate rules use: 'unoptimized' (every local its own slot, as at /Od; conservative) or 'optimized'.");

    public static ImmutableArray<RuleOption> All { get; } =
        [.. RuleCatalog.All.SelectMany(r => r.Options).Append(FrameModel)
            .GroupBy(o => o.Key, StringComparer.Ordinal).Select(g => g.First())
            .OrderBy(o => o.Key, StringComparer.Ordinal)];

    /// <summary>The kind of value a key takes, or null for an unknown key.</summary>
    public static string? KindOf(string key) => All.FirstOrDefault(o => o.Key == key)?.Kind;
}
