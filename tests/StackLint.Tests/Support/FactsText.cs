using System.Text.Json;
using System.Text.Json.Serialization;
using StackLint.Frontend.Facts;

namespace StackLint.Tests.Support;

/// <summary>
/// Facts as readable text, for tests that compare two sets of facts and must show where they differ. Reflection-based
/// JSON over the records (every public property, computed ones too), not the on-disk contract.
/// </summary>
public static class FactsText
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Of(TranslationUnitFacts facts) => JsonSerializer.Serialize(facts, Options);
}
