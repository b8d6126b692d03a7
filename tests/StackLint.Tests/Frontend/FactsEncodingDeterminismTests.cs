using System.Runtime.InteropServices;
using MemoryPack;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Tests.Support;
using Xunit;
using Unsafe = System.Runtime.CompilerServices.Unsafe;

namespace StackLint.Tests.Frontend;

/// <summary>
/// Equal facts give equal bytes whatever memory held before: a nullable number is a flag, padding and the value in
/// memory, and the padding (and a null's value) hold whatever the stack or register held when it was built. These
/// tests build nullables whose padding is garbage, as a JIT-compiled copy may leave it, and compare their bytes with
/// clean ones.
/// </summary>
public sealed class FactsEncodingDeterminismTests
{
    /// <summary>The same value as <paramref name="value"/>, with every byte that is not the flag or a set value's bytes set to 0xA5.</summary>
    private static T? Dirty<T>(T? value) where T : unmanaged
    {
        Span<byte> bytes = stackalloc byte[Unsafe.SizeOf<T?>()];
        bytes.Fill(0xA5);
        int valueOffset = Unsafe.SizeOf<T?>() - Unsafe.SizeOf<T>();
        bytes[0] = value.HasValue ? (byte)1 : (byte)0;
        if (value is { } set) MemoryMarshal.Write(bytes[valueOffset..], in set);
        return Unsafe.ReadUnaligned<T?>(ref MemoryMarshal.GetReference(bytes));
    }

    private static byte[] BytesOf<T>(T? value) where T : unmanaged =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T?, byte>(ref value), Unsafe.SizeOf<T?>()).ToArray();

    [Fact]
    public void Dirty_nullables_are_the_same_values_with_other_bytes()
    {
        // What the test below relies on: the garbage is there, and MemoryPack's own encoding of a nullable carries it.
        Assert.Equal((long?)5, Dirty((long?)5));
        Assert.Null(Dirty((long?)null));
        Assert.NotEqual(BytesOf((long?)5), BytesOf(Dirty((long?)5)));
        Assert.NotEqual(MemoryPackSerializer.Serialize((long?)5), MemoryPackSerializer.Serialize(Dirty((long?)5)));
        Assert.NotEqual(MemoryPackSerializer.Serialize((long?)null), MemoryPackSerializer.Serialize(Dirty((long?)null)));
    }

    /// <summary>Every nullable number of the facts records, set and unset, clean and with garbage in its padding.</summary>
    private static TranslationUnitFacts Facts(Func<long?, long?> build)
    {
        var span = SourceSpan.At("/src/a.c", 3, 5);
        var sized = new TypeLayout("ULONG", TypeCategory.Scalar, build(4), build(4));
        var unsized = new TypeLayout("char[n]", TypeCategory.Array, build(null), build(null));
        var condition = new Condition(ConditionOperator.Less, false, new Operand(OperandKind.Variable, "n", Value: build(null)),
            new Operand(OperandKind.Constant, Value: build(4096)));
        FunctionFacts Function(string name, long? returns) => new(
            name, "c:@F@" + name, Linkage.Internal, span, true, "cdecl", false,
            [new Parameter("p", sized, span)],
            [new BlockScope(0, -1, span, false)],
            [new LocalVariable("buf", unsized, 0, span, true)],
            [new CallSite(0, "g", "c:@F@g", null, span, 0, false,
                [new CallArgument(sized, build(-7)), new CallArgument(sized, build(null))], null)],
            [],
            [new FunctionReference("g", "c:@F@g", span, FunctionReferenceKind.Assignment, "MajorFunction", null, -1, "c:@F@" + name, build(14)),
             new FunctionReference("g", "c:@F@g", span, FunctionReferenceKind.Assignment, "DriverUnload", null, -1, "c:@F@" + name, build(null))],
            [new BodyNode(0, -1, BodyNodeKind.If, BodyRole.None, 4, 1, null, -1, condition)],
            Assignments: [new Assignment("n", condition, 1, 5, build(-1)), new Assignment("m", null, 1, 6, build(null))],
            ReturnsConstant: returns);
        return new TranslationUnitFacts("/src/a.c", TargetArch.X64, "prelude", true,
            [Function("f", build(4096)), Function("h", build(null))], [], [], []);
    }

    [Fact]
    public void Facts_whose_nullables_hold_garbage_give_the_bytes_of_clean_ones()
    {
        var clean = Facts(v => v);
        var dirty = Facts(Dirty);

        Assert.Equal(FactsText.Of(clean), FactsText.Of(dirty));
        Assert.Equal(FactsSerializer.Serialize(clean), FactsSerializer.Serialize(dirty));
        Assert.Equal(FactsSerializer.ContentHash(clean.Functions[0]), FactsSerializer.ContentHash(dirty.Functions[0]));
    }

    /// <summary>
    /// A driver that logs when it was built ('"built on %s %s", __DATE__, __TIME__') would put the parse's clock into
    /// its facts: the macros are pinned to what clang gives under SOURCE_DATE_EPOCH=0.
    /// </summary>
    [Fact]
    public void Date_and_time_macros_do_not_carry_the_clock_into_the_facts()
    {
        var facts = ParserHarness.Parse("""
            void Log(const char *format, ...);
            void f(void) { Log("built on %s %s", __DATE__, __TIME__); Log(__TIMESTAMP__); Log(__DATE__ " " __TIME__); }
            """);

        var calls = facts.Function("f").Calls;
        Assert.Equal(["built on %s %s", "Jan  1 1970", "00:00:00"], calls[0].Arguments.Select(a => a.StringLiteral));
        Assert.Equal("Thu Jan  1 00:00:00 1970", calls[1].Arguments[0].StringLiteral);
        Assert.Equal("Jan  1 1970 00:00:00", calls[2].Arguments[0].StringLiteral);
    }
}
