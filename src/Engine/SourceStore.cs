using System.Collections.Concurrent;
using StackLint.Frontend;

namespace StackLint.Engine;

/// <summary>
/// The sources of a workspace, each read and decoded once while its size and write time stay the same: a workspace
/// that lives across edits (the language server's) reads the suppression comments of unchanged files from memory.
/// Thread-safe; an unreadable or missing file is null.
/// </summary>
public sealed class SourceStore
{
    private readonly ConcurrentDictionary<string, Stored> _files = new(StringComparer.Ordinal);

    public SourceFile? Get(string path)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (!info.Exists) return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
        if (_files.TryGetValue(path, out var known) && known.Length == info.Length && known.LastWriteUtc == info.LastWriteTimeUtc)
            return known.Source;
        if (SourceFile.TryLoad(path) is not { } read) return null;
        _files[path] = new Stored(read, info.Length, info.LastWriteTimeUtc);
        return read;
    }

    /// <summary>A file as read, with the size and write time it had just before.</summary>
    private sealed record Stored(SourceFile Source, long Length, DateTime LastWriteUtc);
}
