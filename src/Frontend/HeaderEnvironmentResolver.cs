using System.Collections.Immutable;

namespace StackLint.Frontend;

/// <summary>
/// Decides how driver sources are parsed. User-provided flags come first (a compilation database, then -I/-D and
/// extra arguments); the kernel headers come from the first available of: a WDK, the mingw-w64 DDK headers,
/// the embedded prelude. When the user's include directories already hold wdm.h/ntddk.h no system layer is added.
/// </summary>
public static class HeaderEnvironmentResolver
{
    /// <summary>mingw-w64 installs that ship the DDK headers (Debian/Ubuntu, Fedora, Arch, Homebrew).</summary>
    internal static readonly string[] MingwRoots =
    [
        "/usr/share/mingw-w64/include",
        "/usr/x86_64-w64-mingw32/include",
        "/usr/x86_64-w64-mingw32/sys-root/mingw/include",
        "/usr/i686-w64-mingw32/include",
        "/opt/homebrew/opt/mingw-w64/toolchain-x86_64/x86_64-w64-mingw32/include",
        "/usr/local/opt/mingw-w64/toolchain-x86_64/x86_64-w64-mingw32/include",
    ];

    public static HeaderEnvironment Resolve(HeaderEnvironmentRequest request) =>
        Resolve(request, RealHostFileSystem.Instance, () => PreludeFiles.EnsureExtracted(request.CacheDirectory));

