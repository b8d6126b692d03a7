using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace StackLint.Frontend;

/// <summary>A compile_commands.json that could not be read; the message names the file and the problem.</summary>
public sealed class CompileDatabaseException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// One entry of a compilation database. <see cref="Arguments"/> holds only the flags that change how the file
/// parses (include dirs, defines, forced includes, language standard, target), with relative paths resolved
/// against <see cref="Directory"/>; everything else (outputs, optimization, warnings) is dropped.
/// </summary>
public sealed record CompileCommand(string Directory, string File, ImmutableArray<string> Arguments);

/// <summary>Reads compile_commands.json. Nothing in it is ever executed.</summary>
public sealed class CompileDatabase
{
    private CompileDatabase(string path, ImmutableArray<CompileCommand> commands, ImmutableArray<string> warnings)
    {
        Path = path;
        Commands = commands;
        Warnings = warnings;
    }

    /// <summary>The compile_commands.json file that was read.</summary>
    public string Path { get; }

    public ImmutableArray<CompileCommand> Commands { get; }

    /// <summary>
    /// What was read but not usable, one sentence each (a response file that cannot be read: the entries naming it are
    /// parsed without its flags, so their results may differ from the build's). The run goes on; hosts show these.
    /// </summary>
    public ImmutableArray<string> Warnings { get; }

    /// <summary>Loads a database from the file or from compile_commands.json in the directory.</summary>
    /// <exception cref="CompileDatabaseException">Missing, unreadable or malformed.</exception>
    public static CompileDatabase Load(string pathOrDirectory)
    {
        var path = System.IO.Directory.Exists(pathOrDirectory)
            ? System.IO.Path.Combine(pathOrDirectory, "compile_commands.json")
            : pathOrDirectory;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CompileDatabaseException($"{path}: cannot read the compilation database: {e.Message}", e);
        }

