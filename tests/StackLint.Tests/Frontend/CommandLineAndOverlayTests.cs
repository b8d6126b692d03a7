using System.Text;
using StackLint.Frontend;
using Xunit;

namespace StackLint.Tests.Frontend;

public sealed class CommandLineAndOverlayTests
{
    [Theory]
    [InlineData(@"cl /I""C:\Program Files\inc"" /DX a.c", new[] { "cl", @"/IC:\Program Files\inc", "/DX", "a.c" })]
    [InlineData(@"cl ""/DQ=\""x\"""" b.c", new[] { "cl", "/DQ=\"x\"", "b.c" })]
    [InlineData(@"cl C:\path\with\trailing\ ""arg""", new[] { "cl", @"C:\path\with\trailing\", "arg" })]
    [InlineData(@"cl ""a\\"" b", new[] { "cl", @"a\", "b" })]
    public void WindowsSplitting_FollowsCommandLineToArgvW(string command, string[] expected)
    {
        Assert.Equal(expected, CommandLineSplitter.SplitWindows(command));
    }

    [Theory]
    [InlineData(@"cc -DA='x y' -I""d i"" a\ b.c", new[] { "cc", "-DA=x y", "-Id i", "a b.c" })]
    [InlineData("cc  \t -c", new[] { "cc", "-c" })]
    public void PosixSplitting_FollowsTheShell(string command, string[] expected)
    {
        Assert.Equal(expected, CommandLineSplitter.SplitPosix(command));
    }

    [Fact]
    public void Overlay_ListsIncludableFilesAndPrunesEmptyDirectories()
    {
        var dir = TempDir.Create();
        Directory.CreateDirectory(Path.Combine(dir, "inc", "deep"));
        Directory.CreateDirectory(Path.Combine(dir, "obj"));
        Directory.CreateDirectory(Path.Combine(dir, ".git"));
        File.WriteAllText(Path.Combine(dir, "inc", "deep", "Types.H"), "");
        File.WriteAllText(Path.Combine(dir, "obj", "driver.obj"), "");
        File.WriteAllText(Path.Combine(dir, ".git", "config.h"), "");
        File.WriteAllText(Path.Combine(dir, "driver.c"), "");

        var json = Encoding.UTF8.GetString(CaseInsensitiveOverlay.Build([dir]));

        Assert.Contains("\"case-sensitive\":\"false\"", json);
        Assert.Contains("\"name\":\"Types.H\"", json);
        // Sources are not listed: clang reads the overlay once per parse, so it must not grow with the number of sources.
        Assert.DoesNotContain("driver.c", json);
        Assert.DoesNotContain("obj", json);
        Assert.DoesNotContain(".git", json);
    }

    [Fact]
    public void A_databases_system_folders_are_matched_case_insensitively_too()
    {
        // A kit copied from Windows keeps its names ('ntkit.h'); the driver spells them as Windows lets it ('NtKit.h').
        var dir = TempDir.Create();
        var kit = Directory.CreateDirectory(Path.Combine(dir, "kit")).FullName;
        File.WriteAllText(Path.Combine(kit, "ntkit.h"), "typedef struct _KIT_RECORD { char Bytes[600]; } KIT_RECORD;\n");
        // The source's own folder is matched case-insensitively anyway: the kit must be outside it.
        var source = Path.Combine(Directory.CreateDirectory(Path.Combine(dir, "src")).FullName, "driver.c");
        File.WriteAllText(source, "#include <NtKit.h>\nvoid Fill(void) { KIT_RECORD record; record.Bytes[0] = 1; }\n");
        File.WriteAllText(Path.Combine(dir, "compile_commands.json"),
            $$"""[ { "directory": {{System.Text.Json.JsonSerializer.Serialize(dir)}}, "file": "src/driver.c", "arguments": ["clang", "-isystem", "kit", "-c", "src/driver.c"] } ]""");
        var environment = HeaderEnvironmentResolver.Resolve(new HeaderEnvironmentRequest(TargetArch.X64, dir, [], [], [], null, NoSystemHeaders: true, null)
        {
            CacheDirectory = Path.Combine(dir, "cache"),
            CaseInsensitiveIncludes = true,
        });

        var facts = ParserHarness.ParseFile(source, environment: environment);

        Assert.Empty(facts.Problems);
        Assert.Contains(facts.IncludedFiles, f => f.EndsWith("ntkit.h", StringComparison.Ordinal));
    }
}
