using System.Collections.Frozen;
using System.Collections.Immutable;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model.CallGraph;
using StackLint.Rules.Model.Frames;

namespace StackLint.Rules.Model.Guards;

/// <summary>
/// A listed call that some caller-stack entry point reaches with no stack check on the way. Entry is the riskiest such
/// entry (filter operation and name callbacks first, then dispatch routines, then the rest) and Path its chain;
/// EntryCount says how many caller-stack entries reach the call. Routine is the listed routine (for an indirect call,
/// the one its pointer was looked up by); Handle what a closed handle may refer to (None for other routines), and
/// HandleOrigin the file-creating routine it was traced to.
/// </summary>
/// AttachedClose is an unguarded close of the file this call opened (in this function or another), reported with it;
/// AttachedCloseIn names the function that close is in. OpenedBy: for a close, the call that opened its file.
public sealed record UnguardedCall(FunctionInProgram Function, CallSite Site, EntryPoint Entry, ImmutableArray<CallEdge> Path,
    string Routine = "", HandleKinds Handle = HandleKinds.None, string? HandleOrigin = null, int EntryCount = 1,
    CallSite? AttachedClose = null, (int Node, CallSite Site)? OpenedBy = null, string? AttachedCloseIn = null);

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
    private readonly ValueOrigins _origins;
    // The driver registers itself as a file system: its cache flushes are of its own files, from its own dispatch.
    private readonly bool _isFileSystem;
    // Functions that send an IRP (IoCallDriver) themselves or through the driver functions they call.
    private readonly bool[] _sendsIrp;

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
        _origins = ValueOrigins.For(callGraph);
        _isFileSystem = callGraph.Graph.Nodes.Any(node => node.Definition is { } d
            && d.Function.Calls.Any(c => c.CalleeName == StackHungryApis.FileSystemRegistration));
        _sendsIrp = ComputeIrpSenders();
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
        ArgumentNullException.ThrowIfNull(program);
        var firstPath = program.Units.IsDefaultOrEmpty ? "" : program.Units[0].Path;
        return program.Model(FrameModel.FromOptions(options, firstPath)).StackHungry(options);
    }

    /// <summary>The options the model was built with.</summary>
    internal IRuleOptions Options => _options;


    /// <summary>Built directly over a call graph (tests, and callers that already have one).</summary>
    public static StackHungryAnalysis Create(CallGraphAnalysis callGraph, IRuleOptions options) => new(callGraph, options);

    /// <summary>The stack checks of a defined function.</summary>
    public FunctionGuards GuardsOf(int node) =>
        _guards[node] ?? throw new ArgumentException($"'{Graph.Nodes[node].Name}' has no definition", nameof(node));

    /// <summary>The stack-hungry routine names in effect for a source file.</summary>
    public FrozenSet<string> ListFor(string path) =>
        _listsByPath.TryGetValue(path, out var list) ? list : StackHungryApis.For(_options, path);

    /// <summary>
    /// The listed routine a call reaches: its callee, or for an indirect call the routine its pointer was looked up by
    /// name; null when that is not listed, or when it closes a handle that can only refer to an object whose close
    /// sends no IRP (a key, thread, section...).
    /// </summary>
    public string? ListedRoutine(int node, CallSite site) => ListedRoutine(node, site, out _, out _);

    private string? ListedRoutine(int node, CallSite site, out HandleKinds handle, out string? origin) =>
        ListedRoutine(node, site, out handle, out origin, out _);

    private string? ListedRoutine(int node, CallSite site, out HandleKinds handle, out string? origin, out (int Node, CallSite Site)? openedBy)
    {
        handle = HandleKinds.None;
        origin = null;
        openedBy = null;
        if (Graph.Nodes[node].Definition is not { } definition) return null;
        var name = site.CalleeName ?? _origins.RoutineCalledBy(node, site);
        if (name is null || !ListFor(definition.Path).Contains(name)) return null;
        if (_isFileSystem && StackHungryApis.KindOf(name) == StackHungryKind.CacheFlush) return null;
        // An IRP built here runs the target stack on this thread only when this function then sends it: with an
        // IoCallDriver after it, or a call of its own helper that makes one.
        if (StackHungryApis.IrpBuilders.Contains(name) && FirstSendAfter(node, definition.Function, site.Index) is null)
            return null;
        // An allocated IRP is synchronous only when this function also waits after sending it; sent and left to its
        // completion routine, the target's dispatch routines still run here, but that is how layered drivers pass
        // work down, not a request this thread makes and blocks on.
        if (StackHungryApis.IrpAllocators.Contains(name)
            && !(FirstSendAfter(node, definition.Function, site.Index) is int send
                 && definition.Function.Calls.Any(c => c.Index > send && c.CalleeName is { } wait && StackHungryApis.Waits.Contains(wait))))
            return null;
        if (HandleApis.CloseRoutines.Contains(name))
        {
            handle = _origins.HandleKindOf(node, site, 0, out origin, out openedBy);
            if (handle == HandleKinds.Other) return null;
        }
        return name;
    }

    /// <summary>The index of the first call after 'after' in the function that sends an IRP (IoCallDriver, or a driver function that does), or null.</summary>
    private int? FirstSendAfter(int node, FunctionFacts function, int after)
    {
        int? first = null;
        foreach (var call in function.Calls)
            if (call.Index > after && (first is null || call.Index < first) && call.CalleeName is { } callee && StackHungryApis.IrpSenders.Contains(callee))
                first = call.Index;
        foreach (var edge in Graph.CallsFrom(node))
            if (edge.Site is { } call && call.Index > after && (first is null || call.Index < first) && _sendsIrp[edge.Callee])
                first = call.Index;
        return first;
    }

    /// <summary>Functions that call IoCallDriver, directly or through the driver functions they call (not registrations).</summary>
    private bool[] ComputeIrpSenders() => WithCallers((_, definition) =>
        definition.Function.Calls.Any(c => c.CalleeName is { } callee && StackHungryApis.IrpSenders.Contains(callee)));

    public bool IsListed(FunctionInProgram function, CallSite site) =>
        Graph.NodeOf(function.Function) is int node && ListedRoutine(node, site) is not null;

    /// <summary>True when the function makes a listed call itself or through functions it calls.</summary>
    public bool IsHungry(int node) => _hungry[node];

    /// <summary>A listed call, or a call to a driver function that (transitively) makes one.</summary>
    public bool IsHungrySite(int caller, CallSite site)
    {
        var definition = Graph.Nodes[caller].Definition;
        if (definition is not null && ListedRoutine(caller, site) is { } routine
            && StackHungryApis.ReenteredEntryKind(StackHungryApis.KindOf(routine)) is null) return true;
        foreach (var edge in Graph.CallsFrom(caller))
            if (ReferenceEquals(edge.Site, site) && _hungry[edge.Callee])
                return true;
        return false;
    }

    // A routine that is stack-hungry only under one kind of entry (a registry routine under a registry callback) does
    // not make its callers hungry everywhere.
    private bool[] ComputeHungry() => WithCallers((node, definition) =>
        definition.Function.Calls.Any(c => ListedRoutine(node, c) is { } r && StackHungryApis.ReenteredEntryKind(StackHungryApis.KindOf(r)) is null));

    /// <summary>
    /// The functions (node, definition) whose own body satisfies <paramref name="makes"/>, and every function that calls one of them,
    /// however indirectly; registrations (edges without a call site) are not calls the registrar makes there.
    /// </summary>
    private bool[] WithCallers(Func<int, FunctionInProgram, bool> makes)
    {
        var marked = new bool[Graph.NodeCount];
        var work = new Queue<int>();
        foreach (var node in Graph.Nodes)
        {
            if (node.Definition is not { } definition || !makes(node.Id, definition)) continue;
            marked[node.Id] = true;
            work.Enqueue(node.Id);
        }
        while (work.Count > 0)
        {
            int v = work.Dequeue();
            foreach (var edge in Graph.CallersOf(v))
            {
                if (edge.Site is null || marked[edge.Caller]) continue;
                marked[edge.Caller] = true;
                work.Enqueue(edge.Caller);
            }
        }
        return marked;
    }

    /// <summary>
    /// How risky an entry's stack is: filter operation and name callbacks run deepest (0); then dispatch routines and
    /// the minifilter instance setup callback, which the filter manager runs inside a volume's mount, on the stack of
    /// whoever touched the volume first (1); then the rest (2); exported functions last (3), because nothing in the
    /// driver says who calls them or how deep.
    /// </summary>
    public static int EntryRisk(EntryPoint entry) =>
        entry.Kind.Contains("minifilter", StringComparison.Ordinal) && (entry.Kind.Contains("operation", StringComparison.Ordinal) || entry.Kind.Contains("name", StringComparison.Ordinal)) ? 0
        : entry.Kind.Contains("dispatch", StringComparison.Ordinal) || entry.Kind.Contains("instance setup", StringComparison.Ordinal) ? 1
        : entry.Kind == StackContextMap.ExportedKind ? 3
        : 2;

    private ImmutableArray<UnguardedCall> FindUnguardedCalls()
    {
        int n = Graph.NodeCount;
        // Only routines the driver registers to run on someone else's stack start the walk. DPC entries are left out
        // on purpose (I/O at DISPATCH_LEVEL is illegal whatever the stack), and so are functions nothing calls that
        // are not registered in a way we recognise (RegisteredAt null): their context is unknown, not an I/O path.
        // An exported function is the exception: other drivers call it, on their stacks.
        var entries = new List<EntryPoint>();
        var started = new bool[n];
        foreach (var entry in CallGraph.Contexts.EntryPoints)
        {
            if (entry.Context != StackContext.Caller || (entry.RegisteredAt is null && entry.Kind != StackContextMap.ExportedKind)
                || started[entry.Node] || !Graph.Nodes[entry.Node].IsDefined) continue;
            started[entry.Node] = true;
            entries.Add(entry);
        }
        // Riskiest first (stable, so equal risks keep node order): the first entry to reach a node names it.
        entries = [.. entries.Select((e, i) => (e, i)).OrderBy(x => EntryRisk(x.e)).ThenBy(x => x.i).Select(x => x.e)];

        var all = Walk(entries);
        // Routines that are stack-hungry only under one kind of entry get a walk from those entries alone, so their
        // path and entry are that kind's even where a riskier entry of another kind reaches them too.
        var byKind = new Dictionary<string, Reach>(StringComparer.Ordinal);
        foreach (var kind in Enum.GetValues<StackHungryKind>())
            if (StackHungryApis.ReenteredEntryKind(kind) is { } entryKind && !byKind.ContainsKey(entryKind))
                byKind[entryKind] = Walk([.. entries.Where(e => e.Kind == entryKind)]);

        var result = ImmutableArray.CreateBuilder<UnguardedCall>();
        for (int v = 0; v < n; v++)
        {
            if (all.EntryOf[v] is null || Graph.Nodes[v].Definition is not { } definition) continue;
            // Header functions (inline routines from wdm.h and friends) are not the driver's code to fix.
            if (!definition.Function.IsInMainFile) continue;
            var guards = GuardsOf(v);
            var calls = new List<UnguardedCall>();
            foreach (var site in definition.Function.Calls)
            {
                if (guards.IsGuarded(site) || ListedRoutine(v, site, out var handle, out var origin, out var openedBy) is not { } routine) continue;
                var reach = StackHungryApis.ReenteredEntryKind(StackHungryApis.KindOf(routine)) is { } entryKind ? byKind[entryKind] : all;
                if (reach.EntryOf[v] is not { } entry) continue;
                calls.Add(new UnguardedCall(definition, site, entry, PathTo(v, reach.Parent), routine, handle, origin, reach.Count[v], OpenedBy: openedBy));
            }
            // An unguarded open and the unguarded close of the file it opened, in one function: one problem, reported
            // at the open with the close attached.
            // Every close of that file (the error paths too) goes with the open; the first one is shown.
            foreach (var close in calls.Where(c => c.Handle.HasFlag(HandleKinds.FileOrDevice)).ToList())
            {
                int open = calls.FindIndex(c => c.Handle == HandleKinds.None
                    && c.Routine == close.HandleOrigin && HandleApis.CreatedBy(c.Routine) == HandleKinds.FileOrDevice);
                if (open < 0) continue;
                if (calls[open].AttachedClose is null) calls[open] = calls[open] with { AttachedClose = close.Site };
                calls.Remove(close);
            }
            result.AddRange(calls);
        }
        return AttachClosesAcrossFunctions(result);
    }

    /// <summary>What a set of entries reaches over unguarded edges: per node, the first entry and its BFS parent edge, and how many entries.</summary>
    private sealed record Reach(EntryPoint?[] EntryOf, CallEdge?[] Parent, int[] Count);

    /// <summary>
    /// One breadth-first walk per entry (riskiest first) over unguarded edges: the first walk to reach a node keeps
    /// its BFS parent (so a path is one entry's chain), and every walk counts the node. Entries x edges, no recursion.
    /// </summary>
    private Reach Walk(List<EntryPoint> entries)
    {
        int n = Graph.NodeCount;
        var parent = new CallEdge?[n];
        var entryOf = new EntryPoint?[n];
        var count = new int[n];
        var stamp = new int[n];
        var queue = new Queue<int>();
        for (int k = 0; k < entries.Count; k++)
        {
            var entry = entries[k];
            stamp[entry.Node] = k + 1;
            count[entry.Node]++;
            entryOf[entry.Node] ??= entry;
            queue.Enqueue(entry.Node);
            while (queue.Count > 0)
            {
                int v = queue.Dequeue();
                if (!Graph.Nodes[v].IsDefined) continue;
                var guards = GuardsOf(v);
                foreach (var edge in Graph.CallsFrom(v))
                {
                    if (stamp[edge.Callee] == k + 1) continue;
                    if (edge.Site is not null && guards.IsGuarded(edge.Site)) continue;
                    // A dispatch case with its own context (IRP_MJ_SHUTDOWN) is an entry of its own, not this one's path.
                    if (CallGraph.Contexts.StartsOwnContext(edge)) continue;
                    stamp[edge.Callee] = k + 1;
                    count[edge.Callee]++;
                    if (entryOf[edge.Callee] is null)
                    {
                        entryOf[edge.Callee] = entry;
                        parent[edge.Callee] = edge;
                    }
                    queue.Enqueue(edge.Callee);
                }
            }
        }
        return new Reach(entryOf, parent, count);
    }

    /// <summary>
    /// A close whose file was opened by a reported open in another function (a helper opens and returns the handle
    /// through an out parameter or a field, its caller closes it): the same problem, reported at the open with the
    /// close attached. The first close in node and call order is the one shown.
    /// </summary>
    private ImmutableArray<UnguardedCall> AttachClosesAcrossFunctions(ImmutableArray<UnguardedCall>.Builder calls)
    {
        var openAt = new Dictionary<CallSite, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < calls.Count; i++)
            if (calls[i].Handle == HandleKinds.None && HandleApis.CreatedBy(calls[i].Routine) == HandleKinds.FileOrDevice)
                openAt.TryAdd(calls[i].Site, i);
        var dropped = new bool[calls.Count];
        for (int i = 0; i < calls.Count; i++)
        {
            var close = calls[i];
            if (!close.Handle.HasFlag(HandleKinds.FileOrDevice) || close.OpenedBy is not { } opened || !openAt.TryGetValue(opened.Site, out int open)) continue;
            if (calls[open].AttachedClose is null)
                calls[open] = calls[open] with { AttachedClose = close.Site, AttachedCloseIn = close.Function.Name };
            dropped[i] = true;
        }
        var kept = ImmutableArray.CreateBuilder<UnguardedCall>();
        for (int i = 0; i < calls.Count; i++)
            if (!dropped[i]) kept.Add(calls[i]);
        return kept.ToImmutable();
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
