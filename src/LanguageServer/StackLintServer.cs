using StackLint.Engine;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.VisualStudio.Threading;
using StackLint.Frontend;
using StackLint.Rules;
using StreamJsonRpc;

namespace StackLint.LanguageServer;

/// <summary>A document the editor has open: the URI as the editor spelled it (diagnostics must echo it) and its buffer.</summary>
public sealed record OpenDocument(string Uri, string Path, int? Version, string DriverFolder, string Text);

/// <summary>
/// The language server over StreamJsonRpc: lifecycle, full document sync, diagnostics, hover and code actions.
/// Opening or saving a file analyzes its driver folder at once; an edit analyzes it after a short pause in typing
/// (<see cref="EditDebounce"/>) with the open buffers that differ from the disk parsed from the buffer and every other
/// file from the host's facts cache. Analyses run on one worker thread so requests are answered while clang parses;
/// changes to a folder that arrive during its analysis are coalesced into one more.
/// </summary>
public sealed class StackLintServer : IDisposable
{
    /// <summary>How long an edit waits for the next keystroke before the driver is analyzed.</summary>
    public static readonly TimeSpan EditDebounce = TimeSpan.FromMilliseconds(60);

    public const string OpenRulePageCommand = "stacklint.openRulePage";

    private const int ServerNotInitialized = -32002;
    private const int InvalidRequest = -32600;

    private readonly JsonRpc _rpc;
    private readonly IDriverAnalyzer _analyzer;
    private readonly TextWriter _log;
    private readonly bool _windows;
    // Agreed at initialize: the client offered "utf-8" positions, so byte columns pass through unconverted.
    private volatile bool _utf8Positions;
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // A plain object: the worker waits on it with Monitor.Wait, which System.Threading.Lock does not support.
    private readonly object _lock = new();
    private readonly Dictionary<string, OpenDocument> _documents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _due = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DriverAnalysis> _latest = new(StringComparer.Ordinal);
    private readonly List<string> _workspaceRoots = [];
    /// <summary>Open documents whose edits the analyzer was asked to prepare for (<see cref="IDriverAnalyzer.Prepare"/>).</summary>
    private readonly HashSet<string> _prepared = new(StringComparer.Ordinal);
    /// <summary>Closed documents whose kept analysis state the worker frees next (<see cref="IDriverAnalyzer.Close"/>).</summary>
    private readonly Queue<OpenDocument> _closed = new();
    private bool _stopping;
    private volatile bool _initialized;
    private volatile bool _shutdown;

    public StackLintServer(Stream input, Stream output, IDriverAnalyzer analyzer, TextWriter log, bool windows)
    {
        _analyzer = analyzer;
        _log = log;
        _windows = windows;
        _rpc = new JsonRpc(new LspFraming(input, output))
        {
            // Notifications are handled one at a time, in the order they came: edits must not overtake each other.
            SynchronizationContext = new NonConcurrentSynchronizationContext(sticky: false),
        };
        _rpc.AddLocalRpcTarget(new Target(this), new JsonRpcTargetOptions { UseSingleObjectParameterDeserialization = true });
    }

    /// <summary>Serves until 'exit' or the end of input; returns the exit code LSP prescribes (0 after shutdown, else 1).</summary>
    public int Run()
    {
        var worker = new Thread(AnalysisLoop) { IsBackground = true, Name = "stacklint-lsp-analysis" };
        worker.Start();
        _rpc.StartListening();
        try
        {
            Task.WaitAny(_exit.Task, _rpc.Completion);
        }
        finally
        {
            lock (_lock)
            {
                _stopping = true;
                Monitor.PulseAll(_lock);
            }
            // An analysis under way finishes before the host frees what it uses; one stuck in clang does not hold the exit.
            worker.Join(TimeSpan.FromSeconds(10));
        }
        return _exit.Task.IsCompleted ? _exit.Task.Result : _shutdown ? 0 : 1;
    }

    public void Dispose() => _rpc.Dispose();

    /// <summary>The RPC methods; a separate object so that only these are callable.</summary>
    private sealed class Target(StackLintServer server)
    {
        [JsonRpcMethod("initialize")]
        public JsonObject Initialize(JsonElement parameters = default) => server.OnInitialize(parameters);

