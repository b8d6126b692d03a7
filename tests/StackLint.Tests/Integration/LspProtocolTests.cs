using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO.Pipes;
using System.Text;
using System.Text.Json.Nodes;
using StackLint.LanguageServer;
using Xunit;

namespace StackLint.Tests.Integration;

/// <summary>The language server's pieces in-process: URIs, framing (bad and truncated frames), the lifecycle, and debounced unsaved edits, with a stub analysis.</summary>
public sealed class LspProtocolTests
{
    [Theory]
    [InlineData("file:///c%3A/src/drv/a.c", true, @"c:\src\drv\a.c")]
    [InlineData("file:///C:/src/My%20Driver/a.c", true, @"C:\src\My Driver\a.c")]
    [InlineData("file://server/share/drv/a.c", true, @"\\server\share\drv\a.c")]
    [InlineData("file:///home/u/drv/a%20b.c", false, "/home/u/drv/a b.c")]
    [InlineData("untitled:Untitled-1", false, null)]
    public void File_uris_become_local_paths(string uri, bool windows, string? expected) =>
        Assert.Equal(expected, FileUri.ToLocalPath(uri, windows));

    [Theory]
    [InlineData(@"C:\src\drv\a.c", true, "file:///c%3A/src/drv/a.c")]
    [InlineData(@"\\server\share\a.c", true, "file://server/share/a.c")]
    [InlineData("/home/u/a b.c", false, "file:///home/u/a%20b.c")]
    public void Local_paths_become_vs_code_style_uris(string path, bool windows, string expected)
    {
        Assert.Equal(expected, FileUri.FromLocalPath(path, windows));
        Assert.True(FileUri.SamePath(path, FileUri.ToLocalPath(expected, windows)!, windows));
    }

    /// <summary>The server on a pair of pipes, with a stub analysis, and a minimal client reading its frames.</summary>
    private sealed class Session : IDisposable
    {
        private readonly AnonymousPipeServerStream _toServer = new(PipeDirection.Out);
        private readonly AnonymousPipeServerStream _fromServer = new(PipeDirection.In);
        private readonly Thread _thread;
        public int? ExitCode { get; private set; }

        public Session(IDriverAnalyzer analyzer)
        {
            var serverIn = new AnonymousPipeClientStream(PipeDirection.In, _toServer.ClientSafePipeHandle);
            var serverOut = new AnonymousPipeClientStream(PipeDirection.Out, _fromServer.ClientSafePipeHandle);
            _thread = new Thread(() =>
            {
                using (var server = new StackLintServer(serverIn, serverOut, analyzer, TextWriter.Null, FileUri.IsWindows))
                    ExitCode = server.Run();
                serverOut.Dispose();
            }) { IsBackground = true };
            _thread.Start();
        }

        public void Send(string json) => SendRaw(Encoding.UTF8.GetBytes(json));

