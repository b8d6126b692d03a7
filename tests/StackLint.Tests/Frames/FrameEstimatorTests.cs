using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model.Frames;
using Xunit;

namespace StackLint.Tests.Frames;

/// <summary>
/// Each term of the estimate, pinned to what clang-19 -fstack-usage reported for the same C function
/// (x86_64-pc-windows-msvc / i686-pc-windows-msvc, -O0). Expected = .su figure + return address.
/// </summary>
public sealed class FrameEstimatorTests
{
    private static FrameEstimate X64(FunctionBuilder b) => FrameEstimator.Estimate(b.Build(), TargetArch.X64);
    private static FrameEstimate X86(FunctionBuilder b) => FrameEstimator.Estimate(b.Build(), TargetArch.X86);

    [Fact]
    public void Empty_leaf_is_the_return_address_alone_on_x64_and_adds_ebp_on_x86()
    {
        // void leaf_empty(void) {}  -> .su 0 (x64), 4 (x86)
        Assert.Equal(8, X64(new("leaf_empty")).Unoptimized);
        var x86 = X86(new("leaf_empty"));
        Assert.Equal(8, x86.Unoptimized);
        Assert.Equal(4, x86.UnoptimizedTerms.SavedRegisters);
    }

    [Fact]
    public void Leaf_aligns_to_8_on_x64()
    {
        // int leaf_int(void) { int a = 1; return a; }  -> .su 8
        Assert.Equal(16, X64(new FunctionBuilder("leaf_int").Local("a", T.Int)).Unoptimized);
        // int params4(int a, int b, int c, int d)  -> .su 16: 8 + 16 = 24 stays 24 with 8-byte leaf alignment
        var p4 = X64(new FunctionBuilder("params4").Param("a", T.Int).Param("b", T.Int).Param("c", T.Int).Param("d", T.Int));
        Assert.Equal(24, p4.Unoptimized);
        Assert.Equal(16, p4.UnoptimizedTerms.Parameters);
    }

    [Fact]
    public void Register_parameters_spill_on_x64_but_stack_parameters_do_not()
    {
        // void u3(int a, int b, int c, int d, int e) { g(&e); }  -> .su 56
        var b = new FunctionBuilder("u3").Param("a", T.Int).Param("b", T.Int).Param("c", T.Int).Param("d", T.Int).Param("e", T.Int).Call("g", T.Ptr());
        var e = X64(b);
        Assert.Equal(16, e.UnoptimizedTerms.Parameters);
        Assert.Equal(64, e.Unoptimized);
        Assert.Equal(0, X86(b).UnoptimizedTerms.Parameters);
    }

    [Fact]
    public void By_value_record_parameter_spills_a_pointer_on_x64_and_copies_on_x86()
    {
        // void u4(S12 s) { g(&s); }  -> .su 40 (x64), 20 (x86)
        var b = new FunctionBuilder("u4").Param("s", T.Struct("S12", 12, 4)).Call("g", T.Ptr(4));
        Assert.Equal(8, X64(b).UnoptimizedTerms.Parameters);
        Assert.Equal(48, X64(b).Unoptimized);
        Assert.Equal(12, X86(b).UnoptimizedTerms.Parameters);
        Assert.Equal(24, X86(b).Unoptimized);
        // Larger records stay in the argument area, unless they need 8-byte alignment (LARGE_INTEGER inside).
        Assert.Equal(0, X86(new FunctionBuilder("a").Param("r", T.Struct("AUDIT_RECORD", 128, 2))).UnoptimizedTerms.Parameters);
        Assert.Equal(160, X86(new FunctionBuilder("l").Param("c", T.Struct("REQUEST_CONTEXT", 160, 8))).UnoptimizedTerms.Parameters);
    }

