using StackLint.Engine;

namespace StackLint.LanguageServer;

/// <summary>
/// The server's analysis: one <see cref="Workspace"/> per driver folder, kept for the session, so an edit reparses
/// only the edited buffer and runs the whole-driver rules again on the facts the workspace holds in memory (the header
/// environment is resolved once, the other files' facts are not reloaded). Each folder is analyzed as
/// 'stacklint analyze FOLDER' run from that folder would analyze it.
/// </summary>
public sealed class DriverWorkspaces(AnalysisSettings baseSettings, TextWriter log) : IDriverAnalyzer, IDisposable
{
    private readonly Dictionary<string, Workspace> _workspaces = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public DriverAnalysis Analyze(string driverFolder, IReadOnlyDictionary<string, string> unsavedFiles) =>
        Use(driverFolder, workspace =>
        {
            workspace.SetBuffers(unsavedFiles);
            var result = workspace.Reanalyze();
            return new DriverAnalysis(result.Findings, result.Notices, result.Programs, result.Options);
        });

    public void Prepare(string driverFolder, string path, string text) =>
        Use(driverFolder, workspace =>
        {
            workspace.PrepareEditing(path, text);
            return true;
        });

    public void Close(string driverFolder, string path)
    {
        Workspace? workspace;
        lock (_lock) _workspaces.TryGetValue(driverFolder, out workspace);
        workspace?.StopEditing(path);
    }

    private T Use<T>(string driverFolder, Func<Workspace, T> work)
    {
        Workspace workspace;
        lock (_lock)
        {
            if (!_workspaces.TryGetValue(driverFolder, out workspace!))
            {
                workspace = new Workspace(baseSettings with { Paths = DriverFolders.WithLibraries(driverFolder), CurrentDirectory = driverFolder, Progress = null }, log);
                _workspaces[driverFolder] = workspace;
            }
        }
        try
        {
            return work(workspace);
        }
        catch (AnalysisException e)
        {
            // A workspace whose environment could not be resolved is tried afresh next time (the user may fix it).
            lock (_lock) _workspaces.Remove(driverFolder);
            workspace.Dispose();
            throw new DriverAnalysisException(e.Message);
        }
    }

    /// <summary>
    /// Where the server keeps its facts cache and precompiled headers when --cache-dir does not say: one folder per
    /// user, shared by every driver the editor opens (entries are keyed by content and settings), never a
    /// .stacklint-cache in each source folder. %LOCALAPPDATA%\StackLint\cache on Windows, $XDG_CACHE_HOME/stacklint
    /// (else ~/.cache/stacklint) elsewhere.
    /// </summary>
    public static string UserCacheFolder()
    {
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "StackLint", "cache");
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrEmpty(xdg) && Path.IsPathFullyQualified(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "stacklint");
    }

    /// <summary>Serves on a pair of streams (stdin/stdout for 'stacklint lsp'); logs go to <paramref name="log"/>.</summary>
    public static int Serve(AnalysisSettings baseSettings, Stream input, Stream output, TextWriter log)
    {
        using var workspaces = new DriverWorkspaces(baseSettings, log);
        using var server = new StackLintServer(input, output, workspaces, log, FileUri.IsWindows);
        return server.Run();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var workspace in _workspaces.Values) workspace.Dispose();
            _workspaces.Clear();
        }
    }
}
