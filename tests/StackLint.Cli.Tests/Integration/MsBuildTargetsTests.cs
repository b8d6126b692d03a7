using System.Text.RegularExpressions;
using StackLint.Tests.Support;
using Xunit;

namespace StackLint.Tests.Integration;

/// <summary>
/// build/StackLint.targets through real MSBuild: each ClCompile item's settings reach stacklint (the same findings as
/// the same flags given by hand), the platform picks the architecture, findings become MSBuild warnings, and
/// StackLintFailOn alone decides what fails the build. The driver project uses the targets as the tool ships them
/// (with the prebuilt StackLint.MSBuild.dll, from the CLI build's build folder); the other test uses a source
/// checkout's (StackLintTasks.cs, compiled by RoslynCodeTaskFactory).
/// </summary>
public sealed partial class MsBuildTargetsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stacklint-msbuild-").FullName;

    private static string Tool => Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "stacklint.exe" : "stacklint");

    public void Dispose() => ExternalProcess.DeleteQuietly(_dir);

    [Fact]
    public void A_wdk_shaped_vcxproj_gives_the_findings_of_its_flags_given_by_hand()
    {
        var project = Path.Combine(_dir, "mydrv");
        WriteDriverProject(project);

        var log = Path.Combine(_dir, "msbuild.log");
        var built = Msbuild(project, "mydrv.vcxproj", "-t:StackLint", $"-flp:LogFile={log};Verbosity=detailed");
        Assert.True(built.ExitCode == 0, built.Describe("msbuild -t:StackLint (Debug|Win32)"));
        // The tasks came from the prebuilt assembly: nothing was compiled, and there was no source to compile.
        var tools = Path.GetFullPath(Path.Combine(project, "..", "tools"));
        Assert.False(File.Exists(Path.Combine(tools, "StackLintTasks.cs")));
        var detailed = File.ReadAllText(log);
        foreach (var task in new[] { "StackLintWriteCompileCommands", "StackLintReportFindings" })
            Assert.Contains($"Using \"{task}\" task from assembly \"{Path.Combine(tools, "StackLint.MSBuild.dll")}\"", detailed);
        Assert.DoesNotContain("RoslynCodeTaskFactory", detailed);
        var fromMsbuild = MsbuildFindings(built.Stdout);

        // The same flags by hand: what the project's items, configuration and platform say.
        var byHand = ExternalProcess.Run(Tool, [
            "analyze", "driver.c", "helper.cpp", "-I", "include",
            "-D", "DBG=1", "-D", "_X86_=1", "-D", "i386=1", "-D", "STD_CALL", "-D", "MYDRV_PAYLOAD=2048", "-D", "MYDRV_LOCAL_ONLY=1",
            "-D", "KMDF_VERSION_MAJOR=1", "-D", "KMDF_VERSION_MINOR=15",
            "--arch", "x86", "--no-system-headers", "--no-cache", "--fail-on", "none",
            "--", "-include", Path.Combine(project, "include", "mydrv_forced.h")], project);
        Assert.True(byHand.ExitCode == 0, byHand.Describe("stacklint by hand"));
        var expected = byHand.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => Path.GetFullPath(Path.Combine(project, l[..l.IndexOf('(')])) + l[l.IndexOf('(')..])
            .ToList();

        Assert.Equal(expected, fromMsbuild);
        // Each setting mattered: the include folder and define (2,052-byte struct), the forced include (the buffer
        // size), the per-file define (the local helper), and Win32 -> x86 (the 4 KB path budget).
        Assert.Contains(fromMsbuild, l => l.Contains("SL1003", StringComparison.Ordinal) && l.Contains("2,052-byte", StringComparison.Ordinal));
        Assert.Contains(fromMsbuild, l => l.Contains("SL2002", StringComparison.Ordinal));
        Assert.Contains(fromMsbuild, l => l.Contains("'LocalOnly'", StringComparison.Ordinal));
        Assert.Contains(fromMsbuild, l => l.Contains("helper.cpp(", StringComparison.Ordinal) && l.Contains("'Staging'", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(project, "Win32", "Debug", "stacklint", "compile_commands.json")), "the compile database is written to $(IntDir)");

        // x64: the same sources, an 8 KB path budget, no SL2002; the database goes to that configuration's $(IntDir).
        var x64 = Msbuild(project, "mydrv.vcxproj", "-t:StackLint", "-p:Platform=x64", "-p:Configuration=Release");
        Assert.True(x64.ExitCode == 0, x64.Describe("msbuild -t:StackLint (Release|x64)"));
        var x64Findings = MsbuildFindings(x64.Stdout);
        Assert.Contains(x64Findings, l => l.Contains("SL1003", StringComparison.Ordinal));
        Assert.DoesNotContain(x64Findings, l => l.Contains("SL2002", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(project, "x64", "Release", "stacklint", "compile_commands.json")));
    }

    [Fact]
    public void Findings_become_msbuild_warnings_and_fail_on_alone_fails_the_build()
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
        // A rule configured as an error must not fail a report-only build.
        File.WriteAllText(Path.Combine(_dir, ".editorconfig"), "root = true\n[*.c]\ndotnet_diagnostic.SL1002.severity = error\n");
        // A stand-in for a .vcxproj: ClCompile items and a Build target are all the targets file relies on.
        File.WriteAllText(Path.Combine(_dir, "drv.proj"), """
            <Project>
              <ItemGroup><ClCompile Include="*.c" /></ItemGroup>
              <Target Name="Build" />
              <Import Project="$(MSBuildThisFileDirectory)tools/StackLint.targets" />
            </Project>
            """);
        // Imported through $(MSBuildThisFileDirectory), as the docs say: works when only this project is built.
        Directory.CreateDirectory(Path.Combine(_dir, "tools"));
        foreach (var file in new[] { "StackLint.targets", "StackLintTasks.cs" })
            File.Copy(RepoPaths.Combine("build", file), Path.Combine(_dir, "tools", file));

        var report = Msbuild(_dir, "drv.proj");
        Assert.True(report.ExitCode == 0, report.Describe("msbuild (StackLintFailOn=none, SL1002 set to error)"));
        var finding = Assert.Single(report.Stdout.Split('\n'), l => l.Contains("SL1002:", StringComparison.Ordinal));
        Assert.Contains("fill.c(4,11): StackLint warning SL1002:", finding);
        // MSBuild logs a recognized warning with the project appended; a plain echoed line has no such suffix.
        Assert.EndsWith("drv.proj]", finding.TrimEnd());

        var failing = Msbuild(_dir, "drv.proj", "-p:StackLintFailOn=error");
        Assert.True(failing.ExitCode != 0, failing.Describe("msbuild with StackLintFailOn=error"));
        Assert.Contains("fill.c(4,11): StackLint error SL1002:", failing.Stdout);

        var disabled = Msbuild(_dir, "drv.proj", "-p:StackLintEnabled=false");
        Assert.True(disabled.ExitCode == 0, disabled.Describe("msbuild with StackLintEnabled=false"));
        Assert.DoesNotContain("SL1002", disabled.Stdout);
    }

    [Fact]
    public void A_static_library_the_driver_references_joins_its_analysis_with_its_own_settings()
    {
        // The library: its header sits in its own include folder, named relative to the library's project.
        var library = Path.Combine(_dir, "cfglib");
        Directory.CreateDirectory(Path.Combine(library, "include"));
        File.WriteAllText(Path.Combine(library, "include", "cfglib.h"), """
            #pragma once
            #include <ntddk.h>
            NTSTATUS CfgReadBlob(PUNICODE_STRING Path, PVOID Buffer, ULONG Length);
            """);
        File.WriteAllText(Path.Combine(library, "cfgfile.c"), """
            #include "cfglib.h"

            NTSTATUS CfgReadBlob(PUNICODE_STRING Path, PVOID Buffer, ULONG Length)
            {
                OBJECT_ATTRIBUTES attributes;
                IO_STATUS_BLOCK iosb;
                HANDLE file;
                NTSTATUS status;
                InitializeObjectAttributes(&attributes, Path, OBJ_KERNEL_HANDLE, NULL, NULL);
                status = ZwOpenFile(&file, GENERIC_READ | SYNCHRONIZE, &attributes, &iosb, FILE_SHARE_READ, FILE_SYNCHRONOUS_IO_NONALERT);
                if (!NT_SUCCESS(status)) return status;
                status = ZwReadFile(file, NULL, NULL, NULL, &iosb, Buffer, Length, NULL, NULL);
                ZwClose(file);
                return status;
            }
            """);
        File.WriteAllText(Path.Combine(library, "cfglib.vcxproj"), """
            <Project>
              <PropertyGroup><ConfigurationType>StaticLibrary</ConfigurationType></PropertyGroup>
              <ItemDefinitionGroup><ClCompile><AdditionalIncludeDirectories>include</AdditionalIncludeDirectories></ClCompile></ItemDefinitionGroup>
              <ItemGroup><ClCompile Include="cfgfile.c" /></ItemGroup>
              <Target Name="Build" />
              <Import Project="$(MSBuildThisFileDirectory)..\tools\StackLint.targets" />
            </Project>
            """);
        // The driver: its device control dispatch reads the library's file on the requester's stack.
        var driver = Path.Combine(_dir, "cfgdrv");
        Directory.CreateDirectory(driver);
        File.WriteAllText(Path.Combine(driver, "driver.c"), """
            #include "cfglib.h"

            static UNICODE_STRING g_Path = RTL_CONSTANT_STRING(L"\\SystemRoot\\cfgdrv.bin");
            static UCHAR g_Blob[64];

            NTSTATUS CfgDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
            {
                NTSTATUS status;
                UNREFERENCED_PARAMETER(DeviceObject);
                status = CfgReadBlob(&g_Path, g_Blob, sizeof(g_Blob));
                Irp->IoStatus.Status = status;
                IoCompleteRequest(Irp, IO_NO_INCREMENT);
                return status;
            }

            NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
            {
                UNREFERENCED_PARAMETER(RegistryPath);
                DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = CfgDeviceControl;
                return STATUS_SUCCESS;
            }
            """);
        File.WriteAllText(Path.Combine(driver, "cfgdrv.vcxproj"), """
            <Project>
              <PropertyGroup><ConfigurationType>Driver</ConfigurationType><Platform>x64</Platform></PropertyGroup>
              <ItemDefinitionGroup><ClCompile><AdditionalIncludeDirectories>..\cfglib\include</AdditionalIncludeDirectories></ClCompile></ItemDefinitionGroup>
              <ItemGroup><ClCompile Include="driver.c" /></ItemGroup>
              <ItemGroup><ProjectReference Include="..\cfglib\cfglib.vcxproj" /></ItemGroup>
              <Target Name="Build" />
              <Import Project="$(MSBuildThisFileDirectory)..\tools\StackLint.targets" />
            </Project>
            """);
        Directory.CreateDirectory(Path.Combine(_dir, "tools"));
        foreach (var file in new[] { "StackLint.targets", "StackLint.MSBuild.dll" })
            File.Copy(Path.Combine(AppContext.BaseDirectory, "build", file), Path.Combine(_dir, "tools", file), overwrite: true);

        var built = Msbuild(driver, "cfgdrv.vcxproj", "-t:StackLint");
        Assert.True(built.ExitCode == 0, built.Describe("msbuild -t:StackLint on the driver"));
        var findings = MsbuildFindings(built.Stdout);
        var libraryFile = Path.Combine(library, "cfgfile.c");
        Assert.Contains(findings, l => l.StartsWith(libraryFile + "(10,", StringComparison.Ordinal)
            && l.Contains("SL3001", StringComparison.Ordinal) && l.Contains("'CfgDeviceControl'", StringComparison.Ordinal));
        Assert.Contains(findings, l => l.StartsWith(libraryFile + "(12,", StringComparison.Ordinal) && l.Contains("SL3001", StringComparison.Ordinal));

        // The library's own analysis: no entry point reaches its helper there.
        var alone = Msbuild(library, "cfglib.vcxproj", "-t:StackLint");
        Assert.True(alone.ExitCode == 0, alone.Describe("msbuild -t:StackLint on the library"));
        Assert.DoesNotContain(MsbuildFindings(alone.Stdout), l => l.Contains("SL3001", StringComparison.Ordinal));
    }

    private static ProcessRun Msbuild(string directory, string project, params string[] arguments) => ExternalProcess.Run("dotnet",
        ["msbuild", project, "-nologo", "-v:m", $"-p:StackLintCommand={Tool}", "-p:StackLintArguments=--no-system-headers --no-cache", .. arguments], directory);

    /// <summary>The findings MSBuild logged, in stacklint's own text form ('path(line,col): warning SLxxxx: message').</summary>
    private static List<string> MsbuildFindings(string stdout) => stdout.Split('\n')
        .Select(l => LoggedFinding().Match(l.TrimEnd()))
        .Where(m => m.Success)
        .Select(m => $"{m.Groups["where"].Value}: {m.Groups["severity"].Value} {m.Groups["code"].Value}: {m.Groups["message"].Value}")
        .ToList();

    [GeneratedRegex(@"^\s*(?<where>.+\(\d+,\d+\)): StackLint (?<severity>warning|error) (?<code>SL\d{4}): (?<message>.*) \[[^\]]+\]$")]
    private static partial Regex LoggedFinding();

    /// <summary>A driver project as Visual Studio and the WDK write one: configurations, KMDF version, ItemDefinitionGroups, a per-file setting.</summary>
    private static void WriteDriverProject(string project)
    {
        Directory.CreateDirectory(Path.Combine(project, "include"));
        File.WriteAllText(Path.Combine(project, "include", "mydrv.h"), """
            #pragma once
            #include <ntddk.h>

            typedef struct _MYDRV_REQUEST {
                ULONG Code;
                UCHAR Payload[MYDRV_PAYLOAD];
            } MYDRV_REQUEST;

            NTSTATUS MyDrvHandle(MYDRV_REQUEST Request);
            """);
        File.WriteAllText(Path.Combine(project, "include", "mydrv_forced.h"), """
            #pragma once
            #define MYDRV_LEVEL_BUFFER 1400
            """);
        File.WriteAllText(Path.Combine(project, "driver.c"), """
            #include "mydrv.h"

            static NTSTATUS LevelThree(ULONG Depth)
            {
                UCHAR scratch[MYDRV_LEVEL_BUFFER];
                RtlZeroMemory(scratch, sizeof(scratch));
                return scratch[Depth % sizeof(scratch)] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
            }

            static NTSTATUS LevelTwo(ULONG Depth)
            {
                UCHAR scratch[MYDRV_LEVEL_BUFFER];
                RtlZeroMemory(scratch, sizeof(scratch));
                return LevelThree(Depth + scratch[0]);
            }

            static NTSTATUS LevelOne(ULONG Depth)
            {
                UCHAR scratch[MYDRV_LEVEL_BUFFER];
                RtlZeroMemory(scratch, sizeof(scratch));
                return LevelTwo(Depth + scratch[0]);
            }

            #ifdef MYDRV_LOCAL_ONLY
            NTSTATUS LocalOnly(VOID)
            {
                UCHAR big[700];
                RtlZeroMemory(big, sizeof(big));
                return big[1] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
            }
            #endif

            NTSTATUS MyDrvHandle(MYDRV_REQUEST Request)
            {
                return LevelOne(Request.Code);
            }

            NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
            {
                UNREFERENCED_PARAMETER(DriverObject);
                UNREFERENCED_PARAMETER(RegistryPath);
                return LevelOne(0);
            }
            """);
        File.WriteAllText(Path.Combine(project, "helper.cpp"), """
            #include "mydrv.h"

            namespace mydrv {
            NTSTATUS Stage(ULONG Code)
            {
                UCHAR Staging[MYDRV_LEVEL_BUFFER];
                RtlZeroMemory(Staging, sizeof(Staging));
                return Staging[Code % sizeof(Staging)] ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
            }
            }
            """);
        File.WriteAllText(Path.Combine(project, "mydrv.vcxproj"), """
            <?xml version="1.0" encoding="utf-8"?>
            <Project DefaultTargets="Build" ToolsVersion="12.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <ItemGroup Label="ProjectConfigurations">
                <ProjectConfiguration Include="Debug|Win32"><Configuration>Debug</Configuration><Platform>Win32</Platform></ProjectConfiguration>
                <ProjectConfiguration Include="Release|x64"><Configuration>Release</Configuration><Platform>x64</Platform></ProjectConfiguration>
              </ItemGroup>
              <PropertyGroup Label="Globals">
                <ProjectGuid>{8E2F1A3C-6B1D-4C1E-9A51-2D0C7F3B9E11}</ProjectGuid>
                <RootNamespace>mydrv</RootNamespace>
                <Configuration Condition="'$(Configuration)' == ''">Debug</Configuration>
                <Platform Condition="'$(Platform)' == ''">Win32</Platform>
              </PropertyGroup>
              <PropertyGroup Label="Configuration">
                <TargetVersion>Windows10</TargetVersion>
                <ConfigurationType>Driver</ConfigurationType>
                <DriverType>KMDF</DriverType>
                <DriverTargetPlatform>Universal</DriverTargetPlatform>
                <KMDF_VERSION_MAJOR>1</KMDF_VERSION_MAJOR>
                <KMDF_VERSION_MINOR>15</KMDF_VERSION_MINOR>
              </PropertyGroup>
              <PropertyGroup>
                <IntDir>$(Platform)\$(Configuration)\</IntDir>
              </PropertyGroup>
              <ItemDefinitionGroup>
                <ClCompile>
                  <AdditionalIncludeDirectories>include;%(AdditionalIncludeDirectories)</AdditionalIncludeDirectories>
                  <PreprocessorDefinitions>MYDRV_PAYLOAD=2048;%(PreprocessorDefinitions)</PreprocessorDefinitions>
                  <ForcedIncludeFiles>include\mydrv_forced.h;%(ForcedIncludeFiles)</ForcedIncludeFiles>
                  <WppEnabled>false</WppEnabled>
                </ClCompile>
              </ItemDefinitionGroup>
              <ItemDefinitionGroup Condition="'$(Configuration)|$(Platform)'=='Debug|Win32'">
                <ClCompile>
                  <PreprocessorDefinitions>DBG=1;_X86_=1;i386=1;STD_CALL;%(PreprocessorDefinitions)</PreprocessorDefinitions>
                </ClCompile>
              </ItemDefinitionGroup>
              <ItemGroup>
                <ClCompile Include="driver.c">
                  <PreprocessorDefinitions>%(PreprocessorDefinitions);MYDRV_LOCAL_ONLY=1</PreprocessorDefinitions>
                </ClCompile>
                <ClCompile Include="helper.cpp" />
                <ClCompile Include="unused.c">
                  <ExcludedFromBuild>true</ExcludedFromBuild>
                </ClCompile>
                <ClInclude Include="include\mydrv.h" />
              </ItemGroup>
              <Import Project="$(MSBuildThisFileDirectory)..\tools\StackLint.targets" />
            </Project>
            """);
        // The targets and their prebuilt tasks as the CLI build lays them out (its build folder, copied with it here).
        Directory.CreateDirectory(Path.Combine(project, "..", "tools"));
        foreach (var file in new[] { "StackLint.targets", "StackLint.MSBuild.dll" })
            File.Copy(Path.Combine(AppContext.BaseDirectory, "build", file), Path.Combine(project, "..", "tools", file), overwrite: true);
    }
}
