using System.Text;

namespace StackLint.Sarif;

/// <summary>
/// Source text by path, read once per path through the caller's reader (tests pass a dictionary; the CLI the
/// file system). An unreadable file is null, and everything that needs its text has a fallback.
/// </summary>
public sealed class SourceFiles(Func<string, string?> readSource)
{
    // Per path: the text and where each line starts. Lines are cut out only when asked for: a large driver's log
    // names a few lines in each of thousands of files.
    // Thread-safe: SARIF results are built in parallel. A path read twice by a race is read through the caller's reader, which reads once.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Text, int[] LineStarts)?> _files = new(StringComparer.Ordinal);

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

    /// <summary>
    /// A reader that reads each path from disk once and hands the same text to every caller, on any thread: the
    /// suppression scan and the SARIF builder both need the analyzed files' text, and a run reads it once.
    /// </summary>
    /// <param name="alreadyRead">Text the run read before (null for a path it did not), used instead of the disk.</param>
    public static Func<string, string?> ReadFromDiskOnce(Func<string, string?>? alreadyRead = null)
    {
        var texts = new System.Collections.Concurrent.ConcurrentDictionary<string, string?>(StringComparer.Ordinal);
        return alreadyRead is null
            ? path => texts.GetOrAdd(path, ReadFromDisk)
            : path => texts.GetOrAdd(path, static (p, known) => known(p) ?? ReadFromDisk(p), alreadyRead);
    }

    /// <summary>The text of a 1-based line without its line break, or null when the file or line is not there.</summary>
    public string? GetLine(string path, int line) => TryGetLine(path, line, out var text) ? text.ToString() : null;

    private bool TryGetLine(string path, int line, out ReadOnlySpan<char> text)
    {
        text = default;
        var file = _files.GetOrAdd(path, static (p, read) => read(p) is { } content ? (content, LineStarts(content)) : null, readSource);
        if (file is not var (all, starts) || line < 1 || line > starts.Length) return false;
        int start = starts[line - 1];
        int end = line < starts.Length ? starts[line] - 1 : all.Length;
        while (end > start && all[end - 1] == '\r') end--;
        text = all.AsSpan(start, end - start);
        return true;
    }

    private static int[] LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (int i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1)) starts.Add(i + 1);
        return [.. starts];
    }

    /// <summary>
    /// Converts clang's 1-based byte column to SARIF's 1-based character (code point) column on that line; the
    /// byte column is returned unchanged when the line is unknown (for ASCII lines the two are equal anyway).
    /// </summary>
    public int ToCharacterColumn(string path, int line, int byteColumn)
    {
        if (byteColumn <= 1 || !TryGetLine(path, line, out var text)) return byteColumn;
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
