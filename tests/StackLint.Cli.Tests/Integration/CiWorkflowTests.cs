using System.Text.Json;
using StackLint.Tests.Support;
using Xunit;

namespace StackLint.Tests.Integration;

/// <summary>
/// Runs examples/github/stacklint.yml's shell steps, as a GitHub runner would, against a copy of the example driver,
/// so the documented workflow cannot rot. Steps that need GitHub or root (checkout, setup-dotnet, apt, upload) are
/// simulated or skipped: checkout and the clone of StackLint are copies, the apt packages are what scripts/ensure-deps.sh installs for the suite.
/// </summary>
public sealed class CiWorkflowTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stacklint-ci-").FullName;

    public void Dispose() => ExternalProcess.DeleteQuietly(_dir);

    public sealed record Step(string Name, string Run);

    /// <summary>The 'run:' steps in order: one-line 'run: cmd' and block 'run: |' forms, named by 'name:' when present.</summary>
    public static List<Step> RunSteps(string workflow)
    {
        var steps = new List<Step>();
        var lines = workflow.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        string? name = null;
        for (int i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.StartsWith("- ", StringComparison.Ordinal)) name = null;
            var item = trimmed.StartsWith("- ", StringComparison.Ordinal) ? trimmed[2..].Trim() : trimmed;
            if (item.StartsWith("name:", StringComparison.Ordinal)) name = item["name:".Length..].Trim();
            if (!item.StartsWith("run:", StringComparison.Ordinal)) continue;
            var value = item["run:".Length..].Trim();
            if (value != "|")
            {
                steps.Add(new Step(name ?? value, value));
                continue;
            }
            int indent = lines[i].Length - lines[i].TrimStart().Length;
            var block = new List<string>();
            while (i + 1 < lines.Length && (lines[i + 1].Trim().Length == 0 || lines[i + 1].Length - lines[i + 1].TrimStart().Length > indent))
                block.Add(lines[++i].Trim());
            steps.Add(new Step(name ?? block.FirstOrDefault() ?? "", string.Join("\n", block).Trim()));
        }
        return steps;
    }

    private ProcessRun Bash(string script, string workspace, string githubPath, IReadOnlyList<string> extraPath) =>
        ExternalProcess.Run("bash", ["-eo", "pipefail", "-c", script], workspace, new Dictionary<string, string>
        {
            ["GITHUB_PATH"] = githubPath,
            ["GITHUB_OUTPUT"] = Path.Combine(_dir, "github_output"),
            ["GITHUB_STEP_SUMMARY"] = Path.Combine(_dir, "step_summary.md"),
            ["GITHUB_WORKSPACE"] = workspace,
            ["RUNNER_TEMP"] = Path.Combine(_dir, "runner-temp"),
            ["CI"] = "true",
            ["PATH"] = string.Join(Path.PathSeparator, [.. extraPath, System.Environment.GetEnvironmentVariable("PATH") ?? ""]),
        });

    [Fact]
    public void The_workflow_in_the_docs_is_the_example_file()
    {
        var example = File.ReadAllText(RepoPaths.Combine("examples", "github", "stacklint.yml")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var docs = File.ReadAllText(RepoPaths.Combine("docs", "github-code-scanning.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var start = docs.IndexOf("```yaml\n", docs.IndexOf("## Workflow", StringComparison.Ordinal), StringComparison.Ordinal) + "```yaml\n".Length;
        var end = docs.IndexOf("```", start, StringComparison.Ordinal);
        Assert.Equal(example, docs[start..end]);
    }

    [Fact]
    public void Example_workflow_uses_actions_on_a_current_runtime()
    {
        var workflow = File.ReadAllText(RepoPaths.Combine("examples", "github", "stacklint.yml"));
        var uses = workflow.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("- uses:", StringComparison.Ordinal) || l.StartsWith("uses:", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("uses:", StringComparison.Ordinal) + 5)..].Trim()).ToList();
        Assert.Equal(["actions/checkout@v5", "actions/setup-dotnet@v5", "github/codeql-action/upload-sarif@v4", "actions/upload-artifact@v5"], uses);
    }

    [Fact]
    public void Example_github_workflow_gates_nothing_without_a_baseline_then_only_new_findings()
    {
        var workflow = File.ReadAllText(RepoPaths.Combine("examples", "github", "stacklint.yml"));
        var steps = RunSteps(workflow);
        Assert.Contains(steps, s => s.Name == "Install StackLint");
        var analyze = Assert.Single(steps, s => s.Name == "Analyze");
        var failStep = Assert.Single(steps, s => s.Name == "Fail on new findings");
        Assert.DoesNotContain(steps, s => s.Run.Contains("${{", StringComparison.Ordinal)); // this runner does not expand expressions

        // "Checkout": the driver repository is the example driver; the clone of StackLint's sources is a copy of this tree.
        var workspace = Directory.CreateDirectory(Path.Combine(_dir, "ws")).FullName;
        foreach (var file in Directory.GetFiles(RepoPaths.Combine("examples", "minifilter")))
            File.Copy(file, Path.Combine(Directory.CreateDirectory(Path.Combine(workspace, "minifilter")).FullName, Path.GetFileName(file)));
        ExternalProcess.CopySourceTree(Path.Combine(_dir, "runner-temp", "stacklint-src"));

        var githubPath = Path.Combine(_dir, "github_path");
        File.WriteAllText(githubPath, "");
        var extraPath = new List<string>();
        foreach (var step in steps.Where(s => s != analyze && s != failStep))
        {
            if (step.Run.Contains("apt-get", StringComparison.Ordinal) || step.Run.StartsWith("git clone", StringComparison.Ordinal)) continue;
            var run = Bash(step.Run, workspace, githubPath, extraPath);
            Assert.True(run.ExitCode == 0, run.Describe($"step '{step.Name}'"));
            // Like the runner: lines appended to $GITHUB_PATH are on PATH for the later steps.
            extraPath = [.. File.ReadAllLines(githubPath).Where(l => l.Length > 0).Reverse()];
        }

        string ExitCodeOutput() => File.ReadAllLines(Path.Combine(_dir, "github_output")).Last(l => l.StartsWith("exit-code=", StringComparison.Ordinal))["exit-code=".Length..];
        var summaryPath = Path.Combine(_dir, "step_summary.md");

        // First run: no baseline. The example driver has findings, yet nothing is gated; the summary and SARIF exist.
        var first = Bash(analyze.Run, workspace, githubPath, extraPath);
        Assert.True(first.ExitCode == 0, first.Describe("Analyze without a baseline"));
        Assert.Equal("0", ExitCodeOutput());
        Assert.Contains("No .stacklint/baseline.sarif yet", first.Stdout);
        var summary = File.ReadAllText(summaryPath);
        Assert.Contains("## StackLint", summary);
        Assert.Contains("no baseline to compare with", summary);
        Assert.Contains("| [SL2001](", summary);
        Assert.Contains("### Deepest entry-point paths", summary);
        var sarifPath = Path.Combine(workspace, "stacklint.sarif");
        using (var sarif = JsonDocument.Parse(File.ReadAllText(sarifPath)))
        {
            var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
            Assert.Contains(results, r => r.GetProperty("ruleId").GetString() == "SL2001");
            // StackLint's own sources are outside the workspace: only the driver's files are reported.
            Assert.All(results, r => Assert.StartsWith("minifilter/", r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()));
        }

        // The user commits the run's artifact (the SARIF) as the baseline.
        Directory.CreateDirectory(Path.Combine(workspace, ".stacklint"));
        File.Copy(sarifPath, Path.Combine(workspace, ".stacklint", "baseline.sarif"));
        var unchanged = Bash(analyze.Run, workspace, githubPath, extraPath);
        Assert.True(unchanged.ExitCode == 0, unchanged.Describe("Analyze with only baseline findings"));
        Assert.Equal("0", ExitCodeOutput());
        using (var sarif = JsonDocument.Parse(File.ReadAllText(sarifPath)))
            Assert.All(sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray(), r => Assert.Equal("unchanged", r.GetProperty("baselineState").GetString()));

        File.WriteAllText(Path.Combine(workspace, "minifilter", "extra.c"), """
            #include <fltKernel.h>
            NTSTATUS ScannerFillExtra(VOID)
            {
                UCHAR extra[2048];
                RtlZeroMemory(extra, sizeof(extra));
                return extra[0] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
            }
            """);
        File.WriteAllText(summaryPath, "");
        var gated = Bash(analyze.Run, workspace, githubPath, extraPath);
        Assert.True(gated.ExitCode == 0, gated.Describe("Analyze with a new finding (the step itself succeeds: the uploads come first)"));
        Assert.Equal("1", ExitCodeOutput());
        summary = File.ReadAllText(summaryPath);
        Assert.Contains("### New findings", summary);
        Assert.Contains("`minifilter/extra.c(4,11)`", summary);
        var fail = Bash(failStep.Run, workspace, githubPath, extraPath);
        Assert.Equal(1, fail.ExitCode);
    }
}
