using System.Text;

namespace StackLint.LanguageServer;

/// <summary>
/// file: URIs to local paths and back, in the forms editors send. VS Code writes Windows paths as
/// "file:///c%3A/src/a.c" (lower-case drive, escaped colon); others send "file:///C:/src/a.c"; UNC paths come as
/// "file://server/share/a.c". Pure functions with the platform as a parameter so both forms are tested everywhere.
/// </summary>
public static class FileUri
{
    public static bool IsWindows => OperatingSystem.IsWindows();

    /// <summary>The local path of a file: URI, or null for any other scheme.</summary>
    public static string? ToLocalPath(string uri, bool windows)
    {
        if (!uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase)) return null;
        var rest = uri["file://".Length..];
        int slash = rest.IndexOf('/');
        var authority = slash < 0 ? rest : rest[..slash];
        var path = Uri.UnescapeDataString(slash < 0 ? "/" : rest[slash..]);
        if (windows)
        {
            // "/c:/src/a.c" → "c:\src\a.c"; a host part means a UNC path.
            if (path.Length >= 3 && path[0] == '/' && char.IsAsciiLetter(path[1]) && path[2] == ':') path = path[1..];
            path = path.Replace('/', '\\');
            if (authority.Length > 0 && !authority.Equals("localhost", StringComparison.OrdinalIgnoreCase))
                path = @"\\" + authority + path;
            return path;
        }
        return path;
    }

    /// <summary>A file: URI for a local path, in VS Code's spelling so it matches what the editor sends.</summary>
    public static string FromLocalPath(string path, bool windows)
    {
        var text = windows ? path.Replace('\\', '/') : path;
        string authority = "";
        if (windows && text.StartsWith("//", StringComparison.Ordinal))
        {
            int end = text.IndexOf('/', 2);
            authority = end < 0 ? text[2..] : text[2..end];
            text = end < 0 ? "/" : text[end..];
        }
        else if (windows && text.Length >= 2 && char.IsAsciiLetter(text[0]) && text[1] == ':')
        {
            text = "/" + char.ToLowerInvariant(text[0]) + text[1..];
        }
        var builder = new StringBuilder("file://").Append(authority);
        foreach (var c in Encoding.UTF8.GetBytes(text))
        {
            // RFC 3986 unreserved characters and the separator stay; everything else (':' too, as VS Code does) is escaped.
            if (char.IsAsciiLetterOrDigit((char)c) || c is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~' or (byte)'/')
                builder.Append((char)c);
            else
                builder.Append('%').Append(c.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    /// <summary>Whether two local paths name the same file (Windows file names ignore case).</summary>
    public static bool SamePath(string a, string b, bool windows) =>
        string.Equals(Normalize(a, windows), Normalize(b, windows), windows ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static string Normalize(string path, bool windows) => windows ? path.Replace('/', '\\') : path;
}
