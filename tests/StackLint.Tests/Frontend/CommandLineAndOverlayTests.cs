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
}