    [Fact]
    public void Any_call_reserves_the_x64_home_area()
    {
        // void call0(void) { g(0); }  -> .su 40 (x64), 8 (x86: ebp + one argument)
        var b = new FunctionBuilder("call0").Call("g", T.Ptr());
        Assert.Equal(32, X64(b).UnoptimizedTerms.HomeArea);
        Assert.Equal(48, X64(b).Unoptimized);
        Assert.Equal(0, X86(new FunctionBuilder("call0").Call("g", T.Ptr(4))).UnoptimizedTerms.HomeArea);
        Assert.Equal(12, X86(new FunctionBuilder("call0").Call("g", T.Ptr(4))).Unoptimized);
        Assert.Equal(0, X64(new("leaf")).UnoptimizedTerms.HomeArea);
    }

    [Fact]
    public void Intrinsics_are_not_calls_but_memset_is()
    {
        // VOID I(void) { LONG v = 0; InterlockedIncrement(&v); _InterlockedExchangeAdd(&v, 3); }  -> .su 8 (a leaf)
        var i = X64(new FunctionBuilder("I").Local("v", T.Int).Call("_InterlockedIncrement", T.Ptr()).Call("_InterlockedExchangeAdd", T.Ptr(), T.Int).Call("__readcr8"));
        Assert.Equal(0, i.UnoptimizedTerms.HomeArea);
        Assert.Equal(16, i.Unoptimized);
        // VOID Z16(void) { UCHAR b[16]; RtlZeroMemory(b, sizeof b); }  -> .su 56: memset is a real call at -O0
        var z = X64(new FunctionBuilder("Z16").Local("b", T.CharArray(16)).Call("memset", T.Ptr(), T.Int, new("size_t", TypeCategory.Scalar, 8, 8)));
        Assert.Equal(64, z.Unoptimized);
    }

    [Fact]
    public void Arguments_past_the_fourth_take_8_bytes_each_on_x64_and_all_take_4_on_x86()
    {
        // void call6(void) { g6(1,2,3,4,5,6); }  -> .su 56 (x64), 28 (x86)
        var args = Enumerable.Repeat(T.Int, 6).ToArray();
        var b = new FunctionBuilder("call6").ConstCall("g6", 6);
        Assert.Equal(16, X64(b).UnoptimizedTerms.OutgoingArguments);
        Assert.Equal(64, X64(b).Unoptimized);
        Assert.Equal(24, X86(b).UnoptimizedTerms.OutgoingArguments);
        Assert.Equal(32, X86(b).Unoptimized);
        // The largest call counts, not the sum: 11 stdcall arguments (ZwCreateFile) -> 44 bytes.
        var z = new FunctionBuilder("z").Call("g6", args).Call("ZwCreateFile", Enumerable.Repeat(T.Ptr(4), 11).ToArray()).Call("g", T.Ptr(4));
        Assert.Equal(44, X86(z).UnoptimizedTerms.OutgoingArguments);
        Assert.Equal(7 * 8, X64(z).UnoptimizedTerms.OutgoingArguments);
    }

    [Fact]
    public void Computed_arguments_beyond_the_free_registers_spill_at_O0()
    {
        // VA(x0, ..., x11) with twelve ULONG locals -> .su 184 on x64 (6 spills), 120 on x86 (9 spills); VA(1, ..., 12) -> 136 / 84.
        var locals = new FunctionBuilder("va_locals").Param("a", T.Int);
        for (int i = 0; i < 8; i++) locals.Local("x" + i, T.Int);
        var constants = new FunctionBuilder("va_const").Param("a", T.Int);
        for (int i = 0; i < 8; i++) constants.Local("x" + i, T.Int);
        locals.Call("VA", Enumerable.Repeat(T.Int, 12).ToArray());
        constants.ConstCall("VA", 12);
        Assert.Equal(48, X64(locals).UnoptimizedTerms.Temporaries);
        Assert.Equal(192, X64(locals).Unoptimized);
        Assert.Equal(144, X64(constants).Unoptimized);
        // x86: 7 spills (6 measured) and ESI, EDI, EBX pushed; constants need no register.
        Assert.Equal(28, X86(locals).UnoptimizedTerms.Temporaries);
        Assert.Equal(16, X86(locals).UnoptimizedTerms.SavedRegisters);
        Assert.Equal(128, X86(locals).Unoptimized);
        Assert.Equal(88, X86(constants).Unoptimized);
        // Addresses and string literals are rematerialized: no spill.
        Assert.Equal(0, X64(new FunctionBuilder("va_addr").Call("VA", Enumerable.Repeat(T.Ptr(), 12).ToArray())).UnoptimizedTerms.Temporaries);
        // Spills are an -O0 artefact.
        Assert.Equal(0, X64(locals).OptimizedTerms.Temporaries);
    }

