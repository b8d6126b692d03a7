using System.Collections.Immutable;
using System.Globalization;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model.ControlFlow;

namespace StackLint.Rules.Model.CallGraph;

public static partial class BoundedRecursion
{
    /// <summary>
    /// What is known of a field at one point: bit Mask of Field is set (NonZero) or clear; with Mask 0, the field is
    /// not zero (NonZero) or zero. Field is a <see cref="FieldIdentity"/> key: fields are told apart by the record that
    /// declares them and their member name.
    /// </summary>
    private readonly record struct FieldFact(string Field, long Mask, bool NonZero)
    {
        public FieldFact Negated() => this with { NonZero = !NonZero };

        public string Describe() => Mask != 0
            ? string.Create(CultureInfo.InvariantCulture, $"bit 0x{Mask:X} of '{FieldIdentity.Display(Field)}' is {(NonZero ? "set" : "clear")}")
            : $"'{FieldIdentity.Display(Field)}' is {(NonZero ? "not zero" : "zero")}";

        /// <summary>What a write that leaves this fact does to it, as a verb phrase.</summary>
        public string Action() => Mask != 0 ? (NonZero ? "sets it" : "clears it") : NonZero ? "stores a non-zero value into it" : "stores zero into it";

        public bool SameBits(string field, long mask) => FieldIdentity.MayBeSame(field, Field) && (Mask == 0 || mask == 0 || (mask & Mask) != 0);
    }

    /// <summary>A fact a call needs (its test's outcome dominates the call), read at body node ReadOrder.</summary>
    private sealed record Requirement(FieldFact Fact, int Line, string Via, int ReadOrder);

    /// <summary>
    /// A store or call that changes a field: Result is the fact it leaves (null: it may leave anything, such as a field
    /// stored from a variable). Order: the body node it comes before (a call: its own node); CallNode: the call's
    /// flow node, or -1 for a store.
    /// </summary>
    private sealed record FieldWrite(string Field, long Mask, FieldFact? Result, int Order, int Line, string Via, int CallNode, Assignment? Store);

    /// <summary>
    /// State the cycle leaves behind: the gate calls into the cycle only while a test of a field holds (a bit clear or
    /// set, a field zero; directly, through a bit helper, or through a local copied from the field before any store
    /// into it), and on the way back to the gate every path makes at least one such test fail for every call into the
    /// cycle: by the gate's own tests and stores before the call, or by a store or bit helper in another function of
    /// the cycle before it goes on, while nothing in the cycle or what it calls undoes that. A call of another
    /// function of the cycle that only runs past a test of a parameter every caller in the cycle fails is no path.
    /// </summary>
    private static string? StateGuardBound(ProgramCallGraph graph, StronglyConnectedComponents components, int component, int[] members, int gate, BitHelpers bits)
    {
        var function = graph.Nodes[gate].Definition!.Function;
        var outgoing = graph.CallsFrom(gate).Where(e => components.ComponentOf(e.Callee) == component).ToList();
        if (outgoing.Count == 0 || outgoing.Any(e => e.Site is null)) return null;
        if (members.Length > 1 && !AcyclicWithout(graph, components, component, members, gate)) return null;
        var flow = ControlFlowGraph.Build(function.Body);
        var gateWrites = Writes(function, gate, flow, bits);

        var needs = new List<(CallEdge Edge, int Node, List<Requirement> Requirements)>();
        foreach (var edge in outgoing)
        {
            if (flow.NodeOfCall(edge.Site!.Index) is not int node) return null;
            var requirements = Requirements(function, gate, flow, node, bits, gateWrites);
            if (requirements.Count == 0) return null;
            needs.Add((edge, node, requirements));
        }

        var flows = new Dictionary<int, ControlFlowGraph> { [gate] = flow };
        var reachable = ReachableOutside(graph, components, component, members);
        var writesOf = new Dictionary<int, List<FieldWrite>>();
        var blockers = new List<string>();
        var hows = new Dictionary<FieldFact, List<string>>();
        var order = new List<FieldFact>();
        foreach (var (edge, node, own) in needs)
        {
            foreach (var (_, _, other) in needs)
            {
                string? refuted = null;
                foreach (var requirement in other)
                {
                    var fact = requirement.Fact.Negated();
                    if (Undone(graph, members, gate, reachable, fact, bits, writesOf)) continue;
                    refuted = EstablishedInGate(function, flow, node, own, gateWrites, fact)
                        ?? EstablishedOnTheWay(graph, components, component, members, gate, edge, fact, bits, flows);
                    if (refuted is null) continue;
                    string blocker = string.Create(CultureInfo.InvariantCulture, $"{requirement.Fact.Describe()} (line {requirement.Line}{requirement.Via})");
                    if (!blockers.Contains(blocker)) blockers.Add(blocker);
                    if (!hows.TryGetValue(fact, out var list))
                    {
                        hows[fact] = list = [];
                        order.Add(fact);
                    }
                    if (!list.Contains(refuted)) list.Add(refuted);
                    break;
                }
                if (refuted is null) return null;
            }
        }

        var after = order.Select(f => $"{f.Describe()} ({string.Join("; or ", hows[f])})");
        return $"'{graph.Nodes[gate].Name}' calls into the cycle only while {string.Join(" or while ", blockers)}; when the cycle comes back, {string.Join(" and ", after)}, and nothing in the cycle or what it calls undoes that, so the cycle goes round once";
    }

