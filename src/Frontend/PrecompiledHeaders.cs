using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace StackLint.Frontend;

/// <summary>A precompiled header on disk and the headers it was built from (which a parse using it no longer lists).</summary>
/// <param name="BuiltThisRun">False when it came from an earlier run (so a rejection by clang means it went stale).</param>
internal sealed record PrecompiledHeader(string Key, string Path, ImmutableArray<string> Inclusions, bool BuiltThisRun);

/// <summary>
/// Precompiled headers shared by every file of a run whose prefix (the system headers it includes before its first
/// declaration, directly or through project headers, and the macro directives between them: <see cref="IncludePrefix"/>)
/// and clang arguments are the same: the kernel headers (wdm.h alone is 450 KB) are parsed once per run, or once
/// ever when the folder is kept.
/// <para>
/// Layout: <c>&lt;key&gt;.h</c> (the prefix), <c>&lt;key&gt;.pch</c> (libclang's saved translation unit)
/// and <c>&lt;key&gt;.json</c> (every header in it with the size and write time clang itself validates), and once a file
/// asked, <c>&lt;key&gt;.names</c> (the names its headers mention and define, <see cref="HeaderNames"/>); one
/// <c>guarded-headers.txt</c> says which system headers a second inclusion leaves unchanged. The key is
/// a hash of the libclang version, the clang arguments and the prefix. An entry whose headers changed, or
/// whose manifest cannot be read, is rebuilt; all three files are written to temporary names and renamed, the
/// manifest last, so a killed run leaves nothing a later run trusts.
/// </para>
/// <para>
/// Thread-safe: a key is built once per run however many workers ask for it. A key whose header could not be
/// precompiled (errors, or definitions the facts need) is remembered as unusable and its files parse plainly.
/// </para>
/// </summary>
public sealed class PrecompiledHeaderStore
{
    private const int Format = 3;

    /// <summary>Manifests beyond this many, least recently used first, are deleted by <see cref="Prune"/>.</summary>
    internal const int KeptEntries = 16;

    private readonly ConcurrentDictionary<string, Lazy<PrecompiledHeader?>> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly bool _buildOnFirstUse;

