using StackLint.Frontend.Facts;
using StackLint.Rules.Model;
using StackLint.Rules.Model.CallGraph;
using StackLint.Tests.Frontend;
using Xunit;

namespace StackLint.Tests.CallGraph;

/// <summary>
/// Worst paths followed with the constants a call passes (ConstantContexts): parsed through libclang, since the
/// tests a callee makes of its parameters come from its body. Frames are the locals' bytes (Map has a 4-byte one), so sums are exact.
/// </summary>
public sealed class ConstantContextTests
{
    private const string Code = ParserHarness.Types + """
        typedef unsigned char BOOLEAN;
        ULONG Grow(void)      { UCHAR b[4000]; b[0] = 1; return b[0]; }
        ULONG Release(void)   { UCHAR b[3000]; b[0] = 1; return b[0]; }
        ULONG Small(void)     { UCHAR b[10]; b[0] = 1; return b[0]; }

        /* Grows only past 'if (Allocate)'; releases only for a socket that is not NULL. */
        ULONG Map(PVOID Socket, BOOLEAN Allocate)
        {
            ULONG r = Small();
            if (Allocate) r += Grow();
            if (Socket) r += Release();
            return r;
        }

        /* Passes its flag on unchanged: a constant its caller passes reaches Map. */
        ULONG Locate(BOOLEAN Allocate) { return Map((PVOID)1, Allocate); }

        /* Stores into its flag before passing it: what its caller passed says nothing about Map's. */
        ULONG Rewrite(BOOLEAN Allocate) { Allocate = !Allocate; return Map((PVOID)1, Allocate); }

        ULONG Read(void)      { return Locate(0); }
        ULONG Write(void)     { return Locate(1); }
        ULONG Complete(void)  { return Map(0, 0); }
        ULONG Flip(void)      { return Rewrite(0); }
        """;

    private static (CallGraphAnalysis Analysis, Func<string, int> Id) Build()
    {
        var facts = ParserHarness.Parse(Code);
        var program = new ProgramAnalysis("probe", facts.Arch, [facts]);
        var analysis = CallGraphAnalysis.Build(program, f => f.Locals.Sum(l => l.Type.Size ?? 0));
        return (analysis, name => analysis.Graph.FindByName(name).Single().Id);
    }

    [Fact]
    public void A_constant_that_fails_the_callees_test_rules_out_the_call_it_guards()
    {
        var (analysis, id) = Build();
        // Read passes Allocate 0 through Locate: Map cannot grow, but can release (Locate passes a non-NULL socket).
        Assert.Equal(new StackUse(3004, false), analysis.WorstCase[id("Read")]);
        Assert.Equal(["Read", "Locate", "Map", "Release"], analysis.WorstCase.WorstPath(id("Read")).Select(s => s.Name));
        // Write passes 1: the growth counts.
        Assert.Equal(new StackUse(4004, false), analysis.WorstCase[id("Write")]);
        Assert.Equal(["Write", "Locate", "Map", "Grow"], analysis.WorstCase.WorstPath(id("Write")).Select(s => s.Name));
        // NULL and 0 rule out both branches.
        Assert.Equal(new StackUse(14, false), analysis.WorstCase[id("Complete")]);
        // Map and Locate as any caller runs them keep every call.
        Assert.Equal(4004, analysis.WorstCase[id("Map")].Bytes);
        Assert.Equal(4004, analysis.WorstCase[id("Locate")].Bytes);
    }

    [Fact]
    public void A_parameter_stored_into_before_it_is_passed_on_carries_no_constant()
    {
        var (analysis, id) = Build();
        Assert.Equal(new StackUse(4004, false), analysis.WorstCase[id("Flip")]);
    }
}
