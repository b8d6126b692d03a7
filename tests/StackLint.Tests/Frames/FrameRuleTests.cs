using Microsoft.CodeAnalysis;
using StackLint.Frontend;
using StackLint.Rules.Frames;
using StackLint.Rules.Model.Frames;
using Xunit;

namespace StackLint.Tests.Frames;

public sealed class FrameTooLargeTests
{
    private static readonly FrameTooLarge Rule = new();

    [Fact]
    public void Frame_above_the_limit_is_reported_with_its_largest_locals()
    {
        var f = new FunctionBuilder("BuildPath").Local("path", T.WcharArray(260)).Local("info", T.Struct("FILE_ALL_INFO", 280, 8))
            .Local("name", T.WcharArray(256)).Local("oa", T.Struct("OBJECT_ATTRIBUTES", 48, 8)).Local("n", T.Int).Call("g", T.Ptr()).InProgram();
        var finding = Assert.Single(RuleRunner.Run(Rule, f));
        Assert.Equal("SL1001", finding.RuleId);
        Assert.Equal(DiagnosticSeverity.Warning, finding.Severity);
        Assert.Equal(f.Function.Location, finding.Location);
        long size = FrameEstimator.Estimate(f.Function, TargetArch.X64).Unoptimized;
        Assert.Equal($"'BuildPath' uses an estimated {size:N0} bytes of stack (limit 1,024); largest: 'path' (520 bytes), 'name' (512 bytes), 'info' (280 bytes)", finding.Message);
    }

    [Fact]
    public void Frame_of_1020_bytes_is_not_reported()
    {
        // 8 (return address) + 1012 + 4 = 1024 would be the limit itself: a leaf with a 1,008-byte array is 1,016.
        var f = new FunctionBuilder("Fits").Local("b", T.CharArray(1008)).InProgram();
        Assert.True(FrameEstimator.Estimate(f.Function, TargetArch.X64).Unoptimized <= 1024);
        Assert.Empty(RuleRunner.Run(Rule, f));
        var exact = new FunctionBuilder("Exact").Local("b", T.CharArray(1016)).InProgram();
        Assert.Equal(1024, FrameEstimator.Estimate(exact.Function, TargetArch.X64).Unoptimized);
        Assert.Empty(RuleRunner.Run(Rule, exact));
        var over = new FunctionBuilder("Over").Local("b", T.CharArray(1017)).InProgram();
        Assert.Single(RuleRunner.Run(Rule, over));
    }

    [Fact]
    public void Pointers_to_big_structs_and_static_buffers_do_not_count()
    {
        // static WCHAR buffer[4096]; is not a fact; PFILE_ALL_INFORMATION info is a pointer.
        var f = new FunctionBuilder("Ok").Local("info", T.Ptr()).Param("big", T.Ptr()).Call("g", T.Ptr()).InProgram();
        Assert.Empty(RuleRunner.Run(Rule, f));
    }

    [Fact]
    public void Threshold_and_model_come_from_options()
    {
        var f = new FunctionBuilder("Scoped").Scope(1, 0).Scope(2, 0)
            .Local("a", T.CharArray(700), 1).Local("b", T.CharArray(700), 2).Call("g", T.Ptr()).InProgram();
        Assert.Single(RuleRunner.Run(Rule, f));
        Assert.Empty(RuleRunner.Run(Rule, f, new TestOptions((FrameModel.OptionKey, "optimized"))));
        Assert.Empty(RuleRunner.Run(Rule, f, new TestOptions((FrameTooLarge.ThresholdKey, "2k"))));
        Assert.Single(RuleRunner.Run(Rule, f, new TestOptions((FrameModel.OptionKey, "optimized"), (FrameTooLarge.ThresholdKey, "512"))));
    }

    [Fact]
    public void Approximate_and_dynamic_estimates_say_so()
    {
        var f = new FunctionBuilder("Guess").Local("b", T.CharArray(1100)).Local("ctx", T.Unknown("CTX")).Alloca(false).InProgram();
        var finding = Assert.Single(RuleRunner.Run(Rule, f));
        Assert.Contains("(limit 1,024) (approximate: some sizes unknown) plus dynamic allocations; largest: 'b' (1,100 bytes), 'ctx' (8 bytes)", finding.Message);
    }

