using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StackLint.Cli.Lsp;

/// <summary>What the reader got: a parsed message, a body that is not JSON, or the end of the input.</summary>
public abstract record IncomingMessage
{
    public sealed record Parsed(JsonNode? Body) : IncomingMessage;
    public sealed record Malformed(string Reason) : IncomingMessage;
    public sealed record EndOfInput : IncomingMessage;
}

/// <summary>
/// JSON-RPC 2.0 over a byte stream with LSP's base protocol: "Content-Length: N\r\n\r\n" then N bytes of UTF-8 JSON.
/// Written by hand because StreamJsonRpc cannot be restored here; LSP needs only framing plus System.Text.Json.
/// Reads happen on one thread; writes may come from the analysis thread too, so they are serialized by a lock.
/// </summary>
public sealed class JsonRpcChannel(Stream input, Stream output)
{
    // A header block larger than this is not LSP; stop instead of buffering without bound.
    private const int MaxHeaderBytes = 8 * 1024;
    private readonly Lock _writeLock = new();

    public IncomingMessage Read()
    {
        while (true)
        {
            int? length = null;
            var header = new List<byte>();
            while (true)
            {
                int b = input.ReadByte();
                if (b < 0) return new IncomingMessage.EndOfInput();
                header.Add((byte)b);
                if (header.Count > MaxHeaderBytes) return new IncomingMessage.EndOfInput();
                if (header.Count >= 2 && header[^2] == '\r' && header[^1] == '\n')
                {
                    var line = Encoding.ASCII.GetString(header.ToArray(), 0, header.Count - 2);
                    header.Clear();
                    if (line.Length == 0)
                    {
                        if (length is not null) break;
                        continue; // stray blank line between messages: keep looking for a header
                    }
                    int colon = line.IndexOf(':');
                    if (colon > 0 && line[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                        && int.TryParse(line[(colon + 1)..].Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n))
                        length = n;
                }
            }

            var body = new byte[length.Value];
            int read = 0;
            while (read < body.Length)
            {
                int got = input.Read(body, read, body.Length - read);
                if (got == 0) return new IncomingMessage.EndOfInput();
                read += got;
            }
            try
            {
                return new IncomingMessage.Parsed(JsonNode.Parse(body));
            }
            catch (JsonException e)
            {
                return new IncomingMessage.Malformed(e.Message);
            }
        }
    }

    public void Write(JsonNode message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        lock (_writeLock)
        {
            output.Write(header);
            output.Write(body);
            output.Flush();
        }
    }

    public void Notify(string method, JsonNode? parameters) =>
        Write(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    public void Respond(JsonNode? id, JsonNode? result) =>
        Write(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(), ["result"] = result });

    public void RespondError(JsonNode? id, int code, string message) =>
        Write(new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id?.DeepClone(),
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
        });
}

/// <summary>The JSON-RPC and LSP error codes the server uses.</summary>
public static class JsonRpcErrors
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int ServerNotInitialized = -32002;
}
