using StackLint.Engine.Cache;
using StackLint.Engine;
using System.Collections.Immutable;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using MemoryPack;
using StackLint.Frontend;
using StackLint.Rules;
using StackLint.Rules.Model.Programs;
using StackLint.Sarif;

namespace StackLint.Cli.Cache;

/// <summary>
/// The last few reports, so that re-analyzing a driver where nothing changed (the pre-commit hook on an unrelated
/// commit, a CI re-run) puts out the previous report without loading facts or running a rule.
/// <para>
/// A report is stored under a key over everything its bytes depend on (<see cref="ReportKey"/>, hashed as its serialized
/// bytes): the facts key of every input (itself over the source, every header it included, the flags and the tool
/// build), the inputs' order and roots, the configuration files and the project files program grouping reads (each by
/// content), the baseline's content, the analysis settings and the output options as whole serialized records, and
/// the build of every StackLint assembly. When any input has no valid facts entry there is no key and the run
/// proceeds normally. A run with --timestamps is never stored.
/// </para>
/// <para>
/// Entries are <c>reports/&lt;key&gt;.report</c>: a header line, then the exit code, the console text, the output
/// and SARIF file contents, and a SHA-256 over all of it; damaged or foreign entries are ignored. Only the
/// <see cref="Kept"/> most recently used are kept, since each holds a whole report.
/// </para>
/// </summary>
public sealed class ReportCache
{
    private const int Format = 3;
    public const int Kept = 3;
    private readonly string _directory;

    private ReportCache(string directory) => _directory = directory;

