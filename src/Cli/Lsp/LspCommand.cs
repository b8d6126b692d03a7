namespace StackLint.Cli.Lsp;

/// <summary>'stacklint lsp': the language server on stdin/stdout; logs go to stderr (stdout carries only LSP).</summary>
public static class LspCommand
{
    public static int Run(AnalysisSettings baseSettings, Stream input, Stream output, TextWriter log)
    {
        var channel = new JsonRpcChannel(input, output);
        var server = new LspServer(channel, folder => AnalyzeFolder(baseSettings, folder, log), log, FileUri.IsWindows);
        return server.Run();
    }

    /// <summary>One driver folder, as 'stacklint analyze FOLDER' run from that folder would see it.</summary>
    public static AnalysisResult AnalyzeFolder(AnalysisSettings baseSettings, string folder, TextWriter log) =>
        AnalysisPipeline.Run(baseSettings with { Paths = [folder], CurrentDirectory = folder }, log);
}
