using System.Globalization;
using System.Text.RegularExpressions;

namespace StackLint.Frontend;

/// <summary>
/// Finds libclang and clang's resource directory: STACKLINT_LIBCLANG first (a file or a directory), then the
/// usual install places of the host, newest version first.
/// </summary>
public static partial class LibClangLocator
{
    public const string EnvironmentVariable = "STACKLINT_LIBCLANG";

    public static LibClangLocation? Locate(out string failureMessage) => Locate(RealHostFileSystem.Instance, out failureMessage);

    /// <summary>The testable form: everything the search reads comes from <paramref name="host"/>.</summary>
    public static LibClangLocation? Locate(IHostFileSystem host, out string failureMessage)
    {
        failureMessage = string.Empty;
        var p = host.Platform;
        var fromEnv = host.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            var library = host.FileExists(fromEnv) ? fromEnv : LibraryInDirectory(host, fromEnv);
            if (library is null)
            {
                // The user asked for this one; silently taking another libclang would hide their mistake.
                failureMessage = $"{EnvironmentVariable} is set to '{fromEnv}', but no libclang library was found there. " +
                                 "Point it at the libclang file (libclang.dll, libclang.so.N, libclang.dylib) or the directory holding it.";
                return null;
            }

            return Describe(host, library);
        }

        foreach (var candidate in CandidatesInOrder(host))
        {
            if (host.FileExists(candidate))
            {
                return Describe(host, candidate);
            }
        }

