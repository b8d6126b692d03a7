using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using System.Text.Json;
using MemoryPack;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model.Programs;

namespace StackLint.Engine.Cache;

/// <summary>
/// Facts of parsed files on disk, so an unchanged file is never parsed twice.
/// <para>
/// Layout: <c>index/&lt;hash of the source path&gt;.json</c> names the key the file was last cached under and the
/// headers it included with their content hashes; <c>facts/&lt;key&gt;.bin</c> holds the facts (a header line, then <see cref="FactsSerializer"/>), header functions stored once by
/// content in <c>functions/</c> (<see cref="Split"/>). The key is
/// the <see cref="SerializedKey"/> of a <see cref="FactsKey"/>: the source's path and content, every included header's path and
/// content, the effective clang arguments, the architecture and header environment, the tool build and the facts schema. A hit is validated by
/// re-hashing the source and the listed headers (each header once per run), never by trusting the index.
/// </para>
/// <para>
/// Anything unexpected in an entry (bad JSON, another tool build or schema, a key that does not match the one stored
/// inside) is a miss, and the entry is rewritten after the parse; damaged facts also cost a one-line warning. Writes go to a temporary file in the same folder
/// and are renamed into place, so concurrent runs and killed processes leave either a whole entry or none.
/// </para>
/// <para>
/// Each edit leaves the file's previous facts behind, so every run that used the cache ends with <see cref="Prune()"/>.
/// </para>
/// Known limit: a new header that shadows an included one earlier on the include path is not noticed until the
/// source, a listed header or the flags change (the same blind spot as ccache's direct mode).
/// </summary>
public sealed partial class FactsCache
{
    private const int Format = 4;
    private readonly string _indexDir;
    private readonly string _factsDir;
    private readonly string _functionsDir;
    private readonly string _tool;
    private readonly TextWriter _log;
    private readonly ContentHashes _hashes;
    private readonly HashStore _hashStore;
    /// <summary>The header list the last probe read (probes run in parallel: a stale value only costs a fresh read).</summary>
    private ImmutableArray<string> _lastHeaders;
    /// <summary>Header digests of this run by header list (only for validation, which uses the hashes first seen).</summary>
    private readonly ConcurrentDictionary<HeaderList, string> _seenHeaderDigests = new();
    /// <summary>Index entries this run read, by file name, so pruning need not read them again while they are unchanged.</summary>
    private readonly ConcurrentDictionary<string, IndexSeen> _indexSeen = new(StringComparer.Ordinal);

    private FactsCache(string directory, string tool, TextWriter log)
    {
        _log = log;
        Directory = directory;
        _indexDir = Path.Combine(directory, "index");
        _factsDir = Path.Combine(directory, "facts");
        _functionsDir = Path.Combine(directory, "functions", FunctionFolder(tool));
        _tool = tool;
        _hashStore = HashStore.Open(Path.Combine(directory, "hashes.bin"));
        _hashes = new ContentHashes(_hashStore);
    }

    /// <summary>
    /// Keeps the file hashes this run took for the next run (<see cref="HashStore"/>); called where no probe or parse
    /// is running, after each batch of them.
    /// </summary>
    public void SaveHashes() => _hashStore.Save();

    public string Directory { get; }

    /// <summary>
    /// The tool build a cache entry belongs to: the version plus the front end's module id, which a deterministic
    /// build changes whenever the extractor's code changes, so facts from another build are never reused.
    /// </summary>
    public static string ToolBuild { get; } = string.Join('/',
        typeof(FactsCache).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0",
        typeof(ClangParser).Assembly.ManifestModule.ModuleVersionId.ToString("N"));

    /// <summary>Opens (creating) the cache folder; when it cannot be written, says so in one line and returns null.</summary>
    public static FactsCache? Open(string directory, TextWriter log) => Open(directory, log, ToolBuild);