    [Fact]
    public void X86_frames_are_estimated_for_x86()
    {
        // 260 pointers: 1,040 bytes on x64 (reported), 520 on x86 (not).
        var f = new FunctionBuilder("Ptrs").Local("table", new("PVOID[130]", StackLint.Frontend.Facts.TypeCategory.Array, 1040, 8)).InProgram(TargetArch.X64);
        Assert.Single(RuleRunner.Run(Rule, f));
        var g = new FunctionBuilder("Ptrs").Local("table", new("PVOID[130]", StackLint.Frontend.Facts.TypeCategory.Array, 520, 4)).InProgram(TargetArch.X86);
        Assert.Empty(RuleRunner.Run(Rule, g));
    }
}

public sealed class LargeByValueParameterTests
{
    private static readonly LargeByValueParameter Rule = new();

    [Fact]
    public void Struct_at_the_limit_is_reported_at_the_parameter()
    {
        var f = new FunctionBuilder("Log").Param("ctx", T.Struct("REQUEST_CONTEXT", 128, 8)).InProgram();
        var finding = Assert.Single(RuleRunner.Run(Rule, f));
        Assert.Equal(f.Function.Parameters[0].Location, finding.Location);
        Assert.Equal("Parameter 'ctx' of 'Log' is a 128-byte 'REQUEST_CONTEXT' passed by value (limit 128); pass a pointer ('const REQUEST_CONTEXT *') instead", finding.Message);
    }

    [Fact]
    public void Smaller_structs_pointers_and_unknown_sizes_are_not_reported()
    {
        var f = new FunctionBuilder("Ok").Param("small", T.Struct("SMALL", 127, 8)).Param("p", T.Ptr())
            .Param("u", T.Unknown("INCOMPLETE")).Param("arr", T.CharArray(512)).InProgram();
        Assert.Empty(RuleRunner.Run(Rule, f));
    }

    [Fact]
    public void Unions_and_const_spellings_and_threshold_option()
    {
        var f = new FunctionBuilder("U").Param("v", T.Struct("const union _BIG", 64, 8)).InProgram();
        Assert.Empty(RuleRunner.Run(Rule, f));
        var finding = Assert.Single(RuleRunner.Run(Rule, f, new TestOptions((LargeByValueParameter.ThresholdKey, "64"))));
        Assert.Contains("64-byte 'union _BIG' passed by value (limit 64); pass a pointer ('const union _BIG *')", finding.Message);
    }
}

public sealed class DynamicStackAllocationTests
{
    private static readonly DynamicStackAllocation Rule = new();

    [Fact]
    public void Alloca_outside_a_loop_is_a_warning_inside_a_loop_an_error()
    {
        var f = new FunctionBuilder("Copy").Alloca(false).Alloca(true, "__builtin_alloca").InProgram();
        var findings = RuleRunner.Run(Rule, f);
        Assert.Equal(2, findings.Count);
        Assert.Equal(DiagnosticSeverity.Warning, findings[0].Severity);
        Assert.Equal("Call to '_alloca' in 'Copy' allocates a run-time amount of stack; allocate from pool (ExAllocatePool2) instead", findings[0].Message);
        Assert.Equal(DiagnosticSeverity.Error, findings[1].Severity);
        Assert.Contains("inside a loop", findings[1].Message);
        Assert.Equal(f.Function.DynamicAllocations[1].Location, findings[1].Location);
    }

    [Fact]
    public void Variable_length_arrays_are_reported_and_fixed_arrays_are_not()
    {
        var f = new FunctionBuilder("V").Vla("buf").InProgram();
        Assert.Contains("Variable-length array 'buf'", Assert.Single(RuleRunner.Run(Rule, f)).Message);
        Assert.Empty(RuleRunner.Run(Rule, new FunctionBuilder("F").Local("b", T.CharArray(4096)).InProgram()));
    }
}
