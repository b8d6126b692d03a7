using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using StackLint.Sarif.Model;

namespace StackLint.Sarif;

/// <summary>
/// SARIF logs to and from bytes: UTF-8 without BOM, compact JSON (what the SARIF SDK writes unless asked to
/// pretty-print) ending in one '\n'. Large drivers give tens of megabytes of SARIF, and indentation more than
/// doubled that: more to write, to upload to code scanning and to read back as a baseline.
/// </summary>
public static class SarifSerializer
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        // Messages quote identifiers ('BuildPath') and paths may be non-ASCII: keep them readable. The file is
        // never embedded in HTML, so the relaxed encoder's only cost does not apply.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Serialize(SarifLog log) => SerializeToMemory(log).ToArray();

    /// <summary>
    /// The log's bytes without a final copy: a large driver's log is tens of megabytes, and every copy of it is a
    /// large-object allocation that brings a full garbage collection closer.
    /// </summary>
    public static ReadOnlyMemory<byte> SerializeToMemory(SarifLog log)
    {
        // Most of a log is its results' locations: start near the size it will end at rather than doubling up to it.
        int locations = 0;
        foreach (var run in log.Runs ?? [])
            foreach (var result in run.Results ?? [])
                locations += 1 + (result.RelatedLocations?.Count ?? 0) * 2;
        var buffer = new MemoryStream(capacity: (int)Math.Min(64L * 1024 + locations * 256L, Array.MaxLength));
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            JsonSerializer.Serialize(writer, log, SarifJsonContext.Default.SarifLog);
        }
        buffer.WriteByte((byte)'\n');
        return new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static string SerializeToString(SarifLog log) => new UTF8Encoding(false).GetString(SerializeToMemory(log).Span);

    /// <summary>Parses a SARIF log; throws JsonException when the text is not JSON of that shape.</summary>
    public static SarifLog Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        // A BOM is legal in files other tools wrote; System.Text.Json rejects it.
        if (utf8Json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) utf8Json = utf8Json[3..];
        return JsonSerializer.Deserialize(utf8Json, SarifJsonContext.Default.SarifLog)
            ?? throw new JsonException("The file contains 'null', not a SARIF log.");
    }
}
