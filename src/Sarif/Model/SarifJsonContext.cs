using System.Text.Json.Serialization;

namespace StackLint.Sarif.Model;

/// <summary>
/// Source-generated (no reflection) serialization of the SARIF model: camelCase names, nulls left out.
/// Indentation and line endings are set by <see cref="SarifSerializer"/>'s writer, not here.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(SarifLog))]
[JsonSerializable(typeof(Result))]
internal sealed partial class SarifJsonContext : JsonSerializerContext;
