using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using StackLint.Frontend.Facts;
using StackLint.Rules;
using StackLint.Sarif;

namespace StackLint.LanguageServer;

/// <summary>A finding as an LSP Diagnostic: 0-based range, rule id as code, the rule page as codeDescription.</summary>
public static class LspDiagnostics
{
    public static JsonObject From(Finding finding, bool windows, LspColumns columns)
    {
        var diagnostic = new JsonObject
        {
            ["range"] = Range(finding.Location, columns),
            ["severity"] = Severity(finding.Severity),
            ["code"] = finding.RuleId,
            ["source"] = "stacklint",
            ["message"] = finding.Message,
        };
        if (!string.IsNullOrEmpty(finding.Descriptor.HelpLinkUri))
            diagnostic["codeDescription"] = new JsonObject { ["href"] = finding.Descriptor.HelpLinkUri };
        if (finding.Chain.Length > 0)
            diagnostic["relatedInformation"] = new JsonArray([.. finding.Chain.Select(step => (JsonNode)new JsonObject
            {
                ["location"] = new JsonObject { ["uri"] = FileUri.FromLocalPath(step.Location.Path, windows), ["range"] = Range(step.Location, columns) },
                ["message"] = step.Message,
            })]);
        return diagnostic;
    }

    /// <summary>
    /// A notice about the file (parse errors, not analyzed, an unused suppression) as a diagnostic with its code
    /// (SL0001…SL0004): on its line from its column to the end of the line, or on the first line when it has none.
    /// An unused suppression is a hint tagged Unnecessary, which editors show greyed out.
    /// </summary>
    public static JsonObject FromNotice(ToolNotification notice, LspColumns columns)
    {
        int line = Math.Max(0, (notice.Line ?? 1) - 1), character = columns.ToCharacter(notice.Path, line + 1, notice.Column ?? 1);
        var diagnostic = new JsonObject
        {
            ["range"] = new JsonObject
            {
                ["start"] = new JsonObject { ["line"] = line, ["character"] = character },
                ["end"] = new JsonObject { ["line"] = line + 1, ["character"] = 0 },
            },
            ["severity"] = notice.Level switch { "error" => 1, "warning" => 2, _ => 4 },
            ["source"] = "stacklint",
            ["message"] = notice.Message,
        };
        if (notice.Code is { } code) diagnostic["code"] = code;
        if (notice.Code == ToolNotification.UnusedSuppressionCode) diagnostic["tags"] = new JsonArray(1);
        return diagnostic;
    }

    /// <summary>LSP's DiagnosticSeverity: Error 1, Warning 2, Information 3, Hint 4.</summary>
    public static int Severity(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => 1,
        DiagnosticSeverity.Warning => 2,
        DiagnosticSeverity.Info => 3,
        _ => 4,
    };

    /// <summary>
    /// SourceSpan is 1-based with libclang byte columns; LSP is 0-based in the agreed position encoding. An end before
    /// the start becomes an empty range.
    /// </summary>
    public static JsonObject Range(SourceSpan span, LspColumns columns)
    {
        int line = Math.Max(0, span.Line - 1), character = columns.ToCharacter(span.Path, line + 1, span.Column);
        int endLine = Math.Max(0, span.EndLine - 1), endCharacter = columns.ToCharacter(span.Path, endLine + 1, span.EndColumn);
        if (endLine < line || (endLine == line && endCharacter < character)) (endLine, endCharacter) = (line, character);
        return new JsonObject
        {
            ["start"] = new JsonObject { ["line"] = line, ["character"] = character },
            ["end"] = new JsonObject { ["line"] = endLine, ["character"] = endCharacter },
        };
    }
}
