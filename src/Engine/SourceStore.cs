using System.Collections.Concurrent;
using StackLint.Engine.Cache;

namespace StackLint.Engine;

/// <summary>A source file as read from disk: its bytes, their decoded text, and the size and write time they had.</summary>
public sealed record StoredSource(string Path, byte[] Bytes, string Text, long Length, DateTime LastWriteUtc);

/// <summary>
/// The sources of a workspace, each read and decoded once while its size and write time stay the same: a workspace
/// that lives across edits (the language server's) reads the suppression comments of unchanged files from memory.
/// Thread-safe; an unreadable or missing file is null.
/// </summary>
public sealed class SourceStore
{
    private readonly ConcurrentDictionary<string, StoredSource> _files = new(StringComparer.Ordinal);

    public StoredSource? Get(string path)
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
            return known;
        try
        {
            var bytes = File.ReadAllBytes(path);
            var read = new StoredSource(path, bytes, FactsCache.Decode(bytes), info.Length, info.LastWriteTimeUtc);
            _files[path] = read;
            return read;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