    /// <summary>The testable form: the host and the prelude extraction are injected.</summary>
    public static HeaderEnvironment Resolve(HeaderEnvironmentRequest request, IHostFileSystem host, Func<string> preludeDirectory)
    {
        ArgumentNullException.ThrowIfNull(request);
        // default(ImmutableArray) from a caller that did not set a list means "none".
        request = request with
        {
            IncludeDirs = request.IncludeDirs.IsDefault ? [] : request.IncludeDirs,
            Defines = request.Defines.IsDefault ? [] : request.Defines,
            ExtraArgs = request.ExtraArgs.IsDefault ? [] : request.ExtraArgs,
        };
        var p = host.Platform;
        var description = ImmutableArray.CreateBuilder<string>();
        var leading = ImmutableArray.CreateBuilder<string>();
        var user = ImmutableArray.CreateBuilder<string>();
        var trailing = ImmutableArray.CreateBuilder<string>();
        var userIncludeDirs = ImmutableArray.CreateBuilder<string>();
        var kitIncludeDirs = ImmutableArray.CreateBuilder<string>();
        string? name = null;
        string? intrinsicStandIns = null;

        var database = request.CompileDatabasePath is null ? null : CompileDatabase.Load(request.CompileDatabasePath);
        var warnings = ImmutableArray.CreateBuilder<string>();
        var (arch, archSource) = ChooseArch(request.Arch, database, warnings);
        leading.AddRange(BaseArguments(arch));
        // Without -resource-dir libclang guesses from its own path, which fails for distribution layouts
        // like /usr/lib/x86_64-linux-gnu/libclang-19.so.1 (no clang/19 next to it).
        var resourceDir = request.ResourceDir ?? LibClang.Current?.ResourceDir ?? LibClangLocator.Locate(host, out _)?.ResourceDir;
        if (resourceDir is not null)
        {
            leading.Add("-resource-dir");
            leading.Add(resourceDir);
        }

        description.Add($"target: {arch.Triple()} ({arch.Name()}, {archSource}), MSVC compatibility 19.30, _KERNEL_MODE, DBG=0");
        description.Add(resourceDir is null ? "clang builtin headers: libclang default" : $"clang builtin headers: {resourceDir}");

        var userDirsHaveKernelHeaders = false;
        if (database is not null)
        {
            name = "compile-database";
            description.Add($"compilation database: {database.Path} ({database.Commands.Length} entries; only include dirs, defines, forced includes, standard and target are used)");
            userDirsHaveKernelHeaders = database.Commands
                .SelectMany(c => IncludeDirsOf(c.Arguments))
                .Distinct(StringComparer.Ordinal)
                .Any(d => HasKernelHeaders(host, d));
        }

        foreach (var dir in request.IncludeDirs)
        {
            var full = Path.GetFullPath(dir);
            user.Add("-I");
            user.Add(full);
            userIncludeDirs.Add(full);
            userDirsHaveKernelHeaders |= HasKernelHeaders(host, full);
        }

        foreach (var define in request.Defines)
        {
            user.Add("-D" + define);
        }

        user.AddRange(request.ExtraArgs);
        if (name is null && (request.IncludeDirs.Length > 0 || request.Defines.Length > 0 || request.ExtraArgs.Length > 0))
        {
            name = "explicit";
        }

        if (request.IncludeDirs.Length > 0 || request.Defines.Length > 0 || request.ExtraArgs.Length > 0)
        {
            description.Add($"explicit: {request.IncludeDirs.Length} include dir(s), {request.Defines.Length} define(s), {request.ExtraArgs.Length} extra argument(s)");
        }

        string systemLayer;
        if (request.NoSystemHeaders)
        {
            systemLayer = "prelude";
            var prelude = preludeDirectory();
            trailing.Add("-isystem");
            trailing.Add(prelude);
            description.Add($"kernel headers: embedded prelude at {prelude} (--no-system-headers)");
        }
        else if (userDirsHaveKernelHeaders)
        {
            systemLayer = name ?? "explicit";
            description.Add("kernel headers: from the user's include directories (wdm.h/ntddk.h found there)");
        }
        else if (FindWdk(host, request.WdkDir, KmdfVersionOf(request, database)) is { } wdk)
        {
            systemLayer = "wdk";
            foreach (var dir in wdk.Dirs)
            {
                trailing.Add("-isystem");
                trailing.Add(dir);
            }

            description.Add($"kernel headers: WDK {wdk.Version} ({wdk.Source}): {string.Join(", ", wdk.Dirs)}");
            if (wdk.Kmdf is not null) description.Add(wdk.Kmdf);
            // A WDK copied to a case-sensitive file system still has Windows-cased names inside.
            userIncludeDirs.AddRange(wdk.Dirs);
        }
        else if (arch != TargetArch.Arm64 && FindMingw(host) is { } mingw)
        {
            // mingw's _mingw.h defines __attribute__(x) away unless __GNUC__ is set, which breaks clang's own
            // intrinsic headers; claiming GNU C 4.2.1 keeps both working (measured: zero errors on ntifs.h).
            systemLayer = "mingw-w64";
            leading.Add("-fgnuc-version=4.2.1");
            trailing.Add("-isystem");
            trailing.Add(MingwSupplement.WriteWrapperFolder(CacheDirectory(request)));
            trailing.Add("-isystem");
            trailing.Add(mingw);
            trailing.Add("-isystem");
            trailing.Add(HostPaths.Join(p, mingw, "ddk"));
            // The prelude goes last so it only supplies what mingw lacks (fltKernel.h).
            var prelude = preludeDirectory();
            trailing.Add("-isystem");
            trailing.Add(prelude);
            var supplement = MingwSupplement.Write(CacheDirectory(request));
            trailing.Add("-include");
            trailing.Add(supplement);
            description.Add($"kernel headers: mingw-w64 DDK at {mingw} (+ddk), prelude {prelude} for headers mingw lacks, SAL supplement {supplement}");
            // Drivers spell these as Windows does ('#include <Ntddk.h>', '<fltKernel.h>'); mingw's names are lower case.
            kitIncludeDirs.Add(mingw);
            kitIncludeDirs.Add(prelude);
            try
            {
                intrinsicStandIns = IntrinsicStandIns.Write(CacheDirectory(request));
                description.Add($"clang's AVX-era intrinsic headers are left out (stand-in {intrinsicStandIns}); a file that needs them is parsed again with them");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Only slower without it.
            }
        }
        else
        {
            systemLayer = "prelude";
            var prelude = preludeDirectory();
            trailing.Add("-isystem");
            trailing.Add(prelude);
            description.Add(arch == TargetArch.Arm64
                ? $"kernel headers: embedded prelude at {prelude} (mingw-w64's DDK headers do not support arm64)"
                : $"kernel headers: embedded prelude at {prelude} (no WDK or mingw-w64 DDK headers found)");
        }

        name ??= systemLayer;

        if (database is null)
            description.Add("project settings: the AdditionalIncludeDirectories (\"...\" includes first, <...> after the kernel headers) and the PreprocessorDefinitions every configuration shares, of the .vcxproj listing each file");

        var caseInsensitive = request.CaseInsensitiveIncludes ?? p == HostPlatform.Linux;
        string? overlayCache = null;
        if (caseInsensitive)
        {
            overlayCache = Path.Combine(CacheDirectory(request), "overlays");
            description.Add("#include names are matched case-insensitively in the source and user include directories (VFS overlay)");
        }

        return new HeaderEnvironment(
            name,
            description.ToImmutable(),
            database,
            arch,
            leading.ToImmutable(),
            user.ToImmutable(),
            trailing.ToImmutable(),
            userIncludeDirs.ToImmutable(),
            kitIncludeDirs.ToImmutable(),
            overlayCache)
        {
            IntrinsicStandIns = intrinsicStandIns,
            Warnings = warnings.ToImmutable(),
        };
    }

