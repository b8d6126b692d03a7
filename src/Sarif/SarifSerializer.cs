using System.Buffers;
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
        // The serializer writes what the model's types allow; checking each token's place again costs time, not safety.
        SkipValidation = true,
        // Messages quote identifiers ('BuildPath') and paths may be non-ASCII: keep them readable. The file is
        // never embedded in HTML, so the relaxed encoder's only cost does not apply.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Serialize(SarifLog log) => SerializeToMemory(log).ToArray();

    /// <summary>
    /// The log's bytes, copied as little as possible: a large driver's log is tens of megabytes, and every copy of it
    /// is a large-object allocation. One thread writes into one buffer sized for the log and returns it as it is;
    /// several threads write slices that are copied once into the joined log.
    /// </summary>
    /// <param name="parallelism">
    /// How many threads may serialize results at once. A one-run log with many results has them written in
    /// contiguous slices, one writer each, joined in order: the bytes are the same as with one thread.
    /// </param>
    public static ReadOnlyMemory<byte> SerializeToMemory(SarifLog log, int parallelism = 1)
    {
        if (parallelism > 1 && log.Runs is [{ Results: { Count: >= 2 * SliceMinimum } results } run]
            && SerializeInSlices(log, run, results, parallelism) is { } sliced)
            return sliced;

        var buffer = new ArrayBufferWriter<byte>(EstimatedSize(log.Runs?.SelectMany(r => r.Results ?? []) ?? []));
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            JsonSerializer.Serialize(writer, log, SarifJsonContext.Default.SarifLog);
        }
        buffer.Write("\n"u8);
        return buffer.WrittenMemory;
    }

    /// <summary>Fewer results than this per thread are not worth a slice of their own.</summary>
    private const int SliceMinimum = 500;

    /// <summary>
    /// The log with its results serialized in slices on several threads. The rest of the log (tool, rules, artifacts)
    /// is serialized once without results, and the slices go where its empty results array is: the only
    /// <c>"results":[]</c> in it, since a quote inside a string value is always escaped. Null when that is not found.
    /// </summary>
    private static ReadOnlyMemory<byte>? SerializeInSlices(SarifLog log, Run run, IReadOnlyList<Result> results, int parallelism)
    {
        int sliceCount = Math.Min(parallelism, results.Count / SliceMinimum);
        var slices = new ReadOnlyMemory<byte>[sliceCount + 1];
        // Slot 0 is the log without results; the others are the slices (arrays whose brackets are dropped when joined).
        Parallel.For(0, sliceCount + 1, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, slot =>
        {
            if (slot == 0)
            {
                slices[0] = SerializeToMemory(log with { Runs = [run with { Results = [] }] });
                return;
            }
            int first = (int)((long)results.Count * (slot - 1) / sliceCount);
            int end = (int)((long)results.Count * slot / sliceCount);
            var part = new ArrayBufferWriter<byte>(EstimatedSize(results.Skip(first).Take(end - first)));
            using (var writer = new Utf8JsonWriter(part, WriterOptions))
            {
                writer.WriteStartArray();
                for (int i = first; i < end; i++) JsonSerializer.Serialize(writer, results[i], SarifJsonContext.Default.Result);
                writer.WriteEndArray();
            }
            slices[slot] = part.WrittenMemory[1..^1];
        });

        var envelope = slices[0].Span;
        ReadOnlySpan<byte> empty = "\"results\":[]"u8;
        int at = envelope.IndexOf(empty);
        if (at < 0 || envelope[(at + 1)..].IndexOf(empty) >= 0) return null;
        int head = at + empty.Length - 1;
        var joined = new byte[envelope.Length + slices.Skip(1).Sum(s => s.Length) + sliceCount - 1];
        var output = joined.AsSpan();
        envelope[..head].CopyTo(output);
        output = output[head..];
        for (int i = 1; i <= sliceCount; i++)
        {
            if (i > 1) { output[0] = (byte)','; output = output[1..]; }
            slices[i].Span.CopyTo(output);
            output = output[slices[i].Length..];
        }
        envelope[head..].CopyTo(output);
        return joined;
    }

    /// <summary>Most of a log is its results' locations: a buffer near the size it will end at, rather than doubling up to it.</summary>
    private static int EstimatedSize(IEnumerable<Result> results)
    {
        long locations = 0;
        foreach (var result in results)
        {
            locations += 1 + (result.RelatedLocations?.Count ?? 0);
            foreach (var flow in result.CodeFlows ?? [])
                foreach (var thread in flow.ThreadFlows) locations += thread.Locations.Count;
        }
        return (int)Math.Min(64L * 1024 + locations * 256L, Array.MaxLength);
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