    /// <summary>The field facts whose test outcome every path to the call passes, read before any write of the field in the function.</summary>
    private static List<Requirement> Requirements(FunctionFacts function, int node, ControlFlowGraph flow, int callNode, BitHelpers bits, List<FieldWrite> writes)
    {
        var found = new List<Requirement>();
        foreach (var outcome in flow.Conditions)
        {
            bool? holds = flow.Dominates(outcome.WhenTrue, callNode) ? true : flow.Dominates(outcome.WhenFalse, callNode) ? false : null;
            if (holds is null || function.Body[outcome.BodyNode].Condition is not { } condition) continue;
            if (FactOf(function, node, condition, outcome.BodyNode, bits) is not { } tested) continue;
            var fact = holds.Value ? tested.WhenTrue : tested.WhenTrue.Negated();
            // The test must see the value the function was entered with: no write of that field comes before it.
            if (writes.Any(w => w.Order <= tested.ReadOrder && fact.SameBits(w.Field, w.Mask))) continue;
            found.Add(new Requirement(fact, function.Body[outcome.BodyNode].Line, tested.Via, tested.ReadOrder));
        }
        return found;
    }

    /// <summary>
    /// The field fact a condition states when it holds: a masked test of a field ('x->Flags &amp; K'), a bit helper's
    /// test ('buffer_dirty(bh)'), a field against zero, or a local copied from a field against zero.
    /// </summary>
    private static (FieldFact WhenTrue, string Via, int ReadOrder)? FactOf(FunctionFacts function, int node, Condition condition, int at, BitHelpers bits)
    {
        Operand tested;
        bool nonZeroWhenTrue;
        if (condition.Operator == ConditionOperator.Value)
            (tested, nonZeroWhenTrue) = (condition.Left, true);
        else if (condition.Right is { } right && condition.Operator is ConditionOperator.Equal or ConditionOperator.NotEqual
                 && (ConstantOf(right) == 0 ? condition.Left : ConstantOf(condition.Left) == 0 ? right : null) is { } side)
            (tested, nonZeroWhenTrue) = (side, condition.Operator == ConditionOperator.NotEqual);
        else
            return null;
        nonZeroWhenTrue ^= condition.Negated;
        switch (tested)
        {
            case { Kind: OperandKind.Masked, Name: { } field, Value: long mask } when field.StartsWith("->", StringComparison.Ordinal) && mask != 0 && (mask & (mask - 1)) == 0:
                return (new FieldFact(FieldIdentity.Key(field, tested.Field), mask, nonZeroWhenTrue), "", at);
            case { Kind: OperandKind.Call, CallIndex: int index } when index >= 0 && index < function.Calls.Length:
                if (bits.AtCall(function, node, function.Calls[index]) is { Action: BitAction.Test, Field: { } f, Mask: long m } effect && effect.IsConcrete)
                    return (new FieldFact(f, m, nonZeroWhenTrue), $", through '{effect.Via}'", at);
                return null;
            case { Kind: OperandKind.Lvalue, Name: { } lvalue } when lvalue.StartsWith("->", StringComparison.Ordinal):
                return (new FieldFact(FieldIdentity.Key(lvalue, tested.Field), 0, nonZeroWhenTrue), "", at);
            case { Kind: OperandKind.Variable, Name: { } local, AssignedTo: null } when function.Locals.Any(l => l.Name == local) && !AddressTaken(function, local):
            {
                var stores = function.Assignments.Where(a => a.Target == local).ToList();
                if (stores.Count != 1 || stores[0] is not { Value: { Operator: ConditionOperator.Value, Negated: false, Left: { Kind: OperandKind.Lvalue, Name: { } source } } } copy
                    || !source.StartsWith("->", StringComparison.Ordinal) || copy.Order > at || !StraightTo(function.Body, copy, at)) return null;
                return (new FieldFact(FieldIdentity.Key(source, copy.Value!.Left.Field), 0, nonZeroWhenTrue), string.Create(CultureInfo.InvariantCulture, $", copied into '{local}' at line {copy.Line}"), copy.Order);
            }
            default:
                return null;
        }
    }