        return Parse(text, System.IO.Path.GetFullPath(path));
    }

    /// <summary>Parses database text; <paramref name="path"/> is only used in messages.</summary>
    public static CompileDatabase Parse(string json, string path)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var pos = (e.BytePositionInLine ?? 0) + 1;
            throw new CompileDatabaseException($"{path}({line},{pos}): malformed compilation database: {e.Message}", e);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new CompileDatabaseException($"{path}: a compilation database must be a JSON array of entries, found {doc.RootElement.ValueKind}.");
            }

            var commands = ImmutableArray.CreateBuilder<CompileCommand>();
            var unreadable = new UnreadableResponseFiles();
            var index = 0;
            foreach (var entry in doc.RootElement.EnumerateArray())
            {
                commands.Add(ReadEntry(entry, index, path, unreadable));
                index++;
            }

            return new CompileDatabase(path, commands.ToImmutable(), unreadable.Warnings(path));
        }
    }

    /// <summary>The entry for a source file (path compared case-insensitively where the paths look like Windows ones).</summary>
    public CompileCommand? Find(string sourcePath)
    {
        var wanted = Normalize(sourcePath);
        var ignoreCase = OperatingSystem.IsWindows() || CommandLineSplitter.LooksLikeWindowsPath(sourcePath);
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (var c in Commands)
        {
            if (string.Equals(Normalize(c.File), wanted, comparison))
            {
                return c;
            }
        }

        return null;
    }

    private static string Normalize(string p) => p.Replace('\\', '/');

    private static CompileCommand ReadEntry(JsonElement entry, int index, string path, UnreadableResponseFiles unreadable)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new CompileDatabaseException($"{path}: entry {index} is not an object.");
        }

        var databaseDir = System.IO.Path.GetDirectoryName(path) ?? ".";
        var directory = OptionalString(entry, "directory", index, path) ?? databaseDir;
        if (!PathResolver.IsAbsolute(directory))
        {
            // Relative to the database, not to wherever stacklint happens to run.
            directory = PathResolver.Resolve(databaseDir, directory);
        }

        var file = OptionalString(entry, "file", index, path)
                   ?? throw new CompileDatabaseException($"{path}: entry {index} has no \"file\".");
        IReadOnlyList<string> args;
        if (entry.TryGetProperty("arguments", out var arguments))
        {
            if (arguments.ValueKind != JsonValueKind.Array || arguments.EnumerateArray().Any(a => a.ValueKind != JsonValueKind.String))
            {
                throw new CompileDatabaseException($"{path}: entry {index}: \"arguments\" must be an array of strings.");
            }

            args = arguments.EnumerateArray().Select(a => a.GetString()!).ToList();
        }
        else
        {
            var command = OptionalString(entry, "command", index, path)
                          ?? throw new CompileDatabaseException($"{path}: entry {index} has neither \"arguments\" nor \"command\".");
            var windows = CommandLineSplitter.LooksLikeWindowsCommand(command, directory);
            args = windows ? CommandLineSplitter.SplitWindows(command) : CommandLineSplitter.SplitPosix(command);
        }

        var msvcStyle = args.Count > 0 && CommandLineSplitter.IsMsvcDriver(args[0])
                        || CommandLineSplitter.LooksLikeWindowsPath(directory);
        args = ExpandResponseFiles(args, directory, msvcStyle, unreadable);
        return new CompileCommand(directory, PathResolver.Resolve(directory, file), FilterArguments(args, directory, msvcStyle));
    }

    private static string? OptionalString(JsonElement entry, string name, int index, string path)
    {
        if (!entry.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new CompileDatabaseException($"{path}: entry {index}: \"{name}\" must be a string.");
    }

    /// <summary>
    /// '@file' arguments (response files, common in MSBuild-generated databases) are replaced by the file's
    /// arguments; one level only, and an unreadable response file is left out (its flags are then missing) and noted
    /// in <paramref name="unreadable"/>.
    /// </summary>
    private static IReadOnlyList<string> ExpandResponseFiles(IReadOnlyList<string> args, string directory, bool windows, UnreadableResponseFiles unreadable)
    {
        if (!args.Any(a => a.StartsWith('@')))
        {
            return args;
        }

        var result = new List<string>();
        foreach (var a in args)
        {
            if (!a.StartsWith('@') || a.Length == 1)
            {
                result.Add(a);
                continue;
            }

            var responseFile = PathResolver.Resolve(directory, a[1..]);
            try
            {
                var text = File.ReadAllText(responseFile);
                result.AddRange(windows ? CommandLineSplitter.SplitWindows(text) : CommandLineSplitter.SplitPosix(text));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                // Keep going with the flags we have, and say which file was missing and why.
                unreadable.Add(responseFile, e is FileNotFoundException or DirectoryNotFoundException ? "not found" : e.Message.TrimEnd('.'));
            }
        }

        return result;
    }

    // Flags whose value is the next argument and that do not affect parsing: skipped with their value.
    private static readonly string[] SkippedWithValue =
    [
        "-o", "-MF", "-MT", "-MQ", "-Xclang", "-Xlinker", "-Xassembler", "-x", "-arch", "-include-pch", "-main-file-name",
        "-dependency-file", "-MJ", "-aux-target", "--serialize-diagnostics", "-Xpreprocessor",
    ];

    /// <summary>Keeps the parse-affecting flags, in order, in clang driver spelling.</summary>
    internal static ImmutableArray<string> FilterArguments(IReadOnlyList<string> args, string directory, bool msvcStyle)
    {
        var result = ImmutableArray.CreateBuilder<string>();
        // args[0] is the compiler.
        for (var i = 1; i < args.Count; i++)
        {
            var a = args[i];
            string? Next() => i + 1 < args.Count ? args[++i] : null;

            string? Value(string flag)
            {
                if (a.Length > flag.Length)
                {
                    return a[flag.Length..];
                }

                return Next();
            }

            if (SkippedWithValue.Contains(a, StringComparer.Ordinal))
            {
                i++;
                continue;
            }

            if (a.StartsWith("-I", StringComparison.Ordinal) || msvcStyle && a.StartsWith("/I", StringComparison.Ordinal))
            {
                // Kit and toolchain headers given with -I (MSBuild does this) are system headers: their
                // inline functions are not the driver's code.
                var dir = Value("-I");
                AddPath(result, dir is not null && IsToolchainDirectory(dir) ? "-isystem" : "-I", dir, directory);
            }
            else if (a.StartsWith("-isystem", StringComparison.Ordinal))
            {
                AddPath(result, "-isystem", Value("-isystem"), directory);
            }
            else if (a.StartsWith("-imsvc", StringComparison.Ordinal) || msvcStyle && a.StartsWith("/imsvc", StringComparison.Ordinal))
            {
                AddPath(result, "-isystem", Value("-imsvc"), directory);
            }
            else if (a.StartsWith("-external:I", StringComparison.Ordinal) || msvcStyle && a.StartsWith("/external:I", StringComparison.Ordinal))
            {
                AddPath(result, "-isystem", Value("-external:I"), directory);
            }
            else if (a.StartsWith("-idirafter", StringComparison.Ordinal))
            {
                AddPath(result, "-idirafter", Value("-idirafter"), directory);
            }
            else if (a.StartsWith("-iquote", StringComparison.Ordinal))
            {
                AddPath(result, "-iquote", Value("-iquote"), directory);
            }
            else if (a == "-include" || a == "-imacros")
            {
                var flag = a;
                AddPath(result, flag, Next(), directory);
            }
            else if (msvcStyle && (a.StartsWith("/FI", StringComparison.Ordinal) || a.StartsWith("-FI", StringComparison.Ordinal)))
            {
                AddPath(result, "-include", Value("/FI"), directory);
            }
            else if (a.StartsWith("-D", StringComparison.Ordinal) || msvcStyle && a.StartsWith("/D", StringComparison.Ordinal))
            {
                var d = Value("-D");
                if (!string.IsNullOrEmpty(d))
                {
                    // MSVC accepts NAME#VALUE for NAME=VALUE.
                    if (msvcStyle && !d.Contains('=') && d.Contains('#'))
                    {
                        d = d.Replace('#', '=');
                    }

                    result.Add("-D" + d);
                }
            }
            else if (a.StartsWith("-U", StringComparison.Ordinal) || msvcStyle && a.StartsWith("/U", StringComparison.Ordinal))
            {
                var u = Value("-U");
                if (!string.IsNullOrEmpty(u))
                {
                    result.Add("-U" + u);
                }
            }
            else if (a.StartsWith("-std=", StringComparison.Ordinal))
            {
                result.Add(a);
            }
            else if (msvcStyle && (a.StartsWith("/std:c", StringComparison.Ordinal) || a.StartsWith("-std:c", StringComparison.Ordinal)))
            {
                // /std:c11, /std:c17, /std:clatest; /std:c++NN is C++ and meaningless for C sources.
                var std = a[6..];
                if (!std.StartsWith('+'))
                {
                    result.Add("-std=" + (std == "latest" ? "c2x" : "c" + std));
                }
            }
            else if (a.StartsWith("--target=", StringComparison.Ordinal) || a is "-m32" or "-m64" or "-fms-extensions" or "-fms-compatibility"
                     || a.StartsWith("-fms-compatibility-version=", StringComparison.Ordinal) || a.StartsWith("-fpack-struct", StringComparison.Ordinal)
                     || a is "-funsigned-char" or "-fsigned-char" or "-fshort-wchar")
            {
                result.Add(a);
            }
            else if (a is "-target")
            {
                var t = Next();
                if (t is not null)
                {
                    result.Add("--target=" + t);
                }
            }
            else if (a.StartsWith("-fstack-protector", StringComparison.Ordinal) || a is "-fno-stack-protector")
            {
                // The security cookie takes a slot in the frame (clang's -fstack-protector*, MSVC's /GS).
                result.Add(a);
            }
            else if (msvcStyle && a is "/GS" or "-GS" or "/GS-" or "-GS-")
            {
                result.Add(a.EndsWith('-') ? "-fno-stack-protector" : "-fstack-protector-strong");
            }
            else if (msvcStyle && a is "/kernel" or "-kernel")
            {
                result.Add("-D_KERNEL_MODE=1");
            }
            else if (msvcStyle && a is "/Gz" or "-Gz" || a is "-mrtd")
            {
                // __stdcall by default (clang's driver spelling of /Gz; only meaningful on x86).
                result.Add("-mrtd");
            }
            else if (msvcStyle && a is "/J" or "-J")
            {
                // MSVC /J: char is unsigned.
                result.Add("-funsigned-char");
            }
            else if (msvcStyle && (a.StartsWith("/Zp", StringComparison.Ordinal) || a.StartsWith("-Zp", StringComparison.Ordinal)))
            {
                result.Add(a.Length > 3 ? "-fpack-struct=" + a[3..] : "-fpack-struct=1");
            }
        }

        // clang needs the target named, or a Win32 file is parsed as x64 next to its own _X86_. cl.exe has no such
        // flag: its folder is the target (...\bin\Hostx64\x86\cl.exe), and the WDK's build defines the
        // architecture's macro (_X86_, _AMD64_, _ARM64_).
        if (msvcStyle && TargetArchNames.FromArguments(result) is null && (MsvcCompilerTarget(args) ?? ArchitectureMacroTarget(result)) is { } target)
        {
            result.Add("--target=" + target.Triple());
        }

        return result.ToImmutable();
    }

    /// <summary>The target of a cl.exe by the folder it is in (x86, x64 or amd64, arm64), as Visual Studio lays them out.</summary>
    private static TargetArch? MsvcCompilerTarget(IReadOnlyList<string> args)
    {
        if (args.Count == 0) return null;
        var parts = args[0].Split('/', '\\');
        if (parts.Length < 2 || parts[^1].ToLowerInvariant() is not ("cl" or "cl.exe")) return null;
        return parts[^2].ToLowerInvariant() switch
        {
            "x86" => TargetArch.X86,
            "x64" or "amd64" => TargetArch.X64,
            "arm64" => TargetArch.Arm64,
            _ => null,
        };
    }

    /// <summary>The target the WDK's architecture macro names when exactly one of them is defined.</summary>
    private static TargetArch? ArchitectureMacroTarget(ImmutableArray<string>.Builder arguments)
    {
        TargetArch? found = null;
        foreach (var a in arguments)
        {
            var name = a.StartsWith("-D", StringComparison.Ordinal) ? a[2..].Split('=')[0] : null;
            TargetArch? arch = name switch
            {
                "_X86_" => TargetArch.X86,
                "_AMD64_" => TargetArch.X64,
                "_ARM64_" => TargetArch.Arm64,
                _ => null,
            };
            if (arch is null) continue;
            if (found is not null && found != arch) return null;
            found = arch;
        }

        return found;
    }

    internal static bool IsToolchainDirectory(string dir) =>
        dir.Contains("Windows Kits", StringComparison.OrdinalIgnoreCase)
        || dir.Contains("Microsoft Visual Studio", StringComparison.OrdinalIgnoreCase)
        || dir.Contains("mingw-w64", StringComparison.OrdinalIgnoreCase);

    private static void AddPath(ImmutableArray<string>.Builder result, string flag, string? value, string directory)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var resolved = PathResolver.Resolve(directory, value);
        if (flag.StartsWith("-include", StringComparison.Ordinal) || flag == "-imacros")
        {
            result.Add(flag);
            result.Add(resolved);
        }
        else
        {
            result.Add(flag);
            result.Add(resolved);
        }
    }
}

