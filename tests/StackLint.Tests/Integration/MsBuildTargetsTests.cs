using StackLint.Tests.Support;
using Xunit;

namespace StackLint.Tests.Integration;

/// <summary>build/StackLint.targets through real MSBuild: findings become MSBuild warnings; StackLintFailOn and StackLintEnabled work.</summary>
public sealed class MsBuildTargetsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stacklint-msbuild-").FullName;

    public void Dispose() => ExternalProcess.DeleteQuietly(_dir);

    [Fact]
    public void Findings_become_msbuild_warnings_and_fail_on_is_honoured()
    {
        File.WriteAllText(Path.Combine(_dir, "fill.c"), """
            #include <ntddk.h>
            NTSTATUS Fill(VOID)
            {
                UCHAR buffer[2048];
                RtlZeroMemory(buffer, sizeof(buffer));
                return buffer[0] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
            }
            """);
        // A stand-in for a .vcxproj: ClCompile items and a Build target are all the targets file relies on.
        File.WriteAllText(Path.Combine(_dir, "drv.proj"), $"""
            <Project>
              <ItemGroup><ClCompile Include="*.c" /></ItemGroup>
              <Target Name="Build" />
              <Import Project="{RepoPaths.Combine("build", "StackLint.targets")}" />
            </Project>
            """);
        var tool = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "stacklint.exe" : "stacklint");
        ProcessRun Build(params string[] properties) => ExternalProcess.Run("dotnet",
            ["msbuild", "drv.proj", "-nologo", $"-p:StackLintCommand={tool}", "-p:StackLintArguments=--no-system-headers", .. properties], _dir);

        var report = Build();
        Assert.True(report.ExitCode == 0, report.Describe("msbuild (report only)"));
        Assert.Contains("fill.c(4,11): warning SL1002:", report.Stdout);
        // MSBuild logs a recognized warning with the project appended; a plain echoed line has no such suffix.
        Assert.Contains(report.Stdout.Split('\n'), l => l.Contains("warning SL1002:", StringComparison.Ordinal) && l.TrimEnd().EndsWith("drv.proj]", StringComparison.Ordinal));

        var failing = Build("-p:StackLintFailOn=warning");
        Assert.True(failing.ExitCode != 0, failing.Describe("msbuild with StackLintFailOn=warning"));

        var disabled = Build("-p:StackLintEnabled=false");
        Assert.True(disabled.ExitCode == 0, disabled.Describe("msbuild with StackLintEnabled=false"));
        Assert.DoesNotContain("SL1002", disabled.Stdout);
    }
}
