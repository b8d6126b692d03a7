using StackLint.Frontend;
using System.Text.Json;

namespace StackLint.Engine.Cache;

/// <summary>What one pruning pass removed, and how many index entries it had to read to know what is still in use.</summary>
public sealed record PruneResult(int Facts, int Index, int Temporary, int IndexEntriesRead, int Functions = 0)
{
    public int Removed => Facts + Index + Temporary + Functions;

    public override string ToString() =>
        $"removed {Facts} unused facts, {Index} index entries of deleted sources, {Temporary} leftover temporary files, {Functions} unused header functions";
}

/// <summary>An index entry as this run read it: its key, valid while the file keeps this size and write time.</summary>
internal sealed record IndexSeen(string Key, long Length, DateTime LastWriteUtc);

public sealed partial class FactsCache
{
    /// <summary>
    /// How old an unreferenced entry must be before it goes. Facts are written just before the index entry naming
    /// them, so a concurrent run's new facts are unreferenced for a moment; minutes also cover the clock skew of a
    /// cache folder on a network share, whose write times come from the server's clock.
    /// </summary>
    public static readonly TimeSpan PruneGrace = TimeSpan.FromMinutes(10);

    /// <inheritdoc cref="Prune(TimeSpan)"/>
    public PruneResult Prune() => Prune(PruneGrace);

    /// <summary>
    /// Deletes what no run can use any more: facts no index entry names, index entries of sources that no longer
    /// exist and temporary files of killed runs, each only when older than <paramref name="grace"/>. Other folders
    /// in the cache (pch/) are not touched.
    /// <para>
    /// Cheap when nothing goes: one listing of index/ and of facts/, and only the index entries this run did not read
    /// in <see cref="Find"/> (or that changed since) are read. An entry that cannot be listed, read or deleted is
    /// skipped, and when some index entry cannot be read no facts are deleted, because its key is unknown. The worst a
    /// race can do is delete facts a concurrent run has just rewritten under the same key: a later cache miss, never
    /// a wrong result.
    /// </para>
    /// </summary>
    public PruneResult Prune(TimeSpan grace)
    {
        var now = DateTime.UtcNow;
        int facts = 0, index = 0, temporary = 0, read = 0;
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        var complete = true;

        foreach (var file in Listing(_indexDir, ref complete))
        {
            if (IsTemporary(file))
            {
                if (IsOlderThan(file, grace, now) && TryDelete(file)) temporary++;
                continue;
            }
            if (!file.Name.EndsWith(".json", StringComparison.Ordinal)) continue;
            if (Unchanged(file) is { } key)
            {
                referenced.Add(key);
                continue;
            }

            read++;
            switch (ReadIndexEntry(file.FullName, out var source, out key))
            {
                case IndexEntry.Unreadable:
                    complete = false;
                    break;
                case IndexEntry.Damaged:
                    // Not even a path and a key: no run can use it, and a rewrite after the next parse replaces it anyway.
                    if (IsOlderThan(file, grace, now) && TryDelete(file)) index++;
                    break;
                case IndexEntry.Valid when SourceIsGone(source!):
                    if (TryDelete(file)) index++;
                    else referenced.Add(key!);
                    break;
                case IndexEntry.Valid:
                    referenced.Add(key!);
                    break;
            }
        }

        foreach (var file in Listing(_factsDir, ref complete))
        {
            if (IsTemporary(file))
            {
                if (IsOlderThan(file, grace, now) && TryDelete(file)) temporary++;
            }
            // Any extension: entries of an earlier cache format (.json) go the same way as unreferenced ones.
            else if (complete && !referenced.Contains(Path.GetFileNameWithoutExtension(file.Name))
                && IsOlderThan(file, grace, now) && TryDelete(file))
            {
                facts++;
            }
        }

        // Header functions are named only inside facts entries, and reading all of them is worth it only once some went.
        // An edit makes the facts of the file's previous version go one grace period later, so in an editing session
        // nearly every run removes some: the sweep runs at most once per six grace periods (an hour by default).
        int functions = complete && facts > 0 && SweepDue(grace, now) ? SweepFunctions(grace, now) : 0;
        return new PruneResult(facts, index, temporary, read, functions);
    }

