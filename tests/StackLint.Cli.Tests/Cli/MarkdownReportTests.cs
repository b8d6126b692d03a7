using StackLint.Cli;
using StackLint.Tests.Support;
using Xunit;

namespace StackLint.Tests.Cli;

/// <summary>'--format markdown', the CI job summary: counts per rule, new findings, deepest entry-point paths, the same bytes every run.</summary>
public sealed class MarkdownReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stacklint-markdown-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private (int ExitCode, string Stdout, string Stderr) Stacklint(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int code = StackLintCli.Run([.. args, "--no-system-headers", "--no-cache"], stdout, stderr, _dir);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private void CopyExample()
    {
        var target = Directory.CreateDirectory(Path.Combine(_dir, "minifilter")).FullName;
        foreach (var file in Directory.GetFiles(RepoPaths.Combine("examples", "minifilter")))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
    }

    [Fact]
    public void Summary_counts_rules_lists_findings_and_the_deepest_paths_the_same_every_run()
    {
        CopyExample();
        var first = Stacklint("analyze", "minifilter", "--format", "markdown");
        Assert.Equal(1, first.ExitCode); // the gate is --fail-on's, as for every format
        var second = Stacklint("analyze", "minifilter", "--format", "markdown", "--jobs", "1");
        Assert.Equal(first.Stdout, second.Stdout);

        var text = Stacklint("analyze", "minifilter", "--fail-on", "none");
        var lines = text.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var md = first.Stdout;
        Assert.StartsWith("## StackLint\n\n**" + lines.Length + " findings**", md);
        Assert.Contains("no baseline to compare with", md);
        // One row per rule with its count, linked to the rule's page.
        foreach (var rule in lines.Select(l => l.Split(' ')[2].TrimEnd(':')).Distinct())
            Assert.Contains($"| [{rule}](https://github.com/stacklint/stacklint/blob/main/rules-docs/{rule}.md) | ", md);
        Assert.Contains("| `minifilter/create.c(16,11)` | warning | SL1002 | 'nameBuffer' in 'ScannerOpenSidecar' is a 520-byte array", md);
        Assert.Contains("| `ScannerPreCleanup` (minifilter pre-operation callback, `minifilter/cleanup.c`) | 1,168 | 8,192 | ScannerPreCleanup (320) → ScannerOpenSidecar (784) → BuildSidecarName (64) |", md);
        // Deepest first.
        Assert.True(md.IndexOf("`ScannerPreCleanup`", StringComparison.Ordinal) < md.IndexOf("`ScannerPreCreate`", StringComparison.Ordinal));
    }

    [Fact]
    public void With_a_baseline_only_new_findings_are_listed_and_counted_per_rule()
    {
        CopyExample();
        Assert.Equal(0, Stacklint("analyze", "minifilter", "--format", "sarif", "--output", "baseline.sarif", "--fail-on", "none").ExitCode);
        File.WriteAllText(Path.Combine(_dir, "minifilter", "extra.c"), """
            #include <fltKernel.h>
            NTSTATUS ScannerFillExtra(VOID)
            {
                UCHAR extra[2048];
                RtlZeroMemory(extra, sizeof(extra));
                return extra[0] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
            }
            """);
        var run = Stacklint("analyze", "minifilter", "--format", "markdown", "--baseline", "baseline.sarif", "--fail-on-new-only");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("; **2 new** against the baseline.", run.Stdout);      // SL1001 and SL1002 for 'extra'
        Assert.Contains("| Rule | Title | Findings | New |", run.Stdout);
        var newSection = run.Stdout[run.Stdout.IndexOf("### New findings", StringComparison.Ordinal)..run.Stdout.IndexOf("### Deepest", StringComparison.Ordinal)];
        Assert.Contains("`minifilter/extra.c(4,11)`", newSection);
        Assert.DoesNotContain("create.c", newSection);
    }
}
