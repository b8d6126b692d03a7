using System.Collections.Immutable;
using StackLint.Frontend;
using Xunit;

namespace StackLint.Tests.Frontend;

public sealed class HeaderEnvironmentTests
{
    private const string Prelude = "/cache/prelude-test";

    private static HeaderEnvironmentRequest Request(
        TargetArch? arch = TargetArch.X64,
        string? database = null,
        ImmutableArray<string>? includes = null,
        ImmutableArray<string>? defines = null,
        ImmutableArray<string>? extra = null,
        string? wdk = null,
        bool noSystemHeaders = false) =>
        new(arch, database, includes ?? [], defines ?? [], extra ?? [], wdk, noSystemHeaders, "/res")
        {
            CaseInsensitiveIncludes = false,
        };

    private static HeaderEnvironment Resolve(HeaderEnvironmentRequest request, IHostFileSystem host) =>
        HeaderEnvironmentResolver.Resolve(request, host, () => Prelude);

    private static FakeHost LinuxWithMingw() => new FakeHost(HostPlatform.Linux).File("/usr/share/mingw-w64/include/ddk/ntifs.h");

    [Fact]
    public void Nothing_UsesPrelude()
    {
        var env = Resolve(Request(), new FakeHost(HostPlatform.Linux));
        var args = env.ArgumentsFor("/src/a.c");

        Assert.Equal("prelude", env.Name);
        AssertPair(args, "-isystem", Prelude);
        AssertPair(args, "-resource-dir", "/res");
        Assert.Contains("--target=x86_64-pc-windows-msvc", args);
        Assert.Contains("-ferror-limit=0", args);
        Assert.Contains("-D_WIN64=1", args);
        Assert.Contains("-D_KERNEL_MODE=1", args);
        Assert.Contains("-Dtry=__try", args);
        Assert.DoesNotContain("-fgnuc-version=4.2.1", args);
        Assert.Contains(env.Description, d => d.Contains("prelude", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(TargetArch.X86, "--target=i686-pc-windows-msvc", "-D_X86_=1")]
    [InlineData(TargetArch.Arm64, "--target=aarch64-pc-windows-msvc", "-D_ARM64_=1")]
    public void ArchSelectsTripleAndDefines(TargetArch arch, string triple, string define)
    {
        var env = Resolve(Request(arch), new FakeHost(HostPlatform.Linux));
        var args = env.ArgumentsFor("/src/a.c");

        Assert.Contains(triple, args);
        Assert.Contains(define, args);
        Assert.Equal(arch == TargetArch.X86, !args.Contains("-D_WIN64=1"));
    }

    [Fact]
    public void Mingw_AddsGnucVersionAndPreludeAfterMingwDirs()
    {
        var env = Resolve(Request(), LinuxWithMingw());
        var args = env.ArgumentsFor("/src/a.c").ToList();

        Assert.Equal("mingw-w64", env.Name);
        Assert.Contains("-fgnuc-version=4.2.1", args);
        var mingw = args.IndexOf("/usr/share/mingw-w64/include");
        var ddk = args.IndexOf("/usr/share/mingw-w64/include/ddk");
        var prelude = args.IndexOf(Prelude);
        Assert.True(mingw > 0 && ddk > mingw && prelude > ddk, string.Join(' ', args));
    }

    [Fact]
    public void Mingw_NotUsedForArm64()
    {
        var env = Resolve(Request(TargetArch.Arm64), LinuxWithMingw());

        Assert.Equal("prelude", env.Name);
        Assert.DoesNotContain("/usr/share/mingw-w64/include", env.ArgumentsFor("/src/a.c"));
    }

    [Fact]
    public void NoSystemHeaders_SkipsMingwAndWdk()
    {
        var host = LinuxWithMingw().File("/wdk/Include/10.0.22621.0/km/wdm.h");
        var env = Resolve(Request(wdk: "/wdk", noSystemHeaders: true), host);

        Assert.Equal("prelude", env.Name);
        var args = env.ArgumentsFor("/src/a.c");
        AssertPair(args, "-isystem", Prelude);
        Assert.DoesNotContain(args, a => a.StartsWith("/wdk", StringComparison.Ordinal) || a.StartsWith("/usr/share/mingw", StringComparison.Ordinal));
    }

    [Fact]
    public void Wdk_ExplicitRootPicksNewestVersionKmFirst()
    {
        var host = new FakeHost(HostPlatform.Windows)
            .File(@"C:\Kits\10\Include\10.0.19041.0\km\wdm.h")
            .File(@"C:\Kits\10\Include\10.0.22621.0\km\wdm.h")
            .Dir(@"C:\Kits\10\Include\10.0.22621.0\shared")
            .Dir(@"C:\Kits\10\Include\10.0.22621.0\um")
            .Dir(@"C:\Kits\10\Include\10.0.22621.0\ucrt");
        var env = Resolve(Request(wdk: @"C:\Kits\10"), host);
        var systemDirs = SystemDirs(env.ArgumentsFor(@"C:\src\a.c"));

        Assert.Equal("wdk", env.Name);
        Assert.Equal(
            [@"C:\Kits\10\Include\10.0.22621.0\km", @"C:\Kits\10\Include\10.0.22621.0\shared", @"C:\Kits\10\Include\10.0.22621.0\um", @"C:\Kits\10\Include\10.0.22621.0\ucrt"],
            systemDirs);
    }

    private static FakeHost KitWithKmdf() => new FakeHost(HostPlatform.Windows)
        .Env("ProgramFiles(x86)", @"C:\Program Files (x86)")
        .File(@"C:\Program Files (x86)\Windows Kits\10\Include\10.0.22621.0\km\wdm.h")
        .File(@"C:\Program Files (x86)\Windows Kits\10\Include\wdf\kmdf\1.15\wdf.h")
        .File(@"C:\Program Files (x86)\Windows Kits\10\Include\wdf\kmdf\1.33\wdf.h")
        .Dir(@"C:\Program Files (x86)\Windows Kits\10\Include\wdf\kmdf\1.35");   // no wdf.h: not a KMDF folder

    [Theory]
    [InlineData(new[] { "KMDF_VERSION_MAJOR=1", "KMDF_VERSION_MINOR=15" }, "1.15")]
    [InlineData(new[] { "KMDF_VERSION_MINOR=33" }, "1.33")]
    [InlineData(new string[0], "1.33")]                                          // none asked for: the newest
    [InlineData(new[] { "KMDF_VERSION_MAJOR=1", "KMDF_VERSION_MINOR=9" }, "1.33")] // not in the kit: the newest
    public void Wdk_AddsTheKmdfFolderOfTheProjectsVersion(string[] defines, string expected)
    {
        var env = Resolve(Request(defines: [.. defines]), KitWithKmdf());
        var dirs = SystemDirs(env.ArgumentsFor(@"C:\src\a.c"));

        Assert.Equal(@"C:\Program Files (x86)\Windows Kits\10\Include\10.0.22621.0\km", dirs[0]);
        Assert.Single(dirs, d => d.Contains(@"\wdf\kmdf\", StringComparison.Ordinal));
        Assert.Contains(@"C:\Program Files (x86)\Windows Kits\10\Include\wdf\kmdf\" + expected, dirs);
        Assert.Contains(env.Description, line => line.StartsWith("KMDF headers: ", StringComparison.Ordinal) && line.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Wdk_FoundThroughProgramFilesX86OnWindows()
    {
        var host = new FakeHost(HostPlatform.Windows)
            .Env("ProgramFiles(x86)", @"C:\Program Files (x86)")
            .File(@"C:\Program Files (x86)\Windows Kits\10\Include\10.0.26100.0\km\ntddk.h");
        var env = Resolve(Request(), host);

        Assert.Equal("wdk", env.Name);
        Assert.Equal([@"C:\Program Files (x86)\Windows Kits\10\Include\10.0.26100.0\km"], SystemDirs(env.ArgumentsFor(@"C:\src\a.c")));
    }

    [Fact]
    public void Explicit_IncludeDirsDefinesAndExtraArgs()
    {
        var env = Resolve(Request(includes: ["/src/inc"], defines: ["POOL_NX_OPTIN=1"], extra: ["-std=c11"]), LinuxWithMingw());
        var args = env.ArgumentsFor("/src/a.c");

        Assert.Equal("explicit", env.Name);
        AssertPair(args, "-I", Path.GetFullPath("/src/inc"));
        Assert.Contains("-DPOOL_NX_OPTIN=1", args);
        Assert.Contains("-std=c11", args);
        // The kernel headers still come from mingw.
        Assert.Contains("/usr/share/mingw-w64/include", args);
    }

    [Fact]
    public void CompileDatabase_FlagsForTheFileComeFirst_AndKernelHeadersInUserDirsSuppressSystemLayer()
    {
        var dir = TempDir.Create();
        var kernel = Path.Combine(dir, "km");
        Directory.CreateDirectory(kernel);
        var source = Path.Combine(dir, "a.c");
        File.WriteAllText(Path.Combine(dir, "compile_commands.json"),
            $$"""[ { "directory": {{System.Text.Json.JsonSerializer.Serialize(dir)}}, "file": "a.c", "arguments": ["cl", "-Ikm", "-DFROM_DB=1", "-c"] } ]""");
        var host = LinuxWithMingw().File(Path.Combine(kernel, "wdm.h"));

        var env = Resolve(Request(database: dir), host);
        var args = env.ArgumentsFor(source);

        Assert.Equal("compile-database", env.Name);
        Assert.NotNull(env.Database);
        AssertPair(args, "-I", kernel);
        Assert.Contains("-DFROM_DB=1", args);
        Assert.DoesNotContain("/usr/share/mingw-w64/include", args);
        Assert.DoesNotContain(Prelude, args);
    }

    [Fact]
    public void CompileDatabase_FileNotListed_BorrowsNearestEntry()
    {
        var dir = TempDir.Create();
        File.WriteAllText(Path.Combine(dir, "compile_commands.json"),
            $$"""[ { "directory": {{System.Text.Json.JsonSerializer.Serialize(dir)}}, "file": "a.c", "arguments": ["cc", "-DFROM_DB=1"] } ]""");

        var env = Resolve(Request(database: Path.Combine(dir, "compile_commands.json")), LinuxWithMingw());

        Assert.Contains("-DFROM_DB=1", env.ArgumentsFor(Path.Combine(dir, "other.c")));
        Assert.Contains("/usr/share/mingw-w64/include", env.ArgumentsFor(Path.Combine(dir, "a.c")));
    }

    private static string DatabaseOf(params string[][] entries)
    {
        var dir = TempDir.Create();
        var json = string.Join(", ", entries.Select((args, i) =>
            $$"""{ "directory": {{System.Text.Json.JsonSerializer.Serialize(dir)}}, "file": "f{{i}}.c", "arguments": {{System.Text.Json.JsonSerializer.Serialize(args)}} }"""));
        File.WriteAllText(Path.Combine(dir, "compile_commands.json"), "[" + json + "]");
        return Path.Combine(dir, "compile_commands.json");
    }

    [Fact]
    public void CompileDatabase_TargetDecidesTheArch_WhenArchIsNotGiven()
    {
        var database = DatabaseOf(["clang", "--target=i686-pc-windows-msvc", "-c"], ["clang", "-target", "i386-pc-windows-msvc", "-c"], ["cl", "/c"]);

        var env = Resolve(Request(arch: null, database: database), LinuxWithMingw());

        Assert.Equal(TargetArch.X86, env.Arch);
        var args = env.ArgumentsFor(Path.Combine(Path.GetDirectoryName(database)!, "f0.c"));
        Assert.Contains("-D_X86_=1", args);
        Assert.DoesNotContain("-D_WIN64=1", args);
        Assert.DoesNotContain("-D_AMD64_=1", args);
        Assert.Empty(env.Warnings);
        Assert.Contains(env.Description, d => d.StartsWith("target: i686-pc-windows-msvc (x86, the compilation database's target)", StringComparison.Ordinal));
    }

    [Fact]
    public void CompileDatabase_TargetOverridesAContradictingArch_WithOneWarning()
    {
        var database = DatabaseOf(["clang", "-m32", "-c"]);

        var env = Resolve(Request(arch: TargetArch.X64, database: database), LinuxWithMingw());

        Assert.Equal(TargetArch.X86, env.Arch);
        var warning = Assert.Single(env.Warnings);
        Assert.StartsWith("--arch x64 ignored: the compilation database ", warning, StringComparison.Ordinal);
        Assert.EndsWith(" builds for x86 (i686-pc-windows-msvc), so its files are parsed and measured as x86", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, TargetArch.X64, "the default")]
    [InlineData(TargetArch.Arm64, TargetArch.Arm64, "--arch")]
    public void CompileDatabase_WithoutOneTarget_LeavesItToArch(TargetArch? asked, TargetArch expected, string source)
    {
        var none = DatabaseOf(["cl", "/c"]);
        var mixed = DatabaseOf(["clang", "--target=i686-pc-windows-msvc"], ["clang", "--target=x86_64-pc-windows-msvc"], ["clang", "-m64"]);

        var fromNone = Resolve(Request(arch: asked, database: none), LinuxWithMingw());
        var fromMixed = Resolve(Request(arch: asked, database: mixed), LinuxWithMingw());

        Assert.Equal(expected, fromNone.Arch);
        Assert.Empty(fromNone.Warnings);
        Assert.Equal(expected, fromMixed.Arch);
        Assert.Equal(
            $"the compilation database {mixed} names several targets (2 entries for x64, 1 entry for x86); every program is measured as {expected.Name()} ({source})",
            Assert.Single(fromMixed.Warnings));
    }

    private static void AssertPair(ImmutableArray<string> args, string flag, string value)
    {
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == flag && args[i + 1] == value)
            {
                return;
            }
        }

        Assert.Fail($"expected '{flag} {value}' in: {string.Join(' ', args)}");
    }

    private static List<string> SystemDirs(ImmutableArray<string> args)
    {
        var result = new List<string>();
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "-isystem")
            {
                result.Add(args[i + 1]);
            }
        }

        return result;
    }
}

public sealed class ExplicitArgumentsTests
{
    [Fact]
    public void DefaultArraysInRequest_MeanNone()
    {
        var request = new HeaderEnvironmentRequest(TargetArch.X64, null, default, default, default, null, true, null) { CaseInsensitiveIncludes = false };

        var env = HeaderEnvironmentResolver.Resolve(request, new FakeHost(HostPlatform.Linux), () => "/p");

        Assert.Equal("prelude", env.Name);
    }

    [Fact]
    public void DatabaseTargetOverride_DecidesTheArch()
    {
        var dir = TempDir.Create();
        var source = Path.Combine(dir, "a.c");
        File.WriteAllText(source, "void f(void) { void *p; }");
        File.WriteAllText(Path.Combine(dir, "compile_commands.json"),
            $$"""[ { "directory": {{System.Text.Json.JsonSerializer.Serialize(dir)}}, "file": "a.c", "arguments": ["clang", "--target=i686-pc-windows-msvc"] } ]""");
        var env = HeaderEnvironmentResolver.Resolve(
            new HeaderEnvironmentRequest(TargetArch.X64, dir, [], [], [], null, true, null) { CaseInsensitiveIncludes = false });
        using var parser = new ClangParser();

        var facts = parser.Parse(source, env);

        Assert.Equal(TargetArch.X86, facts.Arch);
        Assert.Equal(4, facts.Functions.Single().Locals.Single().Type.Size);
    }

    [Fact]
    public void ParseWithRawArguments_TakesArchFromTarget()
    {
        var path = Path.Combine(TempDir.Create(), "raw.c");
        File.WriteAllText(path, "void f(void) { void *p; }");
        using var parser = new ClangParser();

        var facts = parser.Parse(path, ["-x", "c", "--target=i686-pc-windows-msvc"]);

        Assert.Equal(TargetArch.X86, facts.Arch);
        Assert.Equal("explicit", facts.HeaderEnvironment);
        Assert.Equal(4, facts.Functions.Single().Locals.Single().Type.Size);
    }
}
