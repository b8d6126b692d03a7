using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using StackLint.Rules;

namespace StackLint.Cli.Lsp;

/// <summary>A document the editor has open: the URI exactly as the editor spelled it (diagnostics must echo it).</summary>
public sealed record OpenDocument(string Uri, string Path, int? Version, string DriverFolder);

/// <summary>
/// The language server: LSP lifecycle, document sync and diagnostics. Documents are analyzed from disk, together
/// with the rest of their driver folder, when they are opened and saved; unsaved edits are kept track of but not
/// analyzed (the pipeline reads files, and a shadow copy of a driver would break relative includes and
/// .editorconfig lookup). Analysis runs on one worker thread so the reader keeps answering while clang parses;
/// requests for the same folder that arrive during a run are coalesced into one more run.
/// </summary>
public sealed class LspServer
{
    private readonly JsonRpcChannel _channel;
    private readonly Func<string, AnalysisResult> _analyzeFolder;
    private readonly TextWriter _log;
    private readonly bool _windows;

    // A plain object: the worker waits on it with Monitor.Wait, which System.Threading.Lock does not support.
    private readonly object _lock = new();
    private readonly Dictionary<string, OpenDocument> _documents = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _pendingFolders = new(StringComparer.Ordinal);
    private readonly List<string> _workspaceRoots = [];
    private bool _stopping;
    private bool _initialized;
    private bool _shutdown;

    public LspServer(JsonRpcChannel channel, Func<string, AnalysisResult> analyzeFolder, TextWriter log, bool windows)
    {
        _channel = channel;
        _analyzeFolder = analyzeFolder;
        _log = log;
        _windows = windows;
    }

    /// <summary>Serves until 'exit' or the end of input; returns the process exit code LSP prescribes.</summary>
    public int Run()
    {
        var worker = new Thread(AnalysisLoop) { IsBackground = true, Name = "stacklint-lsp-analysis" };
        worker.Start();
        try
        {
            while (true)
            {
                switch (_channel.Read())
                {
                    case IncomingMessage.EndOfInput:
                        return _shutdown ? 0 : 1;
                    case IncomingMessage.Malformed malformed:
                        _channel.RespondError(null, JsonRpcErrors.ParseError, "Parse error: " + malformed.Reason);
                        break;
                    case IncomingMessage.Parsed parsed:
                        if (Dispatch(parsed.Body) is int exitCode) return exitCode;
                        break;
                }
            }
        }
        finally
        {
            lock (_lock)
            {
                _stopping = true;
                Monitor.PulseAll(_lock);
            }
        }
    }

    /// <summary>Handles one message; returns an exit code when the message was 'exit'.</summary>
    private int? Dispatch(JsonNode? body)
    {
        if (body is not JsonObject message || message["jsonrpc"]?.GetValueKind() != System.Text.Json.JsonValueKind.String
            || (string?)message["jsonrpc"] != "2.0")
        {
            _channel.RespondError(null, JsonRpcErrors.InvalidRequest, "Invalid Request: expected a JSON-RPC 2.0 object");
            return null;
        }
        var id = message["id"];
        bool isRequest = message.ContainsKey("id");
        if (message["method"] is not JsonValue methodValue || methodValue.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            // A response to a request we never send, or garbage: nothing to answer to a response.
            if (!message.ContainsKey("result") && !message.ContainsKey("error"))
                _channel.RespondError(id, JsonRpcErrors.InvalidRequest, "Invalid Request: no method");
            return null;
        }
        var method = methodValue.GetValue<string>();
        var parameters = message["params"];

        if (method == "exit") return _shutdown ? 0 : 1;
        if (isRequest)
        {
            HandleRequest(id, method, parameters);
            return null;
        }
        if (!_initialized) return null; // notifications before 'initialize' are dropped, as LSP says
        try
        {
            HandleNotification(method, parameters);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or System.Text.Json.JsonException)
        {
            // Notifications have no reply; a malformed one is logged and the server keeps serving.
            _log.WriteLine($"stacklint lsp: ignored malformed '{method}': {e.Message}");
        }
        return null;
    }

    private void HandleRequest(JsonNode? id, string method, JsonNode? parameters)
    {
        if (_shutdown)
        {
            _channel.RespondError(id, JsonRpcErrors.InvalidRequest, $"'{method}' after shutdown");
            return;
        }
        if (method == "initialize")
        {
            ReadWorkspaceRoots(parameters);
            _initialized = true;
            _channel.Respond(id, InitializeResult());
            return;
        }
        if (!_initialized)
        {
            _channel.RespondError(id, JsonRpcErrors.ServerNotInitialized, $"'{method}' before initialize");
            return;
        }
        if (method == "shutdown")
        {
            _shutdown = true;
            _channel.Respond(id, null);
            return;
        }
        _channel.RespondError(id, JsonRpcErrors.MethodNotFound, $"Method not found: {method}");
    }

