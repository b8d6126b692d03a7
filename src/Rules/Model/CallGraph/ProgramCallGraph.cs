using System.Collections.Immutable;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model.Programs;

namespace StackLint.Rules.Model.CallGraph;

/// <summary>A function of the program: defined in one of its files, or only called (an import such as ZwCreateFile).</summary>
public sealed class CallNode(int id, string name, string? usr, FunctionInProgram? definition)
{
    public int Id { get; } = id;
    public string Name { get; } = name;
    public string? Usr { get; } = usr;
    /// <summary>The definition (the first translation unit that has it); null for functions with no body in the program.</summary>
    public FunctionInProgram? Definition { get; } = definition;
    public bool IsDefined => Definition is not null;
    public SourceSpan? Location => Definition?.Function.Location;
    public override string ToString() => Name;
}

public enum CallEdgeKind
{
    /// <summary>A call by name.</summary>
    Direct,
    /// <summary>A call through a pointer whose possible targets the driver stored in the same field or variable.</summary>
    ResolvedIndirect,
    /// <summary>A registered routine that may run synchronously below the registrar (a completion routine inside IoCallDriver).</summary>
    Callback,
}

/// <summary>
/// One edge of the call graph. Site is the call (null for Callback edges, located at the registration);
/// Via says how an edge that is not a plain call was found: the called expression or the registration kind.
/// </summary>
public sealed record CallEdge(int Caller, int Callee, CallEdgeKind Kind, SourceSpan Location, CallSite? Site, string? Via);

/// <summary>A function handed to the system: the entry in the registration table it matched and where (and by whom) it was registered.</summary>
public sealed record Registration(int Function, CallbackRegistration Kind, FunctionReference Reference, int Registrar);

/// <summary>An indirect call whose target the driver does not tell us; kept and counted, never guessed.</summary>
public sealed record UnresolvedCall(int Caller, CallSite Site);

/// <summary>
/// The linked call graph of one program. External functions are joined by USR (name when there is none); static
/// functions stay per file; a header function seen in several units (same USR and location) is one node. When an
/// external name is still defined more than once, a call binds to the definition nearest the caller in the
/// directory tree. Edges are stored by caller (compressed rows) so algorithms over 500,000 calls stay linear.
/// </summary>
public sealed class ProgramCallGraph
{
    private readonly CallEdge[] _edges;
    private readonly int[] _edgeStart;
    private readonly int[] _edgeTarget;
    private readonly CallEdge[] _inEdges;
    private readonly int[] _inStart;
    private readonly Dictionary<FunctionFacts, int> _nodeOfFacts;

    private ProgramCallGraph(
        ImmutableArray<CallNode> nodes,
        CallEdge[] edges,
        int[] edgeStart,
        Dictionary<FunctionFacts, int> nodeOfFacts,
        ImmutableArray<Registration> registrations,
        ImmutableArray<UnresolvedCall> unresolved)
    {
        Nodes = nodes;
        _edges = edges;
        _edgeStart = edgeStart;
        _nodeOfFacts = nodeOfFacts;
        Registrations = registrations;
        UnresolvedIndirectCalls = unresolved;

        _edgeTarget = new int[edges.Length];
        for (int i = 0; i < edges.Length; i++)
            _edgeTarget[i] = edges[i].Callee;

        // Reverse rows by counting sort: callers of each node, in caller order.
        _inStart = new int[nodes.Length + 1];
        foreach (var e in edges) _inStart[e.Callee + 1]++;
        for (int i = 0; i < nodes.Length; i++) _inStart[i + 1] += _inStart[i];
        _inEdges = new CallEdge[edges.Length];
        var fill = (int[])_inStart.Clone();
        foreach (var e in edges) _inEdges[fill[e.Callee]++] = e;
    }

    public ImmutableArray<CallNode> Nodes { get; }
    public int NodeCount => Nodes.Length;
    public IReadOnlyList<CallEdge> Edges => _edges;
    public ImmutableArray<Registration> Registrations { get; }
    public ImmutableArray<UnresolvedCall> UnresolvedIndirectCalls { get; }
    public int UnresolvedIndirectCallCount => UnresolvedIndirectCalls.Length;

    /// <summary>Edges out of a node, in call-site order.</summary>
    public ArraySegment<CallEdge> CallsFrom(int node) => new(_edges, _edgeStart[node], _edgeStart[node + 1] - _edgeStart[node]);

    /// <summary>Edges into a node (its call sites in other functions), in caller order.</summary>
    public ArraySegment<CallEdge> CallersOf(int node) => new(_inEdges, _inStart[node], _inStart[node + 1] - _inStart[node]);

