using Microsoft.CodeAnalysis;

namespace StackLint.Rules;

/// <summary>
/// Options as rules see them, resolved for the source file a finding is in (.editorconfig sections apply per path).
/// Thresholds have their defaults in the rule; configuration only overrides them.
/// </summary>
public interface IRuleOptions
{
    /// <summary>The value of a 'stacklint.*' key for that file, or null when not set.</summary>
    string? GetValue(string sourcePath, string key);

    /// <summary>The configured severity of a rule for that file ('dotnet_diagnostic.SLxxxx.severity'), or null when not set.</summary>
    ReportDiagnostic? GetSeverity(string sourcePath, string ruleId);
}

public static class RuleOptionsExtensions
{
    public static long GetLong(this IRuleOptions options, string sourcePath, string key, long defaultValue)
    {
        var text = options.GetValue(sourcePath, key);
        return text is not null && OptionValues.TryParseSize(text, out var value) ? value : defaultValue;
    }
}

/// <summary>Parsing of option values shared by configuration validation and rules.</summary>
public static class OptionValues
{
    /// <summary>Accepts 2048, 0x800, 2k / 2kb / 2KiB (1024-based), with optional '_' or ',' separators.</summary>
    public static bool TryParseSize(string text, out long value)
    {
        value = 0;
        var t = text.Trim().Replace("_", "").Replace(",", "").ToLowerInvariant();
        long multiplier = 1;
        foreach (var suffix in new[] { "kib", "kb", "k" })
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal))
            {
                multiplier = 1024;
                t = t[..^suffix.Length].TrimEnd();
                break;
            }
        }
        bool ok = t.StartsWith("0x", StringComparison.Ordinal)
            ? long.TryParse(t[2..], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out value)
            : long.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value);
        if (!ok || value < 0) return false;
        value *= multiplier;
        return true;
    }
}

/// <summary>No configuration at all: every rule at its defaults.</summary>
public sealed class DefaultRuleOptions : IRuleOptions
{
    public static readonly DefaultRuleOptions Instance = new();
    public string? GetValue(string sourcePath, string key) => null;
    public ReportDiagnostic? GetSeverity(string sourcePath, string ruleId) => null;
}
