using StackLint.Frontend;
using StackLint.Rules.Model.Programs;

namespace StackLint.Engine;

/// <summary>
/// Which folder to analyze so that a file is seen with the rest of its driver: whole-driver rules (recursion across
/// files, deep call paths) are only right when every file of the driver is parsed. Used by the language server
/// and by the pre-commit command, which both start from single files.
/// </summary>
public static class DriverFolders
{
    /// <summary>
    /// The nearest folder, from the file's own up to <paramref name="ceiling"/> (inclusive), that looks like a driver's
    /// root: it holds a .vcxproj, an .inf, a WDK 'sources' file, or a .c file that mentions DriverEntry. When none does,
    /// the file's own folder: analyzing a whole workspace for one edited file would be slow and is rarely intended.
    /// </summary>
    public static string ForFile(string filePath, string? ceiling)
    {
        var own = Path.GetDirectoryName(Path.GetFullPath(filePath)) ?? Path.GetFullPath(filePath);
        var stop = ceiling is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(ceiling));
        if (stop is null || !IsUnder(own, stop)) return own;
        // Walks upwards with a loop; the depth is the path's, not the input's.
        for (var dir = own; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (LooksLikeDriverRoot(dir)) return dir;
            if (string.Equals(Path.TrimEndingDirectorySeparator(dir), stop, PathComparison)) break;
        }
        return own;
    }

    /// <summary>
    /// What to analyze for a driver folder: the folder, then the folders of the static libraries its projects reference
    /// (<see cref="ProgramGrouper.ReferencedLibraryFolders"/>), so that calls into a library bind as they do in a build.
    /// </summary>
    public static IReadOnlyList<string> WithLibraries(string driverFolder) =>
        [driverFolder, .. ProgramGrouper.ReferencedLibraryFolders(driverFolder, PhysicalProgramFileSystem.Instance)];

    private static StringComparison PathComparison => OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private static bool IsUnder(string path, string folder) =>
        string.Equals(path, folder, PathComparison)
        || path.StartsWith(folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar, PathComparison);

    private static bool LooksLikeDriverRoot(string dir)
    {
        try
        {
            if (Directory.EnumerateFiles(dir, "*.vcxproj").Any() || Directory.EnumerateFiles(dir, "*.inf").Any()) return true;
            if (File.Exists(Path.Combine(dir, "sources"))) return true;
            foreach (var c in Directory.EnumerateFiles(dir, "*.c"))
                if (SourceFile.TryLoad(c)?.Text.Contains("DriverEntry", StringComparison.Ordinal) == true) return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable folder is not a driver root; the walk goes on upwards.
        }
        return false;
    }
}