    [Fact]
    public void Large_arrays_are_16_aligned_on_x64_records_are_not()
    {
        // void call_buf_int(void) { char b[100]; int x; g(b); g(&x); }  -> .su 152
        Assert.Equal(160, X64(new FunctionBuilder("call_buf_int").Local("b", T.CharArray(100)).Local("x", T.Int).Call("g", T.Ptr()).Call("g", T.Ptr())).Unoptimized);
        // void passs(void) { struct S s; gs(s); } with a 100-byte struct  -> .su 232: s and its copy pack without padding
        var passs = X64(new FunctionBuilder("passs").Local("s", T.Struct("struct S", 100, 1)).Call("gs", T.Struct("struct S", 100, 1)));
        Assert.Equal(240, passs.Unoptimized);
        Assert.Equal(100, passs.UnoptimizedTerms.Temporaries);
    }

    [Fact]
    public void By_value_record_arguments_get_a_copy_per_call_on_x64_unless_register_sized()
    {
        // void u1(void) { S12 x; t16(x); t16(x); }  -> .su 72;  void u2(void) { S8 x; t17(x); }  -> .su 40
        var s12 = T.Struct("S12", 12, 4);
        var u1 = X64(new FunctionBuilder("u1").Local("x", s12).Call("t16", s12).Call("t16", s12));
        Assert.Equal(24, u1.UnoptimizedTerms.Temporaries);
        Assert.Equal(80, u1.Unoptimized);
        var s8 = T.Struct("S8", 8, 8);
        Assert.Equal(0, X64(new FunctionBuilder("u2").Local("x", s8).Call("t17", s8)).UnoptimizedTerms.Temporaries);
        // x86 copies the record into the argument area instead: u1 -> .su 28
        var u1x86 = X86(new FunctionBuilder("u1").Local("x", s12).Call("t16", s12).Call("t16", s12));
        Assert.Equal(12, u1x86.UnoptimizedTerms.OutgoingArguments);
        Assert.Equal(32, u1x86.Unoptimized);
    }

    [Fact]
    public void Several_returns_keep_a_return_value_slot()
    {
        // int t5(int a) { if (a) return 1; return 2; }  -> .su 8 (x64)
        var one = X64(new FunctionBuilder("t1").Param("a", T.Int).Returns(1));
        var two = X64(new FunctionBuilder("t5").Param("a", T.Int).Returns(2));
        Assert.Equal(0, one.UnoptimizedTerms.Temporaries);
        Assert.Equal(4, two.UnoptimizedTerms.Temporaries);
        Assert.Equal(16, two.Unoptimized);
    }

    [Fact]
    public void Eight_byte_aligned_locals_raise_x86_alignment()
    {
        // void big(void) { char b[1000]; short s; long long ll; char c; g(b); ... }  -> .su 1028 (x86), 1064 (x64)
        var b = new FunctionBuilder("big").Local("b", T.CharArray(1000)).Local("s", T.Short).Local("ll", T.LongLong).Local("c", T.Char).Call("g", T.Ptr(4));
        Assert.Equal(1032, X86(b).Unoptimized);
        Assert.Equal(1072, X64(b).Unoptimized);
    }