        public void SendRaw(byte[] body)
        {
            _toServer.Write(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
            _toServer.Write(body);
            _toServer.Flush();
        }

        public void SendBytes(string text)
        {
            _toServer.Write(Encoding.UTF8.GetBytes(text));
            _toServer.Flush();
        }

        /// <summary>The next message from the server (a test hangs here only if the server is broken; the runner's timeout ends it).</summary>
        public JsonObject Next()
        {
            int length = -1;
            var line = new List<byte>();
            while (true)
            {
                int b = _fromServer.ReadByte();
                Assert.True(b >= 0, "the server closed its output");
                if (b != '\n')
                {
                    line.Add((byte)b);
                    continue;
                }
                var text = Encoding.ASCII.GetString([.. line]).TrimEnd('\r');
                line.Clear();
                if (text.Length == 0 && length >= 0) break;
                if (text.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) length = int.Parse(text[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
            var body = new byte[length];
            _fromServer.ReadExactly(body);
            return JsonNode.Parse(body)!.AsObject();
        }

        /// <summary>The next message that is not a notification the test does not look at.</summary>
        public JsonObject NextWhere(Func<JsonObject, bool> wanted)
        {
            while (true)
            {
                var message = Next();
                if (wanted(message)) return message;
            }
        }

        public int Finish()
        {
            _thread.Join();
            return ExitCode!.Value;
        }

        public void CloseInput() => _toServer.Dispose();

        public void Dispose()
        {
            _toServer.Dispose();
            _fromServer.Dispose();
        }
    }

    private sealed class NoOptions : StackLint.Rules.IRuleOptions
    {
        public string? GetValue(string sourcePath, string key) => null;
        public Microsoft.CodeAnalysis.ReportDiagnostic? GetSeverity(string sourcePath, string ruleId) => null;
    }

    /// <summary>Answers every folder with no findings and records what it was asked.</summary>
    private sealed class StubAnalyzer : IDriverAnalyzer
    {
        public List<(string Folder, Dictionary<string, string> Unsaved)> Calls { get; } = [];

        public DriverAnalysis Analyze(string driverFolder, IReadOnlyDictionary<string, string> unsavedFiles)
        {
            lock (Calls) Calls.Add((driverFolder, new Dictionary<string, string>(unsavedFiles)));
            return new DriverAnalysis([], [], [], new NoOptions());
        }

        public BlockingCollection<(string Folder, string Path)> Closed { get; } = [];

        public void Close(string driverFolder, string path) => Closed.Add((driverFolder, path));
    }

    private const int ParseError = -32700, InvalidRequest = -32600, MethodNotFound = -32601, ServerNotInitialized = -32002;

    [Fact]
    public void Bad_input_gets_json_rpc_errors_and_the_server_keeps_serving()
    {
        using var session = new Session(new StubAnalyzer());
        session.Send("""{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}}""");
        Assert.Equal(ServerNotInitialized, (int)session.Next()["error"]!["code"]!);

        session.Send("""{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"capabilities":{}}}""");
        Assert.Equal(1, (int)session.Next()["result"]!["capabilities"]!["textDocumentSync"]!["change"]!);

        session.SendRaw(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":"));
        var parseError = session.Next();
        Assert.Equal(ParseError, (int)parseError["error"]!["code"]!);
        Assert.True(parseError.ContainsKey("id") && parseError["id"] is null);

        session.Send("[1,2]");
        Assert.Equal(InvalidRequest, (int)session.Next()["error"]!["code"]!);

        // Header lines nobody knows, a stray blank line, and an over-long garbage line before a good frame.
        session.SendBytes("X-Whatever: 1\r\n\r\n" + new string('z', 20_000) + "\r\n");
        session.Send("""{"jsonrpc":"2.0","method":"no/such/notification","params":{}}""");
        session.Send("""{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///nowhere/a.c","version":3},"contentChanges":[]}}""");
        session.Send("""{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///nowhere/readme.md","languageId":"markdown","version":1,"text":""}}}""");
        session.Send("""{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{}}""");
        session.Send("""{"jsonrpc":"2.0","id":"x","method":"no/such/request"}""");
        var unknown = session.Next(); // the ignored notifications produced nothing before this reply
        Assert.True((string?)unknown["id"] == "x" && (int?)unknown["error"]?["code"] == MethodNotFound, unknown.ToJsonString());

        // JSON-RPC params must be an object or an array: not a valid message, so an error with id null.
        session.Send("""{"jsonrpc":"2.0","method":"textDocument/didOpen","params":"not an object"}""");
        Assert.Equal(InvalidRequest, (int)session.Next()["error"]!["code"]!);

        // A truncated frame swallows the start of the next one; the frame after that is served.
        session.SendBytes("Content-Length: 60\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":"
            + Frame("""{"jsonrpc":"2.0","id":5,"method":"no/such/request"}""")
            + Frame("""{"jsonrpc":"2.0","id":6,"method":"no/such/request"}"""));
        Assert.Equal(ParseError, (int)session.Next()["error"]!["code"]!);
        var afterGarbage = session.Next();
        Assert.Equal((6, MethodNotFound), ((int)afterGarbage["id"]!, (int)afterGarbage["error"]!["code"]!));

        session.Send("""{"jsonrpc":"2.0","id":3,"method":"shutdown"}""");
        var shutdown = session.Next();
        Assert.True(shutdown.ContainsKey("result") && shutdown["result"] is null);
        session.Send("""{"jsonrpc":"2.0","id":4,"method":"initialize","params":{}}""");
        Assert.Equal(InvalidRequest, (int)session.Next()["error"]!["code"]!);
        session.Send("""{"jsonrpc":"2.0","method":"exit"}""");
        Assert.Equal(0, session.Finish());
    }

    private static string Frame(string json) => $"Content-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n{json}";

    [Fact]
    public void Exit_without_shutdown_exits_1()
    {
        using var session = new Session(new StubAnalyzer());
        session.Send("""{"jsonrpc":"2.0","method":"exit"}""");
        Assert.Equal(1, session.Finish());
    }

    [Fact]
    public void End_of_input_without_shutdown_exits_1()
    {
        using var session = new Session(new StubAnalyzer());
        session.Send("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}""");
        session.Next();
        session.CloseInput();
        Assert.Equal(1, session.Finish());
    }

    [Fact]
    public void Unsaved_buffers_reach_the_analysis_and_saved_ones_do_not()
    {
        using var folder = new OneFileFolder("stacklint-lsp-buffers-");
        var (dir, path, uri) = (folder.Dir, folder.Path, folder.Uri);
        var analyzer = new StubAnalyzer();
        using var session = new Session(analyzer);
        session.Send("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}""");
        session.Next();
        session.Send("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"" + uri + "\",\"languageId\":\"c\",\"version\":1,\"text\":\"int a;\\n\"}}}");
        var opened = session.NextWhere(m => (string?)m["method"] == "textDocument/publishDiagnostics");
        Assert.Equal(1, (int)opened["params"]!["version"]!);

        // Three quick edits: the analysis that follows reads the last buffer (they are usually debounced into one).
        for (int v = 2; v <= 4; v++)
            session.Send("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{\"uri\":\"" + uri + "\",\"version\":" + v
                + "},\"contentChanges\":[{\"text\":\"int a" + v + ";\\n\"}]}}");
        session.NextWhere(m => (string?)m["method"] == "textDocument/publishDiagnostics" && (int?)m["params"]!["version"] == 4);

        session.Send("""{"jsonrpc":"2.0","id":9,"method":"shutdown"}""");
        session.NextWhere(m => (int?)m["id"] == 9);
        lock (analyzer.Calls)
        {
            Assert.InRange(analyzer.Calls.Count, 2, 4);
            Assert.Empty(analyzer.Calls[0].Unsaved); // the open buffer equals the disk
            Assert.Equal("int a4;\n", analyzer.Calls[^1].Unsaved[path]);
            Assert.All(analyzer.Calls, c => Assert.Equal(dir, c.Folder));
        }
    }

    /// <summary>Reports one finding on the array 'a' of an open buffer, at the byte column clang gives it.</summary>
    private sealed class OneFindingAnalyzer(string path, int line, int byteColumn) : IDriverAnalyzer
    {
        private static readonly Microsoft.CodeAnalysis.DiagnosticDescriptor Rule = new(
            "SL1002", "Large stack buffer", "'{0}' is large", "Stack", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, true);

        public DriverAnalysis Analyze(string driverFolder, IReadOnlyDictionary<string, string> unsavedFiles) => new(
            [new StackLint.Rules.Finding(Rule, Microsoft.CodeAnalysis.DiagnosticSeverity.Warning,
                new StackLint.Frontend.Facts.SourceSpan(path, line, byteColumn, line, byteColumn + 1), "F", [], ["a"])],
            [], [], new NoOptions());
    }

    [Theory]
    [InlineData(false, "utf-16", 15)]
    [InlineData(true, "utf-8", 18)]
    public void Diagnostic_columns_are_in_the_position_encoding_agreed_at_initialize(bool offerUtf8, string encoding, int character)
    {
        using var folder = new OneFileFolder("stacklint-lsp-columns-");
        // "/* é😀 */ char " is 14 code points, 15 UTF-16 units and 18 bytes: clang puts 'a' at byte column 19.
        const string Text = "int x;\n/* é😀 */ char a[600];\n";
        using var session = new Session(new OneFindingAnalyzer(folder.Path, 2, 19));
        var capabilities = offerUtf8 ? """{"general":{"positionEncodings":["utf-8","utf-16"]}}""" : "{}";
        session.Send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"capabilities\":" + capabilities + "}}");
        Assert.Equal(encoding, (string?)session.Next()["result"]!["capabilities"]!["positionEncoding"]);
        session.Send("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"" + folder.Uri
            + "\",\"languageId\":\"c\",\"version\":1,\"text\":" + System.Text.Json.JsonSerializer.Serialize(Text) + "}}}");
        var published = session.NextWhere(m => (string?)m["method"] == "textDocument/publishDiagnostics");
        var range = published["params"]!["diagnostics"]![0]!["range"]!;
        Assert.Equal((1, character, character + 1), ((int)range["start"]!["line"]!, (int)range["start"]!["character"]!, (int)range["end"]!["character"]!));
        session.Send("""{"jsonrpc":"2.0","id":9,"method":"shutdown"}""");
        session.NextWhere(m => (int?)m["id"] == 9);
    }

    [Fact]
    public void A_closed_document_clears_its_diagnostics_and_frees_what_the_analysis_kept_for_it()
    {
        using var folder = new OneFileFolder("stacklint-lsp-close-");
        var (dir, path, uri) = (folder.Dir, folder.Path, folder.Uri);
        var analyzer = new StubAnalyzer();
        using var session = new Session(analyzer);
        session.Send("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}""");
        session.Next();
        session.Send("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"" + uri + "\",\"languageId\":\"c\",\"version\":1,\"text\":\"int b;\\n\"}}}");
        session.NextWhere(m => (string?)m["method"] == "textDocument/publishDiagnostics");
        session.Send("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didClose\",\"params\":{\"textDocument\":{\"uri\":\"" + uri + "\"}}}");
        var cleared = session.NextWhere(m => (string?)m["method"] == "textDocument/publishDiagnostics");
        Assert.Empty(cleared["params"]!["diagnostics"]!.AsArray());
        Assert.True(analyzer.Closed.TryTake(out var closed, TimeSpan.FromMinutes(1)), "the analyzer was not told the document closed");
        Assert.Equal((dir, path), closed);
        session.Send("""{"jsonrpc":"2.0","id":9,"method":"shutdown"}""");
        session.NextWhere(m => (int?)m["id"] == 9);
    }
}

/// <summary>A temporary folder holding one source file, 'a.c', for a session to open; deleted on dispose.</summary>
internal sealed class OneFileFolder : IDisposable
{
    public OneFileFolder(string prefix)
    {
        Dir = Directory.CreateTempSubdirectory(prefix).FullName;
        Path = System.IO.Path.Combine(Dir, "a.c");
        File.WriteAllText(Path, "int a;\n");
        Uri = FileUri.FromLocalPath(Path, FileUri.IsWindows);
    }

    public string Dir { get; }
    public string Path { get; }
    public string Uri { get; }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