/// <summary>Resolves possibly-relative paths that may be Windows paths even when running elsewhere.</summary>
/// <summary>Response files that could not be read, each with the first reason and how many entries named it.</summary>
internal sealed class UnreadableResponseFiles
{
    private readonly List<(string Path, string Reason, int Entries)> _files = [];

    public void Add(string path, string reason)
    {
        int known = _files.FindIndex(f => f.Path == path);
        if (known >= 0)
            _files[known] = _files[known] with { Entries = _files[known].Entries + 1 };
        else
            _files.Add((path, reason, 1));
    }

    /// <summary>One sentence per file, in the order the database first names them.</summary>
    public ImmutableArray<string> Warnings(string databasePath) =>
        [.. _files.Select(f => string.Create(CultureInfo.InvariantCulture,
            $"{databasePath}: cannot read response file '{f.Path}' ({f.Reason}), named by {f.Entries} entr{(f.Entries == 1 ? "y" : "ies")}; those files are parsed without its flags (build once so the file exists, or regenerate the database)"))];
}

internal static class PathResolver
{
    public static bool IsAbsolute(string path) =>
        path.StartsWith('/') || path.StartsWith('\\') || CommandLineSplitter.HasDriveLetter(path);

    public static string Resolve(string directory, string path)
    {
        if (IsAbsolute(path))
        {
            return Normalize(path);
        }

        var windows = CommandLineSplitter.LooksLikeWindowsPath(directory);
        var sep = windows ? '\\' : '/';
        var joined = directory.Length == 0 ? path : directory.TrimEnd('/', '\\') + sep + path;
        return Normalize(joined);
    }

