using System.Text.Json.Serialization;

namespace StackLint.Frontend.Facts;

/// <summary>
/// Source-generated JSON for <see cref="FunctionFacts"/>, read by <c>FactsSerializer.ContentHash</c> only: every parse
/// hashes its header functions, and the reflection serializer's first use in a process costs more than the parse of a
/// small file.
/// </summary>
[JsonSerializable(typeof(FunctionFacts))]
internal sealed partial class FunctionFactsJsonContext : JsonSerializerContext;
