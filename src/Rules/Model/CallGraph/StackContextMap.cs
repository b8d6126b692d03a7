using System.Collections;
using System.Collections.Immutable;
using StackLint.Frontend.Facts;

namespace StackLint.Rules.Model.CallGraph;

/// <summary>Where the system (or an unknown caller) enters the driver, and on what stack.</summary>
public sealed record EntryPoint(int Node, string Name, StackContext Context, string Kind, SourceSpan? RegisteredAt)
{
    /// <summary>"minifilter pre-operation callback 'PreCreate'".</summary>
    public string Description => $"{Kind} '{Name}'";
}

/// <summary>
/// Entry points and, for every function, the set of stack contexts it can run in (the contexts of the entries it
/// is reachable from). Computed once over the SCC condensation in topological order: linear in the graph.
/// </summary>
public sealed class StackContextMap
{
    private static readonly StackContext[] Kinds = [StackContext.Caller, StackContext.Dpc, StackContext.Fresh];

    /// <summary>The kind of a function nothing in the driver calls, registers or exports: dead code, or reached through a pointer we did not resolve.</summary>
    public const string NoKnownCallerKind = "function with no known caller";

    /// <summary>The kind of a function nothing in the driver calls that it exports (__declspec(dllexport)) for other drivers.</summary>
    public const string ExportedKind = "exported function";

    private readonly ProgramCallGraph _graph;
    private readonly StronglyConnectedComponents _components;
    private readonly StackContext[] _contextOfComponent;
    // For each component and each of the three kinds: the lowest-numbered entry that reaches it, or -1.
    private readonly int[] _representative;

    // Call edges made only under a dispatch case with a context of its own (IRP_MJ_SHUTDOWN in a common dispatcher):
    // the callee is an entry in that context, and the caller's contexts do not flow over the edge.
    private readonly HashSet<CallEdge> _caseEdges;

    private StackContextMap(ProgramCallGraph graph, StronglyConnectedComponents components, ImmutableArray<EntryPoint> entries, StackContext[] contexts, int[] representative, HashSet<CallEdge> caseEdges)
    {
        _graph = graph;
        _components = components;
        EntryPoints = entries;
        _contextOfComponent = contexts;
        _representative = representative;
        _caseEdges = caseEdges;
    }

    /// <summary>True when the call starts a context of its own (a dispatch case such as IRP_MJ_SHUTDOWN): walks from the caller's entries stop there.</summary>
    public bool StartsOwnContext(CallEdge edge) => _caseEdges.Contains(edge);

    /// <summary>Entry points ordered by node, then context; a function registered twice in different ways appears twice.</summary>
    public ImmutableArray<EntryPoint> EntryPoints { get; }

    public StackContext ContextsOf(int node) => _contextOfComponent[_components.ComponentOf(node)];

    public StackContext ContextsOf(FunctionFacts function) => _graph.NodeOf(function) is int node ? ContextsOf(node) : StackContext.None;

    /// <summary>
    /// One entry point that reaches the function in the given context (or, with None, in the most constraining
    /// context it has: Caller, then Dpc, then Fresh). Null when nothing reaches it in that context.
    /// </summary>
    public EntryPoint? RepresentativeEntry(int node, StackContext context = StackContext.None)
    {
        int component = _components.ComponentOf(node);
        for (int k = 0; k < Kinds.Length; k++)
        {
            if (context != StackContext.None && Kinds[k] != context) continue;
            int entry = _representative[component * Kinds.Length + k];
            if (entry >= 0) return EntryPoints[entry];
        }
        return null;
    }

    /// <summary>"minifilter pre-operation callback 'PreCreate'" for messages; "no known entry point" when unreachable.</summary>
    public string DescribeContext(int node) => RepresentativeEntry(node)?.Description ?? "no known entry point";

    public IEnumerable<EntryPoint> EntriesOf(int node) => EntryPoints.Where(e => e.Node == node);

    /// <summary>True when 'to' can be reached from 'from' over call edges (a breadth-first walk; 'from' reaches itself).</summary>
    public bool IsReachable(int from, int to) => ReachableFrom(from)[to];

    /// <summary>Every node reachable from 'from' (including itself), as a bit set indexed by node.</summary>
    public BitArray ReachableFrom(int from)
    {
        var seen = new BitArray(_graph.NodeCount);
        var queue = new Queue<int>();
        seen[from] = true;
        queue.Enqueue(from);
        var start = _graph.EdgeStart;
        var target = _graph.EdgeTarget;
        while (queue.Count > 0)
        {
            int v = queue.Dequeue();
            for (int e = start[v]; e < start[v + 1]; e++)
            {
                int w = target[e];
                if (seen[w]) continue;
                seen[w] = true;
                queue.Enqueue(w);
            }
        }
        return seen;
    }

