using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace StackLint.Frontend;

/// <summary>What the user asked for; <see cref="HeaderEnvironmentResolver"/> turns it into clang arguments.</summary>
/// <param name="Arch">The target the user asked for; null: the compilation database's target when its entries name one, else x64.</param>
public sealed record HeaderEnvironmentRequest(
    TargetArch? Arch,
    string? CompileDatabasePath,
    ImmutableArray<string> IncludeDirs,
    ImmutableArray<string> Defines,
    ImmutableArray<string> ExtraArgs,
    string? WdkDir,
    bool NoSystemHeaders,
    string? ResourceDir)
{
    /// <summary>Where the prelude and generated overlays go; defaults to &lt;temp&gt;/stacklint.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Map #include names case-insensitively (null: only on Linux, whose file systems are case-sensitive).</summary>
    public bool? CaseInsensitiveIncludes { get; init; }
}

/// <summary>
/// The resolved way to parse files: common clang arguments plus per-file flags from a compilation database.
/// Immutable apart from a cache of generated overlay files, so it can be shared by parallel parsers.
/// </summary>
public sealed class HeaderEnvironment
{
    private readonly ImmutableArray<string> _leading;
    private readonly ImmutableArray<string> _user;
    private readonly ImmutableArray<string> _trailing;
    private readonly ImmutableArray<string> _userIncludeDirs;
    private readonly ImmutableArray<string> _kitIncludeDirs;
    private readonly string? _overlayCache;
    private readonly ConcurrentDictionary<string, string?> _overlays = new(StringComparer.Ordinal);
    private readonly CaseInsensitiveOverlay.Listings _listings = new();
    private readonly ProjectCompileSettings? _projects;

    internal HeaderEnvironment(
        string name,
        ImmutableArray<string> description,
        CompileDatabase? database,
        TargetArch arch,
        ImmutableArray<string> leading,
        ImmutableArray<string> user,
        ImmutableArray<string> trailing,
        ImmutableArray<string> userIncludeDirs,
        ImmutableArray<string> kitIncludeDirs,
        string? overlayCache)
    {
        Name = name;
        Description = description;
        Database = database;
        Arch = arch;
        _leading = leading;
        _user = user;
        _trailing = trailing;
        _userIncludeDirs = userIncludeDirs;
        _kitIncludeDirs = kitIncludeDirs;
        _overlayCache = overlayCache;
        // A database has each file's folders already; without one, a Visual Studio project's own are taken.
        _projects = database is null ? new ProjectCompileSettings() : null;
    }

    /// <summary>"compile-database", "explicit", "wdk", "mingw-w64" or "prelude": where the headers come from.</summary>
    public string Name { get; }

    /// <summary>Lines for --verbose: each layer and directory that was chosen and why.</summary>
    public ImmutableArray<string> Description { get; }

    public CompileDatabase? Database { get; }

    /// <summary>
    /// A folder of stand-ins for intrinsic headers no rule needs, searched first when set; ClangParser parses
    /// plainly whenever a file turns out to need the real ones (see IntrinsicStandIns).
    /// </summary>
    public string? IntrinsicStandIns { get; init; }

    public TargetArch Arch { get; }

    /// <summary>What the user should know about how the environment was chosen (an --arch the database overrides), one line each.</summary>
    public ImmutableArray<string> Warnings { get; init; } = [];

    /// <summary>C++ sources by extension (.cpp, .cc, .cxx): parsed as C++ in MSVC mode, like cl.exe does.</summary>
    public static bool IsCpp(string sourcePath) =>
        Path.GetExtension(sourcePath).ToLowerInvariant() is ".cpp" or ".cc" or ".cxx";

    /// <summary>The clang command-line arguments (without the file name) to parse <paramref name="sourcePath"/>.</summary>
    public ImmutableArray<string> ArgumentsFor(string sourcePath) => ArgumentsFor(sourcePath, OverlayFolders.Sources);

    /// <summary>
    /// <see cref="ArgumentsFor(string)"/> with the kits' folders matched case-insensitively too: a database's -isystem
    /// folders and the mingw-w64 and prelude layers, whose names drivers spell as Windows lets them ('#include
    /// &lt;Ntddk.h&gt;' for ntddk.h). Listing thousands of kit headers costs every parse, so this is for a file whose
    /// parse missed an include, and for the editor's long-lived parses.
    /// </summary>
    public ImmutableArray<string> ArgumentsWithKitsFor(string sourcePath) => ArgumentsFor(sourcePath, OverlayFolders.SourcesAndKits);

    /// <summary>
    /// The arguments a cache keys <paramref name="sourcePath"/> on: <see cref="ArgumentsFor(string)"/> without the
    /// case-insensitive overlay. The overlay is named after every header under the folders it maps (the kits' too), so
    /// it would change the key when any of them is added or removed; what it resolved for the file is in the key anyway,
    /// as the included headers' paths and contents. And a run that finds everything cached never builds one.
    /// </summary>
    public ImmutableArray<string> KeyArgumentsFor(string sourcePath) => ArgumentsFor(sourcePath, OverlayFolders.None);

