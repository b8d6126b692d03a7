using System.Text.RegularExpressions;
using StackLint.Engine;
using StackLint.Rules;
using StackLint.Sarif;
using StackLint.Tests.Support;

namespace StackLint.Tests.Engine;

/// <summary>
/// A temp copy of the minifilter example analyzed through <see cref="Workspace"/>, as a host would: one workspace per
/// run, its log kept, and the SARIF log built from the result the way the hosts build it.
/// </summary>
public sealed partial class EngineRun : IDisposable
{
    public EngineRun()
    {
        Dir = Directory.CreateTempSubdirectory("stacklint-engine-").FullName;
        Sources = Path.Combine(Dir, "minifilter");
        Directory.CreateDirectory(Sources);
        foreach (var file in Directory.GetFiles(RepoPaths.Combine("examples", "minifilter")))
            File.Copy(file, Path.Combine(Sources, Path.GetFileName(file)));
    }

    public string Dir { get; }
    public string Sources { get; }
    public string CacheDir => Path.Combine(Dir, "cache");

    /// <summary>Cached, two jobs, with --verbose's log (the parse tally and cache warnings go there).</summary>
    public AnalysisSettings Settings => new()
    {
        Paths = [Sources],
        CurrentDirectory = Dir,
        CacheDirectory = CacheDir,
        Jobs = 2,
        Verbose = true,
    };

    public sealed record Run(AnalysisResult Result, string Log, byte[] Sarif)
    {
        /// <summary>The "N parsed, M from cache" tally the engine logs with Verbose.</summary>
        public (int Parsed, int Cached) Tally
        {
            get
            {
                var m = TallyLine().Match(Log);
                if (!m.Success) throw new InvalidOperationException("no parse tally in the log:\n" + Log);
                return (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value));
            }
        }
    }

    /// <summary>One run of a fresh workspace over the settings (default: <see cref="Settings"/>).</summary>
    public Run Analyze(AnalysisSettings? settings = null)
    {
        var log = new StringWriter { NewLine = "\n" };
        using var workspace = new Workspace(settings ?? Settings, log);
        var result = workspace.Analyze();
        var sarif = SarifSerializer.Serialize(SarifBuilder.Build(result.Findings, RuleCatalog.All, new SarifOptions
        {
            SourceRoot = Dir,
            Notifications = result.Notices,
            ReadSource = result.ReadSource,
            Parallelism = result.Parallelism,
        }));
        return new Run(result, log.ToString(), sarif);
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }

    [GeneratedRegex(@"stacklint: (\d+) parsed, (\d+) from cache")]
    private static partial Regex TallyLine();
}
