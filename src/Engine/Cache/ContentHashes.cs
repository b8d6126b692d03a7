using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using MemoryPack;
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
/// <para>
/// With a <see cref="HashStore"/> the hashes also outlive the run: a file whose size, write time and creation time are
/// those it had when an earlier run hashed it is not read again, unless it was written less than
/// <see cref="HashStore.RacyWindow"/> before that hash was taken (a write in the same tick of the clock could then
/// have kept its time, as Git's index treats "racily clean" files). A warm run over a hundred drivers then reads no
/// header at all. What this cannot notice is a file rewritten with the same size and all its times restored.
/// </para>
/// </summary>
public sealed class ContentHashes
{
    private readonly ConcurrentDictionary<string, FileHash> _known = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SourceFile> _sources = new(StringComparer.Ordinal);
    private readonly HashStore? _store;

    public ContentHashes(HashStore? store = null) => _store = store;

    public FileHash Of(string path) => Of(path, keepContent: false);

    /// <summary>
    /// The hash of a file the run will read again (an analyzed source: suppression comments, SARIF fingerprints and
    /// columns, the parse on a miss), keeping the file it hashed for <see cref="SourceOf"/> so the file is read from disk
    /// once per run.
    /// </summary>
    public FileHash OfSource(string path) => Of(path, keepContent: true);

    /// <summary>The file <see cref="OfSource"/> hashed, or null when it did not read this path.</summary>
    public SourceFile? SourceOf(string path) => _sources.TryGetValue(path, out var source) ? source : null;

    private FileHash Of(string path, bool keepContent)
    {
        var info = new FileInfo(path);
        if (!info.Exists) return FileHash.Missing;
        if (_known.TryGetValue(path, out var known) && known.Length == info.Length && known.LastWriteUtc == info.LastWriteTimeUtc)
            return known;
        if (_store?.Find(path, info) is { } stored)
        {
            _known[path] = stored;
            return stored;
        }
        try
        {
            var hashedAt = DateTime.UtcNow;
            var source = SourceFile.Load(path);
            var hash = new FileHash(source.Hash, info.Length, info.LastWriteTimeUtc);
            _known[path] = hash;
            if (keepContent) _sources[path] = source;
            _store?.Add(path, info, hash, hashedAt);
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

/// <summary>
/// File hashes kept between runs (<c>hashes.bin</c> in the cache folder), by path, with the size, write time and
/// creation time each file had when it was hashed and when that was. Loaded once, written back when the run added
/// entries (atomically; two runs writing at once lose some entries, which only costs a read next time).
/// </summary>
public sealed class HashStore
{
    private const int Format = 1;

    /// <summary>How long after its last write a file's hash is not trusted by stamp alone (file systems with coarse times).</summary>
    public static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    /// <summary>Entries beyond this many, least recently hashed first, are not written back.</summary>
    internal const int Kept = 200_000;

    private readonly string _path;
    private readonly Dictionary<string, StoredHash> _loaded;
    private readonly ConcurrentDictionary<string, StoredHash> _added = new(StringComparer.Ordinal);
    private int _saved;

    private HashStore(string path, Dictionary<string, StoredHash> loaded)
    {
        _path = path;
        _loaded = loaded;
    }

    /// <summary>The store at a path; an unreadable or damaged file is an empty store (and is rewritten).</summary>
    public static HashStore Open(string path)
    {
        var loaded = new Dictionary<string, StoredHash>(StringComparer.Ordinal);
        try
        {
            var bytes = File.Exists(path) ? File.ReadAllBytes(path) : null;
            if (bytes is { Length: > 8 } && BitConverter.ToInt32(bytes, 0) == Format
                && MemoryPackSerializer.Deserialize<ImmutableArray<StoredHash>>(bytes.AsSpan(4)) is { IsDefault: false } entries)
                foreach (var entry in entries) loaded[entry.Path] = entry;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or MemoryPackSerializationException)
        {
            loaded.Clear();
        }
        return new HashStore(path, loaded);
    }

    internal FileHash? Find(string path, FileInfo info)
    {
        if (!_loaded.TryGetValue(path, out var entry)) return null;
        if (entry.Length != info.Length || entry.LastWriteTicks != info.LastWriteTimeUtc.Ticks || entry.CreationTicks != info.CreationTimeUtc.Ticks
            || entry.HashedAtTicks - entry.LastWriteTicks < RacyWindow.Ticks)
            return null;
        return new FileHash(entry.Hash, entry.Length, info.LastWriteTimeUtc);
    }

    internal void Add(string path, FileInfo info, FileHash hash, DateTime hashedAtUtc) =>
        _added[path] = new StoredHash(path, hash.Hash, hash.Length, info.LastWriteTimeUtc.Ticks, info.CreationTimeUtc.Ticks, hashedAtUtc.Ticks);

    /// <summary>Writes the store back when this run hashed anything new; a failure only costs the next run some reads.</summary>
    public void Save()
    {
        if (_added.Count == _saved) return;
        var all = new Dictionary<string, StoredHash>(_loaded, StringComparer.Ordinal);
        foreach (var (path, entry) in _added) all[path] = entry;
        var kept = all.Values.OrderByDescending(e => e.HashedAtTicks).ThenBy(e => e.Path, StringComparer.Ordinal).Take(Kept)
            .OrderBy(e => e.Path, StringComparer.Ordinal).ToImmutableArray();
        var body = MemoryPackSerializer.Serialize(kept);
        var content = new byte[4 + body.Length];
        BitConverter.TryWriteBytes(content, Format);
        body.CopyTo(content, 4);
        try
        {
            AtomicFile.Write(_path, content);
            _saved = _added.Count;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}

[MemoryPackable]
internal sealed partial record StoredHash(string Path, string Hash, long Length, long LastWriteTicks, long CreationTicks, long HashedAtTicks);
