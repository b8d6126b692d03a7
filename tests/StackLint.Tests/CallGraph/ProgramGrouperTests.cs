using StackLint.Rules.Model.Programs;
using Xunit;

namespace StackLint.Tests.CallGraph;

public sealed class ProgramGrouperTests
{
    /// <summary>An in-memory file system with Windows paths, whatever OS the tests run on.</summary>
    private sealed class FakeFileSystem(Dictionary<string, string> files) : IProgramFileSystem
    {
        public IEnumerable<string> EnumerateFiles(string directory) =>
            files.Keys.Where(k => PathText.SameFile(PathText.DirectoryOf(k), directory));

        public string? ReadAllText(string path) =>
            files.FirstOrDefault(f => PathText.SameFile(f.Key, path)).Value;
    }

    private static AnalyzedFile C(string path, bool driverEntry = false) => new(path, driverEntry);

    private const string Vcxproj = """
        <?xml version="1.0" encoding="utf-8"?>
        <Project DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
          <ItemGroup>
            <ClCompile Include="driver.c" />
            <ClCompile Include="src\*.c" />
            <ClCompile Include="..\common\shared.c" />
          </ItemGroup>
          <ItemGroup><ClInclude Include="driver.h" /></ItemGroup>
        </Project>
        """;

    [Fact]
    public void Vcxproj_lists_files_with_wildcards_and_relative_paths()
    {
        var fs = new FakeFileSystem(new() { [@"C:\repo\filter\filter.vcxproj"] = Vcxproj });
        var programs = ProgramGrouper.Group(
            [C(@"C:\repo\filter\driver.c", true), C(@"C:\repo\filter\src\ops.c"), C(@"C:\repo\filter\src\deep\no.c"), C(@"C:\repo\common\shared.c")],
            [@"C:\repo"], [], fs);
        var filter = Assert.Single(programs, p => p.Source == ProgramSource.VisualStudioProject);
        Assert.Equal("filter", filter.Name);
        Assert.Equal([@"C:\repo\common\shared.c", @"C:\repo\filter\driver.c", @"C:\repo\filter\src\ops.c"], filter.Files.ToArray());
        Assert.Contains(@"project C:\repo\filter\filter.vcxproj", filter.Describe(), StringComparison.Ordinal);
        // src\deep\no.c is not matched by 'src\*.c': it is grouped on its own, under the DriverEntry folder.
        var rest = Assert.Single(programs, p => p.Source != ProgramSource.VisualStudioProject);
        Assert.Equal([@"C:\repo\filter\src\deep\no.c"], rest.Files.ToArray());
    }

    [Fact]
    public void Wdk_sources_file_lists_the_program_with_continuations()
    {
        var fs = new FakeFileSystem(new()
        {
            [@"D:\wdk\legacy\sources"] = "TARGETNAME=legacy\nTARGETTYPE=DRIVER\nSOURCES= init.c \\\n    dispatch.c  # the IRP handlers\n",
        });
        var programs = ProgramGrouper.Group(
            [C(@"D:\wdk\legacy\init.c", true), C(@"D:\wdk\legacy\dispatch.c"), C(@"D:\wdk\legacy\unused.c")],
            [@"D:\wdk"], [], fs);
        var legacy = Assert.Single(programs, p => p.Source == ProgramSource.SourcesFile);
        Assert.Equal("legacy", legacy.Name);
        Assert.Equal([@"D:\wdk\legacy\dispatch.c", @"D:\wdk\legacy\init.c"], legacy.Files.ToArray());
    }

    [Fact]
    public void Folders_with_DriverEntry_split_two_drivers_in_one_run()
    {
        var fs = new FakeFileSystem([]);
        var programs = ProgramGrouper.Group(
            [C(@"C:\src\two\a\main.c", true), C(@"C:\src\two\a\util\helper.c"), C(@"C:\src\two\b\main.c", true), C(@"C:\src\two\b\helper.c")],
            [@"C:\src\two"], [], fs);
        Assert.Equal(["a", "b"], programs.Select(p => p.Name));
        Assert.All(programs, p => Assert.Equal(ProgramSource.DriverEntryFolder, p.Source));
        Assert.Equal([@"C:\src\two\a\main.c", @"C:\src\two\a\util\helper.c"], programs[0].Files.ToArray());
        Assert.True(programs[1].Contains(@"c:/src/two/B/helper.c"));
    }

    [Fact]
    public void Program_option_makes_a_folder_one_program_and_the_rest_falls_back_to_the_root()
    {
        var fs = new FakeFileSystem(new() { [@"C:\src\lib\lib.vcxproj"] = Vcxproj });
        var programs = ProgramGrouper.Group(
            [C(@"C:\src\lib\driver.c"), C(@"C:\src\lib\x\y.c", true), C(@"C:\src\tools\z.c"), C(@"C:\src\tools\w.c")],
            [@"C:\src"], [@"C:\src\lib"], fs);
        Assert.Equal(["lib", "src"], programs.Select(p => p.Name));
        Assert.Equal(ProgramSource.ProgramOption, programs[0].Source);
        Assert.Equal(2, programs[0].Files.Length);
        Assert.Equal(ProgramSource.Root, programs[1].Source);
        Assert.Equal([@"C:\src\tools\w.c", @"C:\src\tools\z.c"], programs[1].Files.ToArray());
    }

    [Fact]
    public void Unix_paths_group_the_same_way()
    {
        var programs = ProgramGrouper.Group(
            [C("/work/drivers/x/a.c", true), C("/work/drivers/x/b.c"), C("/work/drivers/y/c.c", true)],
            ["/work/drivers"], [], new FakeFileSystem([]));
        Assert.Equal(["x", "y"], programs.Select(p => p.Name));
        Assert.Contains("program 'x' (DriverEntry below /work/drivers/x, 2 files)", ProgramGrouper.Describe(programs), StringComparison.Ordinal);
    }

    [Fact]
    public void Partition_hands_each_program_its_units_by_path()
    {
        var programs = ProgramGrouper.Group([C(@"C:\d\x\a.c", true), C(@"C:\d\y\b.c", true)], [@"C:\d"], [], new FakeFileSystem([]));
        var parts = ProgramGrouper.Partition(programs, [@"c:/d/y/B.c", @"C:\d\x\a.c"], p => p);
        Assert.Equal(["x", "y"], parts.Select(p => p.Program.Name));
        Assert.Equal([@"C:\d\x\a.c"], parts[0].Items.ToArray());
        Assert.Equal([@"c:/d/y/B.c"], parts[1].Items.ToArray());
    }

    [Theory]
    [InlineData(@"C:\a\b\c.c", @"C:\a\b\d.c", 3)]
    [InlineData(@"C:\a\b\c.c", @"c:/A/x/d.c", 2)]
    [InlineData("/a/b.c", "/c/d.c", 0)]
    public void Common_directory_length_ignores_separator_and_case(string a, string b, int expected) =>
        Assert.Equal(expected, PathText.CommonDirectoryLength(a, b));
}
