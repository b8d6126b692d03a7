using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using MemoryPack;
using Microsoft.CodeAnalysis;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules;
using StackLint.Rules.Model.Programs;
using StackLint.Sarif;

namespace StackLint.Engine.Cache;

/// <summary>
/// What the rules found in each program (driver) of an earlier run, so that a run where one file of one driver changed
/// loads the facts of that driver alone and runs the rules over it alone; every other driver's findings come from here.
/// <para>
/// An entry is keyed by everything a program's findings depend on (<see cref="ProgramResultsKey"/>): the tool build,
/// the analysis settings, the configuration files by content, the program as grouped (name, folder, files) and the
/// facts key of each of its files in order (itself over the source, every header it included and the flags). It holds
/// the findings the rules reported (before configured severities, order and duplicates, which every run works out
/// again over all programs: <see cref="Analyzer.Finish"/>) and the notices of its files. A finding whose descriptor or
/// message arguments cannot be written back exactly makes the program's entry not stored, never wrong.
/// </para>
/// <para>
/// Layout: <c>programs/&lt;key&gt;.bin</c>, a header line naming format and key, the MemoryPack payload, and a SHA-256 over
/// the payload; anything else is a miss. Entries this run did not use and older than a day are pruned, and at most
/// <see cref="KeptBeyondRun"/> more than the run used are kept.
/// </para>
/// </summary>
public sealed class ProgramResultsCache
{
    private const int Format = 1;
    internal const int KeptBeyondRun = 256;
    private readonly string _directory;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private ProgramResultsCache(string directory) => _directory = directory;