    /// <summary>Which folders the case-insensitive overlay maps.</summary>
    private enum OverlayFolders { None, Sources, SourcesAndKits }

    private ImmutableArray<string> ArgumentsFor(string sourcePath, OverlayFolders overlayFolders)
    {
        var arguments = ArgumentsForC(sourcePath, overlayFolders);
        return IsCpp(sourcePath) ? ForCpp(arguments) : arguments;
    }

    /// <summary>
    /// The C arguments turned into C++ ones: '-x c++', no C language standard, and not the legacy SEH spellings
    /// (try/except/finally/leave are defined as macros for C only: try is a C++ keyword).
    /// </summary>
    private static ImmutableArray<string> ForCpp(ImmutableArray<string> arguments)
    {
        var b = ImmutableArray.CreateBuilder<string>(arguments.Length);
        for (var i = 0; i < arguments.Length; i++)
        {
            var a = arguments[i];
            if (a == "-x" && i + 1 < arguments.Length && arguments[i + 1] == "c")
            {
                b.Add("-x");
                b.Add("c++");
                i++;
            }
            else if (a is "-Dtry=__try" or "-Dexcept=__except" or "-Dfinally=__finally" or "-Dleave=__leave"
                     || a.StartsWith("-std=c", StringComparison.Ordinal) && !a.StartsWith("-std=c++", StringComparison.Ordinal))
            {
                continue;
            }
            else
            {
                b.Add(a);
            }
        }

        return b.ToImmutable();
    }

    private ImmutableArray<string> ArgumentsForC(string sourcePath, OverlayFolders overlayFolders)
    {
        var b = ImmutableArray.CreateBuilder<string>();
        b.AddRange(_leading);
        var fromDatabase = Database?.Find(Path.GetFullPath(sourcePath));
        if (fromDatabase is not null)
        {
            b.AddRange(fromDatabase.Arguments);
        }
        else if (Database is { Commands.Length: > 0 } db)
        {
            // A header or a file the database does not list: borrow the flags of the nearest entry, since a
            // driver's files nearly always share include dirs and defines.
            b.AddRange(Nearest(db, sourcePath).Arguments);
        }

        var project = _projects?.For(sourcePath) ?? ProjectSettings.None;
        // Before the user's own -D, so that those win.
        foreach (var define in project.Defines)
            b.Add("-D" + define);

        b.AddRange(_user);
        var projectFolders = project.IncludeFolders;
        foreach (var folder in projectFolders)
        {
            // "..." includes find the project's headers first, as with cl.exe; <...> ones find the kernel and CRT headers
            // first: a project header named like a CRT one (Ext4Fsd's include\linux\stddef.h) was written against the
            // WDK's CRT and breaks mingw-w64's.
            b.Add("-iquote");
            b.Add(folder);
        }

        foreach (var folder in projectFolders)
        {
            b.Add("-idirafter");
            b.Add(folder);
        }

        var overlay = overlayFolders == OverlayFolders.None ? null : OverlayFor(sourcePath, fromDatabase, projectFolders, overlayFolders == OverlayFolders.SourcesAndKits);
        if (overlay is not null)
        {
            b.Add("-ivfsoverlay");
            b.Add(overlay);
        }

        b.AddRange(_trailing);
        return b.ToImmutable();
    }

    private static CompileCommand Nearest(CompileDatabase db, string sourcePath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(sourcePath)) ?? string.Empty;
        return db.Commands
            .OrderByDescending(c => CommonPrefix(Path.GetDirectoryName(c.File) ?? string.Empty, dir))
            .ThenBy(c => c.File, StringComparer.Ordinal)
            .First();
    }

    private static int CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && char.ToLowerInvariant(a[n]) == char.ToLowerInvariant(b[n]))
        {
            n++;
        }

        return n;
    }

    private string? OverlayFor(string sourcePath, CompileCommand? command, ImmutableArray<string> projectFolders, bool kits)
    {
        if (_overlayCache is null)
        {
            return null;
        }

        var dirs = new List<string>();
        var sourceDir = Path.GetDirectoryName(Path.GetFullPath(sourcePath));
        if (sourceDir is not null)
        {
            dirs.Add(sourceDir);
        }

        dirs.AddRange(_userIncludeDirs);
        dirs.AddRange(projectFolders);
        if (kits)
        {
            dirs.AddRange(_kitIncludeDirs);
        }

        if (command is not null)
        {
            for (var i = 0; i + 1 < command.Arguments.Length; i++)
            {
                // A database's -isystem folders are the kits it was built with (a WDK copied from Windows keeps its
                // mixed-case names, and drivers spell them either way).
                if (command.Arguments[i] is "-I" or "-iquote" || kits && command.Arguments[i] is "-isystem" or "-idirafter")
                {
                    dirs.Add(command.Arguments[i + 1]);
                }
            }
        }

        var key = string.Join('\n', dirs);
        return _overlays.GetOrAdd(key, _ =>
        {
            try
            {
                return CaseInsensitiveOverlay.Write(dirs, _overlayCache, _listings);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // No writable cache: parse without case-insensitive lookups rather than not at all.
                return null;
            }
        });
    }
}