    internal static FactsCache? Open(string directory, TextWriter log, string tool)
    {
        var full = Path.GetFullPath(directory);
        try
        {
            System.IO.Directory.CreateDirectory(Path.Combine(full, "index"));
            System.IO.Directory.CreateDirectory(Path.Combine(full, "facts"));
            System.IO.Directory.CreateDirectory(Path.Combine(full, "functions", FunctionFolder(tool)));
            // Probe with a real write: a folder can exist and be listable yet refuse new files.
            using (new FileStream(Path.Combine(full, "." + Guid.NewGuid().ToString("N") + ".probe"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
            var ignore = Path.Combine(full, ".gitignore");
            if (!File.Exists(ignore)) AtomicFile.Write(ignore, "# Created by stacklint: the facts cache is never source.\n*\n"u8.ToArray());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            log.WriteLine($"stacklint: warning: cannot use the cache folder '{full}' ({e.Message}); running without the cache");
            return null;
        }
        return new FactsCache(full, tool, log);
    }

    /// <summary>
    /// What a lookup learned: the facts on a hit; on a miss, what <see cref="Store"/> needs to write the entry. Key is
    /// the key of the entry the index names when the index still matches the source, its headers and the flags.
    /// </summary>
    public sealed record Lookup(string Path, TranslationUnitFacts? Facts, FileHash Source, ImmutableArray<string> Arguments, string? Key = null)
    {
        internal ImmutableArray<string> Headers { get; init; } = [];

        /// <summary>
        /// Whether the cached facts define DriverEntry in the file itself (what program grouping asks of a file), as
        /// the index recorded it; null on a miss or for an index written before it was recorded.
        /// </summary>
        public bool? DefinesDriverEntry { get; init; }

        /// <summary>
        /// On a miss, whether the facts the index last named defined DriverEntry: a guess at the grouping before the
        /// changed file is parsed (<see cref="ProgramReuse"/>), never a fact; null when the index did not say.
        /// </summary>
        public bool? PreviousDriverEntry { get; init; }
    }

    public Lookup Find(string sourcePath, HeaderEnvironment environment) => Read(Probe(sourcePath, environment), environment);

    /// <summary>
    /// Checks the index entry of a source without reading its facts: the key is set when the source, every header it
    /// included and the flags are what the entry was stored under. Cheap enough to run for every file before deciding
    /// whether anything needs doing at all (<see cref="ReportCache"/>).
    /// </summary>
    public Lookup Probe(string sourcePath, HeaderEnvironment environment)
    {
        var path = System.IO.Path.GetFullPath(sourcePath);
        var source = _hashes.OfSource(path);
        var arguments = environment.KeyArgumentsFor(path);
        var miss = new Lookup(path, null, source, arguments);
        // Size and write time are taken before the read: an entry replaced after it shows up as changed when pruning.
        var indexFile = new FileInfo(IndexPath(path));
        if (!indexFile.Exists) return miss;
        var seen = (indexFile.Length, indexFile.LastWriteTimeUtc);
        if (ReadJson(indexFile.FullName) is not { } index) return miss;
        try
        {
            var root = index.RootElement;
            if (source != FileHash.Missing && root.TryGetProperty("path", out var stored) && stored.ValueKind == JsonValueKind.String
                && stored.GetString() == path && root.TryGetProperty("key", out var named) && named.ValueKind == JsonValueKind.String)
                _indexSeen[indexFile.Name] = new IndexSeen(named.GetString()!, seen.Length, seen.LastWriteTimeUtc);
            if (source == FileHash.Missing || root.GetProperty("format").GetInt32() != Format || root.GetProperty("tool").GetString() != _tool
                || root.GetProperty("path").GetString() != path)
                return miss;
            bool? driverEntry = root.TryGetProperty("driverEntry", out var entry) && entry.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? entry.GetBoolean() : null;
            var headers = HeadersOf(root.GetProperty("headers"));
            var key = Key(path, source, headers, arguments, environment, seen: true);
            if (root.GetProperty("key").GetString() != key) return miss with { PreviousDriverEntry = driverEntry };
            return miss with { Key = key, Headers = headers, DefinesDriverEntry = driverEntry };
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return miss;
        }
        finally
        {
            index.Dispose();
        }
    }

    /// <summary>
    /// A source as <see cref="Probe"/> read it, or null when no probe read it: what the rest of the run (the parser on a
    /// miss, suppressions, SARIF) reads instead of opening the file again.
    /// </summary>
    public SourceFile? Source(string path) => _hashes.SourceOf(path);

    /// <summary>The facts of a probed entry; a miss when there are none or they are not what the key describes.</summary>
    public Lookup Read(Lookup probed, HeaderEnvironment environment)
    {
        if (probed.Key is not { } key) return probed;
        var miss = probed with { Key = null };
        try
        {
            if (ReadEntry(FactsPath(key), key) is not { } facts) return miss;
            // The facts must be the ones the key describes, whatever wrote the file.
            if (facts.Path != probed.Path || facts.Arch != ParsedArch(probed, environment) || facts.HeaderEnvironment != environment.Name
                || !facts.IncludedFiles.SequenceEqual(probed.Headers, StringComparer.Ordinal))
                return miss;
            return probed with { Facts = facts };
        }
        catch (FormatException e)
        {
            // Only damage gets here (a disk error, a hand edit): an entry of another build or schema has another key.
            lock (_log) _log.WriteLine($"stacklint: warning: the cached facts of '{probed.Path}' are unusable ({e.Message}); parsing it again");
            return miss;
        }
    }

    /// <summary>
    /// Writes the facts of a file just parsed. Nothing is written when the source or an included header changed
    /// while it was parsed (its hash or write time moved past the parse's start): those facts may mix two versions.
    /// </summary>
    public void Store(Lookup lookup, HeaderEnvironment environment, TranslationUnitFacts facts, DateTime parseStartedUtc)
    {
        if (lookup.Source == FileHash.Missing || _hashes.Of(lookup.Path) != lookup.Source) return;
        foreach (var header in facts.IncludedFiles)
        {
            var hash = _hashes.Of(header);
            if (hash != FileHash.Missing && hash.LastWriteUtc > parseStartedUtc) return;
        }
        if (lookup.Source.LastWriteUtc > parseStartedUtc) return;

        var key = Key(lookup.Path, lookup.Source, facts.IncludedFiles, lookup.Arguments, environment, seen: false);
        try
        {
            AtomicFile.Write(FactsPath(key), [.. EntryHeader(key), .. FactsSerializer.Serialize(Split(facts))]);
            // The index goes last: it never names facts that are not on disk yet.
            AtomicFile.Write(IndexPath(lookup.Path), Document(w =>
            {
                w.WriteNumber("format", Format);
                w.WriteString("tool", _tool);
                w.WriteString("path", lookup.Path);
                w.WriteString("key", key);
                // Program grouping needs this one fact of every file: a run that reuses a driver's findings reads it here
                // instead of loading the facts.
                w.WriteBoolean("driverEntry", AnalyzedFile.From(facts).DefinesDriverEntry);
                w.WriteStartArray("headers");
                foreach (var header in facts.IncludedFiles) w.WriteStringValue(header);
                w.WriteEndArray();
            }));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk or a concurrent run holding the file: the run's result does not depend on the cache.
        }
    }

    /// <summary>
    /// The target the file is parsed for: the last one its arguments name, as clang takes it (a database entry's own
    /// --target comes after the environment's, and in a database that names several targets it differs from it).
    /// </summary>
    private static TargetArch ParsedArch(Lookup lookup, HeaderEnvironment environment) =>
        TargetArchNames.FromArguments(lookup.Arguments) ?? environment.Arch;

    private string Key(string path, FileHash source, IReadOnlyList<string> headers, ImmutableArray<string> arguments, HeaderEnvironment environment, bool seen)
    {
        // The headers enter the key as one digest of their paths and contents. Most files of a driver include the
        // same list, so a validating run works the digest out once per distinct list (with the contents it saw).
        var headersDigest = seen
            ? _seenHeaderDigests.GetOrAdd(new HeaderList(headers), static (_, state) => state.Cache.HeadersDigest(state.Headers, seen: true), (Cache: this, Headers: headers))
            : HeadersDigest(headers, seen: false);
        return SerializedKey.Of(new FactsKey(_tool, TranslationUnitFacts.SchemaVersion, environment.Name, environment.Arch, arguments, path, source.Hash, headersDigest));
    }

    /// <summary>
    /// The header list of an index entry. Most files of a driver include the same headers, so a list equal to the last
    /// one read is that list again, compared in place rather than read into a hundred new strings per file.
    /// </summary>
    private ImmutableArray<string> HeadersOf(JsonElement list)
    {
        var last = _lastHeaders;
        if (!last.IsDefault && list.GetArrayLength() == last.Length)
        {
            int i = 0;
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || !item.ValueEquals(last[i])) break;
                i++;
            }
            if (i == last.Length) return last;
        }
        var read = list.EnumerateArray().Select(h => h.GetString() ?? "").ToImmutableArray();
        _lastHeaders = read;
        return read;
    }

    /// <summary>
    /// A list of header paths compared by its items, so that a probe finds its list's digest without first joining the
    /// list into one string (a driver file includes a hundred or more headers; joining them cost 17 MB per 1,000 files).
    /// </summary>
    private readonly struct HeaderList(IReadOnlyList<string> paths) : IEquatable<HeaderList>
    {
        private readonly IReadOnlyList<string> _paths = paths;

        public bool Equals(HeaderList other)
        {
            if (ReferenceEquals(_paths, other._paths)) return true;
            if (_paths.Count != other._paths.Count) return false;
            for (int i = 0; i < _paths.Count; i++)
                if (!string.Equals(_paths[i], other._paths[i], StringComparison.Ordinal)) return false;
            return true;
        }

        public override bool Equals(object? obj) => obj is HeaderList other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(_paths.Count);
            foreach (var path in _paths) hash.Add(path, StringComparer.Ordinal);
            return hash.ToHashCode();
        }
    }