    /// <param name="exports">Names a .def file exports: like __declspec(dllexport), entries on their callers' stacks.</param>
    public static StackContextMap Compute(ProgramCallGraph graph, StronglyConnectedComponents components, IReadOnlySet<string>? exports = null)
    {
        var caseEdges = new HashSet<CallEdge>(ReferenceEqualityComparer.Instance);
        var caseEntries = new List<EntryPoint>();
        var edgeList = graph.Edges;
        for (int e = 0; e < edgeList.Count; e++)
        {
            var edge = edgeList[e];
            if (edge.Site is null || graph.Nodes[edge.Caller].Definition is not { } caller || !graph.Nodes[edge.Callee].IsDefined) continue;
            if (DispatchCaseCalls.Find(caller.Function, edge.Site) is not { } dispatchCase) continue;
            caseEdges.Add(edge);
            caseEntries.Add(new EntryPoint(edge.Callee, graph.Nodes[edge.Callee].Name, dispatchCase.Context, dispatchCase.Description, edge.Location));
        }
        var entries = FindEntryPoints(graph, components, exports, caseEntries);
        int count = components.Count;
        var contexts = new StackContext[count];
        var representative = new int[count * Kinds.Length];
        Array.Fill(representative, -1);

        for (int i = 0; i < entries.Length; i++)
        {
            int c = components.ComponentOf(entries[i].Node);
            contexts[c] |= entries[i].Context;
            int slot = c * Kinds.Length + Array.IndexOf(Kinds, entries[i].Context);
            if (representative[slot] < 0) representative[slot] = i;
        }

        // Sources first: every edge leaves a higher-numbered component for a lower one.
        var start = graph.EdgeStart;
        var target = graph.EdgeTarget;
        for (int c = count - 1; c >= 0; c--)
        {
            if (contexts[c] == StackContext.None) continue;
            foreach (int v in components.Members(c))
            {
                for (int e = start[v]; e < start[v + 1]; e++)
                {
                    int d = components.ComponentOf(target[e]);
                    if (d == c || caseEdges.Count > 0 && caseEdges.Contains(edgeList[e])) continue;
                    contexts[d] |= contexts[c];
                    for (int k = 0; k < Kinds.Length; k++)
                    {
                        int from = representative[c * Kinds.Length + k];
                        ref int to = ref representative[d * Kinds.Length + k];
                        if (from >= 0 && (to < 0 || from < to)) to = from;
                    }
                }
            }
        }
        return new StackContextMap(graph, components, entries, contexts, representative, caseEdges);
    }

    private static ImmutableArray<EntryPoint> FindEntryPoints(ProgramCallGraph graph, StronglyConnectedComponents components, IReadOnlySet<string>? exports, List<EntryPoint> caseEntries)
    {
        // A component is called from outside when some edge enters it from another component. Calls within a cycle
        // do not count: a recursive function nothing else calls is still an entry.
        var calledFromOutside = new bool[components.Count];
        foreach (var edge in graph.Edges)
        {
            int to = components.ComponentOf(edge.Callee);
            if (components.ComponentOf(edge.Caller) != to) calledFromOutside[to] = true;
        }
        var entries = new List<EntryPoint>();
        var seen = new HashSet<(int, StackContext, string)>();
        var registered = new bool[graph.NodeCount];
        foreach (var entry in caseEntries)
        {
            registered[entry.Node] = true;
            if (seen.Add((entry.Node, entry.Context, entry.Kind))) entries.Add(entry);
        }
        foreach (var r in graph.Registrations)
        {
            registered[r.Function] = true;
            if (seen.Add((r.Function, r.Kind.Context, r.Kind.Description)))
                entries.Add(new EntryPoint(r.Function, graph.Nodes[r.Function].Name, r.Kind.Context, r.Kind.Description, r.Reference.Location));
        }
        foreach (var node in graph.Nodes)
        {
            if (!node.IsDefined || registered[node.Id]) continue;
            if (string.Equals(node.Name, "DriverEntry", StringComparison.Ordinal))
            {
                entries.Add(new EntryPoint(node.Id, node.Name, StackContext.Fresh, "driver entry point", null));
            }
            else if (!calledFromOutside[components.ComponentOf(node.Id)] && CodeSections.IsInit(node.Definition!))
            {
                // INIT code runs only while the driver initializes and is discarded after: whoever calls it (a
                // DriverEntry under another name, a pointer we do not resolve) does so on the loading thread's fresh stack.
                entries.Add(new EntryPoint(node.Id, node.Name, StackContext.Fresh, "initialization routine (INIT section)", null));
            }
            else if (!calledFromOutside[components.ComponentOf(node.Id)]
                     && (node.Definition!.Function.IsExported || exports is not null && node.Definition.Function.Linkage == Linkage.External && exports.Contains(node.Name)))
            {
                // Exported for other drivers (an export driver's API, a miniport library's routine): their callers'
                // stack, whatever is left of it.
                entries.Add(new EntryPoint(node.Id, node.Name, StackContext.Caller, ExportedKind, null));
            }
            else if (!calledFromOutside[components.ComponentOf(node.Id)] && node.Definition!.Function.IsInMainFile)
            {
                // Nothing in the program calls it and it is not registered in a way we know: it may be reached through
                // a function pointer we could not resolve or from another component, so it runs on an unknown caller's
                // stack. Header inline functions nobody calls are library code, not entries of this driver.
                entries.Add(new EntryPoint(node.Id, node.Name, StackContext.Caller, NoKnownCallerKind, null));
            }
        }
        return [.. entries.OrderBy(e => e.Node).ThenBy(e => e.Context).ThenBy(e => e.Kind, StringComparer.Ordinal)];
    }
}
