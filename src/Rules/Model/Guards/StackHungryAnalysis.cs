using System.Collections.Frozen;
using System.Collections.Immutable;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model.CallGraph;
using StackLint.Rules.Model.Frames;

namespace StackLint.Rules.Model.Guards;

/// <summary>A listed call that some caller-stack entry point reaches with no stack check on the way.</summary>
public sealed record UnguardedCall(FunctionInProgram Function, CallSite Site, EntryPoint Entry, ImmutableArray<CallEdge> Path);

/// <summary>
/// The stack-hungry-call model of one program, shared by SL3001 and SL3002 and cached on the program:
/// - which calls are stack-hungry: a listed routine, or a driver function that (transitively) makes such a call;
/// - which calls a remaining-stack check guards (FunctionGuards, per function);
/// - which listed calls an entry point on a caller's stack reaches without passing a guard.
/// The last is a breadth-first walk from the caller-stack entries over call edges that are not guarded, so a guard
/// in a caller protects everything below it, and a function reached only from fresh stacks (DriverEntry, work items,
/// system threads, stack-expansion callouts) or only through guarded calls is never reached. Linear in the graph.
/// </summary>
public sealed class StackHungryAnalysis
{
    // Filled in the constructor and read-only afterwards, so rules may share the model across threads.
    private readonly FunctionGuards?[] _guards;
    private readonly Dictionary<string, FrozenSet<string>> _listsByPath = new(StringComparer.Ordinal);
    private readonly IRuleOptions _options;
    private readonly bool[] _hungry;

    private StackHungryAnalysis(CallGraphAnalysis callGraph, IRuleOptions options)
    {
        CallGraph = callGraph;
        _options = options;
        _guards = new FunctionGuards?[callGraph.Graph.NodeCount];
        foreach (var node in callGraph.Graph.Nodes)
        {
            if (node.Definition is not { } definition) continue;
            _guards[node.Id] = FunctionGuards.Analyze(definition.Function);
            _listsByPath.TryAdd(definition.Path, StackHungryApis.For(options, definition.Path));
        }
        _hungry = ComputeHungry();
        UnguardedCalls = FindUnguardedCalls();
    }

    public CallGraphAnalysis CallGraph { get; }
    public ProgramCallGraph Graph => CallGraph.Graph;

    /// <summary>Listed calls reachable from a caller's stack with no guard, in node then call order.</summary>
    public ImmutableArray<UnguardedCall> UnguardedCalls { get; }

    /// <summary>The model of a program, built once per program and shared by the rules.</summary>
    public static StackHungryAnalysis For(ProgramAnalysis program, IRuleOptions options)
    {
        var cached = program.GetOrAddModel("stack-hungry", p => new StackHungryAnalysis(CallGraphAnalysis.For(p, options), options));
        // One run has one set of options; a caller with different ones (tests) gets its own, uncached model.
        return ReferenceEquals(cached._options, options) ? cached : new StackHungryAnalysis(CallGraphAnalysis.For(program, options), options);
    }


    /// <summary>Built directly over a call graph (tests, and callers that already have one).</summary>
    public static StackHungryAnalysis Create(CallGraphAnalysis callGraph, IRuleOptions options) => new(callGraph, options);

    /// <summary>The stack checks of a defined function.</summary>
    public FunctionGuards GuardsOf(int node) =>
        _guards[node] ?? throw new ArgumentException($"'{Graph.Nodes[node].Name}' has no definition", nameof(node));

    /// <summary>The stack-hungry routine names in effect for a source file.</summary>
    public FrozenSet<string> ListFor(string path) =>
        _listsByPath.TryGetValue(path, out var list) ? list : StackHungryApis.For(_options, path);

    public bool IsListed(FunctionInProgram function, CallSite site) =>
        site.CalleeName is { } name && ListFor(function.Path).Contains(name);

    /// <summary>True when the function makes a listed call itself or through functions it calls.</summary>
    public bool IsHungry(int node) => _hungry[node];