    /// <summary>
    /// The target to parse and measure for. A compilation database's entries carry their own --target (or -m32), and
    /// clang honours it over ours: the facts are of that target, so the frame model, the budgets and the base defines
    /// (_X86_ or _AMD64_ and _WIN64) must be too, whatever --arch says. A database whose entries name no target, or
    /// name several, leaves the choice to --arch (x64 when not given).
    /// </summary>
    private static (TargetArch Arch, string Source) ChooseArch(TargetArch? asked, CompileDatabase? database, ImmutableArray<string>.Builder warnings)
    {
        var (fallback, fallbackSource) = asked is { } given ? (given, "--arch") : (TargetArch.X64, "the default");
        if (database is null) return (fallback, fallbackSource);
        var counts = new SortedDictionary<TargetArch, int>();
        foreach (var command in database.Commands)
            if (TargetArchNames.FromArguments(command.Arguments) is { } named)
                counts[named] = counts.GetValueOrDefault(named) + 1;
        if (counts.Count == 1)
        {
            var target = counts.Keys.First();
            if (asked is { } a && a != target)
                warnings.Add($"--arch {a.Name()} ignored: the compilation database {database.Path} builds for {target.Name()} ({target.Triple()}), so its files are parsed and measured as {target.Name()}");
            return (target, "the compilation database's target");
        }

        if (counts.Count > 1)
            warnings.Add($"the compilation database {database.Path} names several targets ({string.Join(", ", counts.Select(c => $"{c.Value} {(c.Value == 1 ? "entry" : "entries")} for {c.Key.Name()}"))}); every program is measured as {fallback.Name()} ({fallbackSource})");
        return (fallback, fallbackSource);
    }

    private static string CacheDirectory(HeaderEnvironmentRequest request) =>
        request.CacheDirectory ?? Path.Combine(Path.GetTempPath(), "stacklint");