    /// <summary>Successor node ids in compressed-row form, for the graph algorithms.</summary>
    public ReadOnlySpan<int> EdgeStart => _edgeStart;
    public ReadOnlySpan<int> EdgeTarget => _edgeTarget;

    /// <summary>The node of a function's facts (any of its copies, for header functions seen by several units).</summary>
    public int? NodeOf(FunctionFacts function) => _nodeOfFacts.TryGetValue(function, out var id) ? id : null;

    public IEnumerable<CallNode> FindByName(string name) => Nodes.Where(n => string.Equals(n.Name, name, StringComparison.Ordinal));

    public static ProgramCallGraph Build(ProgramAnalysis program) => new Linker(program).Link();

    private sealed class Linker(ProgramAnalysis program)
    {
        private readonly List<CallNode> _nodes = [];
        private readonly Dictionary<FunctionFacts, int> _nodeOfFacts = new(program.Functions.Length, ReferenceEqualityComparer.Instance);
        // Per unit: its static functions and its copies of header functions, by USR and by name.
        private readonly Dictionary<TranslationUnitFacts, Dictionary<string, int>> _internalByUnit = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<string, List<int>> _externalByKey = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<int>> _externalByName = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _imports = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<int>> _storedInto = new(StringComparer.Ordinal);
        private readonly HashSet<(string, int)> _stored = [];
        // The same by field (FieldIdentity: record and member), each store with the table element and the named
        // object it writes when the facts say (FieldStore); and by name for stores whose field is not known
        // (variables, and members libclang did not resolve), which a call through any field of that name may load.
        private readonly Dictionary<string, List<FieldStore>> _storedIntoField = new(StringComparer.Ordinal);
        private readonly HashSet<(string, FieldStore)> _fieldStored = [];
        private readonly Dictionary<string, List<int>> _storedIntoUnknown = new(StringComparer.Ordinal);
        // Named objects something reaches other than through their own fields (FunctionFacts.EscapingObjects).
        private readonly HashSet<string> _escaping = new(StringComparer.Ordinal);
        // (callee, argument index) -> the driver's functions passed there, in node order.
        private readonly Dictionary<(int Callee, int Index), List<int>> _passedAs = [];
        // Per function: its parameters it hands to a routine as that routine's context (CallbackRegistration.Passes), as
        // (parameter, routine, the routine's parameter), which ForwardPassedParameters follows like a direct call's.
        private readonly Dictionary<int, List<(int Parameter, int Callee, int Index)>> _contextForwards = [];
        private readonly List<(FunctionInProgram Function, int Node)> _definitions = [];
        // Virtual members: definitions by USR and overriders by the USR they override, built on the first virtual call.
        private Dictionary<string, List<int>>? _overriddenBy;
        private Dictionary<string, List<int>>? _definedByUsr;