        failureMessage = NotFoundMessage(p);
        return null;
    }

    /// <summary>The places searched, in order (only existing directories are listed into). Exposed for --verbose and tests.</summary>
    public static IReadOnlyList<string> Candidates(IHostFileSystem host) => [.. CandidatesInOrder(host).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// The candidates one by one, so that <see cref="Locate(IHostFileSystem, out string)"/> stops listing folders at the first
    /// library that exists: every run locates libclang, and listing /usr/lib/x86_64-linux-gnu alone took 20 ms.
    /// </summary>
    private static IEnumerable<string> CandidatesInOrder(IHostFileSystem host)
    {
        var p = host.Platform;
        switch (p)
        {
            case HostPlatform.Linux:
                foreach (var dir in ByVersionDescending(host, host.GetDirectories("/usr/lib"), "llvm-"))
                {
                    var lib = HostPaths.Join(p, dir, "lib");
                    foreach (var library in SortedLibraries(host, host.GetFiles(lib))) yield return library;
                }

                foreach (var multiarch in new[] { "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib" })
                {
                    foreach (var library in SortedLibraries(host, host.GetFiles(multiarch))) yield return library;
                }

                break;
            case HostPlatform.Windows:
                foreach (var programFiles in new[] { host.GetEnvironmentVariable("ProgramFiles"), host.GetEnvironmentVariable("ProgramW6432"), @"C:\Program Files" })
                {
                    if (string.IsNullOrEmpty(programFiles))
                    {
                        continue;
                    }

                    yield return HostPaths.Join(p, programFiles, "LLVM", "bin", "libclang.dll");
                    var vs = HostPaths.Join(p, programFiles, "Microsoft Visual Studio");
                    foreach (var year in ByVersionDescending(host, host.GetDirectories(vs), string.Empty))
                    {
                        // Editions in a fixed preference order, then anything else (BuildTools, Preview...).
                        var editions = host.GetDirectories(year)
                            .OrderBy(e => EditionRank(HostPaths.FileName(p, e)))
                            .ThenBy(e => e, StringComparer.Ordinal);
                        foreach (var edition in editions)
                        {
                            yield return HostPaths.Join(p, edition, "VC", "Tools", "Llvm", "x64", "bin", "libclang.dll");
                            yield return HostPaths.Join(p, edition, "VC", "Tools", "Llvm", "ARM64", "bin", "libclang.dll");
                        }
                    }
                }

                break;
            case HostPlatform.MacOS:
                yield return "/opt/homebrew/opt/llvm/lib/libclang.dylib";
                yield return "/usr/local/opt/llvm/lib/libclang.dylib";
                yield return "/Library/Developer/CommandLineTools/usr/lib/libclang.dylib";
                yield return "/Applications/Xcode.app/Contents/Developer/Toolchains/XcodeDefault.xctoolchain/usr/lib/libclang.dylib";
                break;
        }
    }

    public static string NotFoundMessage(HostPlatform platform) => platform switch
    {
        HostPlatform.Windows =>
            "libclang was not found. Install LLVM (https://llvm.org, 'winget install LLVM.LLVM') or the Visual Studio " +
            $"component \"C++ Clang tools for Windows\", or set {EnvironmentVariable} to the path of libclang.dll.",
        HostPlatform.MacOS =>
            $"libclang was not found. Install it with 'brew install llvm' or the Xcode command line tools, or set {EnvironmentVariable} to the path of libclang.dylib.",
        _ =>
            "libclang was not found. On Debian/Ubuntu install it with 'apt-get install libclang1-19 libclang-common-19-dev' " +
            $"(any version 14 or newer works), or set {EnvironmentVariable} to the path of libclang.so.",
    };

    private static int EditionRank(string edition) => edition switch
    {
        "Enterprise" => 0,
        "Professional" => 1,
        "Community" => 2,
        "BuildTools" => 3,
        _ => 4,
    };

    private static LibClangLocation Describe(IHostFileSystem host, string library)
    {
        var p = host.Platform;
        var major = VersionFromPath(p, library);
        var resourceDir = FindResourceDir(host, library, major);
        if (major is null && resourceDir is not null)
        {
            major = LeadingNumber(HostPaths.FileName(p, resourceDir));
        }

        return new LibClangLocation(library, resourceDir, major);
    }

    /// <summary>clang's builtin headers live in &lt;libdir&gt;/clang/&lt;version&gt;; Debian also keeps /usr/lib/clang/&lt;version&gt;.</summary>
    public static string? FindResourceDir(IHostFileSystem host, string libraryPath, int? major)
    {
        var p = host.Platform;
        var libDir = HostPaths.Parent(p, libraryPath);
        var roots = new List<string>();
        if (libDir is not null)
        {
            roots.Add(HostPaths.Join(p, libDir, "clang"));
            var prefix = HostPaths.Parent(p, libDir);
            if (prefix is not null)
            {
                // Windows installs put the DLL in bin\ and the headers in lib\clang.
                roots.Add(HostPaths.Join(p, prefix, "lib", "clang"));
            }
        }

        if (p == HostPlatform.Linux)
        {
            if (major is not null)
            {
                roots.Add($"/usr/lib/llvm-{major}/lib/clang");
            }

            roots.Add("/usr/lib/clang");
        }

        foreach (var root in roots.Distinct(StringComparer.Ordinal))
        {
            var versions = ByVersionDescending(host, host.GetDirectories(root), string.Empty)
                .Where(v => host.DirectoryExists(HostPaths.Join(p, v, "include")))
                .ToList();
            var match = major is null
                ? versions.FirstOrDefault()
                : versions.FirstOrDefault(v => LeadingNumber(HostPaths.FileName(p, v)) == major);
            if (match is not null)
            {
                return match;
            }
        }

        return null;
    }

    private static string? LibraryInDirectory(IHostFileSystem host, string dir)
    {
        var p = host.Platform;
        foreach (var d in new[] { dir, HostPaths.Join(p, dir, "lib"), HostPaths.Join(p, dir, "bin") })
        {
            var found = SortedLibraries(host, host.GetFiles(d)).FirstOrDefault();
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>libclang files in one directory, newest first; libclang-cpp and static archives are not the C API.</summary>
    private static IEnumerable<string> SortedLibraries(IHostFileSystem host, IReadOnlyList<string> files)
    {
        var p = host.Platform;
        return files
            .Where(f => LibraryName().IsMatch(HostPaths.FileName(p, f)))
            .OrderByDescending(f => VersionFromPath(p, f) ?? 0)
            .ThenBy(f => HostPaths.FileName(p, f).Length)
            .ThenBy(f => f, StringComparer.Ordinal);
    }

    private static IEnumerable<string> ByVersionDescending(IHostFileSystem host, IReadOnlyList<string> dirs, string prefix)
    {
        var p = host.Platform;
        return dirs
            .Select(d => (Dir: d, Name: HostPaths.FileName(p, d)))
            .Where(x => x.Name.StartsWith(prefix, StringComparison.Ordinal) && LeadingNumber(x.Name[prefix.Length..]) is not null)
            .OrderByDescending(x => ParseVersion(x.Name[prefix.Length..]))
            .ThenBy(x => x.Dir, StringComparer.Ordinal)
            .Select(x => x.Dir);
    }

    internal static int? VersionFromPath(HostPlatform p, string path)
    {
        var m = VersionInName().Match(HostPaths.FileName(p, path));
        if (m.Success)
        {
            return int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        // /usr/lib/llvm-19/lib/libclang.so.1: the version is in the install prefix.
        var m2 = LlvmDir().Match(path);
        return m2.Success ? int.Parse(m2.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    private static Version ParseVersion(string s)
    {
        var parts = s.Split('.').Select(x => LeadingNumber(x) ?? 0).Take(4).ToArray();
        return parts.Length switch
        {
            1 => new Version(parts[0], 0),
            2 => new Version(parts[0], parts[1]),
            3 => new Version(parts[0], parts[1], parts[2]),
            _ => new Version(parts[0], parts[1], parts[2], parts[3]),
        };
    }

    private static int? LeadingNumber(string s)
    {
        var n = 0;
        while (n < s.Length && char.IsAsciiDigit(s[n]))
        {
            n++;
        }

        return n == 0 || n > 6 ? null : int.Parse(s.AsSpan(0, n), CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^libclang(-\d+(\.\d+)*)?\.(so(\.\d+)*|dll|dylib)$")]
    private static partial Regex LibraryName();

    [GeneratedRegex(@"^libclang-(\d+)")]
    private static partial Regex VersionInName();

    [GeneratedRegex(@"[\\/]llvm-(\d+)[\\/]")]
    private static partial Regex LlvmDir();
}
