using System.Collections.Immutable;
using StackLint.Engine.Cache;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules;
using StackLint.Rules.Model;

namespace StackLint.Engine;

/// <summary>
/// One analysis scope and everything that lives as long as it, as Roslyn's Workspace is for a solution: the settings,
/// the header environment (resolved once), the sources (each read and decoded once while unchanged), the editor's
/// unsaved buffers, the facts (from memory, else the facts cache, else the parser), the precompiled headers, and the
/// last analysis with its notices.
/// <para>
/// A command-line run is one pass: <see cref="Prepare"/>, <see cref="Load"/>, <see cref="Analyze(AnalysisPipeline.LoadedSources)"/>.
/// An editor keeps a workspace per driver folder and calls <see cref="Reanalyze"/> after every edit: the facts of
/// every file whose source and headers are unchanged on disk come from memory, the edited buffers are reparsed (with
/// a kept translation unit and its precompiled preamble), and the whole-driver rules run again on the facts.
/// </para>
/// Not thread-safe: one analysis at a time (the language server runs them on one worker).
/// </summary>
public sealed class Workspace : IDisposable
{
    private readonly TextWriter _log;
    private readonly SourceStore _sources = new();
    private readonly Dictionary<string, RememberedFacts> _facts = new(StringComparer.Ordinal);
    private Dictionary<string, string> _buffers;
    private HeaderEnvironment? _environment;
    private PrecompiledHeaderStore? _precompiledHeaders;
    private readonly Lock _editingLock = new();
    private ClangParser? _editing;
    private bool _disposed;
    private bool _pruned;

    public Workspace(AnalysisSettings settings, TextWriter log)
    {
        Settings = settings;
        _log = log;
        _buffers = new Dictionary<string, string>(PathComparer);
    }

    public AnalysisSettings Settings { get; }

    /// <summary>The analysis <see cref="Reanalyze"/> produced last; null before the first.</summary>
    public AnalysisResult? Latest { get; private set; }

    /// <summary>Source paths compare as the file system does: case-insensitively on Windows.</summary>
    public static StringComparer PathComparer { get; } = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>The header environment, resolved on first use and kept.</summary>
    public HeaderEnvironment Environment => _environment ??= AnalysisPipeline.ResolveEnvironment(Settings, out _);

    // ---- One pass (command line, pre-commit, link) ----

    /// <summary>The run up to parsing: environment, inputs, configuration and what the facts cache knows.</summary>
    public AnalysisPipeline.PreparedRun Prepare()
    {
        var prepared = AnalysisPipeline.Prepare(Settings, _log);
        _environment = prepared.Environment;
        return prepared;
    }

    /// <summary>The facts of a prepared run's inputs, from the cache or the parser.</summary>
    public AnalysisPipeline.LoadedSources Load(AnalysisPipeline.PreparedRun prepared) => AnalysisPipeline.Load(prepared, Settings, _log);

    public AnalysisPipeline.LoadedSources Load() => Load(Prepare());

    /// <summary>The programs (drivers) of loaded facts, for the commands that report the model (frames, callgraph).</summary>
    public ImmutableArray<ProgramAnalysis> ProgramsOf(AnalysisPipeline.LoadedSources loaded) => AnalysisPipeline.ProgramsOf(loaded, Settings, _log);

    /// <summary>Programs, rules, suppressions and notices over loaded facts.</summary>
    public AnalysisResult Analyze(AnalysisPipeline.LoadedSources loaded) =>
        AnalysisPipeline.Analyze(loaded.Units, loaded.Inputs, Settings, loaded.Options, loaded.EnvironmentName, _log, loaded.SourcesRead, loaded.CppSources);