    /// <summary>The store inside a facts cache folder; null when it cannot be created (the run analyzes every program).</summary>
    public static ProgramResultsCache? Open(FactsCache facts)
    {
        var directory = Path.Combine(facts.Directory, "programs");
        try
        {
            Directory.CreateDirectory(directory);
            return new ProgramResultsCache(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The build of every assembly a program's findings come from: a deterministic build changes an assembly's module id
    /// whenever its code changes. Microsoft.CodeAnalysis reads the .editorconfig options the rules see.
    /// </summary>
    internal static readonly string ToolBuild = string.Join('/',
        new[] { typeof(ProgramResultsCache), typeof(RuleCatalog), typeof(ClangParser), typeof(ToolNotification) }
            .Select(t => t.Assembly.ManifestModule.ModuleVersionId.ToString("N"))
            .Append(typeof(DiagnosticDescriptor).Assembly.ManifestModule.ModuleVersionId.ToString("N")));

    /// <summary>The key of a program's entry; null when a file has no facts key (it changed while the run read it).</summary>
    public static string? KeyFor(
        AnalysisSettings settings,
        string arch,
        ImmutableArray<FileDigest> configurationDigests,
        ProgramGroup program,
        IReadOnlyList<(string Path, string? FactsKey)> files)
    {
        var keys = ImmutableArray.CreateBuilder<string>(files.Count);
        foreach (var (path, factsKey) in files)
        {
            if (factsKey is null) return null;
            keys.Add(path + "\0" + factsKey);
        }
        return SerializedKey.Of(new ProgramResultsKey(
            Format, ToolBuild, settings, arch, configurationDigests,
            program.Name, program.Folder, program.Source.ToString(), program.ProjectFile, program.Files, keys.MoveToImmutable()));
    }

    /// <summary>The findings and notices stored for a key; null when there are none or the entry is damaged.</summary>
    public ProgramResults? Find(string key)
    {
        var path = EntryPath(key);
        if (!SealedEntry.TryRead(path, Header(key), out var bytes, out var offset, out var length)) return null;
        var body = bytes.AsSpan(offset, length);
        try
        {
            if (MemoryPackSerializer.Deserialize<StoredProgram>(body) is not { } stored || stored.ToResults() is not { } results) return null;
            lock (_used) _used.Add(Path.GetFileName(path));
            return results;
        }
        catch (MemoryPackSerializationException)
        {
            return null;
        }
    }

    /// <summary>Stores a program's findings (atomically) unless one cannot be written back exactly; failures only cost the next run time.</summary>
    public void Store(string key, ProgramResults results)
    {
        if (StoredProgram.From(results) is not { } stored) return;
        var content = SealedEntry.Seal(Header(key), MemoryPackSerializer.Serialize(stored));
        try
        {
            AtomicFile.Write(EntryPath(key), content);
            lock (_used) _used.Add(Path.GetFileName(EntryPath(key)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Drops entries this run did not use: those older than a day (programs since edited or gone), and beyond
    /// <see cref="KeptBeyondRun"/> the least recently written. Kept entries a run used are touched so they count as recent.
    /// </summary>
    public void Prune() => Prune(_directory, _used, KeptBeyondRun);

    /// <summary>The pruning of <see cref="Prune()"/> for a folder of entries and the names of those a run used (locked while read).</summary>
    internal static void Prune(string directory, HashSet<string> usedNames, int keptBeyondRun)
    {
        try
        {
            var now = DateTime.UtcNow;
            var unused = new List<FileInfo>();
            foreach (var entry in new DirectoryInfo(directory).GetFiles())
            {
                bool used;
                lock (usedNames) used = usedNames.Contains(entry.Name);
                if (used)
                {
                    if (entry.LastWriteTimeUtc < now.AddMinutes(-10)) TryTouch(entry, now);
                    continue;
                }
                if (entry.Extension == ".tmp" && entry.LastWriteTimeUtc > now.AddMinutes(-10)) continue;
                unused.Add(entry);
            }
            var ordered = unused.OrderByDescending(e => e.LastWriteTimeUtc).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
            for (int i = 0; i < ordered.Count; i++)
            {
                if (i < keptBeyondRun && ordered[i].Extension == ".bin" && ordered[i].LastWriteTimeUtc > now.AddDays(-1)) continue;
                TryDelete(ordered[i]);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder another run is pruning: it will be pruned again.
        }
    }

    private static void TryTouch(FileInfo entry, DateTime now)
    {
        try
        {
            entry.LastWriteTimeUtc = now;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static void TryDelete(FileInfo entry)
    {
        try
        {
            entry.Delete();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // In use by a concurrent run, which will prune it later.
        }
    }

    private string EntryPath(string key) => Path.Combine(_directory, key + ".bin");

    private static byte[] Header(string key) => Encoding.UTF8.GetBytes($"stacklint-program {Format} {key}\n");
}

/// <summary>A program's findings as the rules reported them (<see cref="Analyzer.RunProgram"/>) and the notices of its files by path.</summary>
public sealed record ProgramResults(IReadOnlyList<Finding> Findings, IReadOnlyList<ToolNotification> Notices);

/// <summary>Everything a program's findings depend on; its serialized bytes are the key.</summary>
[MemoryPackable]
internal sealed partial record ProgramResultsKey(
    int Format,
    string Tool,
    AnalysisSettings Settings,
    string Arch,
    ImmutableArray<FileDigest> ConfigurationFiles,
    string Name,
    string Folder,
    string Source,
    string? ProjectFile,
    ImmutableArray<string> Files,
    ImmutableArray<string> FactsKeys);

[MemoryPackable]
internal sealed partial record StoredProgram(ImmutableArray<StoredFinding> Findings, ImmutableArray<StoredNotice> Notices)
{
    /// <summary>The stored form, or null when a finding would not read back as the same finding.</summary>
    public static StoredProgram? From(ProgramResults results)
    {
        var findings = ImmutableArray.CreateBuilder<StoredFinding>(results.Findings.Count);
        foreach (var finding in results.Findings)
        {
            if (StoredFinding.From(finding) is not { } stored) return null;
            findings.Add(stored);
        }
        return new StoredProgram(findings.MoveToImmutable(), [.. results.Notices.Select(n => new StoredNotice(n.Path, n.Level, n.Message, n.Line, n.Column, n.Code))]);
    }

    public ProgramResults? ToResults()
    {
        var findings = new List<Finding>(Findings.Length);
        foreach (var stored in Findings)
        {
            if (stored.ToFinding() is not { } finding) return null;
            findings.Add(finding);
        }
        return new ProgramResults(findings, [.. Notices.Select(n => new ToolNotification(n.Path, n.Level, n.Message, n.Line, n.Column, n.Code))]);
    }
}

[MemoryPackable]
internal sealed partial record StoredNotice(string Path, string Level, string Message, [property: PlainNullable<int>] int? Line, [property: PlainNullable<int>] int? Column, string? Code);

[MemoryPackable]
internal sealed partial record StoredSpan(string Path, int Line, int Column, int EndLine, int EndColumn)
{
    public static StoredSpan From(SourceSpan span) => new(span.Path, span.Line, span.Column, span.EndLine, span.EndColumn);

    public SourceSpan ToSpan() => new(Path, Line, Column, EndLine, EndColumn);
}

[MemoryPackable]
internal sealed partial record StoredStep(StoredSpan Location, string Message);

/// <summary>A message argument with its type, so it formats as it did (a number keeps its group separators).</summary>
[MemoryPackable]
internal sealed partial record StoredArgument(StoredArgumentKind Kind, string? Text, long Integer, double Real);

internal enum StoredArgumentKind : byte
{
    Null,
    String,
    Int32,
    Int64,
    Double,
    Boolean,
}

[MemoryPackable]
internal sealed partial record StoredFinding(
    string RuleId,
    int Severity,
    StoredSpan Location,
    string? FunctionName,
    ImmutableArray<StoredStep> Chain,
    ImmutableArray<StoredArgument> Arguments)
{
    /// <summary>The stored form; null when the finding is suppressed, its descriptor is not its rule's, or an argument has another type.</summary>
    public static StoredFinding? From(Finding finding)
    {
        if (finding.Suppression is not null || RuleCatalog.Find(finding.RuleId) is not { } rule || !ReferenceEquals(rule.Descriptor, finding.Descriptor))
            return null;
        var arguments = ImmutableArray.CreateBuilder<StoredArgument>(finding.MessageArgs.Length);
        foreach (var argument in finding.MessageArgs)
        {
            StoredArgument? stored = argument switch
            {
                null => new(StoredArgumentKind.Null, null, 0, 0),
                string text => new(StoredArgumentKind.String, text, 0, 0),
                int number => new(StoredArgumentKind.Int32, null, number, 0),
                long number => new(StoredArgumentKind.Int64, null, number, 0),
                double real => new(StoredArgumentKind.Double, null, 0, real),
                bool flag => new(StoredArgumentKind.Boolean, null, flag ? 1 : 0, 0),
                _ => null,
            };
            if (stored is null) return null;
            arguments.Add(stored);
        }
        return new StoredFinding(finding.RuleId, (int)finding.Severity, StoredSpan.From(finding.Location), finding.FunctionName,
            [.. finding.Chain.Select(s => new StoredStep(StoredSpan.From(s.Location), s.Message))], arguments.MoveToImmutable());
    }

    public Finding? ToFinding()
    {
        if (RuleCatalog.Find(RuleId) is not { } rule || !Enum.IsDefined((DiagnosticSeverity)Severity)) return null;
        var arguments = ImmutableArray.CreateBuilder<object?>(Arguments.Length);
        foreach (var argument in Arguments)
        {
            arguments.Add(argument.Kind switch
            {
                StoredArgumentKind.String => argument.Text,
                StoredArgumentKind.Int32 => (int)argument.Integer,
                StoredArgumentKind.Int64 => argument.Integer,
                StoredArgumentKind.Double => argument.Real,
                StoredArgumentKind.Boolean => argument.Integer != 0,
                _ => null,
            });
        }
        return new Finding(rule.Descriptor, (DiagnosticSeverity)Severity, Location.ToSpan(), FunctionName,
            [.. Chain.Select(s => new ChainStep(s.Location.ToSpan(), s.Message))], arguments.MoveToImmutable());
    }
}
