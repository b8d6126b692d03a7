using StackLint.Frontend;
using Xunit;

namespace StackLint.Tests.Frontend;

public sealed class LibClangLocatorTests
{
    [Fact]
    public void Linux_PicksNewestLlvmAndItsResourceDir()
    {
        var host = new FakeHost(HostPlatform.Linux)
            .File("/usr/lib/llvm-14/lib/libclang-14.so.1")
            .Dir("/usr/lib/llvm-14/lib/clang/14.0.6/include")
            .File("/usr/lib/llvm-19/lib/libclang-19.so.1")
            .File("/usr/lib/llvm-19/lib/libclang-cpp.so.19.1")
            .Dir("/usr/lib/llvm-19/lib/clang/19/include");

        var location = LibClangLocator.Locate(host, out var failure);

        Assert.NotNull(location);
        Assert.Equal("/usr/lib/llvm-19/lib/libclang-19.so.1", location.LibraryPath);
        Assert.Equal("/usr/lib/llvm-19/lib/clang/19", location.ResourceDir);
        Assert.Equal(19, location.MajorVersion);
        Assert.Empty(failure);
    }

    [Fact]
    public void Linux_MultiarchLibraryFindsDebianResourceDir()
    {
        var host = new FakeHost(HostPlatform.Linux)
            .File("/usr/lib/x86_64-linux-gnu/libclang-18.so.18")
            .Dir("/usr/lib/clang/18/include");

        var location = LibClangLocator.Locate(host, out _);

        Assert.NotNull(location);
        Assert.Equal("/usr/lib/x86_64-linux-gnu/libclang-18.so.18", location.LibraryPath);
        Assert.Equal("/usr/lib/clang/18", location.ResourceDir);
        Assert.Equal(18, location.MajorVersion);
    }

    [Fact]
    public void EnvironmentVariable_FileWinsOverInstalledVersions()
    {
        var host = new FakeHost(HostPlatform.Linux)
            .File("/usr/lib/llvm-19/lib/libclang-19.so.1")
            .File("/opt/custom/lib/libclang.so.17")
            .Dir("/opt/custom/lib/clang/17/include")
            .Env(LibClangLocator.EnvironmentVariable, "/opt/custom/lib/libclang.so.17");

        var location = LibClangLocator.Locate(host, out _);

        Assert.NotNull(location);
        Assert.Equal("/opt/custom/lib/libclang.so.17", location.LibraryPath);
        Assert.Equal("/opt/custom/lib/clang/17", location.ResourceDir);
        Assert.Equal(17, location.MajorVersion);
    }

    [Fact]
    public void EnvironmentVariable_DirectoryIsSearched()
    {
        var host = new FakeHost(HostPlatform.Windows)
            .File(@"D:\tools\llvm\bin\libclang.dll")
            .Dir(@"D:\tools\llvm\lib\clang\18\include")
            .Env(LibClangLocator.EnvironmentVariable, @"D:\tools\llvm");

        var location = LibClangLocator.Locate(host, out _);

        Assert.NotNull(location);
        Assert.Equal(@"D:\tools\llvm\bin\libclang.dll", location.LibraryPath);
        Assert.Equal(@"D:\tools\llvm\lib\clang\18", location.ResourceDir);
        Assert.Equal(18, location.MajorVersion);
    }

    [Fact]
    public void EnvironmentVariable_PointingNowhere_FailsWithoutFallingBack()
    {
        var host = new FakeHost(HostPlatform.Linux)
            .File("/usr/lib/llvm-19/lib/libclang-19.so.1")
            .Env(LibClangLocator.EnvironmentVariable, "/nope/libclang.so");

        var location = LibClangLocator.Locate(host, out var failure);

        Assert.Null(location);
        Assert.Contains("STACKLINT_LIBCLANG", failure);
        Assert.Contains("/nope/libclang.so", failure);
    }