    private void HandleNotification(string method, JsonNode? parameters)
    {
        switch (method)
        {
            case "textDocument/didOpen":
            {
                var item = parameters?["textDocument"];
                var uri = (string?)item?["uri"];
                var languageId = (string?)item?["languageId"];
                if (uri is null || FileUri.ToLocalPath(uri, _windows) is not { } path || !IsC(languageId, path)) return;
                var document = new OpenDocument(uri, path, (int?)item?["version"], DriverFolders.ForFile(path, CeilingFor(path)));
                lock (_lock) _documents[uri] = document;
                Schedule(document.DriverFolder);
                break;
            }
            case "textDocument/didChange":
            {
                // Unsaved text is not analyzed (see the class comment); only the version is kept. Unknown URIs are ignored.
                var uri = (string?)parameters?["textDocument"]?["uri"];
                lock (_lock)
                    if (uri is not null && _documents.TryGetValue(uri, out var document))
                        _documents[uri] = document with { Version = (int?)parameters?["textDocument"]?["version"] };
                break;
            }
            case "textDocument/didSave":
            {
                var uri = (string?)parameters?["textDocument"]?["uri"];
                OpenDocument? document = null;
                lock (_lock)
                    if (uri is not null) _documents.TryGetValue(uri, out document);
                if (document is not null) Schedule(document.DriverFolder);
                break;
            }
            case "textDocument/didClose":
            {
                var uri = (string?)parameters?["textDocument"]?["uri"];
                bool removed;
                lock (_lock) removed = uri is not null && _documents.Remove(uri);
                // A closed file's problems leave the Problems view with it.
                if (removed) Publish(uri!, null, []);
                break;
            }
            default:
                break; // 'initialized', '$/cancelRequest', '$/setTrace' and unknown notifications need nothing
        }
    }

    private static bool IsC(string? languageId, string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return languageId is "c" or "cpp" && extension is ".c" or ".h";
    }

    private void ReadWorkspaceRoots(JsonNode? parameters)
    {
        var uris = new List<string?>();
        if (parameters?["workspaceFolders"] is JsonArray folders)
            uris.AddRange(folders.Select(f => (string?)f?["uri"]));
        uris.Add((string?)parameters?["rootUri"]);
        foreach (var uri in uris)
            if (uri is not null && FileUri.ToLocalPath(uri, _windows) is { } path)
                _workspaceRoots.Add(path);
    }

    /// <summary>The deepest workspace folder holding the file: the driver-root search stops there.</summary>
    private string? CeilingFor(string path) =>
        _workspaceRoots
            .Where(r => path.StartsWith(r, _windows ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            .OrderByDescending(r => r.Length)
            .FirstOrDefault();

    private static JsonObject InitializeResult() => new()
    {
        ["capabilities"] = new JsonObject
        {
            ["textDocumentSync"] = new JsonObject
            {
                ["openClose"] = true,
                ["change"] = 1, // Full
                ["save"] = new JsonObject { ["includeText"] = false },
            },
        },
        ["serverInfo"] = new JsonObject
        {
            ["name"] = "stacklint",
            ["version"] = typeof(LspServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
        },
    };

    private void Schedule(string folder)
    {
        lock (_lock)
        {
            _pendingFolders.Add(folder);
            Monitor.PulseAll(_lock);
        }
    }

    private void AnalysisLoop()
    {
        while (true)
        {
            string folder;
            lock (_lock)
            {
                while (_pendingFolders.Count == 0 && !_stopping) Monitor.Wait(_lock);
                if (_stopping) return;
                folder = _pendingFolders.Min!;
                _pendingFolders.Remove(folder);
            }

            AnalysisResult? result = null;
            try
            {
                result = _analyzeFolder(folder);
            }
            catch (CliException e)
            {
                // libclang missing, bad configuration: tell the user once per run, keep serving.
                _log.WriteLine($"stacklint lsp: {folder}: {e.Message}");
                _channel.Notify("window/showMessage", new JsonObject { ["type"] = 1, ["message"] = $"StackLint: {e.Message}" });
            }
            if (result is null) continue;

            List<OpenDocument> affected;
            lock (_lock) affected = [.. _documents.Values.Where(d => d.DriverFolder == folder).OrderBy(d => d.Uri, StringComparer.Ordinal)];
            foreach (var document in affected)
            {
                var findings = result.Findings
                    .Where(f => f.Suppression is null && f.Severity != DiagnosticSeverity.Hidden && FileUri.SamePath(f.Location.Path, document.Path, _windows))
                    .OrderBy(f => f.Location.Line).ThenBy(f => f.Location.Column).ThenBy(f => f.RuleId, StringComparer.Ordinal)
                    .ToList();
                Publish(document.Uri, document.Version, findings);
            }
        }
    }

    private void Publish(string uri, int? version, IReadOnlyList<Finding> findings)
    {
        var parameters = new JsonObject
        {
            ["uri"] = uri,
            ["diagnostics"] = new JsonArray([.. findings.Select(f => LspDiagnostics.From(f, _windows))]),
        };
        if (version is int v) parameters["version"] = v;
        _channel.Notify("textDocument/publishDiagnostics", parameters);
    }
}