    private string HeadersDigest(IReadOnlyList<string> headers, bool seen)
    {
        var text = new StringBuilder();
        foreach (var header in headers) text.Append(header).Append('\0').Append((seen ? _hashes.OfSeen(header) : _hashes.Of(header)).Hash).Append('\0');
        return ContentHashes.OfText(text.ToString());
    }

    private string IndexPath(string sourcePath) => Path.Combine(_indexDir, ContentHashes.OfText(sourcePath)[..40] + ".json");

    private string FactsPath(string key) => Path.Combine(_factsDir, key + ".bin");

    /// <summary>
    /// The first line of a facts entry: format, tool build and key, so an entry is only ever read as what it claims to
    /// be. The facts follow it (<see cref="FactsSerializer"/>, which checks its own length and checksum).
    /// </summary>
    private byte[] EntryHeader(string key) => Encoding.UTF8.GetBytes($"stacklint-facts {Format} {_tool} {key}\n");

    /// <summary>The facts of an entry whose header names this format, tool and key; null otherwise, or when damaged.</summary>
    private TranslationUnitFacts? ReadEntry(string path, string key)
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var header = EntryHeader(key);
        if (!bytes.AsSpan().StartsWith(header)) return null;
        return Join(FactsSerializer.Deserialize<StoredFacts>(bytes.AsSpan(header.Length)));
    }

    private static JsonDocument? ReadJson(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return JsonDocument.Parse(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private static byte[] Document(Action<Utf8JsonWriter> body)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}

/// <summary>
/// Everything a facts entry depends on, keyed by its serialized bytes (<see cref="SerializedKey"/>): a member added
/// here is part of every key without the key code changing. Arguments are the effective clang arguments of the file (without the case-insensitive overlay: HeaderEnvironment.KeyArgumentsFor).
/// </summary>
[MemoryPackable]
internal sealed partial record FactsKey(
    string Tool,
    int SchemaVersion,
    string Environment,
    TargetArch Arch,
    ImmutableArray<string> Arguments,
    string SourcePath,
    string SourceHash,
    string HeadersDigest);