    [Fact]
    public void Kernel_function_matches_clang_on_both_targets()
    {
        // OpenIt: OBJECT_ATTRIBUTES + IO_STATUS_BLOCK + NTSTATUS, two returns, ZwCreateFile (11 args)  -> .su 184 (x64), 92 (x86)
        var x64 = new FunctionBuilder("OpenIt").Param("name", T.Ptr()).Param("h", T.Ptr())
            .Local("oa", T.Struct("OBJECT_ATTRIBUTES", 48, 8)).Local("iosb", T.Struct("IO_STATUS_BLOCK", 16, 8)).Local("st", T.Int)
            .Call("ZwCreateFile", Enumerable.Repeat(T.Ptr(), 11).ToArray()).Returns(2);
        Assert.Equal(192, X64(x64).Unoptimized);
        var x86 = new FunctionBuilder("OpenIt").Param("name", T.Ptr(4)).Param("h", T.Ptr(4))
            .Local("oa", T.Struct("OBJECT_ATTRIBUTES", 24, 4)).Local("iosb", T.Struct("IO_STATUS_BLOCK", 8, 4)).Local("st", T.Int)
            .Call("ZwCreateFile", Enumerable.Repeat(T.Ptr(4), 11).ToArray()).Returns(2);
        // Eleven arguments of unknown kind each take a register: three pushes (the probe's h, &oa and &iosb: one, below).
        Assert.Equal(104, X86(x86).Unoptimized);
    }

    [Fact]
    public void X86_pushes_callee_saved_registers_for_calls_with_many_register_arguments()
    {
        // int OpenIt(void *name, void **h) { ...; st = ZwCreateFile(h, 1, &oa, &iosb, 0, 0, 0, 1, 0, 0, 0); ... } -> .su 92:
        // h, &oa, &iosb and the ESP copy take four registers, ESI pushed. With 'name' in two more places: 100, all three.
        static CallArgument Var(string name) => new(T.Ptr(4), null, name);
        static CallArgument Address(string name) => new(T.Ptr(4), null, name, ByAddress: true);
        static CallArgument Constant(long value) => new(T.Int, value);
        CallArgument Null = new(T.Ptr(4), null, IsNullPointer: true);
        FunctionFacts OpenIt(params CallArgument[] args) => new FunctionBuilder("OpenIt").Param("name", T.Ptr(4)).Param("h", T.Ptr(4))
            .Local("oa", T.Struct("OBJECT_ATTRIBUTES", 24, 4)).Local("iosb", T.Struct("IO_STATUS_BLOCK", 8, 4)).Local("st", T.Int)
            .CallWith("ZwCreateFile", args).Returns(2).Build();
        var one = OpenIt(Var("h"), Constant(1), Address("oa"), Address("iosb"), Null, Constant(0), Constant(0), Constant(1), Constant(0), Null, Constant(0));
        var three = OpenIt(Var("h"), Constant(1), Address("oa"), Address("iosb"), Var("name"), Constant(0), Constant(0), Constant(1), Constant(0), Var("name"), Constant(0));
        var estimateOne = FrameEstimator.Estimate(one, TargetArch.X86);
        Assert.Equal(8, estimateOne.UnoptimizedTerms.SavedRegisters);
        Assert.Equal(96, estimateOne.Unoptimized);
        Assert.Equal(104, FrameEstimator.Estimate(three, TargetArch.X86).Unoptimized);
        // x64 has registers enough: no pushes at -O0.
        Assert.Equal(0, FrameEstimator.Estimate(three, TargetArch.X64).UnoptimizedTerms.SavedRegisters);
    }

    [Fact]
    public void Sibling_scopes_share_space_only_in_the_optimized_model()
    {
        // void scopes(int c) { if (c) { char a[200]; g(a); } else { char b[300]; g(b); } }  -> .su 552 at -O0, 344 at -O2
        var b = new FunctionBuilder("scopes").Param("c", T.Int).Scope(1, 0).Scope(2, 0)
            .Local("a", T.CharArray(200), scope: 1).Local("b", T.CharArray(300), scope: 2).Call("g", T.Ptr()).Call("g", T.Ptr());
        var e = X64(b);
        Assert.Equal(560, e.Unoptimized);
        Assert.Equal(500, e.UnoptimizedTerms.Locals);
        Assert.Equal(304, e.OptimizedTerms.Locals); // 300 packed to 8
        Assert.InRange(e.Optimized, 352, 400);
    }

