using StackLint.Frontend;
using Xunit;

namespace StackLint.Tests.Frontend;

public sealed class CompileDatabaseTests
{
    [Fact]
    public void ArgumentsArray_KeepsOnlyParseFlags_AndResolvesRelativeDirs()
    {
        const string json = """
        [ { "directory": "/src/drv", "file": "a.c",
            "arguments": ["clang", "-c", "-o", "obj/a.o", "-Iinc", "-I", "/abs/inc", "-isystem", "sys", "-DFOO=1", "-D", "BAR",
                          "-UBAZ", "-include", "pre.h", "-std=c11", "--target=x86_64-pc-windows-msvc", "-O2", "-Wall", "-MF", "a.d", "a.c"] } ]
        """;

        var db = CompileDatabase.Parse(json, "/src/drv/compile_commands.json");

        var command = Assert.Single(db.Commands);
        Assert.Equal("/src/drv/a.c", command.File);
        Assert.Equal(
            ["-I", "/src/drv/inc", "-I", "/abs/inc", "-isystem", "/src/drv/sys", "-DFOO=1", "-DBAR", "-UBAZ",
             "-include", "/src/drv/pre.h", "-std=c11", "--target=x86_64-pc-windows-msvc"],
            command.Arguments.ToArray());
    }

    [Fact]
    public void CommandString_PosixQuoting()
    {
        const string json = """
        [ { "directory": "/src/drv", "file": "/src/drv/b.c",
            "command": "cc -c '-DNAME=\"x y\"' '-Imy dir' -I\"other dir\" -o b.o b.c" } ]
        """;

        var command = Assert.Single(CompileDatabase.Parse(json, "db.json").Commands);

        Assert.Equal(["-DNAME=\"x y\"", "-I", "/src/drv/my dir", "-I", "/src/drv/other dir"], command.Arguments.ToArray());
    }

    [Fact]
    public void CommandString_WindowsDriveLettersAndBackslashes()
    {
        const string json = """
        [ { "directory": "C:\\src\\drv",
            "file": "a.c",
            "command": "cl.exe /c /nologo /IC:\\wdk\\km /I inc /I\"C:\\Program Files\\x\" /DDBG=1 /DNAME#2 /Fo\"obj\\a.obj\" /O2 /kernel /std:c17 a.c" } ]
        """;

        var command = Assert.Single(CompileDatabase.Parse(json, "db.json").Commands);

        Assert.Equal(@"C:\src\drv\a.c", command.File);
        Assert.Equal(
            ["-I", @"C:\wdk\km", "-I", @"C:\src\drv\inc", "-I", @"C:\Program Files\x", "-DDBG=1", "-DNAME=2", "-D_KERNEL_MODE=1", "-std=c17"],
            command.Arguments.ToArray());
    }

    [Fact]
    public void KitIncludeDirsBecomeSystemDirs_AndGzSelectsStdcall()
    {
        const string json = """
        [ { "directory": "C:\\src", "file": "a.c",
            "arguments": ["cl.exe", "/IC:\\Program Files (x86)\\Windows Kits\\10\\Include\\10.0.22621.0\\km", "/Iinc", "/Gz"] } ]
        """;

        var command = Assert.Single(CompileDatabase.Parse(json, "db.json").Commands);

        Assert.Equal(
            ["-isystem", @"C:\Program Files (x86)\Windows Kits\10\Include\10.0.22621.0\km", "-I", @"C:\src\inc", "-mrtd"],
            command.Arguments.ToArray());
    }