        public ProgramCallGraph Link()
        {
            CollectDefinitions();
            var callbackEdges = new Dictionary<int, List<CallEdge>>();
            var registrations = CollectReferences(callbackEdges);
            CollectContextArguments();
            ForwardPassedParameters();
            StoreForwardedRoutines();

            var edges = new List<CallEdge>();
            var unresolved = new List<UnresolvedCall>();
            var edgeStart = new List<int>();
            for (int node = 0; node < _definitions.Count; node++)
            {
                edgeStart.Add(edges.Count);
                var (fn, _) = _definitions[node];
                foreach (var call in fn.Function.Calls)
                {
                    if (!call.IsIndirect)
                    {
                        int callee = Bind(fn.Unit, fn.Function.Location.Path, call.CalleeName!, call.CalleeUsr, createImport: true);
                        edges.Add(new CallEdge(node, callee, CallEdgeKind.Direct, call.Location, call, null));
                        continue;
                    }
                    // A C++ virtual call runs the named member's definition or an override the program defines.
                    if (call.VirtualUsr is not null)
                    {
                        var overriders = Overriders(call.VirtualUsr);
                        if (overriders.Count == 0)
                            unresolved.Add(new UnresolvedCall(node, call));
                        foreach (var t in overriders)
                            edges.Add(new CallEdge(node, t, CallEdgeKind.ResolvedIndirect, call.Location, call, call.IndirectExpression));
                        continue;
                    }
                    var stored = StorageName(call.IndirectExpression);
                    // A call through a struct member loads what was stored into that field of that record: a field
                    // of another struct with the same member name (another driver's table copied in) holds other routines.
                    var field = stored is not null && call.IndirectField is { } f && FieldIdentity.Display(f) == "->" + stored ? f : null;
                    // A call through one of the function's own parameters calls what its callers pass there: bind it
                    // to the functions the driver passes in that position ('Walk(node, VisitName)'), not by name.
                    if (field is null && stored is not null && ParameterIndex(fn.Function, stored) is int parameter
                        && _passedAs.TryGetValue((node, parameter), out var passed))
                    {
                        foreach (var t in passed)
                            edges.Add(new CallEdge(node, t, CallEdgeKind.ResolvedIndirect, call.Location, call, call.IndirectExpression));
                        continue;
                    }
                    // A call through a local the function copied a routine into ('PFN f = Ctx->Callback; f(x);')
                    // calls what the copied fields, variables and parameters hold (CopiedInto; null: not such a local).
                    var copied = field is null && stored is not null ? CopiedInto(fn, node, stored) : null;
                    if (copied is { Known: false })
                    {
                        unresolved.Add(new UnresolvedCall(node, call));
                        continue;
                    }
                    var targets = stored is null ? null
                        : copied is not null ? copied.Value.Routines
                        : field is not null ? StoredIntoField(field, stored, call.IndirectSubscript, call.IndirectObject)
                        : _storedInto.GetValueOrDefault(stored);
                    // A function that calls through the very field it is stored in is handing on to another instance
                    // (a base code page's table, the class driver's service callback a filter saved): binding it to
                    // itself and its peers would make cycles that do not exist. Its own dispatch table is the exception
                    // while the call may load any of its slots ('MajorFunction[stack->MajorFunction]'); a handler that
                    // calls through its own slot ('Lower->MajorFunction[IRP_MJ_CREATE]' from the create handler) hands on.
                    if (targets is null || targets.Count == 0 || targets.Contains(node) && (stored != "MajorFunction" || call.IndirectSubscript is not null))
                    {
                        unresolved.Add(new UnresolvedCall(node, call));
                        continue;
                    }
                    foreach (var t in targets)
                        edges.Add(new CallEdge(node, t, CallEdgeKind.ResolvedIndirect, call.Location, call, call.IndirectExpression));
                }
                if (callbackEdges.TryGetValue(node, out var extra))
                    edges.AddRange(extra);
            }
            // Imports were appended after the definitions and have no outgoing edges.
            while (edgeStart.Count <= _nodes.Count) edgeStart.Add(edges.Count);

            return new ProgramCallGraph([.. _nodes], [.. edges], [.. edgeStart], _nodeOfFacts, [.. registrations], [.. unresolved]);
        }

        /// <summary>
        /// The driver's functions a call may load from a field, in node order: those stored into the field, and those
        /// stored under its member name where the field is not known. A call through a constant element of a table
        /// ('MajorFunction[IRP_MJ_CREATE]') loads what was stored into that element or into an element the facts do
        /// not tell; a call through a named object that nothing reaches otherwise ('g_Ops.Notify') loads what was
        /// stored into that object or through a pointer (any object of the record).
        /// </summary>
        private List<int> StoredIntoField(string field, string member, long? subscript, string? obj)
        {
            if (obj is not null && _escaping.Contains(obj)) obj = null;
            var found = new SortedSet<int>();
            if (_storedIntoField.TryGetValue(field, out var known))
                foreach (var store in known)
                    if ((subscript is null || store.Subscript is null || store.Subscript == subscript)
                        && (obj is null || store.Object is null || store.Object == obj))
                        found.Add(store.Node);
            if (_storedIntoUnknown.TryGetValue(member, out var unknown)) found.UnionWith(unknown);
            return [.. found];
        }