    [Fact]
    public void Nested_scope_needs_its_own_plus_its_largest_child()
    {
        // body { A[100]; { B[50]; { C[400]; } { D[10]; } } { E[300]; } }  -> 100 + max(50 + max(400, 10), 300), each packed to 8
        var b = new FunctionBuilder("nest").Scope(1, 0).Scope(2, 1).Scope(3, 1).Scope(4, 0)
            .Local("A", T.CharArray(100)).Local("B", T.CharArray(50), 1).Local("C", T.CharArray(400), 2)
            .Local("D", T.CharArray(10), 3).Local("E", T.CharArray(300), 4);
        Assert.Equal(104 + 56 + 400, X64(b).OptimizedTerms.Locals);
        Assert.Equal(860, X64(b).UnoptimizedTerms.Locals);
    }

    [Fact]
    public void Optimized_model_keeps_scalars_and_parameters_in_registers()
    {
        var b = new FunctionBuilder("ptrs").Param("a", T.Int).Local("p", T.Ptr()).Local("q", T.Ptr()).Local("n", T.Int).Call("g", T.Ptr());
        var e = X64(b);
        Assert.Equal(0, e.OptimizedTerms.Locals);
        Assert.Equal(0, e.OptimizedTerms.Parameters);
        Assert.Equal(20, e.UnoptimizedTerms.Locals);
        Assert.True(e.Optimized < e.Unoptimized);
    }

    [Fact]
    public void Optimized_x86_pushes_arguments_instead_of_reserving_them()
    {
        var b = new FunctionBuilder("call6").Call("g6", Enumerable.Repeat(T.Int, 6).ToArray());
        Assert.Equal(0, X86(b).OptimizedTerms.OutgoingArguments);
        Assert.Equal(16, X64(b).OptimizedTerms.OutgoingArguments);
    }

    [Fact]
    public void Pointers_to_big_structs_cost_a_pointer()
    {
        var e = X64(new FunctionBuilder("p").Local("info", T.Ptr()).Param("big", T.Ptr()));
        Assert.Equal(8, e.UnoptimizedTerms.Locals);
        Assert.Equal(8, e.UnoptimizedTerms.Parameters);
    }

    [Fact]
    public void Unknown_sizes_count_as_pointers_and_mark_the_estimate_approximate()
    {
        var e = X64(new FunctionBuilder("u").Local("ctx", T.Unknown("MY_CONTEXT")).Local("n", T.Int));
        Assert.True(e.IsApproximate);
        Assert.Equal(12, e.UnoptimizedTerms.Locals);
        Assert.False(X64(new FunctionBuilder("k").Local("n", T.Int)).IsApproximate);
        Assert.True(X64(new FunctionBuilder("p").Param("x", T.Unknown("X"))).IsApproximate);
        // A VLA is dynamic, not approximate; 'char buf[]' as a parameter is a pointer.
        Assert.False(X64(new FunctionBuilder("v").Vla("b")).IsApproximate);
        Assert.False(X64(new FunctionBuilder("a").Param("buf", new("char[]", TypeCategory.Array, null, null))).IsApproximate);
    }

    [Fact]
    public void Alloca_and_vla_make_the_estimate_dynamic_with_a_frame_pointer()
    {
        var alloca = X64(new FunctionBuilder("al").Local("p", T.Ptr()).Alloca(false).Call("g", T.Ptr()));
        Assert.True(alloca.IsDynamic);
        Assert.Equal(8, alloca.UnoptimizedTerms.SavedRegisters);
        var vla = X64(new FunctionBuilder("vla").Param("n", T.Int).Vla("b").Call("g", T.Ptr()));
        Assert.True(vla.IsDynamic);
        Assert.Equal(16, vla.UnoptimizedTerms.Temporaries); // saved stack pointer + bound
        Assert.Null(vla.LargestLocal);
        Assert.False(X64(new FunctionBuilder("s").Local("b", T.CharArray(8))).IsDynamic);
    }

    [Fact]
    public void Totals_are_aligned_and_terms_add_up()
    {
        var b = new FunctionBuilder("f").Param("a", T.Char).Local("x", T.CharArray(37)).Local("y", T.Short).Call("g", T.Ptr(), T.Int, T.Int, T.Int, T.Int);
        foreach (var arch in new[] { TargetArch.X64, TargetArch.X86, TargetArch.Arm64 })
        {
            var e = FrameEstimator.Estimate(b.Build(), arch);
            int align = arch == TargetArch.X86 ? 4 : 16;
            Assert.Equal(0, e.Unoptimized % align);
            Assert.Equal(0, e.Optimized % align);
            Assert.True(e.UnoptimizedTerms.Padding >= 0 && e.OptimizedTerms.Padding >= 0);
            Assert.Equal(e.Unoptimized, e.UnoptimizedTerms.Total);
        }
    }

