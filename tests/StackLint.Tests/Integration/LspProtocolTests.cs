using System.Collections.Immutable;
using System.IO.Pipes;
using System.Text;
using System.Text.Json.Nodes;
using StackLint.Cli;
using StackLint.Cli.Lsp;
using Xunit;

namespace StackLint.Tests.Integration;

/// <summary>The language server's pieces in-process: URIs, framing, and the lifecycle with a stub analysis.</summary>
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

    private sealed class Session : IDisposable
    {
        private readonly AnonymousPipeServerStream _toServer = new(PipeDirection.Out);
        private readonly AnonymousPipeServerStream _fromServer = new(PipeDirection.In);
        private readonly JsonRpcChannel _client;
        private readonly Thread _thread;
        public int? ExitCode { get; private set; }

        public Session(Func<string, AnalysisResult> analyze)
        {
            var serverIn = new AnonymousPipeClientStream(PipeDirection.In, _toServer.ClientSafePipeHandle);
            var serverOut = new AnonymousPipeClientStream(PipeDirection.Out, _fromServer.ClientSafePipeHandle);
            var server = new LspServer(new JsonRpcChannel(serverIn, serverOut), analyze, TextWriter.Null, windows: false);
            _client = new JsonRpcChannel(_fromServer, _toServer);
            _thread = new Thread(() => { ExitCode = server.Run(); serverOut.Dispose(); }) { IsBackground = true };
            _thread.Start();
        }

        public void Send(string json) => SendRaw(Encoding.UTF8.GetBytes(json));

        public void SendRaw(byte[] body)
        {
            _toServer.Write(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
            _toServer.Write(body);
            _toServer.Flush();
        }

        public JsonObject Next() => Assert.IsType<IncomingMessage.Parsed>(_client.Read()).Body!.AsObject();

        public int Finish()
        {
            _thread.Join();
            return ExitCode!.Value;
        }

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

    private static AnalysisResult NoFindings(string folder) => new([], [], [], [], new NoOptions(), "stub");

    [Fact]
    public void Bad_input_gets_json_rpc_errors_and_the_server_keeps_serving()
    {
        using var session = new Session(NoFindings);
        session.Send("""{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}}""");
        Assert.Equal(JsonRpcErrors.ServerNotInitialized, (int)session.Next()["error"]!["code"]!);

        session.Send("""{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"capabilities":{}}}""");
        Assert.Equal(1, (int)session.Next()["result"]!["capabilities"]!["textDocumentSync"]!["change"]!);

        session.SendRaw(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":"));
        var parseError = session.Next();
        Assert.Equal(JsonRpcErrors.ParseError, (int)parseError["error"]!["code"]!);
        Assert.True(parseError.ContainsKey("id") && parseError["id"] is null);

        session.Send("[1,2]");
        Assert.Equal(JsonRpcErrors.InvalidRequest, (int)session.Next()["error"]!["code"]!);

        session.Send("""{"jsonrpc":"2.0","method":"no/such/notification","params":{}}""");
        session.Send("""{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///nowhere/a.c","version":3},"contentChanges":[]}}""");
        session.Send("""{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///nowhere/readme.md","languageId":"markdown","version":1,"text":""}}}""");
        session.Send("""{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{}}""");
        session.Send("""{"jsonrpc":"2.0","id":"x","method":"no/such/request"}""");
        var unknown = session.Next(); // the ignored notifications produced nothing before this reply
        Assert.Equal("x", (string?)unknown["id"]);
        Assert.Equal(JsonRpcErrors.MethodNotFound, (int)unknown["error"]!["code"]!);

        session.Send("""{"jsonrpc":"2.0","id":3,"method":"shutdown"}""");
        var shutdown = session.Next();
        Assert.True(shutdown.ContainsKey("result") && shutdown["result"] is null);
        session.Send("""{"jsonrpc":"2.0","id":4,"method":"initialize","params":{}}""");
        Assert.Equal(JsonRpcErrors.InvalidRequest, (int)session.Next()["error"]!["code"]!);
        session.Send("""{"jsonrpc":"2.0","method":"exit"}""");
        Assert.Equal(0, session.Finish());
    }

    [Fact]
    public void Exit_without_shutdown_exits_1()
    {
        using var session = new Session(NoFindings);
        session.Send("""{"jsonrpc":"2.0","method":"exit"}""");
        Assert.Equal(1, session.Finish());
    }
}