    /// <param name="directory">Where the entries live (created when needed).</param>
    /// <param name="buildOnFirstUse">
    /// True when the folder outlives the run (a cache), so even a key one file uses pays off next time; false for a
    /// run-only folder, where a key is built only when a second file asks for it.
    /// </param>
    public PrecompiledHeaderStore(string directory, bool buildOnFirstUse)
    {
        Directory = System.IO.Path.GetFullPath(directory);
        _buildOnFirstUse = buildOnFirstUse;
        _keptGuards = new(ReadGuards, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Directory { get; }

    /// <summary>How many keys were built, loaded from disk, or found unusable in this run (for --verbose).</summary>
    public (int Built, int Loaded, int Unusable) Tally => (_built, _loaded, _unusable);

    private int _built;
    private int _loaded;
    private int _unusable;
    private int _singleUse;
    private Lazy<IReadOnlyDictionary<string, PrefixShare>>? _sharing;

    private readonly ConcurrentDictionary<PrecompiledHeader, Lazy<HeaderNames?>> _names = new();
    private readonly ConcurrentDictionary<string, bool> _guardedHeaders = new(StringComparer.Ordinal);
    private readonly Lazy<int> _keptGuards;
    private int _dependentPrefix;

    /// <summary>
    /// Files that parsed without the precompiled header of their prefix because its headers name a guard the
    /// prefix defines, or change a name its conditions test (<see cref="IncludePrefix"/>).
    /// </summary>
    public int DependentPrefix => _dependentPrefix;

    /// <summary>Files that parsed without a precompiled header because no other file of the run shares their prefix.</summary>
    public int SingleUse => _singleUse;

    /// <summary>Files that parsed with a precompiled header, and files with no system header before their first declaration.</summary>
    public (int Used, int NoPrefix) Uses => (_used, _noPrefix);

    private int _used;
    private int _noPrefix;

    /// <summary>
    /// Tells the store, before any file is parsed, which files of the run share which part of their prefix
    /// (<see cref="Sharing"/>, worked out on first use): a key only one file would use is then not built.
    /// </summary>
    public void Plan(Func<IReadOnlyDictionary<string, PrefixShare>> sharing) => _sharing = new(sharing, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>How many files share the part of a file's prefix it is to precompile, and that part's length.</summary>
    public readonly record struct PrefixShare(int Sharers, int HeaderLength);

    /// <summary>
    /// For every readable file (full path), the longest part of its prefix (<see cref="IncludePrefix.Cuts"/>) that
    /// other files of the list share under the same clang arguments, which is what a precompiled header's key is
    /// made of. Two drivers that both start with <c>&lt;fltKernel.h&gt;</c> and go on with headers of their own
    /// share that one. A file whose longest shared part no other file ends up taking moves to a shorter part
    /// another file took, or gets none.
    /// </summary>
    public static IReadOnlyDictionary<string, PrefixShare> Sharing(IEnumerable<(string Path, IReadOnlyList<string> Arguments)> files)
    {
        var keysOf = new Dictionary<string, (string Key, int Length)[]>(StringComparer.Ordinal);
        var count = new Dictionary<string, int>(StringComparer.Ordinal);
        var guardedHeaders = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        foreach (var (path, arguments) in files)
        {
            var fullPath = System.IO.Path.GetFullPath(path);
            byte[] content;
            try
            {
                content = File.ReadAllBytes(fullPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            var prefix = IncludePrefix.Read(content, fullPath, arguments, guardedHeaders);
            var keys = prefix is null ? [] : prefix.Cuts.Select(c => (Key(string.Empty, arguments, prefix.Header[..c]), c)).Reverse().ToArray();
            keysOf[fullPath] = keys;
            foreach (var (key, _) in keys)
            {
                count[key] = count.GetValueOrDefault(key) + 1;
            }
        }

        var choice = keysOf.ToDictionary(pair => pair.Key, pair => pair.Value.FirstOrDefault(k => count[k.Key] >= 2), StringComparer.Ordinal);
        var chosen = choice.Values.Where(c => c.Key is not null).CountBy(c => c.Key).ToDictionary(StringComparer.Ordinal);
        foreach (var (path, (key, _)) in choice.Where(pair => pair.Value.Key is not null && chosen[pair.Value.Key] == 1).ToList())
        {
            if (keysOf[path].FirstOrDefault(k => k.Key != key && chosen.GetValueOrDefault(k.Key) >= 1) is { Key: not null } other)
            {
                chosen[key]--;
                chosen[other.Key]++;
                choice[path] = other;
            }
        }

        return keysOf.ToDictionary(
            pair => pair.Key,
            pair => choice[pair.Key] is { Key: not null } c && chosen[c.Key] >= 2 ? new PrefixShare(chosen[c.Key], c.Length)
                : new PrefixShare(1, pair.Value.Length > 0 ? pair.Value[0].Length : 0),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// The precompiled header for a file, building it with <paramref name="build"/> (header path, manifest inputs
    /// out) when needed; null when the file has no prefix, the key is unusable, the prefix depends on what the
    /// headers define (<see cref="HeaderNames.Allow"/>), or a header is not worth it yet.
    /// </summary>
    internal PrecompiledHeader? For(
        string sourcePath,
        ReadOnlySpan<byte> content,
        IReadOnlyList<string> arguments,
        string clangVersion,
        Func<string, string, ImmutableArray<string>?> build)
    {
        _ = _keptGuards.Value; // earlier runs' verdicts on guards first (ReadGuards)
        if (IncludePrefix.Read(content, sourcePath, arguments, _guardedHeaders) is not { } prefix)
        {
            Interlocked.Increment(ref _noPrefix);
            return null;
        }

        // The longest part of the prefix with a header already built (in this run, or kept by an earlier one: a run
        // that finds one never reads the file list); otherwise the part the plan chose.
        string? key = null;
        for (var i = prefix.Cuts.Length - 1; i >= 0 && key is null; i--)
        {
            var candidate = Key(clangVersion, arguments, prefix.Header[..prefix.Cuts[i]]);
            if (_entries.ContainsKey(candidate) || File.Exists(ManifestPath(candidate)))
            {
                prefix = prefix.CutAt(prefix.Cuts[i]);
                key = candidate;
            }
        }

        if (key is null && _sharing is not null && _sharing.Value.TryGetValue(sourcePath, out var share))
        {
            // A prefix no other file of the run shares is not worth a precompiled header: building one costs more than
            // parsing those headers once, and a folder kept between runs keeps only the most recent few anyway.
            if (share.Sharers < 2)
            {
                Interlocked.Increment(ref _singleUse);
                return null;
            }

            if (prefix.Cuts.Contains(share.HeaderLength))
            {
                prefix = prefix.CutAt(share.HeaderLength);
            }
        }

        var header = prefix.Header;
        key ??= Key(clangVersion, arguments, header);

        if (!_buildOnFirstUse && !_entries.ContainsKey(key) && _requests.AddOrUpdate(key, 1, (_, n) => n + 1) == 1
            && !File.Exists(ManifestPath(key)))
        {
            return null;
        }

        var pch = _entries.GetOrAdd(key, k => new Lazy<PrecompiledHeader?>(() => LoadOrBuild(k, header, build))).Value;
        if (pch is null)
        {
            return null;
        }

        if (!prefix.IndependentNames.IsEmpty || !prefix.ConditionNames.IsEmpty)
        {
            var names = _names.GetOrAdd(pch, _ => new Lazy<HeaderNames?>(() => NamesOf(pch))).Value;
            if (names is null || !names.Allow(prefix))
            {
                Interlocked.Increment(ref _dependentPrefix);
                return null;
            }
        }

        Interlocked.Increment(ref _used);
        return pch;
    }

    /// <summary>
    /// clang refused a precompiled header (corrupt, or its headers changed in a way the manifest missed): one from
    /// an earlier run is deleted and built again for the rest of this run; one built in this run is only dropped.
    /// </summary>
    internal void Rejected(PrecompiledHeader pch, Func<string, string, ImmutableArray<string>?> build)
    {
        if (!_entries.TryGetValue(pch.Key, out var current) || !current.IsValueCreated || current.Value != pch)
        {
            return;
        }

        TryDelete(ManifestPath(pch.Key));
        TryDelete(NamesPath(pch.Key));
        var header = File.Exists(HeaderPath(pch.Key)) ? File.ReadAllText(HeaderPath(pch.Key)) : null;
        Lazy<PrecompiledHeader?> replacement = pch.BuiltThisRun || header is null
            ? new(() => null)
            : new(() => LoadOrBuild(pch.Key, header, build, reuse: false));
        _entries.TryUpdate(pch.Key, replacement, current);
    }

    /// <summary>
    /// The names the headers of a precompiled header mention and define. Reading them means reading every header in it
    /// (the kernel headers run to megabytes), which costs more than the parse of the one edited file that asks: they are
    /// kept beside the entry (<c>&lt;key&gt;.names</c>) under a digest of its manifest, which holds every header's size
    /// and write time, so they are read again exactly when the entry's headers are.
    /// </summary>
    private HeaderNames? NamesOf(PrecompiledHeader pch)
    {
        // A header built for this run alone (another run held the entry's file open) has no manifest of its own.
        if (pch.Path != PchPath(pch.Key))
        {
            return HeaderNames.Read(pch.Inclusions);
        }

        var path = NamesPath(pch.Key);
        string stamp;
        try
        {
            stamp = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(ManifestPath(pch.Key))));
            if (File.Exists(path) && HeaderNames.FromBytes(File.ReadAllBytes(path), stamp) is { } kept)
            {
                return kept;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HeaderNames.Read(pch.Inclusions);
        }

        var names = HeaderNames.Read(pch.Inclusions);
        if (names is not null)
        {
            try
            {
                AtomicFile.Write(path, names.ToBytes(stamp));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A read-only folder: the next run reads the headers again.
            }
        }

        return names;
    }

    private PrecompiledHeader? LoadOrBuild(string key, string header, Func<string, string, ImmutableArray<string>?> build, bool reuse = true)
    {
        if (reuse && Load(key) is { } loaded)
        {
            Interlocked.Increment(ref _loaded);
            return loaded;
        }

        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            // Written only when missing: clang validates the header's write time whenever a PCH built from it is used.
            var headerPath = HeaderPath(key);
            AtomicFile.WriteOnce(headerPath, Encoding.UTF8.GetBytes(header));

            var staging = PchPath(key) + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                if (build(headerPath, staging) is not { } inclusions)
                {
                    Interlocked.Increment(ref _unusable);
                    return null;
                }

                var manifest = Manifest(key, inclusions);
                try
                {
                    File.Move(staging, PchPath(key), overwrite: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Another run has the old file open (Windows): use ours for this run and leave theirs be.
                    var runOnly = staging + ".pch";
                    File.Move(staging, runOnly);
                    Interlocked.Increment(ref _built);
                    return new PrecompiledHeader(key, runOnly, inclusions, true);
                }

                AtomicFile.Write(ManifestPath(key), manifest);
                Interlocked.Increment(ref _built);
                return new PrecompiledHeader(key, PchPath(key), inclusions, true);
            }
            finally
            {
                TryDelete(staging);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only or full cache folder: the files parse plainly, with the same facts.
            Interlocked.Increment(ref _unusable);
            return null;
        }
    }

    private PrecompiledHeader? Load(string key)
    {
        try
        {
            if (!File.Exists(PchPath(key)))
            {
                return null;
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(ManifestPath(key)));
            var root = document.RootElement;
            if (root.GetProperty("format").GetInt32() != Format || root.GetProperty("key").GetString() != key)
            {
                return null;
            }

            var inclusions = ImmutableArray.CreateBuilder<string>();
            foreach (var input in root.GetProperty("inputs").EnumerateArray())
            {
                var path = input.GetProperty("path").GetString() ?? string.Empty;
                var info = new FileInfo(path);
                if (!info.Exists || info.Length != input.GetProperty("size").GetInt64()
                    || info.LastWriteTimeUtc.Ticks != input.GetProperty("written").GetInt64())
                {
                    return null;
                }

                inclusions.Add(path);
            }

            // The manifest's write time is the entry's last use, which Prune keeps the most recent of.
            File.SetLastWriteTimeUtc(ManifestPath(key), DateTime.UtcNow);
            return new PrecompiledHeader(key, PchPath(key), inclusions.ToImmutable(), false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException
            or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return null;
        }
    }

    private static byte[] Manifest(string key, ImmutableArray<string> inclusions)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("format", Format);
            writer.WriteString("key", key);
            writer.WriteStartArray("inputs");
            foreach (var path in inclusions)
            {
                var info = new FileInfo(path);
                writer.WriteStartObject();
                writer.WriteString("path", path);
                writer.WriteNumber("size", info.Exists ? info.Length : -1);
                writer.WriteNumber("written", info.Exists ? info.LastWriteTimeUtc.Ticks : -1);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Keeps this run's verdicts on guards (<see cref="SaveGuards"/>), then deletes all but the <see cref="KeptEntries"/>
    /// most recently used entries and leftovers of killed runs older than <paramref name="grace"/>. Never throws: a file another run holds open is simply left for next time.
    /// </summary>
    public void Prune(TimeSpan grace)
    {
        try
        {
            if (!System.IO.Directory.Exists(Directory))
            {
                return;
            }

            var now = DateTime.UtcNow;
            SaveGuards();
            var files = new DirectoryInfo(Directory).GetFiles();
            var manifests = files.Where(f => f.Extension == ".json").OrderByDescending(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
            var kept = manifests.Take(KeptEntries).Select(f => System.IO.Path.GetFileNameWithoutExtension(f.Name)).ToHashSet(StringComparer.Ordinal);
            foreach (var file in files)
            {
                var key = file.Name.Split('.')[0];
                if (file.Name == GuardsFile || kept.Contains(key) && !file.Name.EndsWith(".tmp", StringComparison.Ordinal) && !file.Name.EndsWith(".tmp.pch", StringComparison.Ordinal))
                {
                    continue;
                }

                if (now - file.LastWriteTimeUtc > grace)
                {
                    TryDelete(file.FullName);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Pruning is housekeeping; the next run tries again.
        }
    }

    private const string GuardsFile = "guarded-headers.txt";

    private const string GuardsHeader = "stacklint-guarded-headers 1\n";

    /// <summary>
    /// Fills the run's verdicts of which system headers a second inclusion leaves unchanged
    /// (<see cref="IncludePrefix.IsGuarded"/>) with those kept by earlier runs whose header still has the size and write
    /// time it had: the verdict reads the whole header (ntifs.h is close to a megabyte), which cost one edited file more
    /// than its parse. A damaged or foreign file counts as empty, and is written again by <see cref="SaveGuards"/>.
    /// Returns how many it kept.
    /// </summary>
    private int ReadGuards()
    {
        string text;
        try
        {
            text = File.ReadAllText(System.IO.Path.Combine(Directory, GuardsFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        if (!text.StartsWith(GuardsHeader, StringComparison.Ordinal) || !text.EndsWith('\n'))
        {
            return 0;
        }

        var verdicts = new List<(string Path, bool Guarded)>();
        foreach (var line in text[GuardsHeader.Length..^1].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // verdict, size, write time (ticks), path: the path last, so a tab in it cannot move the fields.
            var fields = line.Split('\t', 4);
            if (fields.Length != 4 || fields[0] is not ("0" or "1")
                || !long.TryParse(fields[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size)
                || !long.TryParse(fields[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var written))
            {
                return 0;
            }

            var info = new FileInfo(fields[3]);
            if (info.Exists && info.Length == size && info.LastWriteTimeUtc.Ticks == written)
            {
                verdicts.Add((fields[3], fields[0] == "1"));
            }
        }

        foreach (var (path, guarded) in verdicts)
        {
            _guardedHeaders.TryAdd(path, guarded);
        }

        return verdicts.Count;
    }

    /// <summary>
    /// Keeps this run's verdicts for the next run when it worked out new ones. A header written since the run began
    /// is left out: its verdict may be of the text before.
    /// </summary>
    private void SaveGuards()
    {
        if (!_keptGuards.IsValueCreated || _guardedHeaders.Count <= _keptGuards.Value)
        {
            return;
        }

        var text = new StringBuilder(GuardsHeader);
        foreach (var (path, guarded) in _guardedHeaders.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var info = new FileInfo(path);
            if (info.Exists && info.LastWriteTimeUtc < _started && !path.Contains('\n'))
            {
                text.Append(guarded ? '1' : '0').Append('\t')
                    .Append(info.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\t')
                    .Append(info.LastWriteTimeUtc.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\t')
                    .Append(path).Append('\n');
            }
        }

        AtomicFile.Write(System.IO.Path.Combine(Directory, GuardsFile), Encoding.UTF8.GetBytes(text.ToString()));
    }

    private readonly DateTime _started = DateTime.UtcNow;

    private static string Key(string clangVersion, IReadOnlyList<string> arguments, string header)
    {
        var text = new StringBuilder("stacklint-pch\0").Append(Format).Append('\0').Append(clangVersion).Append('\0');
        for (var i = 0; i < arguments.Count; i++)
        {
            // The case-insensitive overlay is named after every file in the source folder, so it differs between
            // folders and runs; the includes it resolved are checked through the manifest.
            if (arguments[i] == "-ivfsoverlay")
            {
                i++;
                continue;
            }

            text.Append(arguments[i]).Append('\0');
        }

        text.Append('\0').Append(header);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }

    private string HeaderPath(string key) => System.IO.Path.Combine(Directory, key + ".h");

    private string PchPath(string key) => System.IO.Path.Combine(Directory, key + ".pch");

    private string NamesPath(string key) => System.IO.Path.Combine(Directory, key + ".names");

    private string ManifestPath(string key) => System.IO.Path.Combine(Directory, key + ".json");

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next Prune.
        }
    }
}