    /// <summary>The report store inside a facts cache folder; null when it cannot be created (the run goes on without it).</summary>
    public static ReportCache? Open(FactsCache facts)
    {
        var directory = Path.Combine(facts.Directory, "reports");
        try
        {
            Directory.CreateDirectory(directory);
            return new ReportCache(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The build of every StackLint assembly: a deterministic build changes an assembly's module id whenever its
    /// code changes, so a report from another build is never put out. Microsoft.CodeAnalysis parses .editorconfig.
    /// </summary>
    private static readonly string ToolBuild = string.Join('/',
        new[] { typeof(ReportCache), typeof(RuleCatalog), typeof(SarifBuilder), typeof(ClangParser) }
            .Select(t => t.Assembly.ManifestModule.ModuleVersionId.ToString("N"))
            .Append(typeof(Microsoft.CodeAnalysis.DiagnosticDescriptor).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? ""));

    /// <summary>
    /// The key of the report a prepared run would produce; null when some input's facts are not cached, or when the run
    /// reads editor buffers or stamps times (its report is not one the next run can reuse).
    /// </summary>
    public static string? KeyFor(AnalysisPipeline.PreparedRun run, AnalysisSettings settings, ReportRequest request)
    {
        if (request.StartTimeUtc is not null || settings.UnsavedFiles is not null || run.Probes.Length != run.Inputs.Count) return null;
        var inputs = ImmutableArray.CreateBuilder<ReportKeyInput>(run.Inputs.Count);
        for (int i = 0; i < run.Inputs.Count; i++)
        {
            if (run.Probes[i].Key is not { } factsKey) return null;
            inputs.Add(new ReportKeyInput(run.Inputs[i].FullPath, run.Inputs[i].Root, factsKey));
        }
        return SerializedKey.Of(new ReportKey(
            Format,
            ToolBuild,
            settings,
            request,
            request.BaselinePath is { } baseline ? FileDigest.HashOf(baseline) : null,
            run.Environment.Name,
            run.CppSources ?? [],
            inputs.MoveToImmutable(),
            [.. run.ConfigurationFiles.Select(FileDigest.Of)],
            [.. ProgramGrouper.ProjectFilePaths(run.Inputs.Select(i => i.FullPath), PhysicalProgramFileSystem.Instance).Select(FileDigest.Of)]));
    }

    /// <summary>The stored report for a key, or null when there is none or it is damaged (the run then renders it afresh).</summary>
    public RenderedReport? Find(string key)
    {
        var path = EntryPath(key);
        var header = Header(key);
        if (!SealedEntry.TryRead(path, header, out var bytes, out _, out var bodyLength)) return null;
        try
        {
            // Most recently used is what pruning keeps.
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, header.Length, bodyLength, writable: false), Encoding.UTF8);
            int exitCode = reader.ReadInt32();
            int pieces = reader.ReadInt32();
            if (pieces < 0 || pieces > bodyLength) return null;
            var console = ImmutableArray.CreateBuilder<ConsoleText>(pieces);
            for (int i = 0; i < console.Capacity; i++) console.Add(new ConsoleText(reader.ReadBoolean(), reader.ReadString()));
            var output = ReadBytes(reader, bytes, header.Length);
            var sarif = ReadBytes(reader, bytes, header.Length);
            return reader.BaseStream.Position == bodyLength ? new RenderedReport(console.MoveToImmutable(), output, sarif, exitCode) : null;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Stores a report (atomically) and drops all but the most recently used few; failures only cost the next run time.</summary>
    public void Store(string key, RenderedReport report)
    {
        var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(report.ExitCode);
            writer.Write(report.Console.Length);
            foreach (var text in report.Console)
            {
                writer.Write(text.ToStandardError);
                writer.Write(text.Text);
            }
            WriteBytes(writer, report.OutputFile);
            WriteBytes(writer, report.SarifFile);
        }
        var content = SealedEntry.Seal(Header(key), body.GetBuffer().AsSpan(0, (int)body.Length));
        try
        {
            AtomicFile.Write(EntryPath(key), content);
            Prune();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private void Prune()
    {
        var entries = new DirectoryInfo(_directory).GetFiles()
            .OrderByDescending(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
        foreach (var entry in entries.Where(e => e.Extension == ".report").Skip(Kept)
                     .Concat(entries.Where(e => e.Extension == ".tmp" && e.LastWriteTimeUtc < DateTime.UtcNow.AddMinutes(-10))))
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
    }

    private string EntryPath(string key) => Path.Combine(_directory, key + ".report");

    private static byte[] Header(string key) => Encoding.UTF8.GetBytes($"stacklint-report {Format} {key}\n");

    private static void WriteBytes(BinaryWriter writer, ReadOnlyMemory<byte>? bytes)
    {
        writer.Write(bytes is not null);
        if (bytes is not { } content) return;
        writer.Write(content.Length);
        writer.Write(content.Span);
    }

    /// <summary>A file's content as a slice of the entry's bytes: a report can be tens of megabytes, copied once only.</summary>
    private static ReadOnlyMemory<byte>? ReadBytes(BinaryReader reader, byte[] entry, int offset)
    {
        if (!reader.ReadBoolean()) return null;
        int length = reader.ReadInt32();
        var stream = reader.BaseStream;
        if (length < 0 || length > stream.Length - stream.Position) throw new FormatException();
        var content = new ReadOnlyMemory<byte>(entry, offset + (int)stream.Position, length);
        stream.Seek(length, SeekOrigin.Current);
        return content;
    }
}

/// <summary>
/// Everything a stored report depends on. Its serialized bytes are the key, settings and request included whole, so a
/// property added to any of them is part of the key without this code naming it.
/// </summary>
[MemoryPackable]
internal sealed partial record ReportKey(
    int Format,
    string Tool,
    AnalysisSettings Settings,
    ReportRequest Request,
    string? BaselineHash,
    string Environment,
    IReadOnlyList<string> CppSources,
    ImmutableArray<ReportKeyInput> Inputs,
    ImmutableArray<FileDigest> ConfigurationFiles,
    ImmutableArray<FileDigest> ProjectFiles);

/// <summary>One input of a report: its place in the run and the facts key of the facts it was analyzed from.</summary>
[MemoryPackable]
internal sealed partial record ReportKeyInput(string Path, string Root, string FactsKey);
