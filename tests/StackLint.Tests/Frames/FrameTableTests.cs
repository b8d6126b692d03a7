using StackLint.Frontend;
using StackLint.Rules.Model;
using StackLint.Rules.Model.Frames;
using Xunit;

namespace StackLint.Tests.Frames;

public sealed class FrameTableTests
{
    private static ProgramAnalysis Program(TargetArch arch, out StackLint.Frontend.Facts.FunctionFacts big, out StackLint.Frontend.Facts.FunctionFacts small)
    {
        big = new FunctionBuilder("Big").Scope(1, 0).Scope(2, 0).Local("a", T.CharArray(600), 1).Local("b", T.CharArray(600), 2).Call("g", T.Ptr()).Build();
        small = new FunctionBuilder("Small").Local("n", T.Int).Build();
        return new ProgramAnalysis("drv", arch, [FunctionBuilder.Unit(arch, big, small)]);
    }

    [Fact]
    public void Table_is_built_once_per_program_and_model()
    {
        var p = Program(TargetArch.X64, out _, out _);
        Assert.Same(FrameTable.ForProgram(p, FrameModelKind.Unoptimized), FrameTable.ForProgram(p, FrameModelKind.Unoptimized));
        Assert.NotSame(FrameTable.ForProgram(p, FrameModelKind.Unoptimized), FrameTable.ForProgram(p, FrameModelKind.Optimized));
    }

    [Fact]
    public void Frame_size_follows_the_model_and_the_program_architecture()
    {
        var p = Program(TargetArch.X64, out var big, out var small);
        var o0 = FrameTable.ForProgram(p, FrameModelKind.Unoptimized);
        var o2 = FrameTable.ForProgram(p, FrameModelKind.Optimized);
        Assert.Equal(FrameEstimator.Estimate(big, TargetArch.X64).Unoptimized, o0.FrameSize(big));
        Assert.Equal(FrameEstimator.Estimate(big, TargetArch.X64).Optimized, o2.FrameSize(big));
        Assert.True(o2.FrameSize(big) < o0.FrameSize(big));
        Assert.Equal(16, o0.FrameSize(small));
        var x86 = FrameTable.ForProgram(Program(TargetArch.X86, out _, out var small86), FrameModelKind.Unoptimized);
        Assert.Equal(12, x86.FrameSize(small86));
    }

    [Fact]
    public void A_function_outside_the_program_is_estimated_on_the_fly()
    {
        var p = Program(TargetArch.X64, out _, out _);
        var other = new FunctionBuilder("Other").Local("b", T.CharArray(100)).Build();
        var estimate = FrameTable.ForProgram(p, FrameModelKind.Unoptimized)[other];
        Assert.Equal(FrameEstimator.Estimate(other, TargetArch.X64).UnoptimizedTerms, estimate.UnoptimizedTerms);
        Assert.Equal(112, estimate.Unoptimized);
    }

    [Fact]
    public void Frame_model_option_parses_and_defaults_to_unoptimized()
    {
        Assert.Equal(FrameModelKind.Optimized, FrameModel.FromOptions(new TestOptions((FrameModel.OptionKey, " Optimized ")), "a.c"));
        Assert.Equal(FrameModelKind.Unoptimized, FrameModel.FromOptions(new TestOptions((FrameModel.OptionKey, "bogus")), "a.c"));
        Assert.Equal(FrameModelKind.Unoptimized, FrameModel.FromOptions(StackLint.Rules.DefaultRuleOptions.Instance, "a.c"));
    }
}

public sealed class FramesReportTests
{
    [Fact]
    public void Rows_are_sorted_by_path_and_line_with_qualifiers()
    {
        var dyn = new FunctionBuilder("Dyn").Local("p", T.Ptr()).Alloca(false).Build() with { Location = StackLint.Frontend.Facts.SourceSpan.At("/src/b.c", 5, 1) };
        var approx = new FunctionBuilder("Approx").Local("c", T.Unknown("CTX")).Build() with { Location = StackLint.Frontend.Facts.SourceSpan.At("/src/a.c", 30, 1) };
        var plain = new FunctionBuilder("Plain").Local("path", T.WcharArray(260)).Build() with { Location = StackLint.Frontend.Facts.SourceSpan.At("/src/a.c", 3, 1) };
        var empty = new FunctionBuilder("Empty").Build() with { Location = StackLint.Frontend.Facts.SourceSpan.At("/src/a.c", 40, 1) };
        var ua = FunctionBuilder.Unit(TargetArch.X64, approx, plain, empty) with { Path = "/src/a.c" };
        var ub = FunctionBuilder.Unit(TargetArch.X64, dyn) with { Path = "/src/b.c" };
        var rows = new[] { (ub, dyn), (ua, approx), (ua, plain), (ua, empty), (ua, plain) }
            .Select(r => (new FunctionInProgram(r.Item2, r.Item1), FrameEstimator.Estimate(r.Item2, TargetArch.X64)));
        var writer = new StringWriter();
        FramesReport.Write(writer, rows, TargetArch.X64, p => p.Replace("/src/", ""));
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(FramesReport.Header, lines[0]);
        Assert.Equal("a.c\t3\tPlain\tx64\t528\t528\tpath\t520", lines[1]);
        Assert.Equal("a.c\t30\tApprox\tx64\t16 approximate\t16 approximate\tc\t8", lines[2]);
        Assert.Equal("a.c\t40\tEmpty\tx64\t8\t8\t-\t0", lines[3]);
        Assert.StartsWith("b.c\t5\tDyn\tx64\t", lines[4]);
        Assert.Contains(" dynamic\t", lines[4]);
        Assert.Equal(5, lines.Length);
    }
}

public sealed class FramesReportProgramTests
{
    [Fact]
    public void Program_overload_prints_main_file_functions_once_with_the_program_arch()
    {
        var main = new FunctionBuilder("Main").Local("b", T.CharArray(100)).Build();
        var header = new FunctionBuilder("InlineHelper").Build() with { IsInMainFile = false };
        var program = new ProgramAnalysis("drv", TargetArch.X86, [FunctionBuilder.Unit(TargetArch.X86, main, header)]);
        var writer = new StringWriter();
        FramesReport.Write(writer, [program], p => "driver.c");
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(FramesReport.Header, lines[0]);
        Assert.Equal("driver.c\t1\tMain\tx86\t108\t104\tb\t100", lines[1]);
    }
}