        /// <summary>
        /// What a call through local <paramref name="local"/> of a function may run when the function copies routines
        /// into it from other lvalues ('PFN f = Ctx->Callback;', 'f = g_Table[i];', 'f = (PFN)Context;', through other
        /// locals too): the union, over every store into the local the facts record, of what a call through the copied
        /// field, variable or parameter would run, with the functions named in stores ('f = Fallback;'). Flow-insensitive.
        /// Known is false when one of those stores brings a value we cannot follow (a call's result, a dereference, an
        /// lvalue nothing is stored into): the call then stays unresolved rather than bound to part of its targets.
        /// Stores of constants and arithmetic are not in the facts; a local assigned only function names is left to
        /// the by-name binding (null), as are locals with no recorded store.
        /// </summary>
        private (bool Known, List<int> Routines)? CopiedInto(FunctionInProgram fn, int node, string local)
        {
            var function = fn.Function;
            if (ParameterIndex(function, local) is not null || !function.Locals.Any(l => l.Name == local)) return null;
            var flows = function.ValueFlows.IsDefault ? [] : function.ValueFlows;
            if (!flows.Any(f => f.Target == local && f.TargetField is null)) return null;
            var found = new SortedSet<int>();
            var seen = new HashSet<string>(StringComparer.Ordinal) { local };
            var work = new Queue<string>();
            work.Enqueue(local);
            while (work.Count > 0)
            {
                var current = work.Dequeue();
                foreach (var reference in function.FunctionReferences)
                {
                    if (reference.Kind is not (FunctionReferenceKind.Assignment or FunctionReferenceKind.Initializer)
                        || reference.Target != current || reference.Field is not null) continue;
                    int target = Bind(fn.Unit, function.Location.Path, reference.FunctionName, reference.FunctionUsr, createImport: false);
                    if (target >= 0 && _nodes[target].IsDefined) found.Add(target);
                }
                foreach (var flow in flows)
                {
                    if (flow.Target != current || flow.TargetField is not null) continue;
                    if (flow.Source is not { } source || source.StartsWith('*')) return (false, []);
                    if (ParameterIndex(function, source) is int parameter)
                    {
                        if (!_passedAs.TryGetValue((node, parameter), out var passed)) return (false, []);
                        found.UnionWith(passed);
                        continue;
                    }
                    if (!source.StartsWith("->", StringComparison.Ordinal) && function.Locals.Any(l => l.Name == source))
                    {
                        if (seen.Add(source)) work.Enqueue(source);
                        continue;
                    }
                    var member = source.StartsWith("->", StringComparison.Ordinal) ? source[2..] : source;
                    var held = flow.SourceField is { } field ? StoredIntoField(field, member, null, null) : _storedInto.GetValueOrDefault(member);
                    if (held is null || held.Count == 0) return (false, []);
                    found.UnionWith(held);
                }
            }
            // A function that calls what it copied out of the very field it is stored in hands on to another instance
            // (as for a call through the field itself).
            return found.Count == 0 || found.Contains(node) ? (false, []) : (true, [.. found]);
        }

        /// <summary>
        /// The definitions a virtual call to <paramref name="usr"/> may run: the member's own definition and every
        /// override of it, through any number of derived classes (a work list over the override relation), in node order.
        /// </summary>
        private List<int> Overriders(string usr)
        {
            if (_overriddenBy is null)
            {
                _overriddenBy = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                _definedByUsr = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                foreach (var (fn, node) in _definitions)
                {
                    if (!string.IsNullOrEmpty(fn.Function.Usr))
                        Add(_definedByUsr, fn.Function.Usr, node);
                    foreach (var overridden in fn.Function.Overrides)
                        Add(_overriddenBy, overridden, node);
                }
            }

            var found = new SortedSet<int>();
            var seen = new HashSet<string>(StringComparer.Ordinal) { usr };
            var work = new Stack<string>();
            work.Push(usr);
            while (work.Count > 0)
            {
                var current = work.Pop();
                if (_definedByUsr!.TryGetValue(current, out var defined))
                    found.UnionWith(defined);
                if (!_overriddenBy.TryGetValue(current, out var overriders))
                    continue;
                foreach (var o in overriders)
                {
                    found.Add(o);
                    if (_nodes[o].Usr is { Length: > 0 } next && seen.Add(next))
                        work.Push(next);
                }
            }

            return [.. found];
        }

        /// <summary>A function stored into a field: into which table element and which named object, when the facts say.</summary>
        private readonly record struct FieldStore(int Node, long? Subscript, string? Object);

        /// <summary>
        /// A function that receives a routine as a parameter and hands that parameter on to another function
        /// ('ext3_dx_readdir(filp, filldir)' calls 'call_filldir(filp, ctx, filldir, name)', which calls 'filldir')
        /// passes on whatever its own callers pass there. Extends <see cref="_passedAs"/> along such forwarding
        /// arguments, through any number of levels, with a work list to the least fixpoint: the sets only grow and
        /// the result does not depend on the order the work list visits them in.
        /// </summary>
        private void ForwardPassedParameters()
        {
            if (_passedAs.Count == 0) return;
            // (function, parameter index) -> the (callee, argument index) positions it is passed on to, built once
            // per function when a routine first reaches one of its parameters.
            var forwards = new Dictionary<int, Dictionary<int, List<(int Callee, int Index)>>>();
            var work = new Queue<(int Callee, int Index)>(_passedAs.Keys.Order());
            var queued = new HashSet<(int, int)>(_passedAs.Keys);
            while (work.Count > 0)
            {
                var from = work.Dequeue();
                queued.Remove(from);
                if (!ForwardsOf(forwards, from.Callee).TryGetValue(from.Index, out var targets)) continue;
                var passed = _passedAs[from];
                foreach (var to in targets)
                {
                    if (!_passedAs.TryGetValue(to, out var into))
                        _passedAs.Add(to, into = []);
                    bool grew = false;
                    foreach (int routine in passed)
                    {
                        int at = into.BinarySearch(routine);
                        if (at >= 0) continue;
                        into.Insert(~at, routine);
                        grew = true;
                    }
                    if (grew && queued.Add(to)) work.Enqueue(to);
                }
            }
        }

