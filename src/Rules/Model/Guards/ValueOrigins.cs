using StackLint.Frontend.Facts;
using StackLint.Rules.Model.CallGraph;

namespace StackLint.Rules.Model.Guards;

/// <summary>
/// Where values come from, across the whole driver, for two questions rules ask: what kind of object a closed handle
/// may refer to (<see cref="HandleKindOf"/>), and which system routine an indirect call goes to when the pointer came
/// from FltGetRoutineAddress or MmGetSystemRoutineAddress with a literal name (<see cref="RoutineCalledBy"/>).
/// <para>
/// Built from the facts' lvalues (call arguments, stores, returns) alone. A slot is a place a value can be in: a local
/// or parameter of one function ("h", or "*p" for what a pointer parameter points to), that function's return value,
/// a struct field across the driver (by the record that declares it and its member name, <see cref="FieldIdentity"/>;
/// by member name alone where the facts do not know the record), or a global by
/// name. Edges say a value moves from one slot to another: a store, a return, an argument passed to a driver function
/// (by value into the parameter; by address both ways between the variable and what the parameter points to, since the
/// callee may read or write it). Seeds are the creators of <see cref="HandleApis"/> writing through by-address
/// arguments and the routine look-ups. Both properties are propagated over the edges with a work list, so helpers that
/// open, return or store handles are followed through any depth of calls without recursion.
/// </para>
/// </summary>
public sealed class ValueOrigins
{
    private readonly ProgramCallGraph _graph;
    private readonly Dictionary<SlotKey, int> _slots = [];
    private readonly List<List<int>> _next = [];
    private readonly List<HandleKinds> _kinds = [];
    private readonly List<string?> _fileOrigin = [];
    // The call that created the file handle named by _fileOrigin (the first one to reach the slot).
    private readonly List<(int Node, CallSite Site)?> _fileOriginSite = [];
    // The routine a slot's pointer was looked up by name; "" once two different names reach it.
    private readonly List<string?> _routine = [];
    private readonly Dictionary<CallSite, List<int>>[] _calleesBySite;

    private ValueOrigins(ProgramCallGraph graph)
    {
        _graph = graph;
        _calleesBySite = new Dictionary<CallSite, List<int>>[graph.NodeCount];
        for (int v = 0; v < graph.NodeCount; v++)
        {
            var map = new Dictionary<CallSite, List<int>>(ReferenceEqualityComparer.Instance);
            foreach (var edge in graph.CallsFrom(v))
            {
                if (edge.Site is null || !graph.Nodes[edge.Callee].IsDefined) continue;
                if (!map.TryGetValue(edge.Site, out var list)) map[edge.Site] = list = [];
                list.Add(edge.Callee);
            }
            _calleesBySite[v] = map;
        }
        var indirect = new List<(int Node, FunctionFacts Function, CallSite Site)>();
        for (int v = 0; v < graph.NodeCount; v++)
            if (graph.Nodes[v].Definition is { } definition)
                Capture(v, definition.Function, indirect);
        Propagate();
        // A creator called through a pointer looked up by name creates the same handles: seed those and go again.
        bool more = false;
        foreach (var (node, function, site) in indirect)
            if (RoutineCalledBy(node, site) is { } routine && HandleApis.CreatedBy(routine) is var created && created != HandleKinds.None)
                more |= SeedCreated(node, function, site, created, routine);
        if (more) Propagate();
    }

    /// <summary>
    /// The model of a program, built once per program. Every frame model's call graph of a program has the same nodes
    /// and call edges (frames only weigh them), so the first one asked for serves all.
    /// </summary>
    public static ValueOrigins For(CallGraphAnalysis callGraph) =>
        callGraph.Program.OriginsOf(callGraph.Graph);

    public static ValueOrigins Create(ProgramCallGraph graph) => new(graph);

    /// <summary>What the handle passed as a call's argument may refer to; Unknown when nothing in the driver says.</summary>
    public HandleKinds HandleKindOf(int node, CallSite site, int argument, out string? fileOrigin) =>
        HandleKindOf(node, site, argument, out fileOrigin, out _);

    /// <summary>
    /// What the handle passed as a call's argument may refer to, and for a file, the routine and the call (its
    /// function's node and site) that opened it; Unknown when nothing in the driver says.
    /// </summary>
    public HandleKinds HandleKindOf(int node, CallSite site, int argument, out string? fileOrigin, out (int Node, CallSite Site)? openedBy)
    {
        fileOrigin = null;
        openedBy = null;
        var definition = _graph.Nodes[node].Definition;
        if (definition is null || argument >= site.Arguments.Length || site.Arguments[argument] is not { Lvalue: { } lvalue, ByAddress: false } passed)
            return HandleKinds.Unknown;
        if (!_slots.TryGetValue(Key(node, definition.Function, lvalue, passed.Field), out int slot) || _kinds[slot] == HandleKinds.None)
            return HandleKinds.Unknown;
        fileOrigin = _fileOrigin[slot];
        openedBy = _fileOriginSite[slot];
        return _kinds[slot];
    }