        [JsonRpcMethod("initialized")]
        public void Initialized(JsonElement parameters = default)
        {
        }

        [JsonRpcMethod("shutdown")]
        public object? Shutdown()
        {
            server.RequireInitialized("shutdown");
            server._shutdown = true;
            return null;
        }

        [JsonRpcMethod("exit")]
        public void Exit() => server._exit.TrySetResult(server._shutdown ? 0 : 1);

        [JsonRpcMethod("textDocument/didOpen")]
        public void DidOpen(JsonElement parameters = default) => server.Notification("didOpen", () => server.OnDidOpen(parameters));

        [JsonRpcMethod("textDocument/didChange")]
        public void DidChange(JsonElement parameters = default) => server.Notification("didChange", () => server.OnDidChange(parameters));

        [JsonRpcMethod("textDocument/didSave")]
        public void DidSave(JsonElement parameters = default) => server.Notification("didSave", () => server.OnDidSave(parameters));

        [JsonRpcMethod("textDocument/didClose")]
        public void DidClose(JsonElement parameters = default) => server.Notification("didClose", () => server.OnDidClose(parameters));

        [JsonRpcMethod("textDocument/hover")]
        public JsonObject? Hover(JsonElement parameters = default) => server.OnHover(parameters);

        [JsonRpcMethod("textDocument/codeAction")]
        public JsonArray CodeAction(JsonElement parameters = default) => server.OnCodeAction(parameters);

        [JsonRpcMethod("workspace/executeCommand")]
        public Task<object?> ExecuteCommand(JsonElement parameters = default) => server.OnExecuteCommand(parameters);
    }

    private void RequireInitialized(string method)
    {
        if (!_initialized) throw new LocalRpcException($"'{method}' before initialize") { ErrorCode = ServerNotInitialized };
        if (_shutdown && method != "shutdown") throw new LocalRpcException($"'{method}' after shutdown") { ErrorCode = InvalidRequest };
    }

    /// <summary>Notifications before 'initialize' are dropped, as LSP says; a malformed one is logged and the server goes on.</summary>
    private void Notification(string name, Action handle)
    {
        if (!_initialized || _shutdown) return;
        try
        {
            handle();
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException or JsonException or ArgumentException)
        {
            _log.WriteLine($"stacklint lsp: ignored malformed '{name}': {e.Message}");
        }
    }

    private JsonObject OnInitialize(JsonElement parameters)
    {
        if (_shutdown) throw new LocalRpcException("'initialize' after shutdown") { ErrorCode = InvalidRequest };
        var uris = new List<string?>();
        if (parameters.ValueKind == JsonValueKind.Object)
        {
            if (parameters.TryGetProperty("workspaceFolders", out var folders) && folders.ValueKind == JsonValueKind.Array)
                uris.AddRange(folders.EnumerateArray().Select(f => String(f, "uri")));
            uris.Add(String(parameters, "rootUri"));
            var encodings = Property(Property(Property(parameters, "capabilities"), "general"), "positionEncodings");
            _utf8Positions = encodings.ValueKind == JsonValueKind.Array
                && encodings.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.String && e.GetString() == "utf-8");
        }
        lock (_lock)
            foreach (var uri in uris)
                if (uri is not null && FileUri.ToLocalPath(uri, _windows) is { } path)
                    _workspaceRoots.Add(path);
        _initialized = true;
        return new JsonObject
        {
            ["capabilities"] = new JsonObject
            {
                ["positionEncoding"] = _utf8Positions ? "utf-8" : "utf-16",
                ["textDocumentSync"] = new JsonObject
                {
                    ["openClose"] = true,
                    ["change"] = 1, // Full: every change carries the whole buffer
                    ["save"] = new JsonObject { ["includeText"] = false },
                },
                ["hoverProvider"] = true,
                ["codeActionProvider"] = new JsonObject { ["codeActionKinds"] = new JsonArray("quickfix") },
                ["executeCommandProvider"] = new JsonObject { ["commands"] = new JsonArray(OpenRulePageCommand) },
            },
            ["serverInfo"] = new JsonObject
            {
                ["name"] = "stacklint",
                ["version"] = typeof(StackLintServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "0",
            },
        };
    }

