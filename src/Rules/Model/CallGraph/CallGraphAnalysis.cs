using StackLint.Frontend.Facts;
using StackLint.Rules.Model.Frames;

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

    /// <summary>
    /// The program's call graph with frame estimates from the frame model configured for it (stacklint.frame_model),
    /// built once per program and frame model and cached on the program. Rules should use this.
    /// </summary>
    public static CallGraphAnalysis For(ProgramAnalysis program, IRuleOptions options)
    {
        // The frame model is a per-file option; a program takes it from its first file (a program of empty files has no functions).
        var firstPath = program.Units.IsDefaultOrEmpty ? "" : program.Units[0].Path;
        var kind = FrameModel.FromOptions(options, firstPath);
        return program.Model(kind).CallGraph;
    }

    /// <param name="frameSize">Frame estimate per defined function; null uses the frame model's unoptimized estimate.</param>
    public static CallGraphAnalysis Build(ProgramAnalysis program, Func<FunctionFacts, long>? frameSize = null)
    {
        var graph = ProgramCallGraph.Build(program);
        var components = StronglyConnectedComponents.Compute(graph);
        var contexts = StackContextMap.Compute(graph, components, program.Exports);
        var worst = WorstCaseStack.Compute(graph, components, frameSize ?? FrameTable.ForProgram(program, FrameModelKind.Unoptimized).FrameSize);
        return new CallGraphAnalysis(program, graph, components, contexts, worst);
    }
}