        /// <summary>
        /// A call that hands a routine of the driver a context pointer (<see cref="CallbackRegistration.Passes"/>): when the context
        /// is one of the driver's functions, the routine's context parameter carries it; when it is a parameter of the
        /// registering function, whatever that function's callers pass there (through ForwardPassedParameters).
        /// </summary>
        private void CollectContextArguments()
        {
            foreach (var (fn, node) in _definitions)
            {
                foreach (var call in fn.Function.Calls)
                {
                    if (call.CalleeName is not { } api || CallbackRegistrations.WithContext(api) is not { Passes: { } shape } registration
                        || call.Arguments.Length <= shape.Argument) continue;
                    int routine = -1, passed = -1;
                    foreach (var reference in fn.Function.FunctionReferences)
                    {
                        if (reference.Kind != FunctionReferenceKind.CallArgument || reference.Target != api || !Within(reference.Location, call.Location)) continue;
                        int target = Bind(fn.Unit, fn.Function.Location.Path, reference.FunctionName, reference.FunctionUsr, createImport: false);
                        if (target < 0 || !_nodes[target].IsDefined) continue;
                        if (reference.ArgumentIndex == registration.ArgumentIndex) routine = target;
                        else if (reference.ArgumentIndex == shape.Argument) passed = target;
                    }
                    if (routine < 0 || _nodes[routine].Definition is not { } definition || definition.Function.Parameters.Length <= shape.Parameter) continue;
                    if (passed >= 0)
                    {
                        if (!_passedAs.TryGetValue((routine, shape.Parameter), out var list))
                            _passedAs.Add((routine, shape.Parameter), list = []);
                        int at = list.BinarySearch(passed);
                        if (at < 0) list.Insert(~at, passed);
                    }
                    else if (call.Arguments[shape.Argument] is { ByAddress: false, Lvalue: { } name } && ParameterIndex(fn.Function, name) is int parameter)
                        AddContextForward(node, parameter, routine, shape.Parameter);
                }
                if (CallbackRegistrations.AnyFieldContext) CollectFieldContexts(fn, node);
            }
        }

        private void AddContextForward(int node, int parameter, int routine, int routineParameter)
        {
            if (!_contextForwards.TryGetValue(node, out var forwards))
                _contextForwards.Add(node, forwards = []);
            if (!forwards.Contains((parameter, routine, routineParameter))) forwards.Add((parameter, routine, routineParameter));
        }

        /// <summary>
        /// A routine stored into a registration field whose context goes into a sibling field of the same record
        /// (<see cref="RoutineContext.Field"/>: the macro form of ExInitializeWorkItem). Stores are paired within one
        /// function, flow-insensitively: a function that fills two such records hands each routine both contexts.
        /// </summary>
        private void CollectFieldContexts(FunctionInProgram fn, int node)
        {
            var function = fn.Function;
            foreach (var reference in function.FunctionReferences)
            {
                if (reference.Kind is not (FunctionReferenceKind.Assignment or FunctionReferenceKind.Initializer)
                    || CallbackRegistrations.Find(reference) is not { Passes: { Field: { } contextField } shape }) continue;
                int routine = Bind(fn.Unit, function.Location.Path, reference.FunctionName, reference.FunctionUsr, createImport: false);
                if (routine < 0 || _nodes[routine].Definition is not { } definition || definition.Function.Parameters.Length <= shape.Parameter) continue;
                string? record = reference.RecordType ?? (reference.Field is { } f ? FieldIdentity.Record(f) : null);
                bool SameRecord(string? field) => record is null || field is null || FieldIdentity.Record(field) is not { } other
                    || record.Contains(other, StringComparison.Ordinal) || other.Contains(record, StringComparison.Ordinal);
                foreach (var context in function.FunctionReferences)
                {
                    if (context.Kind is not (FunctionReferenceKind.Assignment or FunctionReferenceKind.Initializer)
                        || context.Target != contextField || !SameRecord(context.Field)) continue;
                    int passed = Bind(fn.Unit, function.Location.Path, context.FunctionName, context.FunctionUsr, createImport: false);
                    if (passed < 0 || !_nodes[passed].IsDefined) continue;
                    if (!_passedAs.TryGetValue((routine, shape.Parameter), out var list))
                        _passedAs.Add((routine, shape.Parameter), list = []);
                    int at = list.BinarySearch(passed);
                    if (at < 0) list.Insert(~at, passed);
                }
                if (function.ValueFlows.IsDefaultOrEmpty) continue;
                foreach (var flow in function.ValueFlows)
                {
                    if (flow.Target != "->" + contextField || !SameRecord(flow.TargetField)
                        || flow.Source is not { } source || ParameterIndex(function, source) is not int parameter) continue;
                    AddContextForward(node, parameter, routine, shape.Parameter);
                }
            }
        }

