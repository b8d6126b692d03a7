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
    public static string Compute(string ruleId, string? functionName, string? lineText, string message, int occurrence) =>
        FromAnchor(Anchor(ruleId, functionName, lineText, message), occurrence);

    /// <summary>The fingerprint of the n-th finding (from 0) with this <see cref="Anchor"/>.</summary>
    public static string FromAnchor(string anchor, int occurrence)
    {
        string input = anchor + "\u001F" + occurrence.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)));
    }

    /// <summary>The part of the hash input that identical findings share; the occurrence index counts within it.</summary>
    public static string Anchor(string ruleId, string? functionName, string? lineText, string message) =>
        string.Join('\u001F', ruleId, functionName ?? "", lineText is not null ? "line:" + NormalizeWhitespace(lineText) : "message:" + BlankNumbers(message));

    /// <summary>Trimmed, with every run of whitespace (as Regex's \s sees it) made one space.</summary>
    public static string NormalizeWhitespace(string text)
    {
        var trimmed = text.AsSpan().Trim();
        var builder = new StringBuilder(trimmed.Length);
        bool inWhitespace = false;
        foreach (char c in trimmed)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!inWhitespace) builder.Append(' ');
                inWhitespace = true;
            }
            else
            {
                builder.Append(c);
                inWhitespace = false;
            }
        }
        return builder.ToString();
    }

    public static string BlankNumbers(string message) => Number().Replace(message, "#");

    // 1,600 / 0x800 / 24.5: a number with its separators is one token.
    [GeneratedRegex(@"0[xX][0-9A-Fa-f]+|\d+(?:[.,]\d+)*")]
    private static partial Regex Number();
}