    /// <summary>Stored facts (the shards of a sharded run) analyzed as freshly parsed ones would be.</summary>
    public AnalysisResult Analyze(ImmutableArray<TranslationUnitFacts> units, IReadOnlyList<InputFile> inputs, string environmentName)
    {
        var options = AnalysisPipeline.LoadOptions(Settings, units.Select(u => u.Path), _log);
        return AnalysisPipeline.Analyze(units, inputs, Settings, options, environmentName, _log);
    }

    /// <summary>A whole run in one call.</summary>
    public AnalysisResult Analyze() => Analyze(Load());

    // ---- Live (editor) ----

    /// <summary>The editor's buffers that differ from the disk, by full path; they replace the previous set.</summary>
    public void SetBuffers(IReadOnlyDictionary<string, string> buffers) =>
        _buffers = new Dictionary<string, string>(buffers, PathComparer);

    /// <summary>
    /// Analyzes the scope again with the current buffers. The header environment is the one resolved first; the inputs
    /// and configuration are read again (a file may have been added); a file's facts come from memory while its source
    /// and every header it included keep their size and write time, else from the facts cache or the parser.
    /// </summary>
    public AnalysisResult Reanalyze()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var environment = Environment;
        var inputs = AnalysisPipeline.SelectInputs(Settings, environment, out var cppSources);
        var options = AnalysisPipeline.LoadOptions(Settings, inputs.Select(i => i.FullPath), _log);

        var selected = clock.Elapsed;
        var units = new TranslationUnitFacts[inputs.Count];
        var stamps = new Dictionary<string, FileStamp>(StringComparer.Ordinal);
        FileStamp StampOf(string path) => stamps.TryGetValue(path, out var known) ? known : stamps[path] = FileStamp.Of(path);
        var missing = new List<int>();
        for (int i = 0; i < inputs.Count; i++)
        {
            var path = inputs[i].FullPath;
            if (!_buffers.ContainsKey(path) && _facts.TryGetValue(path, out var remembered) && remembered.IsCurrent(StampOf))
                units[i] = remembered.Facts;
            else
                missing.Add(i);
        }