    [Fact]
    public void MsvcEntries_NameTheirTarget_ByTheCompilersFolder_ThenByTheArchitectureMacro()
    {
        const string json = """
        [ { "directory": "C:\\src", "file": "a.c", "arguments": ["C:\\VS\\VC\\Tools\\MSVC\\14.40\\bin\\Hostx64\\x86\\cl.exe", "/D_AMD64_", "a.c"] },
          { "directory": "C:\\src", "file": "b.c", "arguments": ["cl.exe", "/D", "_X86_=1", "/Di386=1", "b.c"] },
          { "directory": "C:\\src", "file": "c.c", "arguments": ["C:\\VS\\bin\\HostX64\\ARM64\\cl.exe", "c.c"] },
          { "directory": "C:\\src", "file": "d.c", "arguments": ["cl.exe", "/D_X86_", "/D_AMD64_", "d.c"] },
          { "directory": "C:\\src", "file": "e.c", "arguments": ["clang-cl", "-m32", "/D_AMD64_", "e.c"] },
          { "directory": "/src", "file": "f.c", "arguments": ["clang", "-D_X86_", "-c", "f.c"] } ]
        """;

        var commands = CompileDatabase.Parse(json, "db.json").Commands;

        Assert.Equal(["-D_AMD64_", "--target=i686-pc-windows-msvc"], commands[0].Arguments.ToArray());
        Assert.Equal(["-D_X86_=1", "-Di386=1", "--target=i686-pc-windows-msvc"], commands[1].Arguments.ToArray());
        Assert.Equal(["--target=aarch64-pc-windows-msvc"], commands[2].Arguments.ToArray());
        // Two architecture macros name no one target; a target flag of its own stays the only one; a clang entry
        // without a target is the user's choice (--arch), not ours.
        Assert.Equal(["-D_X86_", "-D_AMD64_"], commands[3].Arguments.ToArray());
        Assert.Equal(["-m32", "-D_AMD64_"], commands[4].Arguments.ToArray());
        Assert.Equal(["-D_X86_"], commands[5].Arguments.ToArray());
    }

    [Fact]
    public void SecurityCookieFlags_AreKept_GsBecomesTheClangSpelling()
    {
        const string json = """
        [ { "directory": "C:\\src", "file": "a.c", "arguments": ["cl.exe", "/GS", "a.c"] },
          { "directory": "C:\\src", "file": "b.c", "arguments": ["cl.exe", "/GS-", "b.c"] },
          { "directory": "/src", "file": "c.c", "arguments": ["clang", "-fstack-protector-strong", "-c", "c.c"] } ]
        """;

        var commands = CompileDatabase.Parse(json, "db.json").Commands;

        Assert.Equal(["-fstack-protector-strong"], commands[0].Arguments.ToArray());
        Assert.Equal(["-fno-stack-protector"], commands[1].Arguments.ToArray());
        Assert.Equal(["-fstack-protector-strong"], commands[2].Arguments.ToArray());
    }

    [Fact]
    public void WindowsFileLookup_IgnoresCaseAndSeparators()
    {
        const string json = """[ { "directory": "C:\\src\\drv", "file": "Sub\\A.c", "arguments": ["clang-cl", "/DX"] } ]""";

        var db = CompileDatabase.Parse(json, "db.json");

        Assert.NotNull(db.Find(@"c:\SRC\drv\sub\a.c"));
        Assert.NotNull(db.Find("C:/src/drv/Sub/A.c"));
        Assert.Null(db.Find(@"C:\src\drv\other.c"));
    }

    [Fact]
    public void RelativeParentDirectoriesAreFolded_OnWindowsPaths()
    {
        const string json = """[ { "directory": "C:\\src\\drv\\build", "file": "..\\a.c", "arguments": ["cl", "/I..\\inc"] } ]""";

        var command = Assert.Single(CompileDatabase.Parse(json, "db.json").Commands);

        Assert.Equal(@"C:\src\drv\a.c", command.File);
        Assert.Equal(["-I", @"C:\src\drv\inc"], command.Arguments.ToArray());
    }

    [Fact]
    public void ResponseFilesAndRelativeDirectory_AreResolved()
    {
        var dir = TempDir.Create();
        Directory.CreateDirectory(Path.Combine(dir, "build"));
        File.WriteAllText(Path.Combine(dir, "build", "flags.rsp"), "-DFROM_RSP=1 -I../inc\n-O2");
        var db = Path.Combine(dir, "compile_commands.json");
        File.WriteAllText(db, """[ { "directory": "build", "file": "../a.c", "arguments": ["cc", "@flags.rsp", "-c"] } ]""");

        var command = Assert.Single(CompileDatabase.Load(db).Commands);

        Assert.Equal(Path.Combine(dir, "a.c"), command.File);
        Assert.Equal(["-DFROM_RSP=1", "-I", Path.Combine(dir, "inc")], command.Arguments.ToArray());
    }

