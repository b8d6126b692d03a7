using System.Collections.Concurrent;
using System.Security.Cryptography;
using StackLint.Frontend;

namespace StackLint.Engine.Cache;

/// <summary>A file's content hash and the size and write time it had when it was hashed.</summary>
public sealed record FileHash(string Hash, long Length, DateTime LastWriteUtc)
{
    /// <summary>Stands for a file that does not exist (a generated WPP stand-in, a deleted header): stable, never equal to a content hash.</summary>
    public static readonly FileHash Missing = new("missing", -1, DateTime.MinValue);
}

/// <summary>
/// SHA-256 of file contents, memoized for one run. Every driver file includes the same few hundred kernel headers,
/// so hashing each header once per run (not once per including file) is what makes validating a warm cache cheap.
/// A memoized hash is reused only while the file's size and write time are unchanged.
/// </summary>
public sealed class ContentHashes
{
    private readonly ConcurrentDictionary<string, FileHash> _known = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SourceFile> _sources = new(StringComparer.Ordinal);

    public FileHash Of(string path) => Of(path, keepContent: false);

    /// <summary>
    /// The hash of a file the run will read again (an analyzed source: suppression comments, SARIF fingerprints and
    /// columns, the parse on a miss), keeping the file it hashed for <see cref="SourceOf"/> so the file is read from disk
    /// once per run.
    /// </summary>
    public FileHash OfSource(string path) => Of(path, keepContent: true);

    /// <summary>The file <see cref="OfSource"/> hashed, or null when it did not hash this path.</summary>
    public SourceFile? SourceOf(string path) => _sources.TryGetValue(path, out var source) ? source : null;

    private FileHash Of(string path, bool keepContent)
    {
        var info = new FileInfo(path);
        if (!info.Exists) return FileHash.Missing;
        if (_known.TryGetValue(path, out var known) && known.Length == info.Length && known.LastWriteUtc == info.LastWriteTimeUtc)
            return known;
        try
        {
            var source = SourceFile.Load(path);
            var hash = new FileHash(source.Hash, info.Length, info.LastWriteTimeUtc);
            _known[path] = hash;
            if (keepContent) _sources[path] = source;
            return hash;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FileHash.Missing;
        }
    }

    /// <summary>
    /// The hash this run already took of a file, without looking at the file again; a file not seen yet is hashed.
    /// For validating cache hits: a warm run checks the same few hundred headers for every source, and asking the
    /// file system about each one a thousand times cost more than hashing them once. A header that changes after this
    /// run first saw it is still caught where it matters: <see cref="FactsCache.Store"/> re-checks with <see cref="Of"/>.
    /// </summary>
    public FileHash OfSeen(string path) => _known.TryGetValue(path, out var known) ? known : Of(path);

    public static string OfText(string text) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