        var checkedStamps = clock.Elapsed;
        if (missing.Count > 0)
        {
            // A cache opened for this pass: it validates entries against the files as they are now.
            var cache = Settings.CacheDirectory is null ? null : FactsCache.Open(Path.GetFullPath(Settings.CacheDirectory, Settings.CurrentDirectory), _log);
            var wanted = missing.Select(i => inputs[i]).ToList();
            var parserOptions = ParserOptionsFor(cache, inputs, environment);
            var parsed = AnalysisPipeline.ParseAll(wanted, environment, Settings.Jobs, cache, null, parserOptions, out _,
                unsavedFiles: _buffers, parseUnsaved: ParseBuffer);
            for (int k = 0; k < missing.Count; k++)
            {
                var facts = parsed[k];
                units[missing[k]] = facts;
                var path = inputs[missing[k]].FullPath;
                if (_buffers.ContainsKey(path))
                    _facts.Remove(path);
                else
                    _facts[path] = RememberedFacts.Of(facts, path);
            }
            if (cache is not null && !_pruned)
            {
                // Once per workspace: pruning reads the whole cache folder, which an edit must not wait for.
                _pruned = true;
                _precompiledHeaders?.Prune(TimeSpan.FromMinutes(10));
                cache.Prune();
            }
        }
        // Files that left the scope leave memory too.
        var current = inputs.Select(i => i.FullPath).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _facts.Keys.Where(p => !current.Contains(p)).ToList()) _facts.Remove(gone);

        var loaded = clock.Elapsed;
        var result = AnalysisPipeline.Analyze([.. units], inputs, Settings with { UnsavedFiles = _buffers, Verbose = false }, options, environment.Name, _log,
            _sources.Get, cppSources);
        Latest = result;
        if (Settings.Verbose)
            _log.WriteLine($"stacklint: {Settings.CurrentDirectory}: {inputs.Count - missing.Count} file(s) from memory, {missing.Count} parsed or loaded, "
                + $"{loaded.TotalMilliseconds:F0} ms (inputs and configuration {selected.TotalMilliseconds:F0} ms, stamps {(checkedStamps - selected).TotalMilliseconds:F0} ms); rules {(clock.Elapsed - loaded).TotalMilliseconds:F0} ms");
        return result;
    }

    /// <summary>
    /// Parses a file's text through the editing parser and keeps its unit, so that the first edit of the file reparses
    /// it with a precompiled preamble instead of building one. The facts are not used: the file's own come from memory.
    /// </summary>
    public void PrepareEditing(string path, string text) => ParseBuffer(path, Environment, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Frees the translation unit kept for a file's edits (the editor closed it).</summary>
    public void StopEditing(string path)
    {
        lock (_editingLock) _editing?.ForgetEdited(path);
    }

    private AnalysisPipeline.ParserOptions ParserOptionsFor(FactsCache? cache, IReadOnlyList<InputFile> inputs, HeaderEnvironment environment)
    {
        if (Settings.PlainParse) return AnalysisPipeline.ParserOptions.Plain;
        if (cache is null) return new AnalysisPipeline.ParserOptions(null, IntrinsicStandIns: true);
        if (_precompiledHeaders is null)
        {
            _precompiledHeaders = new PrecompiledHeaderStore(Path.Combine(cache.Directory, "pch"), buildOnFirstUse: true);
            var files = inputs.Select(i => (i.FullPath, (IReadOnlyList<string>)environment.ArgumentsFor(i.FullPath))).ToList();
            _precompiledHeaders.Plan(() => PrecompiledHeaderStore.Sharing(files));
        }
        return new AnalysisPipeline.ParserOptions(_precompiledHeaders, IntrinsicStandIns: true);
    }

    /// <summary>
    /// An editor buffer through the one parser this workspace keeps: it keeps each edited file's translation unit with
    /// a precompiled preamble, so typing in a file that includes the WDK reparses the file and not the WDK.
    /// </summary>
    private TranslationUnitFacts ParseBuffer(string path, HeaderEnvironment environment, byte[] text)
    {
        lock (_editingLock)
        {
            if (_disposed) throw new AnalysisException(AnalysisFailure.CannotRun, "the workspace was closed");
            _editing ??= new ClangParser();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var facts = _editing.ParseEdited(path, environment, text);
            if (Settings.Verbose)
                _log.WriteLine($"stacklint: {path}: " + (_editing.LastEditRoute == ClangParser.EditRoute.Reparsed ? "reparsed with its kept preamble" : "parsed, preamble built")
                    + (_editing.LastEditWalkedWhole ? ", every declaration walked" : ", declarations after the preamble walked")
                    + $" in {clock.Elapsed.TotalMilliseconds:F0} ms");
            return facts;
        }
    }

    /// <summary>Frees the kept translation units; a host that stops may call it while an analysis still runs.</summary>
    public void Dispose()
    {
        lock (_editingLock)
        {
            _disposed = true;
            _editing?.Dispose();
            _editing = null;
        }
    }

    /// <summary>A file's size and write time; a missing file has its own stamp.</summary>
    private readonly record struct FileStamp(long Length, DateTime LastWriteUtc)
    {
        public static FileStamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc) : new FileStamp(-1, DateTime.MinValue);
        }
    }

    /// <summary>Facts kept in memory with the stamps of the source and every header they were extracted from.</summary>
    private sealed record RememberedFacts(TranslationUnitFacts Facts, ImmutableArray<(string Path, FileStamp Stamp)> Stamps)
    {
        public static RememberedFacts Of(TranslationUnitFacts facts, string path) =>
            new(facts, [(path, FileStamp.Of(path)), .. facts.IncludedFiles.Select(h => (h, FileStamp.Of(h)))]);

        public bool IsCurrent(Func<string, FileStamp> stampOf) => Stamps.All(s => stampOf(s.Path) == s.Stamp);
    }
}
