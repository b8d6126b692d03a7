using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;
using MemoryPack;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules;

namespace StackLint.Engine.Cache;

/// <summary>
/// The function rules' findings per translation unit (<see cref="IUnitFindingsStore"/>), kept between runs: when one file
/// of a driver changes, its driver's whole-program rules run again, but the per-function rules (frame estimates above
/// all, and a driver's headers put thousands of inline functions into every unit) run over that file alone. A unit that
/// two drivers share is analyzed once per run.
/// <para>
/// An entry is keyed by what a function rule's findings depend on (<see cref="FunctionRule"/>): the tool build, the
/// analysis settings, the configuration files by content, the unit's path and its facts key (the source, every header
/// it included and the flags). Layout: <c>units/&lt;key&gt;.bin</c>, sealed as the program entries are
/// (<see cref="SealedEntry"/>); a unit with a finding that cannot be written back exactly is not stored, never wrong.
/// </para>
/// </summary>
public sealed class UnitFindingsCache : IUnitFindingsStore
{
    private const int Format = 1;

    /// <summary>Unused entries kept besides those of the run: a few trees' worth of units.</summary>
    internal const int KeptBeyondRun = 4096;

    private readonly string _directory;
    private readonly IReadOnlyDictionary<TranslationUnitFacts, string> _keys;
    private readonly ConcurrentDictionary<string, UnitFindings> _known = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private UnitFindingsCache(string directory, IReadOnlyDictionary<TranslationUnitFacts, string> keys)
    {
        _directory = directory;
        _keys = keys;
    }

    /// <summary>
    /// The store inside a facts cache folder for the units of a run, each with its facts key (a unit without one is
    /// analyzed and not stored); null when the folder cannot be created.
    /// </summary>
    public static UnitFindingsCache? Open(
        FactsCache facts, AnalysisSettings settings, string arch, ImmutableArray<FileDigest> configurationDigests,
        IEnumerable<(TranslationUnitFacts Unit, string? FactsKey)> units)
    {
        var directory = Path.Combine(facts.Directory, "units");
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var keys = new Dictionary<TranslationUnitFacts, string>(ReferenceEqualityComparer.Instance);
        foreach (var (unit, factsKey) in units)
            if (factsKey is not null)
                keys.TryAdd(unit, SerializedKey.Of(new UnitFindingsKey(Format, ProgramResultsCache.ToolBuild, settings, arch, configurationDigests, unit.Path, factsKey)));
        return new UnitFindingsCache(directory, keys);
    }

    /// <summary>How many distinct units the function rules analyzed, and how many came from an earlier run (for --verbose).</summary>
    public (int Analyzed, int FromCache) Tally => (_analyzed, _fromCache);

    private int _analyzed;
    private int _fromCache;

    public UnitFindings? Find(TranslationUnitFacts unit)
    {
        if (!_keys.TryGetValue(unit, out var key)) return null;
        if (_known.TryGetValue(key, out var known)) return known;
        var path = EntryPath(key);
        if (!SealedEntry.TryRead(path, Header(key), out var bytes, out var offset, out var length)) return null;
        try
        {
            if (MemoryPackSerializer.Deserialize<StoredUnit>(bytes.AsSpan(offset, length)) is not { } stored || stored.ToFindings() is not { } findings
                || findings.Functions.Any(f => (uint)f >= (uint)unit.Functions.Length))
                return null;
            lock (_used) _used.Add(Path.GetFileName(path));
            if (_known.TryAdd(key, findings)) Interlocked.Increment(ref _fromCache);
            return _known[key];
        }
        catch (MemoryPackSerializationException)
        {
            return null;
        }
    }

    public void Store(TranslationUnitFacts unit, UnitFindings findings)
    {
        if (!_keys.TryGetValue(unit, out var key)) return;
        if (_known.TryAdd(key, findings)) Interlocked.Increment(ref _analyzed);
        if (StoredUnit.From(findings) is not { } stored) return;
        try
        {
            AtomicFile.Write(EntryPath(key), SealedEntry.Seal(Header(key), MemoryPackSerializer.Serialize(stored)));
            lock (_used) _used.Add(Path.GetFileName(EntryPath(key)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The next run analyzes the unit again.
        }
    }

    /// <summary>Drops unused entries as <see cref="ProgramResultsCache.Prune()"/> does.</summary>
    public void Prune() => ProgramResultsCache.Prune(_directory, _used, KeptBeyondRun);

    private string EntryPath(string key) => Path.Combine(_directory, key + ".bin");

    private static byte[] Header(string key) => Encoding.UTF8.GetBytes($"stacklint-unit {Format} {key}\n");
}

/// <summary>Everything the function rules' findings on a unit depend on; its serialized bytes are the key.</summary>
[MemoryPackable]
internal sealed partial record UnitFindingsKey(
    int Format,
    string Tool,
    AnalysisSettings Settings,
    string Arch,
    ImmutableArray<FileDigest> ConfigurationFiles,
    string Path,
    string FactsKey);

[MemoryPackable]
internal sealed partial record StoredUnit(ImmutableArray<int> Functions, ImmutableArray<int> Rules, ImmutableArray<StoredFinding> Findings)
{
    /// <summary>The stored form, or null when a finding would not read back as the same finding.</summary>
    public static StoredUnit? From(UnitFindings findings)
    {
        var stored = ImmutableArray.CreateBuilder<StoredFinding>(findings.Findings.Length);
        foreach (var finding in findings.Findings)
        {
            if (StoredFinding.From(finding) is not { } one) return null;
            stored.Add(one);
        }
        return new StoredUnit(findings.Functions, findings.Rules, stored.MoveToImmutable());
    }

    public UnitFindings? ToFindings()
    {
        if (Functions.Length != Findings.Length || Rules.Length != Findings.Length) return null;
        var findings = ImmutableArray.CreateBuilder<Finding>(Findings.Length);
        foreach (var stored in Findings)
        {
            if (stored.ToFinding() is not { } finding) return null;
            findings.Add(finding);
        }
        return new UnitFindings(Functions, Rules, findings.MoveToImmutable());
    }
}