    private void OnDidOpen(JsonElement parameters)
    {
        var item = Property(parameters, "textDocument");
        var uri = String(item, "uri");
        if (uri is null || FileUri.ToLocalPath(uri, _windows) is not { } path || !IsC(String(item, "languageId"), path)) return;
        var document = new OpenDocument(uri, path, Int(item, "version"), DriverFolders.ForFile(path, CeilingFor(path)), String(item, "text") ?? "");
        lock (_lock) _documents[uri] = document;
        Schedule(document.DriverFolder, TimeSpan.Zero);
    }

    private void OnDidChange(JsonElement parameters)
    {
        var uri = String(Property(parameters, "textDocument"), "uri");
        var version = Int(Property(parameters, "textDocument"), "version");
        // Full sync: the last change holds the whole buffer. Unknown documents are ignored.
        var changes = Property(parameters, "contentChanges");
        if (uri is null || changes.ValueKind != JsonValueKind.Array || changes.GetArrayLength() == 0) return;
        var text = String(changes[changes.GetArrayLength() - 1], "text");
        if (text is null) return;
        OpenDocument? document;
        lock (_lock)
        {
            if (!_documents.TryGetValue(uri, out document)) return;
            if (version is int v && document.Version is int old && v < old) return;
            document = document with { Version = version, Text = text };
            _documents[uri] = document;
        }
        Schedule(document.DriverFolder, EditDebounce);
    }

    private void OnDidSave(JsonElement parameters)
    {
        var uri = String(Property(parameters, "textDocument"), "uri");
        OpenDocument? document = null;
        lock (_lock)
            if (uri is not null) _documents.TryGetValue(uri, out document);
        if (document is not null) Schedule(document.DriverFolder, TimeSpan.Zero);
    }

    private void OnDidClose(JsonElement parameters)
    {
        var uri = String(Property(parameters, "textDocument"), "uri");
        bool removed = false;
        lock (_lock)
        {
            if (uri is not null && _documents.Remove(uri, out var closed))
            {
                removed = true;
                _prepared.Remove(uri);
                // Freed on the worker: the analyzer is not used from two threads.
                _closed.Enqueue(closed);
                Monitor.PulseAll(_lock);
            }
        }
        // A closed file's problems leave the Problems view with it.
        if (removed) Publish(uri!, null, new JsonArray());
    }

    private JsonObject? OnHover(JsonElement parameters)
    {
        RequireInitialized("textDocument/hover");
        var uri = String(Property(parameters, "textDocument"), "uri");
        var position = Property(parameters, "position");
        if (uri is null || Int(position, "line") is not int line || Int(position, "character") is not int character) return null;
        OpenDocument? document;
        DriverAnalysis? analysis = null;
        lock (_lock)
        {
            _documents.TryGetValue(uri, out document);
            if (document is not null) _latest.TryGetValue(document.DriverFolder, out analysis);
        }
        if (document is null || analysis is null) return null;
        var columns = new LspColumns(_utf8Positions, p => FileUri.SamePath(p, document.Path, _windows) ? document.Text : null, _windows);
        var text = FunctionHover.Describe(analysis, document.Path, line + 1, columns.ToByteColumn(document.Path, line + 1, character), _windows);
        return text is null ? null : new JsonObject { ["contents"] = new JsonObject { ["kind"] = "markdown", ["value"] = text } };
    }

