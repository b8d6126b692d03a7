using System.Text;

namespace StackLint.Sarif;

/// <summary>
/// Source text by path, read once per path through the caller's reader (tests pass a dictionary; the CLI the
/// file system). An unreadable file is null, and everything that needs its text has a fallback.
/// </summary>
public sealed class SourceFiles(Func<string, string?> readSource)
{
    private readonly Dictionary<string, string[]?> _lines = new(StringComparer.Ordinal);

    /// <summary>Reads from disk; a missing or unreadable file is null, never an exception.</summary>
    public static string? ReadFromDisk(string path)
    {
        try
        {
            return File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The text of a 1-based line without its line break, or null when the file or line is not there.</summary>
    public string? GetLine(string path, int line)
    {
        if (!_lines.TryGetValue(path, out var lines))
        {
            var text = readSource(path);
            lines = text?.Split('\n');
            _lines[path] = lines;
        }
        if (lines is null || line < 1 || line > lines.Length) return null;
        return lines[line - 1].TrimEnd('\r');
    }

    /// <summary>
    /// Converts clang's 1-based byte column to SARIF's 1-based character (code point) column on that line; the
    /// byte column is returned unchanged when the line is unknown (for ASCII lines the two are equal anyway).
    /// </summary>
    public int ToCharacterColumn(string path, int line, int byteColumn)
    {
        var text = GetLine(path, line);
        if (text is null || byteColumn <= 1) return byteColumn;
        int bytes = 0, chars = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (bytes >= byteColumn - 1) break;
            bytes += rune.Utf8SequenceLength;
            chars++;
        }
        // Past the end of the line (the column of a line break): count the remaining bytes one per column.
        if (bytes < byteColumn - 1) chars += byteColumn - 1 - bytes;
        return chars + 1;
    }
}