    /// <summary>Every store or call in a function that changes a named field or one of its bits.</summary>
    private static List<FieldWrite> Writes(FunctionFacts function, int node, ControlFlowGraph? flow, BitHelpers bits)
    {
        var writes = new List<FieldWrite>();
        foreach (var store in function.BitStores)
            if (store.Target.StartsWith("->", StringComparison.Ordinal))
            {
                string key = FieldIdentity.Key(store.Target, store.Field);
                writes.Add(new FieldWrite(key, store.Mask, (store.Mask & (store.Mask - 1)) == 0 ? new FieldFact(key, store.Mask, store.Set) : null, store.Order, store.Line, "", -1,
                    new Assignment(store.Target, null, store.Order, store.Line, Parent: store.Parent, Field: store.Field)));
            }
        foreach (var store in function.FieldStores)
        {
            // 'x->F |= K' and 'x->F &= ~K' are the bit stores above.
            if (store.Value is null && function.BitStores.Any(b => b.Target == store.Target && b.Order == store.Order && b.Line == store.Line)) continue;
            string key = FieldIdentity.Key(store.Target, store.Field);
            FieldFact? result = store.Value is { Operator: ConditionOperator.Value, Negated: false, Left: var value } && ConstantOf(value) is long k
                ? new FieldFact(key, 0, k != 0) : null;
            writes.Add(new FieldWrite(key, 0, result, store.Order, store.Line, "", -1, store));
        }
        foreach (var call in function.Calls)
        {
            if (call.CalleeName is null || bits.AtCall(function, node, call) is not { Action: not BitAction.Test, Field: { } field, Mask: long mask } effect || !effect.IsConcrete) continue;
            int callNode = flow?.NodeOfCall(call.Index) ?? -1;
            int order = function.Body.FirstOrDefault(b => b.Kind == BodyNodeKind.Call && b.CallIndex == call.Index)?.Id ?? int.MaxValue;
            writes.Add(new FieldWrite(field, mask, new FieldFact(field, mask, effect.Action == BitAction.Set), order, call.Location.Line, $", through '{effect.Via}'", callNode, null));
        }
        return writes;
    }

    /// <summary>Where the gate itself makes the fact hold at the call: its own test before the call, a write before it on every path, or a field filled from a non-zero value when it was zero.</summary>
    private static string? EstablishedInGate(FunctionFacts function, ControlFlowGraph flow, int callNode, List<Requirement> own, List<FieldWrite> writes, FieldFact fact)
    {
        int callBody = flow.Nodes[callNode].BodyNode;
        if (own.FirstOrDefault(r => r.Fact == fact) is { } tested && !Disturbed(writes, fact, tested.ReadOrder, callBody, null))
            return string.Create(CultureInfo.InvariantCulture, $"'{function.Name}' tests it, line {tested.Line}");
        foreach (var write in writes)
        {
            if (write.Result != fact) continue;
            bool before = write.CallNode >= 0 ? flow.Dominates(write.CallNode, callNode) : write.Store is { } s && StraightTo(function.Body, s, callBody);
            if (before && !Disturbed(writes, fact, write.Order, callBody, write))
                return string.Create(CultureInfo.InvariantCulture, $"'{function.Name}' {fact.Action()} before it goes on, line {write.Line}{write.Via}");
        }
        if (fact is { Mask: 0, NonZero: true } && FilledWhenZero(function, flow, callNode, fact.Field) is { } filled && !Disturbed(writes, fact, filled.Order, callBody, null, filled.Store))
            return string.Create(CultureInfo.InvariantCulture, $"'{function.Name}' stores the non-zero '{filled.Variable}' into it when it is zero, line {filled.Store.Line}");
        return null;
    }

    /// <summary>Whether a write between two points of the gate may undo the fact (other than the write that made it).</summary>
    private static bool Disturbed(List<FieldWrite> writes, FieldFact fact, int from, int to, FieldWrite? maker, Assignment? allowed = null) =>
        writes.Any(w => w != maker && (allowed is null || w.Store != allowed) && w.Order > from && w.Order <= to && fact.SameBits(w.Field, w.Mask) && w.Result != fact);

