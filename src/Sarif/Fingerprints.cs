using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace StackLint.Sarif;

/// <summary>
/// Result identity across runs, for baselines and GitHub's alert tracking. It hashes what survives unrelated
/// edits (rule, function, the finding line's code) and not what does not (line numbers, sizes in messages).
/// </summary>
public static partial class Fingerprints
{
    /// <summary>The key under result.partialFingerprints; bump the version when the recipe changes.</summary>
    public const string Key = "stackLintFingerprint/v1";

    /// <summary>
    /// SHA-256 (hex, lower case) of the rule id, the function name, the finding line's text with whitespace
    /// collapsed, and an occurrence index that tells identical lines in one function apart. When the source line
    /// is not available, the message with its numbers blanked stands in for it, so a size change keeps identity.
    /// </summary>
    public static string Compute(string ruleId, string? functionName, string? lineText, string message, int occurrence)
    {
        string anchor = lineText is not null ? "line:" + NormalizeWhitespace(lineText) : "message:" + BlankNumbers(message);
        string input = string.Join('\u001F', ruleId, functionName ?? "", anchor, occurrence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)));
    }

    /// <summary>The part of the hash input that identical findings share; the occurrence index counts within it.</summary>
    public static string Anchor(string ruleId, string? functionName, string? lineText, string message) =>
        string.Join('\u001F', ruleId, functionName ?? "", lineText is not null ? "line:" + NormalizeWhitespace(lineText) : "message:" + BlankNumbers(message));

    public static string NormalizeWhitespace(string text) => Whitespace().Replace(text.Trim(), " ");

    public static string BlankNumbers(string message) => Number().Replace(message, "#");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // 1,600 / 0x800 / 24.5: a number with its separators is one token.
    [GeneratedRegex(@"0[xX][0-9A-Fa-f]+|\d+(?:[.,]\d+)*")]
    private static partial Regex Number();
}
