using StackLint.Tests.Support;
using Xunit;

namespace StackLint.Tests.Integration;

/// <summary>
/// The pre-commit hook for real: the pre-commit framework builds the tool from a git copy of this repository
/// (language: dotnet, i.e. 'dotnet pack' + 'dotnet tool install'), and git commits in a throwaway repository are
/// refused or let through by it.
/// </summary>
public sealed class PreCommitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stacklint-precommit-").FullName;

    public void Dispose() => ExternalProcess.DeleteQuietly(_dir);

    private const string Driver = """
        #include <ntddk.h>
        NTSTATUS FillName(VOID);
        NTSTATUS DispatchCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
        {
            UNREFERENCED_PARAMETER(DeviceObject);
            UNREFERENCED_PARAMETER(Irp);
            return FillName();
        }
        """;

    private static string Fill(int size) => $$"""
        #include <ntddk.h>
        NTSTATUS FillName(VOID)
        {
            UCHAR name[{{size}}];
            RtlZeroMemory(name, sizeof(name));
            return name[0] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
        }
        """;

    private static string Old => Fill(1024).Replace("FillName", "OldName", StringComparison.Ordinal);

    private ProcessRun Git(string repo, params string[] args) =>
        ExternalProcess.Run("git", ["-c", "user.email=test@example.com", "-c", "user.name=StackLint Test", "-c", "commit.gpgsign=false", .. args], repo, Environment());

    private Dictionary<string, string> Environment() => new()
    {
        ["PRE_COMMIT_HOME"] = Path.Combine(_dir, "pre-commit-home"),
        ["PRE_COMMIT_COLOR"] = "never",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["HOME"] = _dir, // no user-level git configuration or hooks path leaks in
    };

    private static void Ok(ProcessRun run, string what) => Assert.True(run.ExitCode == 0, run.Describe(what));

    [Fact]
    public void Hook_refuses_a_commit_with_a_large_stack_buffer_and_accepts_the_fix()
    {
        ExternalProcess.EnsureCommand("git", "git");
        ExternalProcess.EnsureCommand("pre-commit", "pre-commit");

        // The hook repository: this working tree as one commit (pre-commit clones a repo at a rev).
        var hookRepo = Directory.CreateDirectory(Path.Combine(_dir, "hook-repo")).FullName;
        ExternalProcess.CopySourceTree(hookRepo);
        Ok(Git(hookRepo, "init", "-q"), "git init");
        Ok(Git(hookRepo, "add", "-A"), "git add");
        Ok(Git(hookRepo, "commit", "-q", "-m", "snapshot"), "git commit (hook repo)");
        var rev = Git(hookRepo, "rev-parse", "HEAD").Stdout.Trim();

        var work = Directory.CreateDirectory(Path.Combine(_dir, "work")).FullName;
        Ok(Git(work, "init", "-q"), "git init");
        File.WriteAllText(Path.Combine(work, ".pre-commit-config.yaml"), $"""
            repos:
              - repo: {hookRepo}
                rev: {rev}
                hooks:
                  - id: stacklint
                    args: [--no-system-headers]
            """);
        Directory.CreateDirectory(Path.Combine(work, "drv"));
        File.WriteAllText(Path.Combine(work, "drv", "driver.c"), Driver);
        // An old problem in a file nobody stages must not block commits; it is committed without the hook.
        File.WriteAllText(Path.Combine(work, "drv", "old.c"), Old);
        Ok(Git(work, "add", "-A"), "git add");
        Ok(Git(work, "commit", "-q", "--no-verify", "-m", "driver"), "git commit --no-verify");
        Ok(ExternalProcess.Run("pre-commit", ["install"], work, Environment()), "pre-commit install");

        File.WriteAllText(Path.Combine(work, "drv", "fill.c"), Fill(2048));
        Ok(Git(work, "add", "drv/fill.c"), "git add");
        var refused = Git(work, "commit", "-m", "add FillName");
        var output = refused.Stdout + refused.Stderr;
        Assert.True(refused.ExitCode != 0, refused.Describe("git commit with a 2 KB stack buffer"));
        Assert.Contains("drv/fill.c(4,11): warning SL1002: 'name' in 'FillName' is a 2,048-byte array on the stack (limit 512)", output.Replace('\\', '/'));
        Assert.DoesNotContain("old.c", output);

        File.WriteAllText(Path.Combine(work, "drv", "fill.c"), Fill(64));
        Ok(Git(work, "add", "drv/fill.c"), "git add");
        var accepted = Git(work, "commit", "-m", "add FillName");
        Ok(accepted, "git commit of the fix");
        Assert.Contains("stacklint", accepted.Stdout + accepted.Stderr);
        Assert.Contains("Passed", accepted.Stdout + accepted.Stderr);

        // A commit without C files does not run the analysis at all.
        File.WriteAllText(Path.Combine(work, "README.md"), "driver\n");
        Ok(Git(work, "add", "README.md"), "git add");
        var docs = Git(work, "commit", "-m", "readme");
        Ok(docs, "git commit without C files");
        Assert.Contains("(no files to check)Skipped", docs.Stdout + docs.Stderr);
    }
}
