namespace StackLint.Frontend;

public enum HostPlatform { Linux, Windows, MacOS }

/// <summary>
/// The slice of the host (environment variables, files, directories) that library and header discovery read.
/// Injected so tests can describe a Windows machine with backslash paths while running on Linux. Paths are
/// joined with <see cref="Join"/>, which uses the separator of <see cref="Platform"/>, never the host's.
/// </summary>
public interface IHostFileSystem
{
    HostPlatform Platform { get; }
    string? GetEnvironmentVariable(string name);
    bool FileExists(string path);
    bool DirectoryExists(string path);
    /// <summary>Full paths of the direct subdirectories; empty when the directory does not exist.</summary>
    IReadOnlyList<string> GetDirectories(string path);
    /// <summary>Full paths of the files directly in the directory; empty when it does not exist.</summary>
    IReadOnlyList<string> GetFiles(string path);
}

public static class HostPaths
{
    public static char Separator(HostPlatform platform) => platform == HostPlatform.Windows ? '\\' : '/';

    public static string Join(HostPlatform platform, string first, params string[] more)
    {
        var sep = Separator(platform);
        var result = first;
        foreach (var part in more)
        {
            result = result.Length == 0 || result[^1] == sep || (platform == HostPlatform.Windows && result[^1] == '/')
                ? result + part
                : result + sep + part;
        }

        return result;
    }

    /// <summary>The last path component; on Windows both separators count.</summary>
    public static string FileName(HostPlatform platform, string path)
    {
        var trimmed = path.TrimEnd('/', platform == HostPlatform.Windows ? '\\' : '/');
        var cut = platform == HostPlatform.Windows ? trimmed.LastIndexOfAny(['/', '\\']) : trimmed.LastIndexOf('/');
        return cut < 0 ? trimmed : trimmed[(cut + 1)..];
    }

    /// <summary>The parent directory, or null at a root.</summary>
    public static string? Parent(HostPlatform platform, string path)
    {
        var trimmed = path.TrimEnd('/', platform == HostPlatform.Windows ? '\\' : '/');
        var cut = platform == HostPlatform.Windows ? trimmed.LastIndexOfAny(['/', '\\']) : trimmed.LastIndexOf('/');
        return cut <= 0 ? null : trimmed[..cut];
    }
}

/// <summary>The real machine.</summary>
public sealed class RealHostFileSystem : IHostFileSystem
{
    public static RealHostFileSystem Instance { get; } = new();

    public HostPlatform Platform { get; } =
        OperatingSystem.IsWindows() ? HostPlatform.Windows : OperatingSystem.IsMacOS() ? HostPlatform.MacOS : HostPlatform.Linux;

    public string? GetEnvironmentVariable(string name) => Environment.GetEnvironmentVariable(name);

    public bool FileExists(string path) => File.Exists(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public IReadOnlyList<string> GetDirectories(string path)
    {
        try
        {
            return Directory.Exists(path) ? Directory.GetDirectories(path) : Array.Empty<string>();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }
    }

    public IReadOnlyList<string> GetFiles(string path)
    {
        try
        {
            return Directory.Exists(path) ? Directory.GetFiles(path) : Array.Empty<string>();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }
    }
}
