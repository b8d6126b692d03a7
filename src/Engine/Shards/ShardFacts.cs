using System.Text.Json;
using StackLint.Engine.Cache;
using StackLint.Frontend;
using StackLint.Frontend.Facts;

namespace StackLint.Engine.Shards;

/// <summary>
/// One file's facts as a shard writes them: the facts plus where the file sits in the whole run (its index among
/// all inputs, the input count, and the command-line root it was found under), so <c>link</c> can put the run
/// back together in the order and program grouping a single-machine run would have used.
/// </summary>
public sealed record ShardFacts(int Index, int Count, string Root, TranslationUnitFacts Facts)
{
    private const int Format = 1;
    public const string Extension = ".facts.json";

    public byte[] ToJson()
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("format", Format);
            w.WriteString("tool", FactsCache.ToolBuild);
            w.WriteNumber("index", Index);
            w.WriteNumber("count", Count);
            w.WriteString("root", Root);
            w.WritePropertyName("facts");
            w.WriteRawValue(FactsSerializer.Serialize(Facts), skipInputValidation: true);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <exception cref="FormatException">Not a shard facts file, or one from another StackLint build.</exception>
    public static ShardFacts Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.GetProperty("format").GetInt32() != Format)
                throw new FormatException("unsupported shard facts format");
            // Facts from another build may have been extracted differently: mixing them would make a report no single run gives.
            if (root.GetProperty("tool").GetString() is var tool && tool != FactsCache.ToolBuild)
                throw new FormatException($"written by another StackLint build ({tool}); run every shard and link with the same build");
            return new ShardFacts(
                root.GetProperty("index").GetInt32(),
                root.GetProperty("count").GetInt32(),
                root.GetProperty("root").GetString() ?? throw new FormatException("no root"),
                FactsSerializer.Deserialize(root.GetProperty("facts").GetRawText()));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException(e.Message, e);
        }
    }
}