    /// <summary>Arguments every environment shares.</summary>
    internal static IEnumerable<string> BaseArguments(TargetArch arch)
    {
        yield return "-x";
        yield return "c";
        yield return "--target=" + arch.Triple();
        yield return "-fms-extensions";
        yield return "-fms-compatibility";
        yield return "-fms-compatibility-version=19.30";
        // Never let an error count end the parse: the functions after the 20th error still matter.
        yield return "-ferror-limit=0";
        // Warnings are never reported, only errors; not computing them is faster.
        yield return "-Wno-everything";
        // Typo correction is slow with the kernel headers loaded and we never show its suggestions.
        yield return "-fno-spell-checking";
        yield return arch switch { TargetArch.X86 => "-D_X86_=1", TargetArch.Arm64 => "-D_ARM64_=1", _ => "-D_AMD64_=1" };
        if (arch != TargetArch.X86)
        {
            yield return "-D_WIN64=1";
        }
        else
        {
            // WDK x86 kernel-mode projects compile with /Gz: unannotated functions are __stdcall.
            yield return "-mrtd";
        }

        yield return "-D_KERNEL_MODE=1";
        // Windows 10 as the baseline: what current WDKs target and what exposes the APIs drivers use today.
        yield return "-DNTDDI_VERSION=0x0A000000";
        yield return "-D_WIN32_WINNT=0x0A00";
        // DBG=0: the free (release) build is what ships and runs on customers' stacks; checked-build-only
        // code (KdPrint, ASSERT) would add calls that are not in the shipped driver.
        yield return "-DDBG=0";
        // MSVC accepts the legacy SEH spellings in C; C has no such keywords, so mapping them is safe.
        yield return "-Dtry=__try";
        yield return "-Dexcept=__except";
        yield return "-Dfinally=__finally";
        yield return "-Dleave=__leave";
        // The date and time macros as clang spells them under SOURCE_DATE_EPOCH=0: a string built from __DATE__ or
        // __TIME__ ("built on %s %s", a version banner) would otherwise put the parse's clock into the facts, and the
        // same sources would give other facts files on every run. A compile database's own -D comes later and wins.
        yield return "-Wno-builtin-macro-redefined";
        yield return "-D__DATE__=\"Jan  1 1970\"";
        yield return "-D__TIME__=\"00:00:00\"";
        yield return "-D__TIMESTAMP__=\"Thu Jan  1 00:00:00 1970\"";
    }