        /// <summary>Whether a location lies inside a call's span (a reference among that call's arguments).</summary>
        private static bool Within(SourceSpan inner, SourceSpan outer) =>
            string.Equals(inner.Path, outer.Path, StringComparison.Ordinal)
            && (inner.Line, inner.Column).CompareTo((outer.Line, outer.Column)) >= 0
            && (inner.Line, inner.Column).CompareTo((Math.Max(outer.EndLine, outer.Line), outer.EndLine > outer.Line || outer.EndColumn > outer.Column ? outer.EndColumn : int.MaxValue)) <= 0;

        /// <summary>
        /// A function that stores a routine it receives as a parameter ('g_Handlers[k] = Handler', 'Head->Func = Func',
        /// a registration helper) stores whatever its callers pass there (after <see cref="ForwardPassedParameters"/>):
        /// those routines join the stores into that variable or field, in any element and any object of it. Locals and
        /// parameters as targets are left out: a copy is not a table.
        /// </summary>
        private void StoreForwardedRoutines()
        {
            if (_passedAs.Count == 0) return;
            foreach (var (fn, node) in _definitions)
            {
                foreach (var flow in fn.Function.ValueFlows)
                {
                    if (flow.Source is not { } source || ParameterIndex(fn.Function, source) is not int parameter
                        || !_passedAs.TryGetValue((node, parameter), out var routines)) continue;
                    if (StorageName(flow.Target) is not { } target) continue;
                    if (flow.TargetField is null && (ParameterIndex(fn.Function, target) is not null || fn.Function.Locals.Any(l => l.Name == target))) continue;
                    foreach (int routine in routines)
                    {
                        // Into a field: only calls through that field load it. By bare name, a local copy that happens
                        // to share the member's name ('Func = WorkQueue->Func; Func(...)') would load every such field.
                        if (flow.TargetField is { } field)
                        {
                            var store = new FieldStore(routine, null, null);
                            if (!_storedIntoField.TryGetValue(field, out var fieldList))
                                _storedIntoField.Add(field, fieldList = []);
                            if (_fieldStored.Add((field, store))) fieldList.Add(store);
                        }
                        else
                        {
                            if (!_storedInto.TryGetValue(target, out var list))
                                _storedInto.Add(target, list = []);
                            if (_stored.Add((target, routine))) list.Add(routine);
                            if (!_storedIntoUnknown.TryGetValue(target, out var unknownList))
                                _storedIntoUnknown.Add(target, unknownList = []);
                            if (!unknownList.Contains(routine)) unknownList.Add(routine);
                        }
                    }
                }
            }
            foreach (var list in _storedInto.Values) list.Sort();
            foreach (var list in _storedIntoUnknown.Values) list.Sort();
        }

        /// <summary>
        /// For one defined function: each parameter it passes by plain name ('filldir', not '&amp;filldir' or
        /// 'ctx-&gt;filldir') as an argument of a direct call to a function the program defines, with where it goes.
        /// </summary>
        private Dictionary<int, List<(int Callee, int Index)>> ForwardsOf(Dictionary<int, Dictionary<int, List<(int Callee, int Index)>>> cache, int node)
        {
            if (cache.TryGetValue(node, out var found)) return found;
            found = [];
            cache.Add(node, found);
            if (_nodes[node].Definition is not { } fn) return found;
            if (_contextForwards.TryGetValue(node, out var handed))
            {
                foreach (var (parameter, callee, index) in handed)
                {
                    if (!found.TryGetValue(parameter, out var targets))
                        found.Add(parameter, targets = []);
                    if (!targets.Contains((callee, index))) targets.Add((callee, index));
                }
            }
            foreach (var call in fn.Function.Calls)
            {
                if (call.IsIndirect || call.Arguments.IsDefaultOrEmpty) continue;
                int callee = -2;
                for (int j = 0; j < call.Arguments.Length; j++)
                {
                    var argument = call.Arguments[j];
                    if (argument.ByAddress || argument.Lvalue is not { } name || ParameterIndex(fn.Function, name) is not int parameter)
                        continue;
                    if (callee == -2)
                        callee = Bind(fn.Unit, fn.Function.Location.Path, call.CalleeName!, call.CalleeUsr, createImport: false);
                    if (callee < 0 || !_nodes[callee].IsDefined) break;
                    if (!found.TryGetValue(parameter, out var targets))
                        found.Add(parameter, targets = []);
                    if (!targets.Contains((callee, j))) targets.Add((callee, j));
                }
            }
            return found;
        }

