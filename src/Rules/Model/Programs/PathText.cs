namespace StackLint.Rules.Model.Programs;

/// <summary>
/// Path arithmetic that accepts both separators on every OS. Paths reach us from Windows users, from .vcxproj
/// and WDK 'sources' files (always backslashes) and from facts produced on another machine, so System.IO.Path on
/// Linux (which only knows '/') would treat 'C:\drv\a.c' as one file name. Comparisons ignore case, as Windows does.
/// </summary>
public static class PathText
{
    public static bool IsSeparator(char c) => c is '/' or '\\';

    /// <summary>The path's segments, without empty ones ('C:' stays a segment).</summary>
    public static string[] Segments(string path) => path.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The folder part of a path, with its original separators; "" when there is none.</summary>
    public static string DirectoryOf(string path)
    {
        int i = path.Length - 1;
        while (i >= 0 && !IsSeparator(path[i])) i--;
        if (i < 0) return "";
        // Keep a root separator ('/' or 'C:\').
        return i == 0 || (i == 2 && path[1] == ':') ? path[..(i + 1)] : path[..i];
    }

    public static string FileName(string path)
    {
        int i = path.Length - 1;
        while (i >= 0 && !IsSeparator(path[i])) i--;
        return path[(i + 1)..];
    }

    /// <summary>The parent folder, or null at a root.</summary>
    public static string? Parent(string directory)
    {
        var trimmed = directory.TrimEnd('/', '\\');
        if (trimmed.Length == 0 || (trimmed.Length == 2 && trimmed[1] == ':')) return null;
        var parent = DirectoryOf(trimmed);
        return parent.Length == 0 ? null : parent;
    }

    /// <summary>Joins with the separator the base path already uses (backslash for 'C:\...', '/' otherwise).</summary>
    public static string Combine(string directory, string relative)
    {
        char sep = directory.Contains('\\') || (directory.Length >= 2 && directory[1] == ':') ? '\\' : '/';
        if (directory.Length == 0) return relative;
        var rel = relative.Replace(sep == '\\' ? '/' : '\\', sep);
        return IsSeparator(directory[^1]) ? directory + rel : directory + sep + rel;
    }

    /// <summary>Resolves '.' and '..' segments and unifies separators to '/', for comparisons only.</summary>
    public static string Normalize(string path)
    {
        // Grouping and linking normalize every path many times; most are already clean ('/a/b.c', 'C:\a\b.c').
        if (IsClean(path)) return path.Replace('\\', '/');
        var parts = new List<string>();
        bool rooted = path.Length > 0 && IsSeparator(path[0]);
        foreach (var segment in Segments(path))
        {
            if (segment == ".") continue;
            if (segment == ".." && parts.Count > 0 && parts[^1] != "..") { parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(segment);
        }
        return (rooted ? "/" : "") + string.Join('/', parts);
    }

    /// <summary>
    /// Resolves '.' and '..' segments but keeps the path's own separator, for paths shown to users and read from disk
    /// (a project another project references as '..\lib\lib.vcxproj'). A '..' never climbs above a drive or the root.
    /// </summary>
    public static string Collapse(string path)
    {
        if (IsClean(path)) return path;
        char sep = path.Contains('\\') || (path.Length >= 2 && path[1] == ':') ? '\\' : '/';
        var parts = new List<string>();
        foreach (var segment in Segments(path))
        {
            if (segment == ".") continue;
            if (segment == ".." && parts.Count > 0 && parts[^1].EndsWith(':')) continue;
            if (segment == ".." && parts.Count > 0 && parts[^1] != "..") { parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(segment);
        }
        string prefix = path.Length > 1 && IsSeparator(path[0]) && IsSeparator(path[1]) ? new string(sep, 2)
            : path.Length > 0 && IsSeparator(path[0]) ? sep.ToString() : "";
        return prefix + string.Join(sep, parts);
    }

    /// <summary>True when Normalize has nothing to resolve: no '.' or '..' segment, no empty one but a leading root.</summary>
    private static bool IsClean(string path)
    {
        int segmentStart = 0;
        for (int i = 0; i <= path.Length; i++)
        {
            if (i < path.Length && !IsSeparator(path[i])) continue;
            int length = i - segmentStart;
            if (length == 0 && !(i == 0 && path.Length > 1)) return false;
            if (length == 1 && path[segmentStart] == '.') return false;
            if (length == 2 && path[segmentStart] == '.' && path[segmentStart + 1] == '.') return false;
            segmentStart = i + 1;
        }
        return true;
    }

    public static bool SameFile(string a, string b) => string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase);

    /// <summary>True when path is the folder itself or lies below it.</summary>
    public static bool IsUnder(string path, string folder)
    {
        var p = Normalize(path);
        var f = Normalize(folder).TrimEnd('/');
        if (f.Length == 0) return true;
        return p.Length == f.Length ? string.Equals(p, f, StringComparison.OrdinalIgnoreCase)
            : p.Length > f.Length && p[f.Length] == '/' && p.StartsWith(f, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The path relative to folder with '/' separators ("" for the folder itself), or null when not under it.</summary>
    public static string? Relative(string path, string folder)
    {
        if (!IsUnder(path, folder)) return null;
        var p = Normalize(path);
        var f = Normalize(folder).TrimEnd('/');
        return f.Length == 0 ? p.TrimStart('/') : p.Length == f.Length ? "" : p[(f.Length + 1)..];
    }

    /// <summary>How many leading directory segments two files share: the nearer the definition, the longer.</summary>
    public static int CommonDirectoryLength(string fileA, string fileB)
    {
        var a = Segments(fileA);
        var b = Segments(fileB);
        int n = 0;
        // The last segment is the file name, not a directory.
        while (n < a.Length - 1 && n < b.Length - 1 && string.Equals(a[n], b[n], StringComparison.OrdinalIgnoreCase)) n++;
        return n;
    }
}
