using System.Reflection;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Tests.Support;
using Xunit;

namespace StackLint.Tests.Frontend;

/// <summary>
/// The cache's binary facts must carry exactly what the JSON carries (JSON is the reference: it is generated from
/// the records), and must refuse damaged data rather than decode it into other facts.
/// </summary>
public sealed class FactsBinaryTests
{
    private static TranslationUnitFacts Sample() => FactsSerializerTests.SampleFacts();

    [Fact]
    public void The_sample_with_every_kind_of_fact_round_trips()
    {
        var back = FactsBinary.Deserialize(FactsBinary.Serialize(Sample()));

        Assert.Equal(FactsSerializer.Serialize(Sample()), FactsSerializer.Serialize(back));
        Assert.Null(back.Functions[0].Locals[0].Type.Size);
        Assert.Equal(-7, back.Functions[0].Calls[0].Arguments[0].ConstantValue);
        Assert.Null(back.Problems[1].Location);
    }

    [Fact]
    public void Every_fixture_and_example_round_trips_and_encodes_to_the_same_bytes_twice()
    {
        var environment = ParserHarness.Environment();
        var sources = Directory.GetFiles(RepoPaths.Fixtures, "*.c", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(RepoPaths.Combine("examples"), "*.c", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .ToList();
        using var parser = new ClangParser();
        long jsonBytes = 0, binaryBytes = 0;
        foreach (var source in sources)
        {
            var facts = parser.Parse(source, environment);
            var binary = FactsBinary.Serialize(facts);
            var json = FactsSerializer.Serialize(facts);
            Assert.Equal(json, FactsSerializer.Serialize(FactsBinary.Deserialize(binary)));
            Assert.Equal(binary, FactsBinary.Serialize(FactsBinary.Deserialize(binary)));
            jsonBytes += json.Length;
            binaryBytes += binary.Length;
        }
        Assert.True(sources.Count > 20);
        // The point of the encoding: a fraction of the JSON's size.
        Assert.True(binaryBytes * 4 < jsonBytes, $"binary {binaryBytes} bytes, JSON {jsonBytes}");
    }

    [Fact]
    public void Damage_anywhere_is_refused()
    {
        var good = FactsBinary.Serialize(Sample());
        for (int i = 0; i < good.Length; i++)
        {
            var damaged = (byte[])good.Clone();
            damaged[i] ^= 0x10;
            Assert.Throws<FormatException>(() => FactsBinary.Deserialize(damaged));
        }
        for (int length = 0; length < good.Length; length += 7)
            Assert.Throws<FormatException>(() => FactsBinary.Deserialize(good.AsSpan(0, length)));
        Assert.Throws<FormatException>(() => FactsBinary.Deserialize([.. good, 0]));
        Assert.Throws<FormatException>(() => FactsBinary.Deserialize("{\"schemaVersion\":1}"u8));
    }

    /// <summary>
    /// The encoder lists every field by hand. When a facts record gains, loses or retypes a property this list
    /// changes, and so must FactsBinary (and TranslationUnitFacts.SchemaVersion if old JSON can no longer be read).
    /// </summary>
    [Fact]
    public void The_records_are_the_ones_the_encoder_was_written_for()
    {
        var records = typeof(TranslationUnitFacts).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(TranslationUnitFacts).Namespace && t.IsClass && t.GetMethod("<Clone>$") is not null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => t.Name + "(" + string.Join(", ", t.GetConstructors().Single(c => c.GetParameters().Length > 0 && c.GetParameters()[0].ParameterType != t)
                .GetParameters().Select(p => TypeName(p.ParameterType) + " " + p.Name)) + ")");
        Assert.Equal(
            """
            BlockScope(Int32 Id, Int32 Parent, SourceSpan Location, Boolean InLoop)
            BodyNode(Int32 Id, Int32 Parent, BodyNodeKind Kind, BodyRole Role, Int32 Line, Int32 Column, String Label, Int32 CallIndex, StackCondition Condition)
            CallArgument(TypeLayout Type, Nullable<Int64> ConstantValue, String Lvalue, Boolean ByAddress, String StringLiteral, Boolean ContainsCall)
            CallSite(Int32 Index, String CalleeName, String CalleeUsr, String IndirectExpression, SourceSpan Location, Int32 ScopeId, Boolean InLoop, ImmutableArray<CallArgument> Arguments, String MacroName, TypeLayout ResultType, Boolean InitializesVariable, Int64 ResultValueSize)
            DynamicAllocation(DynamicAllocationKind Kind, String Name, SourceSpan Location, Boolean InLoop)
            FunctionFacts(String Name, String Usr, Linkage Linkage, SourceSpan Location, Boolean IsInMainFile, String CallingConvention, Boolean IsVariadic, ImmutableArray<Parameter> Parameters, ImmutableArray<BlockScope> Scopes, ImmutableArray<LocalVariable> Locals, ImmutableArray<CallSite> Calls, ImmutableArray<DynamicAllocation> DynamicAllocations, ImmutableArray<FunctionReference> FunctionReferences, ImmutableArray<BodyNode> Body, ImmutableArray<StackQuery> StackQueries, ImmutableArray<ValueFlow> ValueFlows, Boolean IsInSystemHeader, FunctionInlining Inlining, ImmutableArray<LocalVariable> CompoundLiterals, Int32 ExceptHandlers)
            FunctionReference(String FunctionName, String FunctionUsr, SourceSpan Location, FunctionReferenceKind Kind, String Target, String RecordType, Int32 ArgumentIndex, String EnclosingFunctionUsr)
            LocalVariable(String Name, TypeLayout Type, Int32 ScopeId, SourceSpan Location, Boolean IsVariableLengthArray, String MacroName)
            Parameter(String Name, TypeLayout Type, SourceSpan Location)
            ParseProblem(ProblemSeverity Severity, String Message, SourceSpan Location)
            SourceSpan(String Path, Int32 Line, Int32 Column, Int32 EndLine, Int32 EndColumn)
            StackCondition(String Source, Boolean LowWhenTrue)
            StackQuery(Int32 CallIndex, StackQueryUse Use, String StoredInto, SourceSpan Location)
            TranslationUnitFacts(String Path, String Arch, String HeaderEnvironment, Boolean Parsed, ImmutableArray<FunctionFacts> Functions, ImmutableArray<FunctionReference> GlobalFunctionReferences, ImmutableArray<ParseProblem> Problems, ImmutableArray<String> IncludedFiles, Boolean StackProtector)
            TypeLayout(String Spelling, TypeCategory Category, Nullable<Int64> Size, Nullable<Int64> Alignment)
            ValueFlow(String Target, String Source, Int32 SourceCallIndex, Int32 Line)
            """.ReplaceLineEndings("\n"),
            string.Join("\n", records));
    }

    private static string TypeName(Type type) => type.IsGenericType
        ? type.Name[..type.Name.IndexOf('`')] + "<" + string.Join(", ", type.GetGenericArguments().Select(TypeName)) + ">"
        : type.Name;
}