    [Fact]
    public void Windows_ProgramFilesLlvmWithBackslashPaths()
    {
        var host = new FakeHost(HostPlatform.Windows)
            .Env("ProgramFiles", @"C:\Program Files")
            .File(@"C:\Program Files\LLVM\bin\libclang.dll")
            .Dir(@"C:\Program Files\LLVM\lib\clang\19\include");

        var location = LibClangLocator.Locate(host, out _);

        Assert.NotNull(location);
        Assert.Equal(@"C:\Program Files\LLVM\bin\libclang.dll", location.LibraryPath);
        Assert.Equal(@"C:\Program Files\LLVM\lib\clang\19", location.ResourceDir);
        Assert.Equal(19, location.MajorVersion);
    }

    [Fact]
    public void Windows_VisualStudioClangToolsNewestYearFirst()
    {
        const string vs2019 = @"C:\Program Files\Microsoft Visual Studio\2019\Professional\VC\Tools\Llvm\x64";
        const string vs2022 = @"C:\Program Files\Microsoft Visual Studio\2022\Community\VC\Tools\Llvm\x64";
        var host = new FakeHost(HostPlatform.Windows)
            .Env("ProgramFiles", @"C:\Program Files")
            .File(vs2019 + @"\bin\libclang.dll")
            .Dir(vs2019 + @"\lib\clang\12.0.0\include")
            .File(vs2022 + @"\bin\libclang.dll")
            .Dir(vs2022 + @"\lib\clang\17\include");

        var location = LibClangLocator.Locate(host, out _);

        Assert.NotNull(location);
        Assert.Equal(vs2022 + @"\bin\libclang.dll", location.LibraryPath);
        Assert.Equal(vs2022 + @"\lib\clang\17", location.ResourceDir);
        Assert.Equal(17, location.MajorVersion);
    }

    [Fact]
    public void MacOS_Homebrew()
    {
        var host = new FakeHost(HostPlatform.MacOS)
            .File("/opt/homebrew/opt/llvm/lib/libclang.dylib")
            .Dir("/opt/homebrew/opt/llvm/lib/clang/19/include");

        var location = LibClangLocator.Locate(host, out _);

        Assert.NotNull(location);
        Assert.Equal("/opt/homebrew/opt/llvm/lib/clang/19", location.ResourceDir);
    }

    [Theory]
    [InlineData(HostPlatform.Linux, "apt-get install libclang1-19 libclang-common-19-dev")]
    [InlineData(HostPlatform.Windows, "C++ Clang tools")]
    [InlineData(HostPlatform.MacOS, "brew install llvm")]
    public void NothingFound_MessageSaysWhatToInstall(HostPlatform platform, string advice)
    {
        var location = LibClangLocator.Locate(new FakeHost(platform), out var failure);

        Assert.Null(location);
        Assert.Contains(advice, failure);
        Assert.Contains(LibClangLocator.EnvironmentVariable, failure);
    }

    [Fact]
    public void RealMachine_FindsAWorkingLibrary()
    {
        // The build machines have libclang installed; this is the check that the real search works there.
        var location = LibClangLocator.Locate(out var failure);

        Assert.True(location is not null, failure);
        Assert.True(File.Exists(location.LibraryPath));
        Assert.NotNull(location.ResourceDir);
        Assert.True(File.Exists(Path.Combine(location.ResourceDir!, "include", "stddef.h")));
    }
}

public sealed class LibClangInitializationTests
{
    [Fact]
    public void Initialize_IsIdempotent_AndRefusesASecondLibrary()
    {
        var location = LibClang.EnsureInitialized();

        LibClang.Initialize(location);
        LibClang.Initialize(location with { ResourceDir = null });

        Assert.Throws<InvalidOperationException>(() => LibClang.Initialize(location with { LibraryPath = "/elsewhere/libclang.so" }));
        Assert.Contains("clang version", LibClang.Version());
    }
}
