using System.Collections.Immutable;
using MemoryPack;
using StackLint.Frontend;
using StackLint.Rules.Suppressions;

namespace StackLint.Engine.Cache;

/// <summary>
/// The sources known to hold no suppression comment, by content digest (<c>suppressions.bin</c> in the cache folder).
/// Suppressions are worked out again over every file in every run, also for the drivers whose findings come from the
/// cache; without this list that meant reading and decoding every source of the tree, though the hash store spares
/// the probes that read. A file listed here is not read: its digest, which the probe took from the hash store, says
/// its text is one that held no comment. Files with comments are read and scanned every time (they are few).
/// <para>
/// Written back when the run's list differs from the stored one, holding this run's sources only, under the build of
/// the comment scanner (another build may read comments differently). Two runs writing at once lose one list, which
/// only costs the next run some reads.
/// </para>
/// </summary>
public sealed class SuppressionFreeSources
{
    private const int Format = 1;

    private static readonly string Scanner = typeof(SuppressionMap).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    private readonly string _path;
    private readonly HashSet<string> _stored;

    private SuppressionFreeSources(string path, HashSet<string> stored)
    {
        _path = path;
        _stored = stored;
    }

    /// <summary>The list in a facts cache folder; an unreadable, damaged or other build's list is an empty one.</summary>
    public static SuppressionFreeSources Open(FactsCache cache)
    {
        var path = Path.Combine(cache.Directory, "suppressions.bin");
        var stored = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var bytes = File.Exists(path) ? File.ReadAllBytes(path) : null;
            if (bytes is { Length: > 4 } && BitConverter.ToInt32(bytes, 0) == Format
                && MemoryPackSerializer.Deserialize<StoredSuppressionFree>(bytes.AsSpan(4)) is { } list
                && list.Scanner == Scanner && !list.Digests.IsDefault)
                stored.UnionWith(list.Digests);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or MemoryPackSerializationException)
        {
            stored.Clear();
        }
        return new SuppressionFreeSources(path, stored);
    }

    /// <summary>Whether a source with this digest is known to hold no suppression comment.</summary>
    public bool Contains(FileHash source) => source != FileHash.Missing && _stored.Contains(source.Hash);

    /// <summary>
    /// The suppression comments of the sources (by path, with the digest the probe took; null for a file not hashed):
    /// those listed are not read, the others are read through <paramref name="readSource"/> and scanned, and the list is
    /// written back with the digests of every source without a comment. Null for a file that could not be read.
    /// </summary>
    public IReadOnlyDictionary<string, SuppressionMap?> Scan(
        IReadOnlyList<(string Path, FileHash? Digest)> sources, Func<string, SourceFile?> readSource, int parallelism)
    {
        var free = sources.Where(s => s.Digest is { } digest && Contains(digest)).Select(s => s.Path).ToHashSet(StringComparer.Ordinal);
        var toRead = sources.Select(s => s.Path).Where(p => !free.Contains(p)).ToList();
        var read = SuppressionMap.Scan(toRead, path => readSource(path)?.Text, parallelism);
        var maps = new Dictionary<string, SuppressionMap?>(read, StringComparer.Ordinal);
        foreach (var path in free) maps[path] = SuppressionMap.None(path);

        // The digests of the text the scan read (the probe's, when the probe read the file), so a file that changed since
        // it was probed is listed by what was actually scanned.
        var digests = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, digest) in sources)
        {
            if (maps[path] is not { Comments.IsEmpty: true }) continue;
            if (free.Contains(path)) digests.Add(digest!.Hash);
            else if (readSource(path) is { } file) digests.Add(file.Hash);
        }
        if (!digests.SetEquals(_stored)) Save(digests);
        return maps;
    }

    private void Save(HashSet<string> digests)
    {
        var body = MemoryPackSerializer.Serialize(new StoredSuppressionFree(Scanner, [.. digests.Order(StringComparer.Ordinal)]));
        var content = new byte[4 + body.Length];
        BitConverter.TryWriteBytes(content, Format);
        body.CopyTo(content, 4);
        try
        {
            AtomicFile.Write(_path, content);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}

[MemoryPackable]
internal sealed partial record StoredSuppressionFree(string Scanner, ImmutableArray<string> Digests);