    /// <summary>The system routine an indirect call reaches through a pointer looked up by its literal name, or null.</summary>
    public string? RoutineCalledBy(int node, CallSite site)
    {
        if (site.IndirectExpression is not { } expression || _graph.Nodes[node].Definition is not { } definition) return null;
        var lvalue = LvalueOfExpression(expression);
        var field = lvalue is not null && site.IndirectField is { } f && FieldIdentity.Display(f) == lvalue ? f : null;
        if (lvalue is null || !_slots.TryGetValue(Key(node, definition.Function, lvalue, field), out int slot)) return null;
        return _routine[slot] is { Length: > 0 } name ? name : null;
    }

    /// <summary>The lvalue a called expression names: 'g_Create', '(*g_Create)', 'Ctx->Create', 'Api.Create'.</summary>
    private static string? LvalueOfExpression(string expression)
    {
        var text = expression.Trim().TrimStart('(', '*').TrimEnd(')').Trim();
        int end = text.Length;
        int start = end;
        while (start > 0 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] == '_')) start--;
        if (start == end) return null;
        var name = text[start..end];
        if (start >= 2 && text[start - 2] == '-' && text[start - 1] == '>' || start >= 1 && text[start - 1] == '.') return "->" + name;
        return start == 0 ? name : null;
    }

    /// <summary>
    /// A slot's name: a variable, parameter or the return value of one function (its node), a global, or a field. A
    /// pair, not one string: a driver has a slot for nearly every value flow of every function, and joining the parts
    /// into a string for each lookup made most of this model's allocation.
    /// </summary>
    private readonly record struct SlotKey(int Owner, string Name)
    {
        public const int Global = -1;
        public const int Field = -2;
    }

    private static SlotKey Key(int node, FunctionFacts function, string lvalue, string? field = null)
    {
        if (lvalue.StartsWith("->", StringComparison.Ordinal)) return new(SlotKey.Field, field ?? lvalue[2..]);
        var name = lvalue.StartsWith('*') ? lvalue[1..] : lvalue;
        if (lvalue == "return" || IsLocal(function, name)) return new(node, lvalue);
        return new(SlotKey.Global, lvalue);
    }

    private static bool IsLocal(FunctionFacts function, string name)
    {
        foreach (var p in function.Parameters) if (p.Name == name) return true;
        foreach (var l in function.Locals) if (l.Name == name) return true;
        return false;
    }

    private int Slot(SlotKey key)
    {
        if (_slots.TryGetValue(key, out int id)) return id;
        id = _next.Count;
        _slots[key] = id;
        _next.Add([]);
        _kinds.Add(HandleKinds.None);
        _fileOrigin.Add(null);
        _fileOriginSite.Add(null);
        _routine.Add(null);
        return id;
    }

    private void Edge(int from, int to)
    {
        if (from != to) _next[from].Add(to);
    }

    private void Seed(int slot, HandleKinds kind, string origin, (int Node, CallSite Site)? site = null)
    {
        _kinds[slot] |= kind;
        if (!kind.HasFlag(HandleKinds.FileOrDevice) || _fileOrigin[slot] is not null) return;
        _fileOrigin[slot] = origin;
        _fileOriginSite[slot] = site;
    }

    private void SeedRoutine(int slot, string name) =>
        _routine[slot] = _routine[slot] is null || _routine[slot] == name ? name : "";

    private bool SeedCreated(int node, FunctionFacts function, CallSite call, HandleKinds created, string routine)
    {
        bool any = false;
        foreach (var argument in call.Arguments)
        {
            if (argument.Lvalue is not { } lvalue) continue;
            bool plainName = !lvalue.StartsWith('*') && !lvalue.StartsWith("->", StringComparison.Ordinal);
            // ZwOpenKey(&h, ...) writes h; ZwOpenKey(KeyHandle, ...) with a PHANDLE parameter writes *KeyHandle.
            if (argument.ByAddress) Seed(Slot(Key(node, function, lvalue, argument.Field)), created, routine, (node, call));
            else if (argument.Type.Category == TypeCategory.Pointer && plainName) Seed(Slot(Key(node, function, "*" + lvalue)), created, routine, (node, call));
            else continue;
            any = true;
        }
        return any;
    }

    private void Capture(int node, FunctionFacts function, List<(int, FunctionFacts, CallSite)> indirect)
    {
        foreach (var call in function.Calls)
        {
            var created = HandleApis.CreatedBy(call.CalleeName, call.Arguments);
            if (created != HandleKinds.None) SeedCreated(node, function, call, created, call.CalleeName!);
            if (call.IsIndirect) indirect.Add((node, function, call));
            _calleesBySite[node].TryGetValue(call, out var callees);
            for (int i = 0; i < call.Arguments.Length; i++)
            {
                var argument = call.Arguments[i];
                if (argument.Lvalue is not { } lvalue) continue;
                bool pointer = argument.Type.Category == TypeCategory.Pointer;
                bool plainName = !lvalue.StartsWith('*') && !lvalue.StartsWith("->", StringComparison.Ordinal);
                if (callees is null) continue;
                foreach (var callee in callees)
                {
                    var calleeFunction = _graph.Nodes[callee].Definition!.Function;
                    if (i >= calleeFunction.Parameters.Length) continue;
                    var parameter = calleeFunction.Parameters[i].Name;
                    if (parameter.Length == 0) continue;
                    int mine = Slot(Key(node, function, lvalue, argument.Field));
                    if (argument.ByAddress)
                    {
                        int theirs = Slot(Key(callee, calleeFunction, "*" + parameter));
                        Edge(mine, theirs);
                        Edge(theirs, mine);
                        continue;
                    }
                    Edge(mine, Slot(Key(callee, calleeFunction, parameter)));
                    if (pointer && plainName)
                    {
                        int pointee = Slot(Key(node, function, "*" + lvalue)), theirs = Slot(Key(callee, calleeFunction, "*" + parameter));
                        Edge(pointee, theirs);
                        Edge(theirs, pointee);
                    }
                }
            }
        }

        foreach (var flow in function.ValueFlows)
        {
            int target = Slot(Key(node, function, flow.Target, flow.TargetField));
            if (flow.Source is { } source)
            {
                Edge(Slot(Key(node, function, source, flow.SourceField)), target);
                continue;
            }
            if (flow.SourceCallIndex < 0 || flow.SourceCallIndex >= function.Calls.Length) continue;
            var call = function.Calls[flow.SourceCallIndex];
            if (call.CalleeName is { } callee && HandleApis.RoutineLookups.Contains(callee) && call.Arguments.Length >= 1)
            {
                var routine = call.Arguments[0].StringLiteral
                    ?? (call.Arguments[0] is { Lvalue: { } name, ByAddress: true } ? UnicodeLiteralBefore(function, name, call.Index) : null);
                if (routine is not null) SeedRoutine(target, routine);
                continue;
            }
            if (call.CalleeName is { } exchange && HandleApis.ExchangeRoutines.Contains(exchange)
                && call.Arguments.Length >= 1 && call.Arguments[0] is { ByAddress: true, Lvalue: { } exchanged } swapped)
            {
                Edge(Slot(Key(node, function, exchanged, swapped.Field)), target);
                continue;
            }
            if (_calleesBySite[node].TryGetValue(call, out var callees))
                foreach (var c in callees)
                    Edge(Slot(new SlotKey(c, "return")), target);
            else
                Seed(target, HandleKinds.Unknown, "");
        }
    }

    /// <summary>The literal the last RtlInitUnicodeString(&amp;name, L"...") before a call put in 'name' (calls are in source order).</summary>
    private static string? UnicodeLiteralBefore(FunctionFacts function, string name, int callIndex)
    {
        for (int i = Math.Min(callIndex, function.Calls.Length) - 1; i >= 0; i--)
        {
            var call = function.Calls[i];
            if (call.CalleeName == HandleApis.InitUnicodeString && call.Arguments.Length == 2
                && call.Arguments[0] is { ByAddress: true } target && target.Lvalue == name)
                return call.Arguments[1].StringLiteral;
        }
        return null;
    }

    private void Propagate()
    {
        var queue = new Queue<int>();
        var queued = new bool[_next.Count];
        for (int s = 0; s < _next.Count; s++)
        {
            if (_kinds[s] == HandleKinds.None && _routine[s] is null) continue;
            // Propagating again from every seeded slot only re-adds what the targets already have.
            queue.Enqueue(s);
            queued[s] = true;
        }
        while (queue.Count > 0)
        {
            int s = queue.Dequeue();
            queued[s] = false;
            foreach (int t in _next[s])
            {
                bool changed = false;
                var kinds = _kinds[t] | _kinds[s];
                if (kinds != _kinds[t]) { _kinds[t] = kinds; changed = true; }
                if (_fileOrigin[t] is null && _fileOrigin[s] is not null)
                {
                    _fileOrigin[t] = _fileOrigin[s];
                    _fileOriginSite[t] = _fileOriginSite[s];
                    changed = true;
                }
                if (_routine[s] is { } routine && _routine[t] != "" && _routine[t] != routine)
                {
                    _routine[t] = _routine[t] is null ? routine : "";
                    changed = true;
                }
                if (changed && !queued[t])
                {
                    queued[t] = true;
                    queue.Enqueue(t);
                }
            }
        }
    }
}