    /// <summary>A listed call, or a call to a driver function that (transitively) makes one.</summary>
    public bool IsHungrySite(int caller, CallSite site)
    {
        var definition = Graph.Nodes[caller].Definition;
        if (definition is not null && IsListed(definition, site)) return true;
        foreach (var edge in Graph.CallsFrom(caller))
            if (ReferenceEquals(edge.Site, site) && _hungry[edge.Callee])
                return true;
        return false;
    }

    private bool[] ComputeHungry()
    {
        var hungry = new bool[Graph.NodeCount];
        var work = new Queue<int>();
        foreach (var node in Graph.Nodes)
        {
            if (node.Definition is not { } definition) continue;
            if (definition.Function.Calls.Any(c => !c.IsIndirect && IsListed(definition, c)))
            {
                hungry[node.Id] = true;
                work.Enqueue(node.Id);
            }
        }
        // Callers of hungry functions are hungry; registrations (Callback edges) are not calls the caller makes here.
        while (work.Count > 0)
        {
            int v = work.Dequeue();
            foreach (var edge in Graph.CallersOf(v))
            {
                if (edge.Site is null || hungry[edge.Caller]) continue;
                hungry[edge.Caller] = true;
                work.Enqueue(edge.Caller);
            }
        }
        return hungry;
    }

    private ImmutableArray<UnguardedCall> FindUnguardedCalls()
    {
        int n = Graph.NodeCount;
        var reached = new bool[n];
        var parent = new CallEdge?[n];
        var entryOf = new EntryPoint?[n];
        var queue = new Queue<int>();
        // Only routines the driver registers to run on someone else's stack start the walk. DPC entries are left out
        // on purpose (I/O at DISPATCH_LEVEL is illegal whatever the stack), and so are functions nothing calls that
        // are not registered in a way we recognise (RegisteredAt null): their context is unknown, not an I/O path.
        foreach (var entry in CallGraph.Contexts.EntryPoints)
        {
            if (entry.Context != StackContext.Caller || entry.RegisteredAt is null || reached[entry.Node] || !Graph.Nodes[entry.Node].IsDefined) continue;
            reached[entry.Node] = true;
            entryOf[entry.Node] = entry;
            queue.Enqueue(entry.Node);
        }

        while (queue.Count > 0)
        {
            int v = queue.Dequeue();
            if (!Graph.Nodes[v].IsDefined) continue;
            var guards = GuardsOf(v);
            foreach (var edge in Graph.CallsFrom(v))
            {
                if (reached[edge.Callee]) continue;
                if (edge.Site is not null && guards.IsGuarded(edge.Site)) continue;
                reached[edge.Callee] = true;
                parent[edge.Callee] = edge;
                entryOf[edge.Callee] = entryOf[v];
                queue.Enqueue(edge.Callee);
            }
        }

        var result = ImmutableArray.CreateBuilder<UnguardedCall>();
        for (int v = 0; v < n; v++)
        {
            if (!reached[v] || Graph.Nodes[v].Definition is not { } definition) continue;
            // Header functions (inline routines from wdm.h and friends) are not the driver's code to fix.
            if (!definition.Function.IsInMainFile) continue;
            var guards = GuardsOf(v);
            foreach (var site in definition.Function.Calls)
            {
                if (site.IsIndirect || !IsListed(definition, site) || guards.IsGuarded(site)) continue;
                result.Add(new UnguardedCall(definition, site, entryOf[v]!, PathTo(v, parent)));
            }
        }
        return result.ToImmutable();
    }

    private static ImmutableArray<CallEdge> PathTo(int node, CallEdge?[] parent)
    {
        var path = new List<CallEdge>();
        // Parent edges form a BFS tree: each step goes to a node reached earlier, so the walk ends at an entry.
        for (var edge = parent[node]; edge is not null && path.Count < parent.Length; edge = parent[edge.Caller])
            path.Add(edge);
        path.Reverse();
        return [.. path];
    }
}
