using System.Collections.Concurrent;
using StackLint.Frontend;

namespace StackLint.Sarif;

/// <summary>
/// Source files by path, each asked of the caller's reader once (tests pass a dictionary; a run the files it already
/// read). An unreadable file is null, and everything that needs its text has a fallback.
/// </summary>
public sealed class SourceFiles(Func<string, SourceFile?> readSource)
{
    // Thread-safe: SARIF results are built in parallel. A path read twice by a race is read through the caller's reader, which reads once.
    private readonly ConcurrentDictionary<string, SourceFile?> _files = new(StringComparer.Ordinal);

    /// <summary>Reads from disk; a missing or unreadable file is null, never an exception.</summary>
    public static SourceFile? ReadFromDisk(string path) => SourceFile.TryLoad(path);

    /// <summary>
    /// A reader that reads each path from disk once and hands the same file to every caller, on any thread: the
    /// suppression scan and the SARIF builder both need the analyzed files' text, and a run reads it once.
    /// </summary>
    /// <param name="alreadyRead">Files the run read before (null for a path it did not), used instead of the disk.</param>
    public static Func<string, SourceFile?> ReadFromDiskOnce(Func<string, SourceFile?>? alreadyRead = null)
    {
        var files = new ConcurrentDictionary<string, SourceFile?>(StringComparer.Ordinal);
        return alreadyRead is null
            ? path => files.GetOrAdd(path, ReadFromDisk)
            : path => files.GetOrAdd(path, static (p, known) => known(p) ?? ReadFromDisk(p), alreadyRead);
    }

    /// <summary>The file at a path, or null when it cannot be read.</summary>
    public SourceFile? Get(string path) => _files.GetOrAdd(path, static (p, read) => read(p), readSource);

    /// <summary>The text of a 1-based line without its line break, or null when the file or line is not there.</summary>
    public string? GetLine(string path, int line) => Get(path)?.GetLine(line);

    /// <summary>
    /// Converts clang's 1-based byte column to SARIF's 1-based character (code point) column on that line; the
    /// byte column is returned unchanged when the file or line is unknown (for ASCII lines the two are equal anyway).
    /// </summary>
    public int ToCharacterColumn(string path, int line, int byteColumn) =>
        Get(path) is { } file ? file.ToCharacterColumn(line, byteColumn) : byteColumn;
}