    /// <summary>Host paths go through Path.GetFullPath; foreign Windows paths on a POSIX host get '.'/'..' folded by hand.</summary>
    private static string Normalize(string path)
    {
        var foreignWindows = !OperatingSystem.IsWindows() && CommandLineSplitter.HasDriveLetter(path);
        if (!foreignWindows)
        {
            try
            {
                // A database written on Windows names relative files and folders with backslashes ('src\a.c',
                // '/Iinc\km'); on a POSIX host they are separators too, as the README promises.
                return System.IO.Path.GetFullPath(OperatingSystem.IsWindows() ? path : path.Replace('\\', '/'));
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                return path;
            }
        }

        var parts = new List<string>();
        foreach (var part in path.Split('\\', '/'))
        {
            if (part == "." || part.Length == 0 && parts.Count > 0)
            {
                continue;
            }

            if (part == ".." && parts.Count > 1)
            {
                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return string.Join('\\', parts);
    }
}

/// <summary>Splits a command string the way the compiler's host would have.</summary>
internal static class CommandLineSplitter
{
    public static bool HasDriveLetter(string path) =>
        path.Length >= 3 && char.IsAsciiLetter(path[0]) && path[1] == ':' && path[2] is '\\' or '/';

    public static bool LooksLikeWindowsPath(string path) => HasDriveLetter(path) || path.StartsWith(@"\\", StringComparison.Ordinal);

    public static bool IsMsvcDriver(string program)
    {
        var name = program.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..].ToLowerInvariant();
        return name is "cl" or "cl.exe" or "clang-cl" or "clang-cl.exe";
    }

    public static bool LooksLikeWindowsCommand(string command, string directory)
    {
        var trimmed = command.TrimStart();
        var first = trimmed.StartsWith('"') ? trimmed[1..] : trimmed;
        return LooksLikeWindowsPath(directory) || HasDriveLetter(first)
               || IsMsvcDriver(first.Split(' ', 2)[0].Trim('"'));
    }

    /// <summary>CommandLineToArgvW rules: backslashes are literal unless they precede a quote.</summary>
    public static List<string> SplitWindows(string command)
    {
        var result = new List<string>();
        var current = new StringBuilder();
        var inQuotes = false;
        var hasToken = false;
        var i = 0;
        while (i < command.Length)
        {
            var c = command[i];
            if (c == '\\')
            {
                var n = 0;
                while (i < command.Length && command[i] == '\\')
                {
                    n++;
                    i++;
                }

                if (i < command.Length && command[i] == '"')
                {
                    current.Append('\\', n / 2);
                    if (n % 2 == 1)
                    {
                        current.Append('"');
                        i++;
                    }
                }
                else
                {
                    current.Append('\\', n);
                }

                hasToken = true;
                continue;
            }

            if (c == '"')
            {
                if (inQuotes && i + 1 < command.Length && command[i + 1] == '"')
                {
                    current.Append('"');
                    i += 2;
                    continue;
                }

                inQuotes = !inQuotes;
                hasToken = true;
                i++;
                continue;
            }

            if (!inQuotes && char.IsWhiteSpace(c))
            {
                if (hasToken)
                {
                    result.Add(current.ToString());
                    current.Clear();
                    hasToken = false;
                }

                i++;
                continue;
            }

            current.Append(c);
            hasToken = true;
            i++;
        }

        if (hasToken)
        {
            result.Add(current.ToString());
        }

        return result;
    }

    /// <summary>POSIX shell word splitting: single quotes literal, double quotes with \-escapes, bare \-escapes.</summary>
    public static List<string> SplitPosix(string command)
    {
        var result = new List<string>();
        var current = new StringBuilder();
        var hasToken = false;
        var i = 0;
        while (i < command.Length)
        {
            var c = command[i];
            if (c == '\'')
            {
                var end = command.IndexOf('\'', i + 1);
                if (end < 0)
                {
                    end = command.Length;
                }

                current.Append(command, i + 1, end - i - 1);
                hasToken = true;
                i = end + 1;
                continue;
            }

            if (c == '"')
            {
                i++;
                while (i < command.Length && command[i] != '"')
                {
                    if (command[i] == '\\' && i + 1 < command.Length && command[i + 1] is '"' or '\\' or '$' or '`')
                    {
                        i++;
                    }

                    current.Append(command[i]);
                    i++;
                }

                hasToken = true;
                i++;
                continue;
            }

            if (c == '\\' && i + 1 < command.Length)
            {
                current.Append(command[i + 1]);
                hasToken = true;
                i += 2;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (hasToken)
                {
                    result.Add(current.ToString());
                    current.Clear();
                    hasToken = false;
                }

                i++;
                continue;
            }

            current.Append(c);
            hasToken = true;
            i++;
        }

        if (hasToken)
        {
            result.Add(current.ToString());
        }

        return result;
    }
}
