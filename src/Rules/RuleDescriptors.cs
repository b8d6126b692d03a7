using Microsoft.CodeAnalysis;

namespace StackLint.Rules;

public static class RuleCategories
{
    public const string Frames = "StackFrame";
    public const string CallGraph = "CallGraph";
    public const string StackHungryCalls = "StackHungryCall";
}

/// <summary>The one factory every rule builds its descriptor with, so help links and tags are uniform.</summary>
public static class RuleDescriptors
{
    public const string HelpBase = "https://github.com/stacklint/stacklint/blob/main/rules-docs/";

    public static string HelpUri(string id) => HelpBase + id + ".md";

    public static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string category,
        DiagnosticSeverity defaultSeverity,
        string description) =>
        new(
            id,
            title,
            messageFormat,
            category,
            defaultSeverity,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: HelpUri(id),
            customTags: []);
}