    /// <summary>
    /// 'if (!x->F || ...) x->F = v;' with the call past it on every path and v a variable that tests before the call
    /// prove not zero: either x->F was not zero and kept, or it holds v.
    /// </summary>
    private static (Assignment Store, int Order, string Variable)? FilledWhenZero(FunctionFacts function, ControlFlowGraph flow, int callNode, string field)
    {
        var body = function.Body;
        int callBody = flow.Nodes[callNode].BodyNode;
        foreach (var store in function.FieldStores)
        {
            // 'x->F |= K' and 'x->F &= ~K' are the bit stores above.
            if (store.Value is null && function.BitStores.Any(b => b.Target == store.Target && b.Order == store.Order && b.Line == store.Line)) continue;
            if (FieldIdentity.Key(store.Target, store.Field) != field || store.Order > callBody || store.Value is not { Operator: ConditionOperator.Value, Negated: false, Left: { Kind: OperandKind.Variable, Name: { } variable } }) continue;
            if (!Unchanged(function, variable)) continue;
            // The 'if' whose then-branch holds the store.
            int owner = -1;
            for (int child = -1, n = store.Parent, guard = 0; n >= 0 && n < body.Length && guard <= body.Length; child = n, n = body[n].Parent, guard++)
            {
                if (body[n].Kind == BodyNodeKind.If)
                {
                    // A store right under the 'if' (no braces) is in its then-branch unless it comes at or after an else node.
                    int ifNode = n;
                    bool inThen = child >= 0 ? body[child].Role == BodyRole.Then
                        : !body.Any(b => b.Parent == ifNode && b.Role == BodyRole.Else && b.Line <= store.Line);
                    if (inThen) owner = n;
                    break;
                }
                if (body[n].Kind is not BodyNodeKind.Compound) break;
            }
            if (owner < 0 || !TestsZero(body, owner, field)) continue;
            if (!StraightTo(body, new Assignment(field, null, owner, body[owner].Line, Parent: body[owner].Parent), callBody)) continue;
            if (!NonZeroAt(function, flow, callNode, variable)) continue;
            return (store, owner, variable);
        }
        return null;
    }

    /// <summary>Whether an 'if' runs its then-branch whenever the field is zero: its condition is that test, or an '||' whose first operand is.</summary>
    private static bool TestsZero(ImmutableArray<BodyNode> body, int ifNode, string field)
    {
        static bool IsZeroTest(Condition? c, string field) =>
            c is { Operator: ConditionOperator.Value, Negated: true, Left: { Kind: OperandKind.Lvalue, Name: { } n } } && FieldIdentity.Key(n, c.Left.Field) == field
            || c is { Operator: ConditionOperator.Equal, Negated: false, Left: { Kind: OperandKind.Lvalue, Name: { } l }, Right: { } r } && FieldIdentity.Key(l, c.Left.Field) == field && ConstantOf(r) == 0;
        if (IsZeroTest(body[ifNode].Condition, field)) return true;
        var condition = body.FirstOrDefault(b => b.Parent == ifNode && b.Role == BodyRole.Condition);
        if (condition is not { Kind: BodyNodeKind.LogicalOr }) return false;
        var first = body.FirstOrDefault(b => b.Parent == condition.Id && b.Role == BodyRole.Condition);
        return first is not null && IsZeroTest(first.Condition, field);
    }

    /// <summary>Whether tests whose outcome every path to the call passes prove a variable nothing stores into is not zero there.</summary>
    private static bool NonZeroAt(FunctionFacts function, ControlFlowGraph flow, int callNode, string variable)
    {
        foreach (var outcome in flow.Conditions)
        {
            bool? required = flow.Dominates(outcome.WhenTrue, callNode) ? true : flow.Dominates(outcome.WhenFalse, callNode) ? false : null;
            if (required is null || Normalize(function.Body[outcome.BodyNode].Condition) is not { } test || test.Name != variable) continue;
            var op = required.Value != test.Negated ? test.Op : Negate(test.Op);
            bool nonZero = op switch
            {
                ConditionOperator.NotEqual => test.K == 0,
                ConditionOperator.Equal => test.K != 0,
                ConditionOperator.Less => test.K <= 0,
                ConditionOperator.LessOrEqual => test.K < 0,
                ConditionOperator.Greater => test.K >= 0,
                ConditionOperator.GreaterOrEqual => test.K > 0,
                _ => false,
            };
            if (nonZero) return true;
        }
        return false;
    }

