using StackLint.Frontend.Facts;

namespace StackLint.Rules.Model.CallGraph;

/// <summary>
/// Everything the call-graph rules read about one program: the linked graph, its SCCs, entry points with stack
/// contexts, and worst-case stack per function. Built from facts alone, in time linear in functions + calls.
/// </summary>
public sealed class CallGraphAnalysis
{
    private CallGraphAnalysis(ProgramAnalysis program, ProgramCallGraph graph, StronglyConnectedComponents components, StackContextMap contexts, WorstCaseStack worstCase)
    {
        Program = program;
        Graph = graph;
        Components = components;
        Contexts = contexts;
        WorstCase = worstCase;
    }

    public ProgramAnalysis Program { get; }
    public ProgramCallGraph Graph { get; }
    public StronglyConnectedComponents Components { get; }
    public StackContextMap Contexts { get; }
    public WorstCaseStack WorstCase { get; }

    /// <param name="frameSize">Frame estimate per defined function; null uses <see cref="ProvisionalFrameSize"/> until the frame model is wired in.</param>
    public static CallGraphAnalysis Build(ProgramAnalysis program, Func<FunctionFacts, long>? frameSize = null)
    {
        var graph = ProgramCallGraph.Build(program);
        var components = StronglyConnectedComponents.Compute(graph);
        var contexts = StackContextMap.Compute(graph, components);
        var worst = WorstCaseStack.Compute(graph, components, frameSize ?? ProvisionalFrameSize.Estimate);
        return new CallGraphAnalysis(program, graph, components, contexts, worst);
    }
}

/// <summary>
/// A stand-in frame estimate (locals rounded to 8 bytes, plus return address and saved frame pointer) used only
/// until FrameTable from the frame model is passed to CallGraphAnalysis.Build.
/// </summary>
public static class ProvisionalFrameSize
{
    public static long Estimate(FunctionFacts function)
    {
        long total = 16;
        foreach (var local in function.Locals)
            if (local.Type.Size is long size && !local.IsVariableLengthArray)
                total += (size + 7) & ~7L;
        return total;
    }
}