    private bool SweepDue(TimeSpan grace, DateTime now)
    {
        var marker = new FileInfo(Path.Combine(_functionsDir, "swept"));
        try
        {
            if (marker.Exists && now - marker.LastWriteTimeUtc <= grace * 6) return false;
            AtomicFile.Write(marker.FullName, []);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Deletes this build's function entries that no facts entry of this build names, and the folders of other builds
    /// that no facts entry names at all, each only when older than <paramref name="grace"/>. Nothing goes when a facts
    /// entry cannot be read (what it names is unknown); a damaged one names nothing (it is a miss anyway).
    /// </summary>
    private int SweepFunctions(TimeSpan grace, DateTime now)
    {
        var complete = true;
        var builds = new HashSet<string>(StringComparer.Ordinal);
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Listing(_factsDir, ref complete))
        {
            if (IsTemporary(file)) continue;
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file.FullName);
            }
            catch (FileNotFoundException)
            {
                continue;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                complete = false;
                continue;
            }
            int end = bytes.AsSpan().IndexOf((byte)'\n');
            var words = end < 0 ? [] : System.Text.Encoding.UTF8.GetString(bytes, 0, end).Split(' ');
            if (words.Length != 4 || words[0] != "stacklint-facts") continue;
            builds.Add(FunctionFolder(words[2]));
            if (words[1] != Format.ToString(System.Globalization.CultureInfo.InvariantCulture) || words[2] != _tool) continue;
            try
            {
                foreach (var slot in FactsSerializer.Deserialize<StoredFacts>(bytes.AsSpan(end + 1)).Slots)
                    if (slot is not null) named.Add(slot);
            }
            catch (FormatException)
            {
            }
        }
        if (!complete) return 0;

        int removed = 0;
        var ours = Path.GetFileName(_functionsDir);
        DirectoryInfo[] folders;
        try
        {
            folders = new DirectoryInfo(Path.GetDirectoryName(_functionsDir)!).GetDirectories();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
        foreach (var folder in folders)
        {
            bool mine = folder.Name == ours;
            if (!mine && builds.Contains(folder.Name)) continue;
            var listed = true;
            foreach (var file in Listing(folder.FullName, ref listed))
                if ((IsTemporary(file) || !mine || (file.Name.EndsWith(".bin", StringComparison.Ordinal) && !named.Contains(Path.GetFileNameWithoutExtension(file.Name))))
                    && IsOlderThan(file, grace, now) && TryDelete(file))
                    removed++;
            if (!mine)
            {
                try
                {
                    folder.Delete(recursive: false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Not empty yet (younger entries of a build still running): a later pass takes it.
                }
            }
        }
        return removed;
    }

    private enum IndexEntry { Valid, Damaged, Unreadable }

    /// <summary>The key this run read from an index entry, when the file has not been replaced since.</summary>
    private string? Unchanged(FileInfo file)
    {
        if (!_indexSeen.TryGetValue(file.Name, out var seen)) return null;
        try
        {
            return file.Length == seen.Length && file.LastWriteTimeUtc == seen.LastWriteUtc ? seen.Key : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IndexEntry ReadIndexEntry(string path, out string? source, out string? key)
    {
        source = key = null;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var document = JsonDocument.Parse(stream);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("path", out var p) || p.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("key", out var k) || k.ValueKind != JsonValueKind.String)
                return IndexEntry.Damaged;
            source = p.GetString();
            key = k.GetString();
            return IndexEntry.Valid;
        }
        catch (JsonException)
        {
            return IndexEntry.Damaged;
        }
        catch (FileNotFoundException)
        {
            // Deleted since the listing (a concurrent prune): it names nothing any more.
            return IndexEntry.Damaged;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return IndexEntry.Unreadable;
        }
    }

    /// <summary>
    /// Only a source missing from a volume that is there counts as deleted: an offline share or a path from another
    /// operating system (a cache folder shared by Windows and Linux runs) must not cost the other side its entries.
    /// </summary>
    private static bool SourceIsGone(string source)
    {
        try
        {
            if (!Path.IsPathFullyQualified(source) || File.Exists(source)) return false;
            var root = Path.GetPathRoot(source);
            return !string.IsNullOrEmpty(root) && System.IO.Directory.Exists(root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The files of a folder; a listing that fails part-way marks the pass incomplete.</summary>
    private static List<FileInfo> Listing(string directory, ref bool complete)
    {
        var files = new List<FileInfo>();
        try
        {
            files.AddRange(new DirectoryInfo(directory).EnumerateFiles());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            complete = false;
        }
        return files;
    }

    /// <summary>What <see cref="AtomicFile.Write"/> leaves behind when its process dies between write and rename.</summary>
    private static bool IsTemporary(FileInfo file) => file.Name.EndsWith(".tmp", StringComparison.Ordinal);

    /// <summary>Asks the disk again: a listing can be older than a concurrent run's rewrite of the same file.</summary>
    private static bool IsOlderThan(FileInfo file, TimeSpan grace, DateTime nowUtc)
    {
        try
        {
            file.Refresh();
            return file.Exists && nowUtc - file.LastWriteTimeUtc > grace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool TryDelete(FileInfo file)
    {
        try
        {
            file.Delete();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
