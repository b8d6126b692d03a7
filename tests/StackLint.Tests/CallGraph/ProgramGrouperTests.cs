using StackLint.Rules.Model.Programs;
using Xunit;

namespace StackLint.Tests.CallGraph;

public sealed class ProgramGrouperTests
{
    /// <summary>An in-memory file system with Windows paths, whatever OS the tests run on.</summary>
    private sealed class FakeFileSystem(Dictionary<string, string> files) : IProgramFileSystem
    {
        public Dictionary<string, string> Files => files;

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

    /// <summary>A .vcxproj: its configuration type (in a conditioned PropertyGroup, as Visual Studio writes it), sources and extra XML.</summary>
    private static string Project(string configurationType, string[] sources, string extra = "") => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <Project DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
          <PropertyGroup Condition="'$(Configuration)|$(Platform)'=='Debug|x64'" Label="Configuration">
            <ConfigurationType>{configurationType}</ConfigurationType>
          </PropertyGroup>
          <ItemGroup>{string.Concat(sources.Select(f => $"<ClCompile Include=\"{f}\" />"))}</ItemGroup>
          {extra}
        </Project>
        """;

    private static string Links(string libraries) =>
        $"<ItemDefinitionGroup><Link><AdditionalDependencies>{libraries}</AdditionalDependencies></Link></ItemDefinitionGroup>";

    [Fact]
    public void Driver_includes_the_static_library_its_project_references()
    {
        var fs = new FakeFileSystem(new()
        {
            [@"C:\repo\drv\drv.vcxproj"] = Project("Driver", ["driver.c"], """<ItemGroup><ProjectReference Include="..\helpers\build\helpers.vcxproj" /></ItemGroup>"""),
            // The library's project sits in a folder of its own, beside its sources: found only through the reference.
            [@"C:\repo\helpers\build\helpers.vcxproj"] = Project("StaticLibrary", [@"..\src\config.c"]),
        });
        var files = new[] { C(@"C:\repo\drv\driver.c", true), C(@"C:\repo\helpers\src\config.c") };
        var programs = ProgramGrouper.Group(files, [@"C:\repo"], [], fs);
        var drv = Assert.Single(programs);
        Assert.Equal("drv", drv.Name);
        Assert.Equal([@"C:\repo\drv\driver.c", @"C:\repo\helpers\src\config.c"], drv.Files.ToArray());
        Assert.Contains(@"program 'drv' (project C:\repo\drv\drv.vcxproj, 2 files, includes library 'helpers' (project C:\repo\helpers\build\helpers.vcxproj))", drv.Describe(), StringComparison.Ordinal);
        // The report cache looks at the referenced project too: editing it changes the grouping.
        Assert.Equal([@"C:\repo\drv\drv.vcxproj", @"C:\repo\helpers\build\helpers.vcxproj"], ProgramGrouper.ProjectFilePaths([@"C:\repo\drv\driver.c"], fs).ToArray());
    }

    [Fact]
    public void AdditionalDependencies_link_a_library_by_its_target_name_and_an_unlinked_library_stays_a_program()
    {
        var fs = new FakeFileSystem(new()
        {
            [@"C:\repo\drv\drv.vcxproj"] = Project("Driver", ["driver.c"], Links(@"ntoskrnl.lib;$(OutDir)\lib\$(Platform)\HELPERLIB.lib;%(AdditionalDependencies)")),
            [@"C:\repo\lib\lib.vcxproj"] = Project("StaticLibrary", ["helper.c"], "<PropertyGroup><TargetName>HelperLib</TargetName></PropertyGroup>"),
            [@"C:\repo\tools\tools.vcxproj"] = Project("StaticLibrary", ["tool.c"]),
        });
        var programs = ProgramGrouper.Group(
            [C(@"C:\repo\drv\driver.c", true), C(@"C:\repo\lib\helper.c"), C(@"C:\repo\tools\tool.c")], [@"C:\repo"], [], fs);
        Assert.Equal(["drv", "tools"], programs.Select(p => p.Name));
        Assert.Equal([@"C:\repo\drv\driver.c", @"C:\repo\lib\helper.c"], programs[0].Files.ToArray());
        Assert.Equal([new LinkedLibrary("HelperLib", ProgramSource.VisualStudioProject, @"C:\repo\lib\lib.vcxproj")], programs[0].Libraries.ToArray());
        // Nothing analyzed links 'tools': it is analyzed as a program of its own, as before.
        Assert.Equal([@"C:\repo\tools\tool.c"], programs[1].Files.ToArray());
        Assert.Empty(programs[1].Libraries);
    }

    [Fact]
    public void Wdk_targetlibs_link_a_library_by_targetname()
    {
        var fs = new FakeFileSystem(new()
        {
            [@"D:\wdk\fs\sys\sources"] = "TARGETNAME=fsdrv\nTARGETTYPE=DRIVER\nTARGETLIBS= $(TARGETPATH)\\*\\fsutil.lib \\\n    $(DDK_LIB_PATH)\\ntstrsafe.lib\nSOURCES=init.c\n",
            [@"D:\wdk\fs\util\SOURCES"] = "TARGETNAME=fsutil\nTARGETTYPE=LIBRARY\nTARGETPATH=..\\$(DDK_TARGET_OS)\nSOURCES=names.c \\\n   paths.c\n",
            [@"D:\wdk\fs\other\sources"] = "TARGETNAME=other\nTARGETTYPE=DRIVER_LIBRARY\nSOURCES=other.c\n",
        });
        var programs = ProgramGrouper.Group(
            [C(@"D:\wdk\fs\sys\init.c", true), C(@"D:\wdk\fs\util\names.c"), C(@"D:\wdk\fs\util\paths.c"), C(@"D:\wdk\fs\other\other.c")], [@"D:\wdk"], [], fs);
        Assert.Equal(["fs/other", "fs/sys"], programs.Select(p => p.Name));
        Assert.Equal([@"D:\wdk\fs\sys\init.c", @"D:\wdk\fs\util\names.c", @"D:\wdk\fs\util\paths.c"], programs[1].Files.ToArray());
        Assert.Contains(@"includes library 'fsutil' (WDK sources file D:\wdk\fs\util\SOURCES)", programs[1].Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Libraries_linking_libraries_are_followed_to_the_end()
    {
        var fs = new FakeFileSystem(new()
        {
            [@"C:\r\drv\drv.vcxproj"] = Project("Driver", ["driver.c"], """<ItemGroup><ProjectReference Include="..\a\a.vcxproj" /></ItemGroup>"""),
            [@"C:\r\a\a.vcxproj"] = Project("StaticLibrary", ["a.c"], """<ItemGroup><ProjectReference Include="..\b\b.vcxproj" /></ItemGroup>"""),
            // 'b' has no analyzed file (its project is read through the reference): it is followed all the same, to 'c'.
            [@"C:\r\b\b.vcxproj"] = Project("StaticLibrary", ["missing.c"], "<ItemDefinitionGroup><Lib><AdditionalDependencies>c.lib</AdditionalDependencies></Lib></ItemDefinitionGroup>"),
            [@"C:\r\c\c.vcxproj"] = Project("StaticLibrary", ["c.c"]),
        });
        var programs = ProgramGrouper.Group([C(@"C:\r\drv\driver.c", true), C(@"C:\r\a\a.c"), C(@"C:\r\c\c.c")], [@"C:\r"], [], fs);
        var drv = Assert.Single(programs);
        Assert.Equal([@"C:\r\a\a.c", @"C:\r\c\c.c", @"C:\r\drv\driver.c"], drv.Files.ToArray());
        Assert.Equal(["a", "c"], drv.Libraries.Select(l => l.Name));
    }

    [Fact]
    public void A_driver_folder_brings_the_folders_of_the_libraries_its_projects_reference()
    {
        var fs = new FakeFileSystem(new()
        {
            [@"C:\r\drv\drv.vcxproj"] = Project("Driver", ["driver.c"],
                """<ItemGroup><ProjectReference Include="..\cfg\build\cfg.vcxproj" /><ProjectReference Include="..\svc\svc.vcxproj" /><ProjectReference Include="sub\local.vcxproj" /></ItemGroup>"""),
            // A library in a folder of its own, which references another library in turn, and back (a cycle ends).
            [@"C:\r\cfg\build\cfg.vcxproj"] = Project("StaticLibrary", [@"..\src\cfg.c"], """<ItemGroup><ProjectReference Include="..\..\base\base.vcxproj" /></ItemGroup>"""),
            [@"C:\r\base\base.vcxproj"] = Project("StaticLibrary", ["base.c"], """<ItemGroup><ProjectReference Include="..\cfg\build\cfg.vcxproj" /></ItemGroup>"""),
            // A referenced driver is linked by nothing; a library inside the driver folder is analyzed with it already.
            [@"C:\r\svc\svc.vcxproj"] = Project("Driver", ["svc.c"]),
            [@"C:\r\drv\sub\local.vcxproj"] = Project("StaticLibrary", ["local.c"]),
        });
        // The library's sources sit beside its build folder: their folder is the one to analyze.
        Assert.Equal([@"C:\r\cfg\src", @"C:\r\base"], ProgramGrouper.ReferencedLibraryFolders(@"C:\r\drv", fs));
        Assert.Empty(ProgramGrouper.ReferencedLibraryFolders(@"C:\r\svc", fs));

        // Wildcard items name the folder ahead of the wildcard.
        var wild = new FakeFileSystem(new()
        {
            [@"C:\r\drv\drv.vcxproj"] = Project("Driver", ["driver.c"], """<ItemGroup><ProjectReference Include="..\lib\lib.vcxproj" /></ItemGroup>"""),
            [@"C:\r\lib\lib.vcxproj"] = Project("StaticLibrary", [@"..\shared\**\*.c", @"..\util\util*.c"]),
        });
        Assert.Equal([@"C:\r\shared", @"C:\r\util"], ProgramGrouper.ReferencedLibraryFolders(@"C:\r\drv", wild));
    }

    [Fact]
    public void A_cycle_of_references_ends_and_keeps_one_program()
    {
        var fs = new FakeFileSystem(new()
        {
            [@"C:\r\x\x.vcxproj"] = Project("StaticLibrary", ["x.c"], """<ItemGroup><ProjectReference Include="..\y\y.vcxproj" /></ItemGroup>"""),
            [@"C:\r\y\y.vcxproj"] = Project("StaticLibrary", ["y.c"], """<ItemGroup><ProjectReference Include="..\x\x.vcxproj" /></ItemGroup>"""),
        });
        // No driver links them: the first by path stays the program and takes the other in.
        var alone = ProgramGrouper.Group([C(@"C:\r\x\x.c"), C(@"C:\r\y\y.c")], [@"C:\r"], [], fs);
        var x = Assert.Single(alone);
        Assert.Equal("x", x.Name);
        Assert.Equal(["y"], x.Libraries.Select(l => l.Name));

        fs = new FakeFileSystem(new(fs.Files)
        {
            [@"C:\r\drv\drv.vcxproj"] = Project("Driver", ["driver.c"], """<ItemGroup><ProjectReference Include="..\y\y.vcxproj" /></ItemGroup>"""),
        });
        var linked = ProgramGrouper.Group([C(@"C:\r\drv\driver.c", true), C(@"C:\r\x\x.c"), C(@"C:\r\y\y.c")], [@"C:\r"], [], fs);
        var drv = Assert.Single(linked);
        Assert.Equal(["x", "y"], drv.Libraries.Select(l => l.Name));
        Assert.Equal(3, drv.Files.Length);
    }

    [Fact]
    public void A_project_that_compiles_a_wdk_librarys_sources_itself_includes_it()
    {
        // The Visual Studio project lists every file; the WDK build makes 'ext' a library that another 'sources' links.
        var fs = new FakeFileSystem(new()
        {
            [@"C:\fsd\fsd.vcxproj"] = Project("Driver", ["init.c", @"ext\*.c"]),
            [@"C:\fsd\ext\SOURCES"] = "TARGETNAME=ext\nTARGETTYPE=LIBRARY\nSOURCES=a.c b.c\n",
        });
        var programs = ProgramGrouper.Group([C(@"C:\fsd\init.c", true), C(@"C:\fsd\ext\a.c"), C(@"C:\fsd\ext\b.c")], [@"C:\fsd"], [], fs);
        var fsd = Assert.Single(programs);
        Assert.Equal(3, fsd.Files.Length);
        Assert.Contains(@"includes library 'ext' (WDK sources file C:\fsd\ext\SOURCES)", fsd.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_nearest_library_of_a_name_is_the_one_linked()
    {
        var fs = new FakeFileSystem(new()
        {
            [@"C:\t\a\drv\drv.vcxproj"] = Project("Driver", ["a.c"], Links("common.lib")),
            [@"C:\t\a\common\common.vcxproj"] = Project("StaticLibrary", ["ca.c"]),
            [@"C:\t\b\drv\drv.vcxproj"] = Project("Driver", ["b.c"], Links("common.lib")),
            [@"C:\t\b\common\common.vcxproj"] = Project("StaticLibrary", ["cb.c"]),
        });
        var programs = ProgramGrouper.Group(
            [C(@"C:\t\a\drv\a.c", true), C(@"C:\t\a\common\ca.c"), C(@"C:\t\b\drv\b.c", true), C(@"C:\t\b\common\cb.c")], [@"C:\t"], [], fs);
        Assert.Equal(["a/drv", "b/drv"], programs.Select(p => p.Name));
        Assert.Equal([@"C:\t\a\common\ca.c", @"C:\t\a\drv\a.c"], programs[0].Files.ToArray());
        Assert.Equal([@"C:\t\b\common\cb.c", @"C:\t\b\drv\b.c"], programs[1].Files.ToArray());
    }

    [Fact]
    public void A_referenced_project_that_does_not_parse_is_ignored()
    {
        var fs = new FakeFileSystem(new()
        {
            [@"C:\r\drv\drv.vcxproj"] = Project("Driver", ["driver.c"], """<ItemGroup><ProjectReference Include="..\lib\lib.vcxproj" /><ProjectReference Include="$(SolutionDir)x.vcxproj" /></ItemGroup>"""),
            [@"C:\r\lib\lib.vcxproj"] = "<Project><ConfigurationType>StaticLibrary",
        });
        var programs = ProgramGrouper.Group([C(@"C:\r\drv\driver.c", true), C(@"C:\r\lib\lib.c")], [@"C:\r"], [], fs);
        // lib.c is grouped as if the reference were not there: with the rest under the root.
        Assert.Equal(["drv", "r"], programs.Select(p => p.Name));
        Assert.Equal(ProgramSource.Root, programs[1].Source);
        Assert.Empty(programs[0].Libraries);
    }

    [Theory]
    [InlineData(@"C:\repo\drv\..\lib\.\lib.vcxproj", @"C:\repo\lib\lib.vcxproj")]
    [InlineData(@"C:\..\x.vcxproj", @"C:\x.vcxproj")]
    [InlineData("/work/a/../b/c.vcxproj", "/work/b/c.vcxproj")]
    [InlineData(@"\\server\share\a\..\b.vcxproj", @"\\server\share\b.vcxproj")]
    [InlineData(@"C:\clean\path.vcxproj", @"C:\clean\path.vcxproj")]
    public void Collapse_resolves_dots_and_keeps_separators(string path, string expected) =>
        Assert.Equal(expected, PathText.Collapse(path));

    [Theory]
    [InlineData(@"C:\a\b\c.c", @"C:\a\b\d.c", 3)]
    [InlineData(@"C:\a\b\c.c", @"c:/A/x/d.c", 2)]
    [InlineData("/a/b.c", "/c/d.c", 0)]
    public void Common_directory_length_ignores_separator_and_case(string a, string b, int expected) =>
        Assert.Equal(expected, PathText.CommonDirectoryLength(a, b));
}