    /// <summary>
    /// For each StackLint finding in the request: insert a 'stacklint-disable-next-line SLxxxx -- ' comment above its
    /// line (indented like it; the reason is left for the user to type), and open the rule's page.
    /// </summary>
    private JsonArray OnCodeAction(JsonElement parameters)
    {
        RequireInitialized("textDocument/codeAction");
        var actions = new JsonArray();
        var uri = String(Property(parameters, "textDocument"), "uri");
        var diagnostics = Property(Property(parameters, "context"), "diagnostics");
        if (uri is null || diagnostics.ValueKind != JsonValueKind.Array) return actions;
        OpenDocument? document;
        lock (_lock) _documents.TryGetValue(uri, out document);
        var lines = (document?.Text ?? "").Split('\n');
        foreach (var diagnostic in diagnostics.EnumerateArray())
        {
            if (String(diagnostic, "source") != "stacklint" || String(diagnostic, "code") is not { } code || RuleCatalog.Find(code) is not { } rule) continue;
            if (Int(Property(Property(diagnostic, "range"), "start"), "line") is not int line) continue;
            var lineText = line < lines.Length ? lines[line] : "";
            var indent = lineText[..(lineText.Length - lineText.TrimStart(' ', '\t').Length)];
            var eol = lineText.EndsWith('\r') ? "\r\n" : "\n";
            var at = new JsonObject { ["line"] = line, ["character"] = 0 };
            actions.Add(new JsonObject
            {
                ["title"] = $"Suppress {rule.Id} on this line (stacklint-disable-next-line)",
                ["kind"] = "quickfix",
                ["diagnostics"] = new JsonArray(JsonNode.Parse(diagnostic.GetRawText())),
                ["edit"] = new JsonObject
                {
                    ["changes"] = new JsonObject
                    {
                        [uri] = new JsonArray(new JsonObject
                        {
                            ["range"] = new JsonObject { ["start"] = at, ["end"] = at.DeepClone() },
                            ["newText"] = $"{indent}// stacklint-disable-next-line {rule.Id} -- {eol}",
                        }),
                    },
                },
            });
            if (!string.IsNullOrEmpty(rule.Descriptor.HelpLinkUri))
                actions.Add(new JsonObject
                {
                    ["title"] = $"Open the {rule.Id} rule page",
                    ["kind"] = "quickfix",
                    ["command"] = new JsonObject
                    {
                        ["title"] = $"Open the {rule.Id} rule page",
                        ["command"] = OpenRulePageCommand,
                        ["arguments"] = new JsonArray(rule.Descriptor.HelpLinkUri),
                    },
                });
        }
        return actions;
    }

    /// <summary>Opens a rule page through the client (window/showDocument, external); a client without it gets the link in a message.</summary>
    private async Task<object?> OnExecuteCommand(JsonElement parameters)
    {
        RequireInitialized("workspace/executeCommand");
        if (String(parameters, "command") != OpenRulePageCommand)
            throw new LocalRpcException($"unknown command '{String(parameters, "command")}'") { ErrorCode = -32602 };
        var arguments = Property(parameters, "arguments");
        var href = arguments.ValueKind == JsonValueKind.Array && arguments.GetArrayLength() > 0 && arguments[0].ValueKind == JsonValueKind.String
            ? arguments[0].GetString()
            : null;
        if (href is null || !href.StartsWith("https://", StringComparison.Ordinal))
            throw new LocalRpcException("the command takes the rule page's https address") { ErrorCode = -32602 };
        try
        {
            await _rpc.InvokeWithParameterObjectAsync<JsonElement>("window/showDocument", new JsonObject { ["uri"] = href, ["external"] = true }).ConfigureAwait(false);
        }
        catch (RemoteInvocationException)
        {
            await _rpc.NotifyWithParameterObjectAsync("window/showMessage", new JsonObject { ["type"] = 3, ["message"] = $"StackLint rule page: {href}" }).ConfigureAwait(false);
        }
        return null;
    }

    private static bool IsC(string? languageId, string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return languageId is "c" or "cpp" && extension is ".c" or ".h";
    }

