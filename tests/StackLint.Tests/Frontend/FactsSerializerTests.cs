using System.Buffers.Binary;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using MemoryPack;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Tests.Support;
using Xunit;

namespace StackLint.Tests.Frontend;

public sealed class FactsSerializerTests
{
    private static TranslationUnitFacts Sample() => SampleFacts();

    private static readonly Condition Remaining =
        new(ConditionOperator.Less, false, new Operand(OperandKind.Variable, "remaining"), new Operand(OperandKind.Constant, Value: 4096));

    /// <summary>Facts with every kind of record and every nullable both set and unset.</summary>
    internal static TranslationUnitFacts SampleFacts() => new(
        "/src/a.c",
        TargetArch.X64,
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
                    new CallArgument(new TypeLayout("PCSTR", TypeCategory.Pointer, 8, 8), null, null, false, "FltCreateFileEx2"),
                    new CallArgument(new TypeLayout("PVOID", TypeCategory.Pointer, 8, 8), null, IsNullPointer: true),
                    new CallArgument(new TypeLayout("long", TypeCategory.Scalar, 4, 4), null, BitOf: "nr", BitInverted: true)], "CALL_IT",
                    ResultUse: CallResultUse.Stored, ResultStoredInto: "h", IndirectField: "struct _CTX::Fn")],
                [new DynamicAllocation(DynamicAllocationKind.VariableLengthArray, "buf", SourceSpan.At("/src/a.c", 5, 10), false)],
                [new FunctionReference("g", "c:@F@g", SourceSpan.At("/src/a.c", 7, 9), FunctionReferenceKind.CallArgument, "Register", null, 1, "c:@F@f")],
                [new BodyNode(0, -1, BodyNodeKind.Compound, BodyRole.None, 4, 1, null, -1, null),
                 new BodyNode(1, 0, BodyNodeKind.If, BodyRole.None, 5, 5, null, -1, Remaining)],
                [new ValueFlow("h", null, 0, 6), new ValueFlow("return", "h", -1, 7)],
                Assignments:
                [
                    new Assignment("h", new Condition(ConditionOperator.NotEqual, true, new Operand(OperandKind.Call, CallIndex: 0, AssignedTo: "s"), new Operand(OperandKind.Null)), 1, 6),
                    new Assignment("n", null, 2, 7, -1, 3),
                ],
                IsExported: true,
                BitStores: [new BitStore("->Flags", 2, true, 1, 6, 0, "struct _LOG::Flags")],
                Returns: [new Assignment("return", new Condition(ConditionOperator.Value, false, new Operand(OperandKind.Masked, "word", BitOf: "nr")), 1, 7)],
                FieldStores: [new Assignment("->Error", null, 1, 6, Parent: 0, Field: "struct _LOG::Error")]),
        ],
        [new FunctionReference("f", "c:@F@f", SourceSpan.At("/src/a.c", 9, 3), FunctionReferenceKind.Initializer, "PreOperation", "FLT_OPERATION_REGISTRATION", -1, null)],
        [new ParseProblem(ProblemSeverity.Error, "expected ';'", SourceSpan.At("/src/a.c", 8, 1)), new ParseProblem(ProblemSeverity.Fatal, "x", null)],
        ["/inc/b.h"],
        CodeSections: [new CodeSectionPragma("INIT", ["f", "g"], 2), new CodeSectionPragma("", [], 8)]);

    [Fact]
    public void RoundTrip_IsLossless()
    {
        var bytes = FactsSerializer.Serialize(Sample());

        var back = FactsSerializer.Deserialize(bytes);

        Assert.Equal(FactsText.Of(Sample()), FactsText.Of(back));
        Assert.Equal(bytes, FactsSerializer.Serialize(back));
        var f = back.Functions.Single();
        Assert.Null(f.Locals[0].Type.Size);
        Assert.Equal(-7, f.Calls[0].Arguments[0].ConstantValue);
        Assert.Equal(new CallArgument(new TypeLayout("PHANDLE", TypeCategory.Pointer, 8, 8), null, "->FileHandle", true, null), f.Calls[0].Arguments[1]);
        Assert.Equal("FltCreateFileEx2", f.Calls[0].Arguments[2].StringLiteral);
        Assert.True(f.Calls[0].Arguments[3].IsNullPointer);
        Assert.Equal(new[] { new ValueFlow("h", null, 0, 6), new ValueFlow("return", "h", -1, 7) }, f.ValueFlows.ToArray());
        Assert.Empty(f.CompoundLiterals);
        Assert.False(f.CompoundLiterals.IsDefault);
        Assert.Equal(Remaining, f.Body[1].Condition);
        Assert.Equal(SampleFacts().Functions[0].Assignments.ToArray(), f.Assignments.ToArray());
        Assert.Equal(SampleFacts().Functions[0].BitStores.ToArray(), f.BitStores.ToArray());
        Assert.Equal(SampleFacts().Functions[0].Returns.ToArray(), f.Returns.ToArray());
        Assert.Equal(SampleFacts().Functions[0].FieldStores.ToArray(), f.FieldStores.ToArray());
        Assert.Equal((CallResultUse.Stored, "h"), (f.Calls[0].ResultUse, f.Calls[0].ResultStoredInto));
        Assert.Equal(new SourceSpan("/src/a.c", 3, 5, 3, 6), f.Location);
        Assert.Equal("FLT_OPERATION_REGISTRATION", back.GlobalFunctionReferences[0].RecordType);
        Assert.Null(back.Problems[1].Location);
    }

    [Fact]
    public void Equal_facts_built_apart_give_the_same_bytes()
    {
        Assert.Equal(FactsSerializer.Serialize(SampleFacts()), FactsSerializer.Serialize(SampleFacts()));
        Assert.NotEqual(FactsSerializer.Serialize(SampleFacts()), FactsSerializer.Serialize(SampleFacts() with { StackProtector = true }));
    }

    [Fact]
    public void RealFacts_RoundTrip()
    {
        var facts = ParserHarness.Parse(ParserHarness.Types + "void f(void) { WCHAR p[10]; ULONG_PTR r = IoGetRemainingStackSize(); if (r < 10) f(); }");
        var bytes = FactsSerializer.Serialize(facts);

        Assert.Equal(FactsText.Of(facts), FactsText.Of(FactsSerializer.Deserialize(bytes)));
        Assert.Equal(bytes, FactsSerializer.Serialize(FactsSerializer.Deserialize(bytes)));
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
        foreach (var source in sources)
        {
            var facts = parser.Parse(source, environment);
            var bytes = FactsSerializer.Serialize(facts);
            var back = FactsSerializer.Deserialize(bytes);
            Assert.Equal(FactsText.Of(facts), FactsText.Of(back));
            Assert.Equal(bytes, FactsSerializer.Serialize(back));
        }
        Assert.True(sources.Count > 20);
    }

    [Fact]
    public void Damage_anywhere_is_refused()
    {
        var good = FactsSerializer.Serialize(Sample());
        for (int i = 0; i < good.Length; i++)
        {
            var damaged = (byte[])good.Clone();
            damaged[i] ^= 0x10;
            Assert.Throws<FormatException>(() => FactsSerializer.Deserialize(damaged));
        }
        for (int length = 0; length < good.Length; length += 7)
            Assert.Throws<FormatException>(() => FactsSerializer.Deserialize(good.AsSpan(0, length)));
        Assert.Throws<FormatException>(() => FactsSerializer.Deserialize([.. good, 0]));
        Assert.Throws<FormatException>(() => FactsSerializer.Deserialize("{\"schemaVersion\":1}"u8));
    }

    [Fact]
    public void OtherSchemaVersion_IsRejected()
    {
        var bytes = FactsSerializer.Serialize(Sample());
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), 99);

        var error = Assert.Throws<FormatException>(() => FactsSerializer.Deserialize(bytes));
        Assert.Equal($"Facts schema version 99 is not the supported version {TranslationUnitFacts.SchemaVersion}.", error.Message);
    }

    /// <summary>
    /// Every facts record, built with a distinct non-default value in every constructor parameter, comes back with all
    /// of them: generated from the records by reflection, so a record or field added later is covered without this
    /// test changing (and a record added without [MemoryPackable] fails here, not in a user's cache).
    /// </summary>
    [Fact]
    public void Every_member_of_every_facts_record_round_trips()
    {
        var records = FactsRecords();
        Assert.Contains(typeof(TranslationUnitFacts), records);
        var roundTrip = typeof(FactsSerializerTests).GetMethod(nameof(RoundTrip), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var record in records)
        {
            Assert.True(record.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IMemoryPackable<>)),
                $"{record.Name} is not [MemoryPackable] partial");
            var value = ValueMaker.Make(record, 1);
            var back = roundTrip.MakeGenericMethod(record).Invoke(null, [value])!;
            var options = new JsonSerializerOptions { Converters = { new JsonStringEnumConverter() } };
            Assert.Equal(JsonSerializer.Serialize(value, record, options), JsonSerializer.Serialize(back, record, options));
            foreach (var parameter in ValueMaker.PrimaryConstructor(record).GetParameters())
                Assert.False(Equals(ValueMaker.DefaultOf(parameter.ParameterType), record.GetProperty(parameter.Name!)!.GetValue(back)),
                    $"{record.Name}.{parameter.Name} came back as its default");
        }
    }

    private static T RoundTrip<T>(T value) where T : class => FactsSerializer.Deserialize<T>(FactsSerializer.Serialize(value));

    /// <summary>A computed property ('=> ...') is derived from the data, so it is not written: it needs [MemoryPackIgnore].</summary>
    [Fact]
    public void Computed_properties_are_not_serialized()
    {
        var written = FactsRecords()
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.SetMethod is null && p.DeclaringType == t && p.GetCustomAttribute<MemoryPackIgnoreAttribute>() is null)
                .Select(p => t.Name + "." + p.Name));
        Assert.Empty(written);
    }

    private static List<Type> FactsRecords() => typeof(TranslationUnitFacts).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(TranslationUnitFacts).Namespace && t.IsClass && t.GetMethod("<Clone>$") is not null)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToList();
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

        var results = new byte[6][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 3 }, i =>
        {
            using var parser = new ClangParser();
            results[i] = FactsSerializer.Serialize(parser.Parse(path, env));
        });

        Assert.All(results, r => Assert.Equal(results[0], r));
        Assert.Contains("\"calleeName\":\"cb\"", FactsText.Of(FactsSerializer.Deserialize(results[0])));
    }
}
