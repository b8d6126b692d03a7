using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace StackLint.LanguageServer;

/// <summary>
/// LSP's base protocol ("Content-Length: N\r\n\r\n" then N bytes of UTF-8 JSON) for StreamJsonRpc, which does the
/// JSON-RPC itself (dispatch, replies, errors for unknown methods, cancellation). StreamJsonRpc's own
/// HeaderDelimitedMessageHandler ends the connection at the first bad frame; an editor's server must not die of one
/// garbled message, so this reader answers a body that is not JSON with -32700 and one that is not a JSON-RPC
/// message with -32600 (id null, as JSON-RPC 2.0 prescribes), skips header lines it does not know, and finds the next
/// "Content-Length:" even after the garbage a truncated frame leaves. Only the end of the input ends the session.
/// </summary>
public sealed class LspFraming : MessageHandlerBase
{
    // A line longer than this is garbage; only its tail is kept, where a "Content-Length: N" may start.
    private const int MaxLineBytes = 8 * 1024;
    private const int KeptTailBytes = 64;
    // A body larger than this is refused (and skipped) rather than buffered.
    private const int MaxBodyBytes = 256 * 1024 * 1024;
    private static readonly byte[] LengthHeader = "content-length:"u8.ToArray();

    private readonly Stream _input;
    private readonly Stream _output;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    public LspFraming(Stream input, Stream output)
        : base(new SystemTextJsonFormatter())
    {
        _input = input;
        _output = output;
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    protected override async ValueTask<JsonRpcMessage?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var length = await ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
            if (length is null) return null;
            if (length.Value > MaxBodyBytes)
            {
                if (!await SkipAsync(length.Value, cancellationToken).ConfigureAwait(false)) return null;
                await ReplyErrorAsync(JsonRpcErrorCode.InvalidRequest, $"Invalid Request: a {length.Value:N0}-byte message is over the {MaxBodyBytes:N0}-byte limit", cancellationToken).ConfigureAwait(false);
                continue;
            }
            var body = await ReadBodyAsync(length.Value, cancellationToken).ConfigureAwait(false);
            if (body is null) return null;
            try
            {
                return Formatter.Deserialize(new ReadOnlySequence<byte>(body));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (IsJson(body))
                    await ReplyErrorAsync(JsonRpcErrorCode.InvalidRequest, "Invalid Request: " + e.Message, cancellationToken).ConfigureAwait(false);
                else
                    await ReplyErrorAsync(JsonRpcErrorCode.ParseError, "Parse error: the message body is not JSON", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    protected override ValueTask WriteCoreAsync(JsonRpcMessage content, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>();
        Formatter.Serialize(body, content);
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"Content-Length: {body.WrittenCount}\r\n\r\n"));
        // One write per message: a client reading with a timeout never sees a header without its body.
        var frame = new byte[header.Length + body.WrittenCount];
        header.CopyTo(frame, 0);
        body.WrittenSpan.CopyTo(frame.AsSpan(header.Length));
        return _output.WriteAsync(frame, cancellationToken);
    }

    protected override ValueTask FlushAsync(CancellationToken cancellationToken) => new(_output.FlushAsync(cancellationToken));

    private ValueTask ReplyErrorAsync(JsonRpcErrorCode code, string message, CancellationToken cancellationToken) =>
        WriteAsync(new JsonRpcError { RequestId = RequestId.Null, Error = new JsonRpcError.ErrorDetail { Code = code, Message = message } }, cancellationToken);

    private static bool IsJson(byte[] body)
    {
        try
        {
            using var _ = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The Content-Length of the next frame, or null at the end of the input. Header lines are read in a loop.</summary>
    private async ValueTask<int?> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        int? length = null;
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false)) return null;
            byte b = _buffer[_start++];
            if (b != (byte)'\n')
            {
                line.Add(b);
                if (line.Count > MaxLineBytes) line.RemoveRange(0, line.Count - KeptTailBytes);
                continue;
            }
            if (line.Count > 0 && line[^1] == (byte)'\r') line.RemoveAt(line.Count - 1);
            if (line.Count == 0)
            {
                if (length is not null) return length;
                continue; // a blank line with no length before it: keep looking for a header
            }
            if (LengthIn(line) is int n) length = n;
            line.Clear();
        }
    }

    /// <summary>The number after the last "Content-Length:" in a header line (case ignored; garbage before it tolerated).</summary>
    private static int? LengthIn(List<byte> line)
    {
        var text = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(line);
        int at = -1;
        for (int i = text.Length - LengthHeader.Length; i >= 0 && at < 0; i--)
            if (Ascii.EqualsIgnoreCase(text.Slice(i, LengthHeader.Length), LengthHeader)) at = i;
        if (at < 0) return null;
        var value = Encoding.ASCII.GetString(text[(at + LengthHeader.Length)..]).Trim();
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : null;
    }

    private async ValueTask<byte[]?> ReadBodyAsync(int length, CancellationToken cancellationToken)
    {
        var body = new byte[length];
        int read = 0;
        while (read < length)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false)) return null;
            int take = Math.Min(length - read, _end - _start);
            Array.Copy(_buffer, _start, body, read, take);
            _start += take;
            read += take;
        }
        return body;
    }

    private async ValueTask<bool> SkipAsync(int length, CancellationToken cancellationToken)
    {
        long left = length;
        while (left > 0)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false)) return false;
            int take = (int)Math.Min(left, _end - _start);
            _start += take;
            left -= take;
        }
        return true;
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await _input.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        return _end > 0;
    }
}