    /// <summary>The deepest workspace folder holding the file: the driver-root search stops there.</summary>
    private string? CeilingFor(string path)
    {
        lock (_lock)
            return _workspaceRoots
                .Where(r => path.StartsWith(r, _windows ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
                .OrderByDescending(r => r.Length)
                .FirstOrDefault();
    }

    /// <summary>Asks for an analysis of a folder after a delay; a later request replaces the time (debounce).</summary>
    private void Schedule(string folder, TimeSpan delay)
    {
        lock (_lock)
        {
            _due[folder] = DateTime.UtcNow + delay;
            Monitor.PulseAll(_lock);
        }
    }

    private void AnalysisLoop()
    {
        while (true)
        {
            string folder = "";
            Dictionary<string, string> unsaved;
            List<OpenDocument> documents = [];
            OpenDocument? idleWork = null;
            OpenDocument? closed = null;
            lock (_lock)
            {
                while (true)
                {
                    if (_stopping) return;
                    if (_closed.TryDequeue(out var gone))
                    {
                        if (_documents.ContainsKey(gone.Uri)) continue; // opened again since
                        closed = gone;
                        break;
                    }
                    if (_due.Count > 0)
                    {
                        var next = _due.OrderBy(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal).First();
                        var wait = next.Value - DateTime.UtcNow;
                        if (wait <= TimeSpan.Zero)
                        {
                            folder = next.Key;
                            _due.Remove(folder);
                            break;
                        }
                        Monitor.Wait(_lock, wait);
                    }
                    else if (_documents.Values.Where(d => !_prepared.Contains(d.Uri) && _latest.ContainsKey(d.DriverFolder))
                        .OrderBy(d => d.Uri, StringComparer.Ordinal).FirstOrDefault() is { } unprepared)
                    {
                        // Nothing due: ready an analyzed folder's open file for its first edit.
                        idleWork = unprepared;
                        _prepared.Add(unprepared.Uri);
                        break;
                    }
                    else
                    {
                        Monitor.Wait(_lock);
                    }
                }
                if (idleWork is null && closed is null)
                    documents = [.. _documents.Values.Where(d => d.DriverFolder == folder).OrderBy(d => d.Uri, StringComparer.Ordinal)];
            }

            if (closed is not null)
            {
                _analyzer.Close(closed.DriverFolder, closed.Path);
                continue;
            }
            if (idleWork is not null)
            {
                try
                {
                    _analyzer.Prepare(idleWork.DriverFolder, idleWork.Path, idleWork.Text);
                }
                catch (DriverAnalysisException e)
                {
                    _log.WriteLine($"stacklint lsp: {idleWork.DriverFolder}: {e.Message}");
                }
                continue;
            }

            unsaved = new Dictionary<string, string>(_windows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
            foreach (var document in documents)
                if (!SameAsDisk(document)) unsaved[document.Path] = document.Text;

            DriverAnalysis analysis;
            try
            {
                analysis = _analyzer.Analyze(folder, unsaved);
            }
            catch (DriverAnalysisException e)
            {
                // libclang missing, bad configuration: tell the user, keep serving.
                _log.WriteLine($"stacklint lsp: {folder}: {e.Message}");
                _ = _rpc.NotifyWithParameterObjectAsync("window/showMessage", new JsonObject { ["type"] = 1, ["message"] = $"StackLint: {e.Message}" });
                continue;
            }

            lock (_lock) _latest[folder] = analysis;
            // Columns are converted against the buffers just analyzed (other files as on disk).
            var columns = new LspColumns(_utf8Positions,
                path => documents.FirstOrDefault(d => FileUri.SamePath(d.Path, path, _windows))?.Text, _windows);
            foreach (var document in documents)
            {
                bool Here(string path) => FileUri.SamePath(path, document.Path, _windows);
                var diagnostics = new JsonArray();
                foreach (var notice in analysis.Notices.Where(n => Here(n.Path)).OrderBy(n => n.Line ?? 0))
                    diagnostics.Add(LspDiagnostics.FromNotice(notice, columns));
                foreach (var finding in analysis.Findings
                    .Where(f => f.Suppression is null && f.Severity != DiagnosticSeverity.Hidden && Here(f.Location.Path))
                    .OrderBy(f => f.Location.Line).ThenBy(f => f.Location.Column).ThenBy(f => f.RuleId, StringComparer.Ordinal))
                    diagnostics.Add(LspDiagnostics.From(finding, _windows, columns));
                // Only the document still open gets diagnostics; a closed one was cleared already.
                bool open;
                lock (_lock) open = _documents.ContainsKey(document.Uri);
                if (open) Publish(document.Uri, document.Version, diagnostics, wait: true);
            }
        }
    }

    private static bool SameAsDisk(OpenDocument document)
    {
        try
        {
            return File.Exists(document.Path) && SourceFile.Load(document.Path).Text == document.Text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <param name="wait">From the analysis thread: wait for the write, so publications go out in the order made.</param>
    private void Publish(string uri, int? version, JsonArray diagnostics, bool wait = false)
    {
        var parameters = new JsonObject { ["uri"] = uri, ["diagnostics"] = diagnostics };
        if (version is int v) parameters["version"] = v;
        var sending = _rpc.NotifyWithParameterObjectAsync("textDocument/publishDiagnostics", parameters);
        if (!wait) return;
        try
        {
            sending.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is ConnectionLostException or ObjectDisposedException or IOException)
        {
            // The client is gone; the session ends on its own.
        }
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string? String(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static int? Int(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out int n) ? n : null;
}
