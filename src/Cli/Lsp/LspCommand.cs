using StackLint.Engine;
using StackLint.LanguageServer;

namespace StackLint.Cli.Lsp;

/// <summary>
/// 'stacklint lsp': the language server (src/LanguageServer) on stdin/stdout, with the command line's analysis as its
/// host; logs go to stderr (stdout carries only LSP).
/// </summary>
public static class LspCommand
{
    public static int Run(AnalysisSettings baseSettings, Stream input, Stream output, TextWriter log)
    {
        using var analyzer = new DriverFolderAnalyzer(baseSettings, log);
        using var server = new StackLintServer(input, output, analyzer, log, FileUri.IsWindows);
        return server.Run();
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

    /// <summary>
    /// One driver folder, as 'stacklint analyze FOLDER' run from that folder would see it, with the editor's buffers.
    /// Buffers go through one parser kept for the session: it keeps each edited file's unit with a precompiled
    /// preamble, so typing in a file that includes the WDK reparses the file and not the WDK.
    /// </summary>
    private sealed class DriverFolderAnalyzer(AnalysisSettings baseSettings, TextWriter log) : IDriverAnalyzer, IDisposable
    {
        private readonly Lock _parserLock = new();
        private StackLint.Frontend.ClangParser? _editing;

        public DriverAnalysis Analyze(string driverFolder, IReadOnlyDictionary<string, string> unsavedFiles)
        {
            try
            {
                var result = AnalysisPipeline.Run(baseSettings with
                {
                    Paths = [driverFolder],
                    CurrentDirectory = driverFolder,
                    UnsavedFiles = unsavedFiles,
                    ParseUnsaved = ParseBuffer,
                }, log);
                return new DriverAnalysis(result.Findings, result.Notices, result.Programs, result.Options);
            }
            catch (AnalysisException e)
            {
                throw new DriverAnalysisException(e.Message);
            }
        }

        private StackLint.Frontend.Facts.TranslationUnitFacts ParseBuffer(string path, StackLint.Frontend.HeaderEnvironment environment, byte[] text)
        {
            lock (_parserLock)
            {
                _editing ??= new StackLint.Frontend.ClangParser();
                return _editing.ParseEdited(path, environment, text);
            }
        }

        public void Dispose()
        {
            lock (_parserLock) _editing?.Dispose();
        }
    }
}
