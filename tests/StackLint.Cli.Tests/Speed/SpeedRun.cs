using System.Text.RegularExpressions;
using StackLint.Cli;
using StackLint.Tests.Support;

namespace StackLint.Tests.Speed;

/// <summary>A temp copy of the minifilter example and in-process stacklint runs over it, from the copy's parent folder.</summary>
public sealed partial class SpeedRun : IDisposable
{
    public SpeedRun()
    {
        Dir = Directory.CreateTempSubdirectory("stacklint-speed-").FullName;
        Sources = Path.Combine(Dir, "minifilter");
        Directory.CreateDirectory(Sources);
        foreach (var file in Directory.GetFiles(RepoPaths.Combine("examples", "minifilter")))
            File.Copy(file, Path.Combine(Sources, Path.GetFileName(file)));
        Directory.CreateDirectory(Path.Combine(Dir, "out"));
    }

    public string Dir { get; }
    public string Sources { get; }

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>The "N parsed, M from cache" tally of --verbose.</summary>
        public (int Parsed, int Cached) Tally
        {
            get
            {
                var m = TallyLine().Match(Stderr);
                if (!m.Success) throw new InvalidOperationException("no parse tally in stderr:\n" + Stderr);
                return (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value));
            }
        }
    }

    public Result Stacklint(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int code = StackLintCli.Run(args, stdout, stderr, Dir);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// Whether runs may put out a stored report when nothing changed, or take a driver's stored findings. Off by
    /// default: the facts-cache tests need each run to go through the facts, even when their tampering leaves every
    /// index entry valid.
    /// </summary>
    public bool ReuseReports { get; set; }

    /// <summary>analyze --verbose writing SARIF to out/NAME; returns the run and the SARIF bytes.</summary>
    public (Result Run, byte[] Sarif) AnalyzeSarif(string name, params string[] extra)
    {
        int cacheDir = Array.IndexOf(extra, "--cache-dir");
        var reports = Path.Combine(cacheDir >= 0 && cacheDir + 1 < extra.Length ? Path.GetFullPath(extra[cacheDir + 1], Dir) : Path.Combine(Dir, ".stacklint-cache"), "reports");
        if (!ReuseReports && Directory.Exists(reports)) Directory.Delete(reports, recursive: true);
        var programs = Path.Combine(Path.GetDirectoryName(reports)!, "programs");
        if (!ReuseReports && Directory.Exists(programs)) Directory.Delete(programs, recursive: true);
        var path = Path.Combine(Dir, "out", name);
        var run = Stacklint(["analyze", "minifilter", "--verbose", "--format", "sarif", "--output", path, .. extra]);
        if (run.ExitCode is not (ExitCodes.Success or ExitCodes.Findings))
            throw new InvalidOperationException($"exit {run.ExitCode}:\n{run.Stderr}");
        return (run, File.ReadAllBytes(path));
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }

    [GeneratedRegex(@"stacklint: (\d+) parsed, (\d+) from cache")]
    private static partial Regex TallyLine();
}
