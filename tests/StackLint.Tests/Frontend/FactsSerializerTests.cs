using StackLint.Frontend;
using StackLint.Frontend.Facts;
using Xunit;

namespace StackLint.Tests.Frontend;

public sealed class FactsSerializerTests
{
    private static TranslationUnitFacts Sample() => SampleFacts();

    /// <summary>Facts with every kind of record and every nullable both set and unset.</summary>
    internal static TranslationUnitFacts SampleFacts() => new(
        "/src/a.c",
        "x64",
        "prelude",
        true,
        [
            new FunctionFacts(
                "f", "c:@F@f", Linkage.Internal, new SourceSpan("/src/a.c", 3, 5, 3, 6), true, "cdecl", false,
                [new Parameter("p", new TypeLayout("PVOID", TypeCategory.Pointer, 8, 8), SourceSpan.At("/src/a.c", 3, 12))],
                [new BlockScope(0, -1, SourceSpan.At("/src/a.c", 4, 1), false)],
                [new LocalVariable("buf", new TypeLayout("char[n]", TypeCategory.Array, null, null), 0, SourceSpan.At("/src/a.c", 5, 10), true)],
                [new CallSite(0, null, null, "ctx->Fn", SourceSpan.At("/src/a.c", 6, 5), 0, true, [new CallArgument(new TypeLayout("int", TypeCategory.Scalar, 4, 4), -7),
                    new CallArgument(new TypeLayout("PHANDLE", TypeCategory.Pointer, 8, 8), null, "->FileHandle", true, null),
                    new CallArgument(new TypeLayout("PCSTR", TypeCategory.Pointer, 8, 8), null, null, false, "FltCreateFileEx2")], "CALL_IT")],
                [new DynamicAllocation(DynamicAllocationKind.VariableLengthArray, "buf", SourceSpan.At("/src/a.c", 5, 10), false)],
                [new FunctionReference("g", "c:@F@g", SourceSpan.At("/src/a.c", 7, 9), FunctionReferenceKind.CallArgument, "Register", null, 1, "c:@F@f")],
                [new BodyNode(0, -1, BodyNodeKind.Compound, BodyRole.None, 4, 1, null, -1, null),
                 new BodyNode(1, 0, BodyNodeKind.If, BodyRole.None, 5, 5, null, -1, new StackCondition("remaining", true))],
                [new StackQuery(0, StackQueryUse.StoredInLocal, "remaining", SourceSpan.At("/src/a.c", 6, 5))],
                [new ValueFlow("h", null, 0, 6), new ValueFlow("return", "h", -1, 7)], IsExported: true),
        ],
        [new FunctionReference("f", "c:@F@f", SourceSpan.At("/src/a.c", 9, 3), FunctionReferenceKind.Initializer, "PreOperation", "FLT_OPERATION_REGISTRATION", -1, null)],
        [new ParseProblem(ProblemSeverity.Error, "expected ';'", SourceSpan.At("/src/a.c", 8, 1)), new ParseProblem(ProblemSeverity.Fatal, "x", null)],
        ["/inc/b.h"],
        CodeSections: [new CodeSectionPragma("INIT", ["f", "g"], 2), new CodeSectionPragma("", [], 8)]);

    [Fact]
    public void RoundTrip_IsLossless()
    {
        var json = FactsSerializer.Serialize(Sample());

        var back = FactsSerializer.Deserialize(json);

        Assert.Equal(json, FactsSerializer.Serialize(back));
        var f = back.Functions.Single();
        Assert.Null(f.Locals[0].Type.Size);
        Assert.Equal(-7, f.Calls[0].Arguments[0].ConstantValue);
        Assert.Equal(new CallArgument(new TypeLayout("PHANDLE", TypeCategory.Pointer, 8, 8), null, "->FileHandle", true, null), f.Calls[0].Arguments[1]);
        Assert.Equal("FltCreateFileEx2", f.Calls[0].Arguments[2].StringLiteral);
        Assert.Equal(new[] { new ValueFlow("h", null, 0, 6), new ValueFlow("return", "h", -1, 7) }, f.ValueFlows.ToArray());
        Assert.Equal(new StackCondition("remaining", true), f.Body[1].Condition);
        Assert.Equal(new SourceSpan("/src/a.c", 3, 5, 3, 6), f.Location);
        Assert.Equal("FLT_OPERATION_REGISTRATION", back.GlobalFunctionReferences[0].RecordType);
        Assert.Null(back.Problems[1].Location);
    }

    [Fact]
    public void Json_UsesStringEnumsAndSchemaVersion()
    {
        var json = FactsSerializer.Serialize(Sample());

        Assert.StartsWith("{\"schemaVersion\":3,\"facts\":{\"path\":", json);
        Assert.Contains("\"kind\":\"CallArgument\"", json);
        Assert.Contains("\"linkage\":\"Internal\"", json);
        Assert.DoesNotContain("hasUnknownSizes", json);
    }

    [Fact]
    public void RealFacts_RoundTrip()
    {
        var facts = ParserHarness.Parse(ParserHarness.Types + "void f(void) { WCHAR p[10]; ULONG_PTR r = IoGetRemainingStackSize(); if (r < 10) f(); }");
        var json = FactsSerializer.Serialize(facts);

        Assert.Equal(json, FactsSerializer.Serialize(FactsSerializer.Deserialize(json)));
    }

    [Fact]
    public void OtherSchemaVersion_IsRejected()
    {
        var json = FactsSerializer.Serialize(Sample()).Replace($"\"schemaVersion\":{TranslationUnitFacts.SchemaVersion}", "\"schemaVersion\":99", StringComparison.Ordinal);

        Assert.Throws<FormatException>(() => FactsSerializer.Deserialize(json));
        Assert.Throws<FormatException>(() => FactsSerializer.Deserialize("not json"));
    }
}

public sealed class DeterminismTests
{
    [Fact]
    public void ParallelParsers_ProduceIdenticalFacts()
    {
        var path = Path.Combine(TempDir.Create(), "same.c");
        File.WriteAllText(path, ParserHarness.Types + """
            typedef struct { void (*Fn)(int); } OPS;
            static void cb(int x) { }
            static const OPS Ops = { cb };
            void f(int n) { WCHAR b[64]; while (n--) { Ops.Fn(n); cb(n); } }
            """);
        var env = ParserHarness.Environment();

        var results = new string[6];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 3 }, i =>
        {
            using var parser = new ClangParser();
            results[i] = FactsSerializer.Serialize(parser.Parse(path, env));
        });

        Assert.All(results, r => Assert.Equal(results[0], r));
        Assert.Contains("\"calleeName\":\"cb\"", results[0]);
    }
}
