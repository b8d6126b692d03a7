using System.Text;
using StackLint.Rules;
using StackLint.Rules.Documentation;
using Xunit;

namespace StackLint.Tests.Docs;

/// <summary>
/// rules-docs/ is generated from the rules; these tests fail when the committed pages are stale, missing or
/// left over. Set STACKLINT_UPDATE_DOCS=1 to rewrite them instead: STACKLINT_UPDATE_DOCS=1 dotnet test --filter RuleDocs
/// </summary>
public sealed class RuleDocsTests
{
    private static string DocsDirectory => Path.Combine(Support.RepoPaths.Root, "rules-docs");

    [Fact]
    public void Committed_rule_docs_are_up_to_date()
    {
        if (Environment.GetEnvironmentVariable("STACKLINT_UPDATE_DOCS") == "1")
            RuleDocsGenerator.Write(DocsDirectory);

        var generated = RuleDocsGenerator.Generate();
        var problems = new List<string>();
        foreach (var (name, content) in generated)
        {
            var path = Path.Combine(DocsDirectory, name);
            if (!File.Exists(path)) problems.Add($"missing: rules-docs/{name}");
            else if (File.ReadAllText(path, Encoding.UTF8).Replace("\r\n", "\n") != content) problems.Add($"stale: rules-docs/{name}");
        }
        problems.AddRange(RuleDocsGenerator.StalePages(DocsDirectory, generated).Select(n => $"no such rule: rules-docs/{n}"));
        Assert.True(problems.Count == 0, string.Join('\n', problems) + "\n" + RuleDocsGenerator.RegenerateHint);
    }

    [Fact]
    public void Every_rule_page_has_the_fixed_headings_in_order()
    {
        string[] headings = ["## What it finds", "## Why it matters in the kernel", "## Example", "## Configuration", "## Limitations", "## References"];
        foreach (var rule in RuleCatalog.All)
        {
            var page = RuleDocsGenerator.RenderPage(rule);
            Assert.StartsWith($"# {rule.Id}: {rule.Descriptor.Title}\n", page, StringComparison.Ordinal);
            var positions = headings.Select(h => page.IndexOf("\n" + h + "\n", StringComparison.Ordinal)).ToList();
            Assert.All(positions, p => Assert.True(p > 0, $"{rule.Id}: a heading is missing"));
            Assert.Equal(positions.Order(), positions);
            Assert.Contains($"dotnet_diagnostic.{rule.Id}.severity", page, StringComparison.Ordinal);
            Assert.Equal(2, page.Split("```c\n").Length - 1);
            Assert.DoesNotContain('\r', page);
        }
    }

    [Fact]
    public void Index_links_every_rule()
    {
        var index = RuleDocsGenerator.Generate()[RuleDocsGenerator.IndexFileName];
        Assert.All(RuleCatalog.All, r => Assert.Contains($"| [{r.Id}]({r.Id}.md) | {r.Descriptor.Title} |", index, StringComparison.Ordinal));
        Assert.Contains("## Suppressing findings", index, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_removes_pages_of_rules_that_no_longer_exist()
    {
        var dir = Directory.CreateTempSubdirectory("stacklint-docs-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "SL1999.md"), "old");
            File.WriteAllText(Path.Combine(dir, "notes.md"), "kept");
            var changed = RuleDocsGenerator.Write(dir);
            Assert.Contains("SL1999.md", changed);
            Assert.False(File.Exists(Path.Combine(dir, "SL1999.md")));
            Assert.True(File.Exists(Path.Combine(dir, "notes.md")));
            Assert.Empty(RuleDocsGenerator.Write(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
