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

    public static byte[] Serialize(SarifLog log)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            JsonSerializer.Serialize(writer, log, SarifJsonContext.Default.SarifLog);
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    public static string SerializeToString(SarifLog log) => new UTF8Encoding(false).GetString(Serialize(log));

    /// <summary>Parses a SARIF log; throws JsonException when the text is not JSON of that shape.</summary>
    public static SarifLog Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        // A BOM is legal in files other tools wrote; System.Text.Json rejects it.
        if (utf8Json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) utf8Json = utf8Json[3..];
        return JsonSerializer.Deserialize(utf8Json, SarifJsonContext.Default.SarifLog)
            ?? throw new JsonException("The file contains 'null', not a SARIF log.");
    }
}