    [Fact]
    public void BackslashesInRelativePaths_AreSeparators_WhateverTheHost()
    {
        // A database written by a Windows tool and copied next to the sources: relative file, /I and /FI with
        // backslashes under a directory of this machine.
        var dir = TempDir.Create();
        var db = Path.Combine(dir, "compile_commands.json");
        File.WriteAllText(db, "[ { \"directory\": " + System.Text.Json.JsonSerializer.Serialize(dir)
            + """, "file": "src\\a.c", "arguments": ["cl.exe", "/c", "/Isrc\\inc", "/FIsrc\\inc\\cfg.h", "src\\a.c"] } ]""");

        var command = Assert.Single(CompileDatabase.Load(db).Commands);

        Assert.Equal(Path.Combine(dir, "src", "a.c"), command.File);
        Assert.Equal(["-I", Path.Combine(dir, "src", "inc"), "-include", Path.Combine(dir, "src", "inc", "cfg.h")],
            command.Arguments.Where(a => !a.StartsWith("--target", StringComparison.Ordinal)).ToArray());
    }

    [Fact]
    public void MissingResponseFile_IsOneWarningNamingItAndTheEntries_AndTheEntriesStillLoad()
    {
        var dir = TempDir.Create();
        File.WriteAllText(Path.Combine(dir, "ok.rsp"), "-DFROM_RSP=1");
        var db = Path.Combine(dir, "compile_commands.json");
        File.WriteAllText(db, """
            [ { "directory": ".", "file": "a.c", "arguments": ["cc", "@gone.rsp", "@ok.rsp", "-DA=1", "-c"] },
              { "directory": ".", "file": "b.c", "arguments": ["cc", "@gone.rsp", "-c"] },
              { "directory": ".", "file": "c.c", "arguments": ["cc", "@ok.rsp", "-c"] } ]
            """);

        var database = CompileDatabase.Load(db);

        Assert.Equal(3, database.Commands.Length);
        Assert.Equal(["-DFROM_RSP=1", "-DA=1"], database.Commands[0].Arguments.ToArray());
        var warning = Assert.Single(database.Warnings);
        Assert.Equal($"{db}: cannot read response file '{Path.Combine(dir, "gone.rsp")}' (not found), named by 2 entries; "
            + "those files are parsed without its flags (build once so the file exists, or regenerate the database)", warning);
    }

    [Fact]
    public void Malformed_ThrowsWithFileAndPosition()
    {
        var dir = TempDir.Create();
        var path = Path.Combine(dir, "compile_commands.json");
        File.WriteAllText(path, "[\n  { \"file\": \"a.c\",\n    \"arguments\": [\"cc\" \"-c\"] }\n]");

        var e = Assert.Throws<CompileDatabaseException>(() => CompileDatabase.Load(dir));

        Assert.Contains(path, e.Message);
        Assert.Contains("(3,", e.Message);
    }

    [Fact]
    public void EntryWithoutCommand_ThrowsNamingTheEntry()
    {
        var e = Assert.Throws<CompileDatabaseException>(() => CompileDatabase.Parse("""[ { "file": "a.c" } ]""", "x.json"));

        Assert.Contains("x.json", e.Message);
        Assert.Contains("entry 0", e.Message);
    }

    [Fact]
    public void Load_AcceptsFileOrDirectory()
    {
        var dir = TempDir.Create();
        var path = Path.Combine(dir, "compile_commands.json");
        File.WriteAllText(path, $$"""[ { "directory": {{System.Text.Json.JsonSerializer.Serialize(dir)}}, "file": "a.c", "arguments": ["cc", "-Iinc"] } ]""");

        Assert.Equal(Path.Combine(dir, "inc"), CompileDatabase.Load(dir).Commands[0].Arguments[1]);
        Assert.Equal(Path.Combine(dir, "a.c"), CompileDatabase.Load(path).Commands[0].File);
    }
}

internal static class TempDir
{
    public static string Create()
    {
        var dir = Path.Combine(Path.GetTempPath(), "stacklint-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
