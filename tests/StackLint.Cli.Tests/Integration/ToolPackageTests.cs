using System.IO.Compression;
using System.Xml.Linq;
using StackLint.Tests.Support;
using Xunit;

namespace StackLint.Tests.Integration;

/// <summary>
/// The .NET tool package as users get it: packed from src/Cli, installed with --tool-path (never --global), and run
/// from a folder that is not the source tree, so the embedded prelude and libclang lookup are proven to travel.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stacklint-tool-").FullName;

    public void Dispose() => ExternalProcess.DeleteQuietly(_dir);

    [Fact]
    public void Packed_tool_installs_with_tool_path_and_analyzes_from_another_folder()
    {
        var artifacts = Path.Combine(_dir, "artifacts");
        var pack = ExternalProcess.Run("dotnet", ["pack", Path.Combine(RepoPaths.Root, "src", "Cli"), "-c", "Release", "-o", artifacts, "-nologo"], RepoPaths.Root);
        Assert.True(pack.ExitCode == 0, pack.Describe("dotnet pack"));
        var package = Assert.Single(Directory.GetFiles(artifacts, "*.nupkg"));
        Assert.StartsWith("StackLint.", Path.GetFileName(package));

        // The metadata nuget.org shows: readme, license, project page, and the tool's command name.
        using (var zip = ZipFile.OpenRead(package))
        {
            Assert.NotNull(zip.GetEntry("README.md"));
            using var nuspecStream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
            var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string? Field(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
            Assert.Equal("StackLint", Field("id"));
            Assert.Equal("MIT", Field("license"));
            Assert.Equal("README.md", Field("readme"));
            Assert.False(string.IsNullOrWhiteSpace(Field("projectUrl")));
            Assert.False(string.IsNullOrWhiteSpace(Field("description")));
            Assert.Contains("static-analysis", Field("tags"));
            var settings = zip.Entries.Single(e => e.FullName.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal));
            using var settingsStream = settings.Open();
            Assert.Equal("stacklint", XDocument.Load(settingsStream).Descendants().Single(e => e.Name.LocalName == "Command").Attribute("Name")?.Value);
        }

        var tools = Path.Combine(_dir, "tools");
        var install = ExternalProcess.Run("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", artifacts, "StackLint"], _dir);
        Assert.True(install.ExitCode == 0, install.Describe("dotnet tool install"));
        var stacklint = Path.Combine(tools, OperatingSystem.IsWindows() ? "stacklint.exe" : "stacklint");

        var elsewhere = Directory.CreateDirectory(Path.Combine(_dir, "elsewhere", "drv")).FullName;
        var version = ExternalProcess.Run(stacklint, ["--version"], elsewhere);
        Assert.True(version.ExitCode == 0, version.Describe("stacklint --version"));
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Stdout.Trim());

        File.WriteAllText(Path.Combine(elsewhere, "fill.c"), """
            #include <ntddk.h>
            NTSTATUS Fill(VOID)
            {
                UCHAR buffer[2048];
                RtlZeroMemory(buffer, sizeof(buffer));
                return buffer[0] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
            }
            """);
        // --no-system-headers: the kernel declarations must come from the prelude embedded in the installed assembly.
        var analyze = ExternalProcess.Run(stacklint, ["analyze", ".", "--no-system-headers", "--verbose"], elsewhere);
        Assert.True(analyze.ExitCode == 1, analyze.Describe("stacklint analyze"));
        Assert.Contains("fill.c(4,11): warning SL1002: 'buffer' in 'Fill' is a 2,048-byte array on the stack", analyze.Stdout);
        Assert.Contains("embedded prelude", analyze.Stderr);
        Assert.DoesNotContain("not analyzed", analyze.Stderr);
    }
}