        private static int? ParameterIndex(FunctionFacts function, string name)
        {
            for (int i = 0; i < function.Parameters.Length; i++)
                if (string.Equals(function.Parameters[i].Name, name, StringComparison.Ordinal)) return i;
            return null;
        }

        private static string KeyOf(string name, string? usr) => string.IsNullOrEmpty(usr) ? name : usr;

        private void CollectDefinitions()
        {
            // program.Functions is sorted (path, line, column): node ids are deterministic.
            // A header function's copies are one node when their facts are the same (ContentHash); a header compiled
            // under other macros is another function with its own frame, and each unit binds to its own copy.
            var byIdentity = new Dictionary<(string Key, string Path, int Line, int Column, string? Content), int>();
            foreach (var fn in program.Functions)
            {
                var f = fn.Function;
                string key = KeyOf(f.Name, f.Usr);
                var identity = (key, f.Location.Path, f.Location.Line, f.Location.Column, f.ContentHash);
                if (!byIdentity.TryGetValue(identity, out int node))
                {
                    node = _nodes.Count;
                    byIdentity.Add(identity, node);
                    _nodes.Add(new CallNode(node, f.Name, f.Usr, fn));
                    _definitions.Add((fn, node));
                    if (f.Linkage == Linkage.External)
                    {
                        Add(_externalByKey, key, node);
                        Add(_externalByName, f.Name, node);
                    }
                }
                _nodeOfFacts[f] = node;
                if (f.Linkage == Linkage.Internal || f.ContentHash is not null)
                {
                    if (!_internalByUnit.TryGetValue(fn.Unit, out var map))
                        _internalByUnit.Add(fn.Unit, map = new Dictionary<string, int>(StringComparer.Ordinal));
                    map.TryAdd(key, node);
                    map.TryAdd(f.Name, node);
                }
            }
        }

        private static void Add(Dictionary<string, List<int>> map, string key, int node)
        {
            if (!map.TryGetValue(key, out var list))
                map.Add(key, list = []);
            list.Add(node);
        }

        /// <summary>The node a name used in 'from' denotes: a static of the same unit, else the nearest external definition, else an import.</summary>
        private int Bind(TranslationUnitFacts unit, string fromPath, string name, string? usr, bool createImport)
        {
            string key = KeyOf(name, usr);
            if (_internalByUnit.TryGetValue(unit, out var statics) && (statics.TryGetValue(key, out int s) || statics.TryGetValue(name, out s)))
                return s;
            if (_externalByKey.TryGetValue(key, out var defs) || _externalByName.TryGetValue(name, out defs))
                return defs.Count == 1 ? defs[0] : Nearest(fromPath, defs);
            if (!createImport) return -1;
            if (!_imports.TryGetValue(name, out int import))
            {
                import = _nodes.Count;
                _nodes.Add(new CallNode(import, name, usr, null));
                _imports.Add(name, import);
            }
            return import;
        }

        private int Nearest(string fromPath, List<int> candidates)
        {
            int best = -1, bestLength = -1;
            string? bestPath = null;
            foreach (int c in candidates)
            {
                string path = _nodes[c].Location!.Path;
                int length = PathText.CommonDirectoryLength(fromPath, path);
                if (length > bestLength || (length == bestLength && string.CompareOrdinal(path, bestPath) < 0))
                {
                    best = c;
                    bestLength = length;
                    bestPath = path;
                }
            }
            return best;
        }