    [Fact]
    public void Contributors_are_sorted_by_size_then_name()
    {
        var e = X64(new FunctionBuilder("c").Local("b", T.CharArray(16)).Local("path", T.WcharArray(260)).Local("a", T.CharArray(16)).Local("n", T.Int));
        Assert.Equal(["path", "a", "b", "n"], e.Contributors.Select(c => c.Name));
        Assert.Equal("path", e.LargestLocal?.Name);
        Assert.Equal(520, e.LargestLocal?.Bytes);
        Assert.Null(X64(new("empty")).LargestLocal);
    }

    [Fact]
    public void Ten_thousand_locals_are_all_counted()
    {
        var b = new FunctionBuilder("huge");
        for (int i = 0; i < 10_000; i++) b.Local("v" + i, T.Int);
        var e = X64(b);
        Assert.Equal(40_000, e.UnoptimizedTerms.Locals);
        Assert.Equal(10_000, e.Contributors.Length);
        Assert.Equal(40_008, e.Unoptimized);
    }

    [Fact]
    public void Deeply_nested_scopes_do_not_recurse()
    {
        var b = new FunctionBuilder("deep");
        for (int i = 1; i <= 50_000; i++) b.Scope(i, i - 1);
        b.Local("x", T.CharArray(64), 50_000);
        Assert.Equal(64, X64(b).OptimizedTerms.Locals);
    }

    [Theory]
    [InlineData("AMD64", TargetArch.X64)]
    [InlineData(" x86_64 ", TargetArch.X64)]
    [InlineData("i686", TargetArch.X86)]
    [InlineData("Win32", TargetArch.X86)]
    [InlineData("aarch64", TargetArch.Arm64)]
    public void Architecture_names_have_aliases_and_each_architecture_its_table(string name, TargetArch expected)
    {
        Assert.True(TargetArchNames.TryParse(name, out var arch));
        Assert.Equal(expected, arch);
        Assert.Equal(arch, FrameArchitecture.For(arch).Target);
        Assert.Equal(arch, FrameEstimator.Estimate(new FunctionBuilder("f").Build(), arch).Arch);
    }

    [Theory]
    [InlineData("mips")]
    [InlineData("")]
    [InlineData(null)]
    public void An_unknown_architecture_name_is_not_read_as_x64(string? name) =>
        Assert.False(TargetArchNames.TryParse(name, out _));

    [Fact]
    public void Canonical_names_and_triples_are_the_ones_reports_and_clang_use()
    {
        Assert.Equal(["x64", "x86", "arm64"], Enum.GetValues<TargetArch>().Select(a => a.Name()));
        Assert.Equal(TargetArch.X86, TargetArchNames.FromTriple(TargetArch.X86.Triple()));
        Assert.Equal(TargetArch.Arm64, TargetArchNames.FromTriple(TargetArch.Arm64.Triple()));
        Assert.Equal(TargetArch.X64, TargetArchNames.FromTriple(TargetArch.X64.Triple()));
        foreach (var arch in Enum.GetValues<TargetArch>())
            Assert.True(TargetArchNames.TryParse(arch.Name(), out var back) && back == arch);
    }

    [Fact]
    public void Arm64_saves_the_frame_record_and_has_no_home_area()
    {
        var e = FrameEstimator.Estimate(new FunctionBuilder("f").Local("x", T.CharArray(40)).Call("g", T.Ptr()).Build(), TargetArch.Arm64);
        Assert.Equal(16, e.UnoptimizedTerms.SavedRegisters);
        Assert.Equal(0, e.UnoptimizedTerms.HomeArea);
        Assert.Equal(0, e.UnoptimizedTerms.ReturnAddress);
    }
}
