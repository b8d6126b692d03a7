using System.Text;

namespace StackLint.Sarif;

/// <summary>
/// File paths to SARIF URIs, computed on the path strings, never by asking the OS: the same inputs give the same
/// URIs on Linux CI and on a Windows workstation, and Windows paths ('C:\src\drv\a.c', '\\server\share\a.c') are
/// understood on any OS. Backslashes are always separators (kernel-driver sources come from Windows).
/// </summary>
public static class SarifUris
{
    public const string SourceRootBaseId = "%SRCROOT%";

    /// <summary>A path split into its root ("/", "C:", "//server/share") and its normalized segments.</summary>
    private sealed record ParsedPath(string Root, bool IsWindows, IReadOnlyList<string> Segments);

    /// <summary>True for "/x", "C:\x", "C:/x" and "\\server\share".</summary>
    public static bool IsAbsolute(string path) =>
        path.StartsWith('/') || path.StartsWith('\\') || (path.Length >= 3 && char.IsAsciiLetter(path[0]) && path[1] == ':' && path[2] is '/' or '\\');

    /// <summary>
    /// The artifact location of a file: relative to the source root (with uriBaseId %SRCROOT%) when the file is
    /// inside it, else an absolute file:// URI with no base. Relative paths are taken relative to the source root.
    /// </summary>
    public static (string Uri, string? UriBaseId) ToArtifactUri(string path, string sourceRoot)
    {
        var root = Parse(sourceRoot);
        var file = Parse(IsAbsolute(path) ? path : CombineText(sourceRoot, path));
        if (IsUnder(file, root, out var relative))
            return (string.Join('/', relative.Select(EncodeSegment)), SourceRootBaseId);
        return (ToFileUri(file, directory: false), null);
    }

    /// <summary>An absolute path as a file:// URI; with directory true it ends with '/', as originalUriBaseIds requires.</summary>
    public static string ToFileUri(string absolutePath, bool directory) => ToFileUri(Parse(absolutePath), directory);

    private static string ToFileUri(ParsedPath path, bool directory)
    {
        var sb = new StringBuilder("file://");
        if (path.Root.StartsWith("//", StringComparison.Ordinal))
        {
            // UNC: \\server\share\dir -> file://server/share/dir
            var parts = path.Root[2..].Split('/');
            sb.Append(parts[0]);
            foreach (var p in parts.Skip(1)) sb.Append('/').Append(EncodeSegment(p));
        }
        else if (path.IsWindows)
        {
            sb.Append('/').Append(char.ToUpperInvariant(path.Root[0])).Append(':');
        }
        foreach (var segment in path.Segments) sb.Append('/').Append(EncodeSegment(segment));
        if (directory || path.Segments.Count == 0) sb.Append('/');
        return sb.ToString();
    }

    private static string CombineText(string root, string relative) =>
        root.EndsWith('/') || root.EndsWith('\\') ? root + relative : root + "/" + relative;

    private static ParsedPath Parse(string path)
    {
        var text = path.Replace('\\', '/');
        string root;
        bool windows;
        if (text.StartsWith("//", StringComparison.Ordinal))
        {
            // UNC root is "//server/share".
            var parts = text[2..].Split('/', 3);
            root = "//" + parts[0] + (parts.Length > 1 ? "/" + parts[1] : "");
            text = parts.Length > 2 ? parts[2] : "";
            windows = true;
        }
        else if (text.Length >= 2 && char.IsAsciiLetter(text[0]) && text[1] == ':')
        {
            root = text[..2];
            text = text[2..];
            windows = true;
        }
        else if (text.StartsWith('/'))
        {
            root = "/";
            windows = false;
        }
        else
        {
            throw new ArgumentException($"'{path}' is not an absolute path.", nameof(path));
        }

        var segments = new List<string>();
        foreach (var segment in text.Split('/'))
        {
            if (segment.Length == 0 || segment == ".") continue;
            if (segment == "..")
            {
                if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(segment);
        }
        return new ParsedPath(root, windows, segments);
    }

    private static bool IsUnder(ParsedPath file, ParsedPath root, out IReadOnlyList<string> relative)
    {
        relative = [];
        // Windows file systems ignore case; Unix ones do not.
        var comparison = root.IsWindows ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (file.IsWindows != root.IsWindows || !string.Equals(file.Root, root.Root, comparison)) return false;
        if (file.Segments.Count <= root.Segments.Count) return false;
        for (int i = 0; i < root.Segments.Count; i++)
        {
            if (!string.Equals(file.Segments[i], root.Segments[i], comparison)) return false;
        }
        relative = [.. file.Segments.Skip(root.Segments.Count)];
        return true;
    }

    /// <summary>
    /// Percent-encodes one path segment (RFC 3986 pchar minus ':' so a relative reference never looks like a
    /// scheme): unreserved characters and a few sub-delimiters stay, everything else, non-ASCII included, is
    /// written as %XX bytes of its UTF-8 encoding.
    /// </summary>
    public static string EncodeSegment(string segment)
    {
        var sb = new StringBuilder(segment.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(segment))
        {
            char c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=' or '@'))
                sb.Append(c);
            else
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
