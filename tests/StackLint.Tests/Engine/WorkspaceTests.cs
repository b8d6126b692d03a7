using StackLint.Engine;
using Xunit;

namespace StackLint.Tests.Engine;

/// <summary>
/// The workspace an editor keeps across edits: facts of unchanged files come from memory, a file changed on disk and
/// an editor buffer are parsed again, and each analysis equals a fresh one-pass analysis of the same state.
/// </summary>
public sealed class WorkspaceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stacklint-workspace-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static string Driver(string name, int buffer) => $$"""
        #include <ntddk.h>
        NTSTATUS {{name}}(VOID)
        {
            UCHAR buffer[{{buffer}}];
            RtlZeroMemory(buffer, sizeof(buffer));
            return buffer[0] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
        }
        """;

    private AnalysisSettings Settings => new()
    {
        Paths = [_dir],
        NoSystemHeaders = true,
        Jobs = 1,
        CurrentDirectory = _dir,
        Verbose = true,
    };

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The findings as rule, file and line, for comparing analyses.</summary>
    private static List<string> Findings(AnalysisResult result) =>
        [.. result.Findings.Select(f => $"{f.RuleId} {Path.GetFileName(f.Location.Path)}:{f.Location.Line} {f.Message}").Order(StringComparer.Ordinal)];

    private List<string> Fresh(IReadOnlyDictionary<string, string>? buffers = null)
    {
        using var fresh = new Workspace(Settings with { UnsavedFiles = buffers }, TextWriter.Null);
        return Findings(fresh.Analyze());
    }

    [Fact]
    public void Without_a_database_a_vcxprojs_include_folders_and_shared_defines_are_used()
    {
        // A Visual Studio driver whose headers sit in folders of their own, named as Windows lets them ('..\Shared' for
        // 'shared'), one through $(ProjectDir); what only MSBuild can evaluate is skipped. A define both configurations
        // have is used, a Debug-only one is not.
        Directory.CreateDirectory(Path.Combine(_dir, "drv", "include", "linux"));
        Directory.CreateDirectory(Path.Combine(_dir, "shared"));
        Write(Path.Combine("drv", "drv.vcxproj"), """
            <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <ItemDefinitionGroup Condition="'$(Configuration)|$(Platform)'=='Debug|x64'">
                <ClCompile><AdditionalIncludeDirectories>.\include;$(ProjectDir)include\linux;$(IntDir);..\Shared;..\missing;%(AdditionalIncludeDirectories)</AdditionalIncludeDirectories>
                  <PreprocessorDefinitions>PROJECT_CHARS=50;DEBUG_TRACE=1;$(ExtraDefines);%(PreprocessorDefinitions)</PreprocessorDefinitions></ClCompile>
              </ItemDefinitionGroup>
              <ItemDefinitionGroup Condition="'$(Configuration)|$(Platform)'=='Release|x64'">
                <ClCompile><PreprocessorDefinitions>%(PreprocessorDefinitions);PROJECT_CHARS=50</PreprocessorDefinitions></ClCompile>
              </ItemDefinitionGroup>
              <ItemGroup><ClCompile Include="fill.c" /></ItemGroup>
            </Project>
            """);
        Write(Path.Combine("drv", "include", "drv.h"), "#define NAME_CHARS 300\n");
        Write(Path.Combine("drv", "include", "linux", "module.h"), "typedef unsigned short wchar16;\n");
        Write(Path.Combine("shared", "limits_shared.h"), "#define EXTRA_CHARS 100\n");
        Write(Path.Combine("drv", "fill.c"), """
            #include <ntddk.h>
            #include "drv.h"
            #include <module.h>
            #include "limits_shared.h"
            #ifdef DEBUG_TRACE
            #error only the Debug configuration defines DEBUG_TRACE
            #endif
            NTSTATUS Fill(VOID)
            {
                wchar16 name[NAME_CHARS + EXTRA_CHARS + PROJECT_CHARS];
                RtlZeroMemory(name, sizeof(name));
                return name[0] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
            }
            """);
        using var workspace = new Workspace(Settings, TextWriter.Null);

        var result = workspace.Analyze();

        Assert.Empty(result.Notices);
        Assert.Contains(result.Findings, f => f.RuleId == "SL1002" && f.Message.Contains("900-byte", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_two_programs_list_has_its_parse_problem_noticed_once()
    {
        // A shared source: the driver's .vcxproj lists lib\b.c, and another driver's WDK 'sources' file lists it too.
        // (Were lib\sources a library, the .vcxproj that compiles all its files would include it: one program.)
        Write("drv.vcxproj", """<Project><ItemGroup><ClCompile Include="a.c" /><ClCompile Include="lib\b.c" /></ItemGroup></Project>""");
        Write("a.c", Driver("FillA", 64));
        Directory.CreateDirectory(Path.Combine(_dir, "lib"));
        Write(Path.Combine("lib", "sources"), "TARGETNAME=lib\nTARGETTYPE=DRIVER\nSOURCES=b.c\n");
        Write(Path.Combine("lib", "b.c"), "#include \"missing_header.h\"\n" + Driver("FillB", 64));
        // With a cache the command line keeps each program's results (notices too): ProgramReuse.
        var cached = Settings with { CacheDirectory = Path.Combine(_dir, ".stacklint-cache") };
        using var workspace = new Workspace(cached, TextWriter.Null);

        var result = ProgramReuse.Analyze(workspace.Prepare(), cached, TextWriter.Null).Result;

        Assert.Equal(2, result.Programs.Length);
        var notice = Assert.Single(result.Notices);
        using (var onePass = new Workspace(Settings, TextWriter.Null))
            Assert.Equal(onePass.Analyze().Notices.Select(n => n.ToString()), result.Notices.Select(n => n.ToString()));
        Assert.Equal(Path.Combine(_dir, "lib", "b.c"), notice.Path);
        Assert.Contains("'missing_header.h' file not found", notice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reanalysis_reparses_only_what_changed_and_agrees_with_a_fresh_run()
    {
        var a = Write("a.c", Driver("FillA", 2048));
        Write("b.c", Driver("FillB", 64));
        var log = new StringWriter { NewLine = "\n" };
        using var workspace = new Workspace(Settings, log);

        var first = Findings(workspace.Reanalyze());
        Assert.Contains(first, f => f.StartsWith("SL1002 a.c:4", StringComparison.Ordinal));
        Assert.DoesNotContain(first, f => f.Contains("b.c", StringComparison.Ordinal));
        Assert.Equal(Fresh(), first);

        // Nothing changed: every file's facts come from memory.
        Assert.Equal(first, Findings(workspace.Reanalyze()));
        Assert.Contains("2 file(s) from memory, 0 parsed", log.ToString());

        // An editor buffer for a.c: parsed from the buffer, b.c from memory.
        var buffers = new Dictionary<string, string> { [a] = Driver("FillA", 32) };
        workspace.SetBuffers(buffers);
        var edited = Findings(workspace.Reanalyze());
        Assert.DoesNotContain(edited, f => f.Contains("a.c", StringComparison.Ordinal));
        Assert.Equal(Fresh(buffers), edited);
        Assert.Contains("1 file(s) from memory, 1 parsed", log.ToString());

        // The buffer closed and b.c changed on disk (another size): both are read again, from the disk.
        workspace.SetBuffers(new Dictionary<string, string>());
        File.WriteAllText(Path.Combine(_dir, "b.c"), Driver("FillB", 4000));
        var changed = Findings(workspace.Reanalyze());
        Assert.Contains(changed, f => f.StartsWith("SL1002 a.c:4", StringComparison.Ordinal));
        Assert.Contains(changed, f => f.StartsWith("SL1002 b.c:4", StringComparison.Ordinal));
        Assert.Equal(Fresh(), changed);

        // A file deleted leaves the analysis.
        File.Delete(a);
        var deleted = Findings(workspace.Reanalyze());
        Assert.DoesNotContain(deleted, f => f.Contains("a.c", StringComparison.Ordinal));
        Assert.Equal(Fresh(), deleted);
    }
}