    internal static IEnumerable<string> IncludeDirsOf(ImmutableArray<string> args)
    {
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] is "-I" or "-isystem" or "-idirafter")
            {
                yield return args[i + 1];
            }
        }
    }

    private static bool HasKernelHeaders(IHostFileSystem host, string dir) =>
        host.FileExists(HostPaths.Join(host.Platform, dir, "wdm.h")) || host.FileExists(HostPaths.Join(host.Platform, dir, "ntddk.h"));

    internal sealed record WdkLocation(string Version, string Source, ImmutableArray<string> Dirs, string? Kmdf = null);

    /// <summary>
    /// The KMDF version the project targets ("1.15"), from KMDF_VERSION_MAJOR/KMDF_VERSION_MINOR defines given with
    /// -D, as extra arguments or in the compilation database (the MSBuild target passes a project's KMDF version so);
    /// null when none says.
    /// </summary>
    internal static string? KmdfVersionOf(HeaderEnvironmentRequest request, CompileDatabase? database)
    {
        string? major = null, minor = null;
        void Read(string define)
        {
            var d = define.StartsWith("-D", StringComparison.Ordinal) || define.StartsWith("/D", StringComparison.Ordinal) ? define[2..] : define;
            var eq = d.IndexOf('=');
            if (eq < 0) return;
            var (name, value) = (d[..eq].Trim(), d[(eq + 1)..].Trim());
            if (!uint.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)) return;
            if (name == "KMDF_VERSION_MAJOR") major ??= value;
            else if (name == "KMDF_VERSION_MINOR") minor ??= value;
        }

        foreach (var define in request.Defines) Read(define);
        foreach (var arg in request.ExtraArgs) Read(arg);
        if (database is not null)
            foreach (var arg in database.Commands.SelectMany(c => c.Arguments)) Read(arg);
        return minor is null ? null : $"{major ?? "1"}.{minor}";
    }

    /// <summary>
    /// The WDK's KMDF headers (Include\wdf\kmdf\1.xx): the requested version when the kit has it, else the newest.
    /// Returns the folder and a line for --verbose.
    /// </summary>
    private static (string Dir, string Description)? FindKmdf(IHostFileSystem host, string includeDir, string? requested)
    {
        var p = host.Platform;
        var root = HostPaths.Join(p, includeDir, "wdf", "kmdf");
        var versions = host.GetDirectories(root)
            .Where(d => host.FileExists(HostPaths.Join(p, d, "wdf.h")))
            .OrderByDescending(d => ParseVersion(HostPaths.FileName(p, d)))
            .ThenBy(d => d, StringComparer.Ordinal)
            .ToList();
        if (versions.Count == 0) return null;
        if (requested is not null && versions.FirstOrDefault(d => ParseVersion(HostPaths.FileName(p, d)) == ParseVersion(requested)) is { } exact)
            return (exact, $"KMDF headers: {exact} (KMDF {requested}, the project's version)");
        var newest = versions[0];
        return (newest, requested is null
            ? $"KMDF headers: {newest} (the newest in the kit; set KMDF_VERSION_MAJOR/MINOR to choose)"
            : $"KMDF headers: {newest} (KMDF {requested} is not in this kit; the newest it has)");
    }

    /// <summary>
    /// Accepts the kit root (Windows Kits\10), its Include directory, one Include\&lt;version&gt; directory or
    /// a km directory itself. On Windows without --wdk: WDKContentRoot, then %ProgramFiles(x86)%\Windows Kits\10.
    /// </summary>
    internal static WdkLocation? FindWdk(IHostFileSystem host, string? explicitDir, string? kmdfVersion = null)
    {
        var p = host.Platform;
        var roots = new List<(string Dir, string Source)>();
        if (explicitDir is not null)
        {
            roots.Add((explicitDir, "--wdk"));
        }
        else if (p == HostPlatform.Windows)
        {
            var content = host.GetEnvironmentVariable("WDKContentRoot");
            if (!string.IsNullOrEmpty(content))
            {
                roots.Add((content, "WDKContentRoot"));
            }

            var pf86 = host.GetEnvironmentVariable("ProgramFiles(x86)");
            if (!string.IsNullOrEmpty(pf86))
            {
                roots.Add((HostPaths.Join(p, pf86, "Windows Kits", "10"), "%ProgramFiles(x86)%"));
            }
        }

        foreach (var (dir, source) in roots)
        {
            var versionDir = FindVersionDir(host, dir);
            if (versionDir is null)
            {
                continue;
            }

            var dirs = ImmutableArray.CreateBuilder<string>();
            var km = HostPaths.Join(p, versionDir, "km");
            dirs.Add(km);
            foreach (var sub in new[] { HostPaths.Join(p, km, "crt"), HostPaths.Join(p, versionDir, "shared"), HostPaths.Join(p, versionDir, "um"), HostPaths.Join(p, versionDir, "ucrt") })
            {
                if (host.DirectoryExists(sub))
                {
                    dirs.Add(sub);
                }
            }

            // KMDF lives beside the versioned folders: Include\wdf\kmdf\1.xx.
            string? kmdf = null;
            if (HostPaths.Parent(p, versionDir) is { } includeDir && FindKmdf(host, includeDir, kmdfVersion) is { } found)
            {
                dirs.Add(found.Dir);
                kmdf = found.Description;
            }

            return new WdkLocation(HostPaths.FileName(p, versionDir), source, dirs.ToImmutable(), kmdf);
        }

        return null;
    }

    private static string? FindVersionDir(IHostFileSystem host, string dir)
    {
        var p = host.Platform;
        bool HasKm(string d) => host.FileExists(HostPaths.Join(p, d, "km", "wdm.h")) || host.FileExists(HostPaths.Join(p, d, "km", "ntddk.h"));

        if (HasKm(dir))
        {
            return dir;
        }

        if (string.Equals(HostPaths.FileName(p, dir), "km", StringComparison.OrdinalIgnoreCase) && HostPaths.Parent(p, dir) is { } parent && HasKm(parent))
        {
            return parent;
        }

        foreach (var include in new[] { HostPaths.Join(p, dir, "Include"), dir })
        {
            var newest = host.GetDirectories(include)
                .Where(HasKm)
                .OrderByDescending(d => ParseVersion(HostPaths.FileName(p, d)))
                .ThenBy(d => d, StringComparer.Ordinal)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        return null;
    }

    private static Version ParseVersion(string s) => Version.TryParse(s, out var v) ? v : new Version(0, 0);

    private static string? FindMingw(IHostFileSystem host)
    {
        foreach (var root in MingwRoots)
        {
            if (host.FileExists(HostPaths.Join(host.Platform, root, "ddk", "ntifs.h")))
            {
                return root;
            }
        }

        return null;
    }

}
