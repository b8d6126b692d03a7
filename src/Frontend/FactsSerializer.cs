using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using StackLint.Frontend.Facts;

namespace StackLint.Frontend;

/// <summary>
/// Facts as JSON, for the on-disk cache and for shards. Source-generated (no reflection), enums as strings,
/// property order fixed by the record declarations, so the same facts always give the same text. The document
/// carries <see cref="TranslationUnitFacts.SchemaVersion"/>; text from another schema is rejected, not guessed at.
/// </summary>
public static class FactsSerializer
{
    public static string Serialize(TranslationUnitFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return JsonSerializer.Serialize(new FactsDocument(TranslationUnitFacts.SchemaVersion, facts), FactsJsonContext.Default.FactsDocument);
    }

    /// <exception cref="FormatException">Not facts JSON, or written by another schema version.</exception>
    public static TranslationUnitFacts Deserialize(string json) => Deserialize(Encoding.UTF8.GetBytes(json));

    /// <summary>The same from UTF-8 bytes (what the cache reads), without making a string of them first.</summary>
    /// <exception cref="FormatException">Not facts JSON, or written by another schema version.</exception>
    public static TranslationUnitFacts Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        FactsDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(utf8Json, FactsJsonContext.Default.FactsDocument);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Not a StackLint facts document: {e.Message}", e);
        }

        return Checked(document);
    }

    private static TranslationUnitFacts Checked(FactsDocument? document)
    {
        if (document?.Facts is null)
        {
            throw new FormatException("Not a StackLint facts document: no facts.");
        }

        if (document.SchemaVersion != TranslationUnitFacts.SchemaVersion)
        {
            throw new FormatException($"Facts schema version {document.SchemaVersion} is not the supported version {TranslationUnitFacts.SchemaVersion}.");
        }

        return document.Facts;
    }
}

/// <summary>The serialized envelope: schema version first, then the facts.</summary>
public sealed record FactsDocument(int SchemaVersion, TranslationUnitFacts Facts);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    IgnoreReadOnlyProperties = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = false)]
[JsonSerializable(typeof(FactsDocument))]
internal sealed partial class FactsJsonContext : JsonSerializerContext;
