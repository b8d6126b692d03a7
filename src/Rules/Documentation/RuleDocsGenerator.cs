using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;

namespace StackLint.Rules.Documentation;

/// <summary>
/// Renders rules-docs/ from the rules themselves (descriptor + RuleDocumentation), so the pages, SARIF help and
/// the descriptors cannot drift apart. Output is byte-stable: '\n' line endings, rules in id order.
/// A test (RuleDocsTests) fails when the committed pages differ from what this renders.
/// </summary>
public static class RuleDocsGenerator
{
    public const string IndexFileName = "README.md";
    public const string RegenerateHint = "Regenerate with 'stacklint docs --write rules-docs' or 'STACKLINT_UPDATE_DOCS=1 dotnet test --filter RuleDocs'.";

    /// <summary>File name (e.g. "SL1002.md", "README.md") to content, for every rule in RuleCatalog.All plus the index.</summary>
    public static IReadOnlyDictionary<string, string> Generate() => Generate(RuleCatalog.All);

    public static IReadOnlyDictionary<string, string> Generate(IReadOnlyList<StackRule> rules)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var rule in rules.OrderBy(r => r.Id, StringComparer.Ordinal))
            files[PageFileName(rule.Id)] = RenderPage(rule);
        files[IndexFileName] = RenderIndex(rules);
        return files;
    }

    /// <summary>
    /// Writes every page into the directory (created when missing) and deletes rule pages (SLxxxx.md) of rules
    /// that no longer exist. Returns the names of the files whose content changed.
    /// </summary>
    public static IReadOnlyList<string> Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var files = Generate();
        var changed = new List<string>();
        foreach (var (name, content) in files)
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path) && File.ReadAllText(path, Encoding.UTF8) == content) continue;
            File.WriteAllText(path, content, new UTF8Encoding(false));
            changed.Add(name);
        }
        foreach (var stale in StalePages(directory, files))
        {
            File.Delete(Path.Combine(directory, stale));
            changed.Add(stale);
        }
        return changed;
    }

    /// <summary>Rule pages in the directory that no current rule generates.</summary>
    public static IReadOnlyList<string> StalePages(string directory, IReadOnlyDictionary<string, string> generated) =>
        Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory, "SL*.md")
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(name => !generated.ContainsKey(name))
                .Order(StringComparer.Ordinal)]
            : [];

    public static string PageFileName(string id) => id + ".md";

    /// <summary>The rule's page in rules-docs/.</summary>
    public static string RenderPage(StackRule rule) => RenderPage(rule, generatedNote: true);

    /// <summary>The page without the "generated" HTML comment: SARIF's help.markdown, shown inside an alert.</summary>
    public static string RenderHelpMarkdown(StackRule rule) => RenderPage(rule, generatedNote: false);

    private static string RenderPage(StackRule rule, bool generatedNote)
    {
        var d = rule.Descriptor;
        var doc = rule.Documentation;
        var sb = new StringBuilder();
        sb.Append("# ").Append(d.Id).Append(": ").Append(Title(d)).Append("\n\n");
        if (generatedNote) sb.Append("<!-- Generated from the rule's descriptor and documentation by RuleDocsGenerator; do not edit by hand. -->\n\n");
        sb.Append("| Property | Value |\n|---|---|\n");
        sb.Append("| Id | `").Append(d.Id).Append("` |\n");
        sb.Append("| Category | ").Append(d.Category).Append(" |\n");
        sb.Append("| Default severity | ").Append(EditorConfigSeverity(d.DefaultSeverity)).Append(" |\n");
        sb.Append("| Precision | ").Append(doc.Precision).Append(" |\n");
        sb.Append("| Tags | ").Append(string.Join(", ", doc.Tags)).Append(" |\n\n");
        var description = d.Description.ToString(CultureInfo.InvariantCulture);
        if (description.Length > 0) sb.Append(description).Append("\n\n");

        Section(sb, "What it finds", doc.WhatItFinds);
        Section(sb, "Why it matters in the kernel", doc.WhyItMatters);

        sb.Append("## Example\n\nBad:\n\n```c\n").Append(Block(doc.BadExample)).Append("```\n\n");
        sb.Append("Fixed:\n\n```c\n").Append(Block(doc.FixedExample)).Append("```\n\n");

        sb.Append("## Configuration\n\n");
        if (!string.IsNullOrWhiteSpace(doc.Configuration)) sb.Append(Text(doc.Configuration)).Append("\n\n");
        sb.Append("Severity, in `.editorconfig` (default: `").Append(EditorConfigSeverity(d.DefaultSeverity)).Append("`):\n\n");
        sb.Append("```ini\n[*.{c,h}]\ndotnet_diagnostic.").Append(d.Id).Append(".severity = ")
            .Append(EditorConfigSeverity(d.DefaultSeverity)).Append("  # error | warning | suggestion | silent | none\n```\n\n");
        sb.Append("In source: `// stacklint-disable-next-line ").Append(d.Id).Append(" -- reason`; see [suppressing findings](").Append(RuleDescriptors.HelpBase).Append("README.md#suppressing-findings).\n\n");

        Section(sb, "Limitations", doc.Limitations);
        sb.Append(CppLimitations).Append("\n\n");
        Section(sb, "References", doc.References);
        return sb.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>Plain-text help for SARIF's help.text: what it finds and why, without markdown tables or code.</summary>
    public static string RenderHelpText(StackRule rule) =>
        Text(rule.Documentation.WhatItFinds) + "\n\n" + Text(rule.Documentation.WhyItMatters) + "\n\nDocumentation: " + rule.Descriptor.HelpLinkUri;

    public static string RenderIndex(IReadOnlyList<StackRule> rules)
    {
        var sb = new StringBuilder();
        sb.Append("# StackLint rules\n\n");
        sb.Append("<!-- Generated from the rule descriptors by RuleDocsGenerator; do not edit by hand. -->\n\n");
        sb.Append("SL1xxx: stack frames and buffers. SL2xxx: call graph. SL3xxx: stack-hungry calls.\n\n");
        sb.Append("| Id | Title | Category | Default severity |\n|---|---|---|---|\n");
        foreach (var rule in rules.OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            var d = rule.Descriptor;
            sb.Append("| [").Append(d.Id).Append("](").Append(PageFileName(d.Id)).Append(") | ")
                .Append(Title(d).Replace("|", "\\|", StringComparison.Ordinal)).Append(" | ")
                .Append(d.Category).Append(" | ")
                .Append(EditorConfigSeverity(d.DefaultSeverity)).Append(" |\n");
        }
        sb.Append('\n').Append(SuppressionHelp);
        return sb.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private const string SuppressionHelp = """
        ## Suppressing findings

        Severities and thresholds are set in `.editorconfig` (see each rule's Configuration section). A single finding
        is suppressed in the source, with a reason after `--` that becomes the SARIF `justification`:

        ```c
        // stacklint-disable-next-line SL1002 -- copied to pool before the first call that can block
        WCHAR path[260];

        UCHAR sense[600]; // stacklint-disable-line SL1002, SL1003 -- bounded by the miniport's contract

        // stacklint-disable SL2001 -- depth is bounded by the volume nesting limit (8)
        _IRQL_requires_max_(APC_LEVEL)
        NTSTATUS
        WalkVolumes(PVOLUME Volume)
        {
            ...
        }
        ```

        - `stacklint-disable-next-line` covers the next line with code (blank and comment lines are skipped, so
          several directives can be stacked).
        - `stacklint-disable-line` covers the line it ends.
        - `stacklint-disable` covers the whole function defined right after it, up to its closing brace, and
          findings about that function reported elsewhere in the same file.
        - `/* stacklint-disable-next-line SL1002 */` works the same as the `//` form.
        - Rule ids are listed one by one, separated by commas or spaces; there is no wildcard, so every suppression
          says what it hides.

        Suppressed findings stay in the SARIF log with `suppressions: [{ "kind": "inSource" }]`, so viewers
        can show them as suppressed, and do not count for `--fail-on`. A suppression that matches no finding
        is reported as a note, so stale ones are noticed.

        """;

    /// <summary>The .editorconfig word for a severity (Roslyn's: Info is "suggestion", Hidden is "silent").</summary>
    public static string EditorConfigSeverity(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "suggestion",
        _ => "silent",
    };

    private static string Title(DiagnosticDescriptor d) => d.Title.ToString(CultureInfo.InvariantCulture);

    /// <summary>What every rule does and does not see in C++ sources; the same for all rules, so said once here.</summary>
    public const string CppLimitations =
        "C++ sources (`.cpp`, `.cc`, `.cxx`) are parsed as C++ in MSVC mode and this rule sees their free functions (at file "
        + "scope, in namespaces and in `extern \"C\"` blocks), member functions, constructors and destructors (defined in "
        + "the class or out of line, named `Class::Method`), lambdas (each a function of its own, `Outer::<lambda at line N>`) "
        + "and each template instance the code uses (a function of its own with its own frame, named with its arguments: "
        + "`Sum<int, 4>`, `Ring<char>::Get`; a template nothing instantiates is not analyzed). Calls to members, "
        + "constructors, lambdas and instances are call-graph edges, and so are the calls C++ adds: the destructors of a "
        + "block's objects at its closing brace, a destructor's member and base destructors after its body, a "
        + "constructor's initializers, and the `operator new`/`delete` a new- or delete-expression uses (the class's own, "
        + "else among the declared global ones by the number and types of the placement arguments; an indirect call when "
        + "several fit). The destructor of a temporary runs after the full expression that made it, in the caller; as in "
        + "the Microsoft C++ ABI, a by-value class parameter is destroyed by the callee, at its end (so an argument passed "
        + "by value is not destroyed by the caller), and a copy of a temporary the compiler elides is no call. A virtual "
        + "call, and `delete` through a pointer to a class with a virtual destructor, is an indirect call bound to the "
        + "member's own definition and every override the program defines (at any depth of derivation); a qualified call "
        + "(`Base::F()`) is direct. Not covered yet: member and base constructors run without an initializer; "
        + "compiler-generated constructors, destructors and assignment operators (calls to them are edges to functions "
        + "without a frame); a temporary bound to a `const` reference lives to the end of its block, but its destructor is "
        + "not an edge; the destructor of a class-template instance that is only run implicitly (an edge without a frame: "
        + "libclang does not expose the instance's members); a virtual call through a class whose overrides are in another "
        + "program (an edge to the definitions this program has, or an unresolved indirect call); C++ exceptions "
        + "(`try`/`catch`). "
        + "With mingw-w64's headers a C++ file also reports two "
        + "parse errors in mingw's `wdm.h` (its `InterlockedBitTestAndSet` clashes with clang's in C++); a WDK or "
        + "`--no-system-headers` avoids them.";

    private static void Section(StringBuilder sb, string heading, string body)
    {
        sb.Append("## ").Append(heading).Append("\n\n");
        sb.Append(string.IsNullOrWhiteSpace(body) ? "None known." : Text(body)).Append("\n\n");
    }

    // Raw string literals in rule files carry the source's line endings: normalize so pages are identical on every OS.
    private static string Text(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private static string Block(string code) => Text(code).TrimEnd() + "\n";
}