        private List<Registration> CollectReferences(Dictionary<int, List<CallEdge>> callbackEdges)
        {
            var registrations = new List<Registration>();
            var seen = new HashSet<(int, CallbackRegistration, SourceSpan)>();
            void Visit(TranslationUnitFacts unit, string fromPath, FunctionReference reference, int registrar)
            {
                int target = Bind(unit, fromPath, reference.FunctionName, reference.FunctionUsr, createImport: false);
                if (target < 0 || !_nodes[target].IsDefined) return;
                if (reference.Kind is FunctionReferenceKind.Assignment or FunctionReferenceKind.Initializer && !string.IsNullOrEmpty(reference.Target))
                {
                    if (!_storedInto.TryGetValue(reference.Target, out var list))
                        _storedInto.Add(reference.Target, list = []);
                    if (_stored.Add((reference.Target, target))) list.Add(target);
                    if (reference.Field is { } field)
                    {
                        var store = new FieldStore(target, reference.Subscript, reference.Object);
                        if (!_storedIntoField.TryGetValue(field, out var fieldList))
                            _storedIntoField.Add(field, fieldList = []);
                        if (_fieldStored.Add((field, store))) fieldList.Add(store);
                    }
                    else
                    {
                        if (!_storedIntoUnknown.TryGetValue(reference.Target, out var unknownList))
                            _storedIntoUnknown.Add(reference.Target, unknownList = []);
                        if (!unknownList.Contains(target)) unknownList.Add(target);
                    }
                }
                if (reference.Kind == FunctionReferenceKind.CallArgument && reference.ArgumentIndex >= 0 && !string.IsNullOrEmpty(reference.Target)
                    && Bind(unit, fromPath, reference.Target, null, createImport: false) is int callee and >= 0 && _nodes[callee].IsDefined)
                {
                    if (!_passedAs.TryGetValue((callee, reference.ArgumentIndex), out var passed))
                        _passedAs.Add((callee, reference.ArgumentIndex), passed = []);
                    if (!passed.Contains(target)) passed.Add(target);
                }
                var kind = CallbackRegistrations.Find(reference);
                if (kind is null || !seen.Add((target, kind, reference.Location))) return;
                registrations.Add(new Registration(target, kind, reference, registrar));
                if (kind.RunsOnRegistrarStack && registrar >= 0)
                {
                    if (!callbackEdges.TryGetValue(registrar, out var edges))
                        callbackEdges.Add(registrar, edges = []);
                    edges.Add(new CallEdge(registrar, target, CallEdgeKind.Callback, reference.Location, null, kind.Description));
                }
            }

            foreach (var (fn, node) in _definitions)
            {
                foreach (var reference in fn.Function.FunctionReferences)
                    Visit(fn.Unit, fn.Function.Location.Path, reference, node);
                _escaping.UnionWith(fn.Function.EscapingObjects);
            }
            foreach (var unit in program.Units.OrderBy(u => u.Path, StringComparer.Ordinal))
            {
                _escaping.UnionWith(unit.EscapingObjects);
                if (unit.GlobalFunctionReferences.IsDefaultOrEmpty) continue;
                foreach (var reference in unit.GlobalFunctionReferences)
                    Visit(unit, unit.Path, reference, -1);
            }
            foreach (var list in _storedInto.Values) list.Sort();
            foreach (var list in _storedIntoUnknown.Values) list.Sort();
            foreach (var list in _passedAs.Values) list.Sort();
            return registrations;
        }

        /// <summary>
        /// The field or variable an indirect call loads its target from: 'DriverObject->MajorFunction[IRP_MJ_READ]'
        /// gives 'MajorFunction', '(*ctx->Callback)' gives 'Callback'. Null when there is no such name.
        /// </summary>
        internal static string? StorageName(string? expression)
        {
            if (string.IsNullOrEmpty(expression)) return null;
            var text = expression.AsSpan().Trim();
            // '(*fn)' and '*ctx->Callback': unwrap enclosing parentheses and dereferences first.
            while (text.Length > 0)
            {
                if (text[0] is '*' or '&') { text = text[1..].TrimStart(); continue; }
                if (text[0] == '(' && text[^1] == ')' && ClosesAtEnd(text)) { text = text[1..^1].Trim(); continue; }
                break;
            }
            // Drop trailing subscripts and closing parentheses: the name is the last identifier before them.
            int end = text.Length;
            int depth = 0;
            for (int i = text.Length - 1; i >= 0; i--)
            {
                char c = text[i];
                if (c is ']' or ')') { depth++; end = i; continue; }
                if (c is '[' or '(') { depth--; end = i; continue; }
                if (depth > 0) continue;
                if (char.IsWhiteSpace(c)) { end = i; continue; }
                end = i + 1;
                break;
            }
            int start = end;
            while (start > 0 && (char.IsLetterOrDigit(text[start - 1]) || text[start - 1] == '_')) start--;
            if (start == end || char.IsDigit(text[start])) return null;
            return text[start..end].ToString();
        }

        private static bool ClosesAtEnd(ReadOnlySpan<char> text)
        {
            int depth = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '(') depth++;
                else if (text[i] == ')' && --depth == 0) return i == text.Length - 1;
            }
            return false;
        }
    }
}