    /// <summary>
    /// Whether every path from the gate's call back to the gate passes a call of another function of the cycle made
    /// while the fact holds (that function's test or write before the call). Calls that only run past a test of a
    /// parameter that every caller in the cycle fails are no path.
    /// </summary>
    private static string? EstablishedOnTheWay(ProgramCallGraph graph, StronglyConnectedComponents components, int component, int[] members, int gate, CallEdge edge,
        FieldFact fact, BitHelpers bits, Dictionary<int, ControlFlowGraph> flows)
    {
        if (edge.Callee == gate) return null;
        string? first = null;
        var seen = new HashSet<int> { edge.Callee };
        var work = new Queue<int>();
        work.Enqueue(edge.Callee);
        while (work.Count > 0)
        {
            int m = work.Dequeue();
            var function = graph.Nodes[m].Definition!.Function;
            if (!flows.TryGetValue(m, out var flow)) flows[m] = flow = ControlFlowGraph.Build(function.Body);
            var writes = Writes(function, m, flow, bits);
            foreach (var next in graph.CallsFrom(m).Where(e => components.ComponentOf(e.Callee) == component))
            {
                if (next.Site is null || flow.NodeOfCall(next.Site.Index) is not int callNode) return null;
                if (Dead(graph, components, component, flows, m, function, flow, callNode)) continue;
                if (EstablishedInGate(function, flow, callNode, Requirements(function, m, flow, callNode, bits, writes), writes, fact) is { } how)
                {
                    first ??= how;
                    continue;
                }
                if (next.Callee == gate) return null;
                if (seen.Add(next.Callee)) work.Enqueue(next.Callee);
            }
        }
        return first;
    }

    /// <summary>A call that runs only past a test of a parameter (never stored into) that every caller in the cycle fails.</summary>
    private static bool Dead(ProgramCallGraph graph, StronglyConnectedComponents components, int component, Dictionary<int, ControlFlowGraph> flows,
        int node, FunctionFacts function, ControlFlowGraph flow, int callNode)
    {
        var tests = ParameterTests(function, flow, callNode, anywhere: true)
            .Where(t => t.Copy is null && Unchanged(function, function.Parameters[t.Parameter].Name))
            .ToList();
        var callers = graph.CallersOf(node).Where(e => components.ComponentOf(e.Caller) == component).ToList();
        if (tests.Count == 0 || callers.Count == 0) return false;
        foreach (var test in tests)
        {
            bool all = true;
            foreach (var caller in callers)
            {
                if (caller.Site is null || test.Parameter >= caller.Site.Arguments.Length || graph.Nodes[caller.Caller].Definition is not { } d) { all = false; break; }
                if (!flows.TryGetValue(caller.Caller, out var callerFlow)) flows[caller.Caller] = callerFlow = ControlFlowGraph.Build(d.Function.Body);
                if (callerFlow.NodeOfCall(caller.Site.Index) is not int at || ValueAt(d.Function, callerFlow, at, caller.Site.Arguments[test.Parameter]) is not { } value || !test.FailsFor(value))
                {
                    all = false;
                    break;
                }
            }
            if (all) return true;
        }
        return false;
    }

    /// <summary>The defined functions the cycle's functions call outside the cycle, and what those call, and so on.</summary>
    private static List<int> ReachableOutside(ProgramCallGraph graph, StronglyConnectedComponents components, int component, int[] members)
    {
        var seen = new HashSet<int>(members);
        var order = new List<int>();
        var work = new Queue<int>(members);
        while (work.Count > 0)
        {
            int v = work.Dequeue();
            foreach (var e in graph.CallsFrom(v))
                if (components.ComponentOf(e.Callee) != component && graph.Nodes[e.Callee].IsDefined && seen.Add(e.Callee))
                {
                    order.Add(e.Callee);
                    work.Enqueue(e.Callee);
                }
        }
        return order;
    }

    /// <summary>
    /// Whether something in the cycle's other functions, or anything the cycle calls outside it, may undo the fact: a
    /// write of that field (or bit) that leaves the opposite or an unknown value. The gate's own writes are checked
    /// where the fact is established.
    /// </summary>
    private static bool Undone(ProgramCallGraph graph, int[] members, int gate, List<int> reachable, FieldFact fact, BitHelpers bits, Dictionary<int, List<FieldWrite>> writes)
    {
        foreach (int m in members.Where(m => m != gate).Concat(reachable))
        {
            // Only the writes' fields and results matter here, not where they sit.
            if (!writes.TryGetValue(m, out var list)) writes[m] = list = Writes(graph.Nodes[m].Definition!.Function, m, null, bits);
            if (list.Any(w => fact.SameBits(w.Field, w.Mask) && w.Result != fact)) return true;
        }
        return false;
    }
}
