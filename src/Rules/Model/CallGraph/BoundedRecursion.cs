using System.Globalization;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model.ControlFlow;

namespace StackLint.Rules.Model.CallGraph;

/// <summary>
/// Recognises recursion that the code itself bounds, from the generic condition and argument facts:
/// <list type="bullet">
/// <item>a gate: one function of the cycle that every cycle passes through calls into the cycle only past a test of
/// a parameter ('if (Irp == NULL)', 'if (p)', 'if (Depth == 0)'), and every call back into it from the cycle passes a
/// value that fails that test (NULL, a constant, an address, a pointer just tested not NULL, a local just set to a
/// constant): the cycle goes round once. A self-recursion is the one-function case.</item>
/// <item>a counter: a self-recursion that passes one of its parameters on plus or minus a constant ('Layer - 1',
/// 'Depth + 1'), never stores into it, and recurses only while tests of it hold ('Layer != 0' and 'Layer &lt;= 3',
/// 'Depth &lt; 16'): the depth is the range those tests (or the constants its other callers pass) leave, divided by the step.</item>
/// <item>state left behind (BoundedRecursion.State.cs): the gate calls into the cycle only while tests of fields hold,
/// and the way back through the cycle makes one of them fail for every such call, with bit helpers folded in
/// (<see cref="BitHelpers"/>).</item>
/// </list>
/// A test counts only on a parameter nothing stores into before it or takes the address of; outside loops, unless
/// nothing stores into the parameter at all.
/// </summary>
public static partial class BoundedRecursion
{
    /// <summary>Why a cyclic component's depth is bounded (one sentence fragment), or null when nothing says so.</summary>
    public static string? Bound(ProgramCallGraph graph, StronglyConnectedComponents components, int component) =>
        Prove(graph, components, component)?.Reason;

    /// <summary>
    /// Why a cyclic component's depth is bounded, how many times at most the cycle's functions can be on the stack at
    /// once (Passes: the levels of a counter; 2 for a cycle that goes round once), and whether the bound rests on what
    /// callers pass (then the advice is to test it in the function itself). Null when nothing proves a bound.
    /// </summary>
    public static RecursionBound? Prove(ProgramCallGraph graph, StronglyConnectedComponents components, int component)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(components);
        var members = components.Members(component).ToArray();
        if (members.Any(m => graph.Nodes[m].Definition is not { } d || d.Function.Body.IsDefaultOrEmpty)) return null;
        if (members.Length == 1 && CounterBound(graph, members[0]) is { } counter) return counter;
        foreach (int gate in members.OrderBy(m => m))
            if (GateBound(graph, components, component, members, gate) is { } reason)
                return new RecursionBound(reason, 2, RestsOnCallers: false);
        foreach (int gate in members.OrderBy(m => m))
            if (FieldGateBound(graph, components, component, members, gate) is { } reason)
                return new RecursionBound(reason, 2, RestsOnCallers: false);
        foreach (int gate in members.OrderBy(m => m))
            if (FlagGuardBound(graph, components, component, members, gate) is { } reason)
                return new RecursionBound(reason, 2, RestsOnCallers: false);
        var bits = new BitHelpers(graph);
        foreach (int gate in members.OrderBy(m => m))
            if (StateGuardBound(graph, components, component, members, gate, bits) is { } reason)
                return new RecursionBound(reason, 2, RestsOnCallers: false);
        return null;
    }

    /// <summary>
    /// A re-entrancy guard: the gate calls into the cycle only past a test that a bit of a field is clear
    /// ('if (Ctx->Flags &amp; BUSY) return;'), sets that bit ('Ctx->Flags |= BUSY;') before each such call with no
    /// branch between, and no function of the cycle clears it or stores into the field otherwise. Fields are told apart
    /// by record and member (<see cref="FieldIdentity"/>).
    /// </summary>
    private static string? FlagGuardBound(ProgramCallGraph graph, StronglyConnectedComponents components, int component, int[] members, int gate)
    {
        var function = graph.Nodes[gate].Definition!.Function;
        var outgoing = graph.CallsFrom(gate).Where(e => components.ComponentOf(e.Callee) == component).ToList();
        if (outgoing.Count == 0 || outgoing.Any(e => e.Site is null)) return null;
        if (members.Length > 1 && !AcyclicWithout(graph, components, component, members, gate)) return null;
        var flow = ControlFlowGraph.Build(function.Body);
        string? field = null;
        long mask = 0;
        int testLine = 0, setLine = 0;
        foreach (var edge in outgoing)
        {
            if (flow.NodeOfCall(edge.Site!.Index) is not int callNode) return null;
            int callBody = flow.Nodes[callNode].BodyNode;
            (string Field, long Mask, int Line)? guard = null;
            foreach (var outcome in flow.Conditions)
            {
                if (function.Body[outcome.BodyNode].Condition is not { } condition || BitTest(condition) is not { } test) continue;
                if (field is not null && (test.Field != field || test.Mask != mask)) continue;
                // The outcome on which the bits are clear must come before the call on every path.
                int whenClear = test.ClearWhenTrue ? outcome.WhenTrue : outcome.WhenFalse;
                if (!flow.Dominates(whenClear, callNode)) continue;
                var set = function.BitStores.Where(b => b.Set && FieldIdentity.Key(b.Target, b.Field) == test.Field && (b.Mask & test.Mask) == test.Mask
                        && b.Order > outcome.BodyNode && b.Order <= callBody
                        && StraightTo(function.Body, new Assignment(b.Target, null, b.Order, b.Line, Parent: b.Parent), callBody))
                    .LastOrDefault();
                if (set is null) continue;
                guard = (test.Field, test.Mask, function.Body[outcome.BodyNode].Line);
                setLine = set.Line;
                break;
            }
            if (guard is not { } g) return null;
            (field, mask, testLine) = g;
        }
        if (field is null) return null;
        foreach (int m in members)
        {
            var f = graph.Nodes[m].Definition!.Function;
            if (f.BitStores.Any(b => !b.Set && FieldIdentity.MayBeSame(FieldIdentity.Key(b.Target, b.Field), field) && (b.Mask & mask) != 0)
                || f.ValueFlows.Any(v => FieldIdentity.MayBeSame(v.Target, field))) return null;
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"'{graph.Nodes[gate].Name}' calls into the cycle only while bit 0x{mask:X} of '{FieldIdentity.Display(field)}' is clear (line {testLine}) and sets it just before (line {setLine}), and nothing in the cycle clears it, so the cycle goes round once");
    }

    /// <summary>A condition that tests bits of a field: the field, the mask, and whether the bits are clear when it holds.</summary>
    private static (string Field, long Mask, bool ClearWhenTrue)? BitTest(Condition condition)
    {
        Operand masked;
        bool clearWhenTrue;
        if (condition.Operator == ConditionOperator.Value)
            (masked, clearWhenTrue) = (condition.Left, false);
        else if (condition.Right is { } right && condition.Operator is ConditionOperator.Equal or ConditionOperator.NotEqual
                 && (ConstantOf(right) == 0 ? condition.Left : ConstantOf(condition.Left) == 0 ? right : null) is { } side)
            (masked, clearWhenTrue) = (side, condition.Operator == ConditionOperator.Equal);
        else
            return null;
        if (masked is not { Kind: OperandKind.Masked, Name: { } name, Value: long bits and not 0 } || !name.StartsWith("->", StringComparison.Ordinal)) return null;
        return (FieldIdentity.Key(name, masked.Field), bits, clearWhenTrue ^ condition.Negated);
    }

    /// <summary>
    /// A field flag: the gate calls into the cycle only while a field is zero ('if (!sbi->s_gd) Load(...)'), and each
    /// function it calls there goes on into the cycle only past a test that the field is not zero (after filling it),
    /// while no other function of the cycle stores into a field of that name (a value flow names the member only).
    /// </summary>
    private static string? FieldGateBound(ProgramCallGraph graph, StronglyConnectedComponents components, int component, int[] members, int gate)
    {
        var function = graph.Nodes[gate].Definition!.Function;
        var outgoing = graph.CallsFrom(gate).Where(e => components.ComponentOf(e.Callee) == component).ToList();
        if (outgoing.Count == 0 || outgoing.Any(e => e.Site is null || e.Callee == gate)) return null;
        var flow = ControlFlowGraph.Build(function.Body);
        string? field = null;
        int gateLine = 0;
        foreach (var edge in outgoing)
        {
            if (flow.NodeOfCall(edge.Site!.Index) is not int node || FieldTestAt(function, flow, node, zero: true, field) is not { } test) return null;
            field = test.Field;
            gateLine = test.Line;
        }
        if (field is null || members.Length > 1 && !AcyclicWithout(graph, components, component, members, gate)) return null;

        var fillers = outgoing.Select(e => e.Callee).Distinct().ToList();
        int fillerLine = 0;
        foreach (int filler in fillers)
        {
            var fillerFunction = graph.Nodes[filler].Definition!.Function;
            var fillerFlow = ControlFlowGraph.Build(fillerFunction.Body);
            foreach (var edge in graph.CallsFrom(filler).Where(e => components.ComponentOf(e.Callee) == component))
            {
                if (edge.Site is null || fillerFlow.NodeOfCall(edge.Site.Index) is not int node || FieldTestAt(fillerFunction, fillerFlow, node, zero: false, field) is not { } test)
                    return null;
                fillerLine = test.Line;
            }
        }
        foreach (int m in members)
            if (!fillers.Contains(m) && graph.Nodes[m].Definition!.Function.ValueFlows.Any(f => FieldIdentity.MayBeSame(f.Target, field)))
                return null;
        return string.Create(CultureInfo.InvariantCulture,
            $"'{graph.Nodes[gate].Name}' calls into the cycle only while '{FieldIdentity.Display(field)}' is zero (line {gateLine}), and '{graph.Nodes[fillers[0]].Name}' goes on only after testing it is not (line {fillerLine}), so the cycle goes round once");
    }

    /// <summary>A test of a field against zero whose outcome every path to the call passes, with the field zero (or not) there.</summary>
    private static (string Field, int Line)? FieldTestAt(FunctionFacts function, ControlFlowGraph flow, int callNode, bool zero, string? field)
    {
        foreach (var outcome in flow.Conditions)
        {
            if (function.Body[outcome.BodyNode].Condition is not { } condition) continue;
            string? name;
            ConditionOperator op;
            if (condition.Operator == ConditionOperator.Value && condition.Left is { Kind: OperandKind.Lvalue, Name: { } n })
                (name, op) = (FieldIdentity.Key(n, condition.Left.Field), ConditionOperator.NotEqual);
            else if (condition.Left is { Kind: OperandKind.Lvalue, Name: { } l } && condition.Right is { } r && ConstantOf(r) == 0)
                (name, op) = (FieldIdentity.Key(l, condition.Left.Field), condition.Operator);
            else if (condition.Right is { Kind: OperandKind.Lvalue, Name: { } rn } && ConstantOf(condition.Left) == 0)
                (name, op) = (FieldIdentity.Key(rn, condition.Right.Field), condition.Operator);
            else continue;
            if (!FieldIdentity.Display(name).StartsWith("->", StringComparison.Ordinal) || field is not null && name != field
                || op is not (ConditionOperator.Equal or ConditionOperator.NotEqual)) continue;
            // The outcome on which the field is zero.
            int whenZero = (op == ConditionOperator.Equal) ^ condition.Negated ? outcome.WhenTrue : outcome.WhenFalse;
            int whenSet = whenZero == outcome.WhenTrue ? outcome.WhenFalse : outcome.WhenTrue;
            if (flow.Dominates(zero ? whenZero : whenSet, callNode)) return (name, function.Body[outcome.BodyNode].Line);
        }
        return null;
    }

    /// <summary>The gate case: see the class summary.</summary>
    private static string? GateBound(ProgramCallGraph graph, StronglyConnectedComponents components, int component, int[] members, int gate)
    {
        var function = graph.Nodes[gate].Definition!.Function;
        var outgoing = graph.CallsFrom(gate).Where(e => components.ComponentOf(e.Callee) == component).ToList();
        var incoming = graph.CallersOf(gate).Where(e => components.ComponentOf(e.Caller) == component).ToList();
        if (outgoing.Count == 0 || incoming.Count == 0 || outgoing.Any(e => e.Site is null) || incoming.Any(e => e.Site is null)) return null;
        if (members.Length > 1 && !AcyclicWithout(graph, components, component, members, gate)) return null;

        var flow = ControlFlowGraph.Build(function.Body);
        var flows = new Dictionary<int, ControlFlowGraph> { [gate] = flow };
        string? reason = null;
        foreach (var inner in outgoing)
        {
            if (flow.NodeOfCall(inner.Site!.Index) is not int innerNode) return null;
            var guards = ParameterTests(function, flow, innerNode, anywhere: false);
            foreach (var outer in incoming)
            {
                var caller = graph.Nodes[outer.Caller].Definition!.Function;
                if (!flows.TryGetValue(outer.Caller, out var callerFlow)) flows[outer.Caller] = callerFlow = ControlFlowGraph.Build(caller.Body);
                if (callerFlow.NodeOfCall(outer.Site!.Index) is not int outerNode) return null;
                string? stopped = null;
                foreach (var guard in guards)
                {
                    if (guard.Parameter >= outer.Site.Arguments.Length) continue;
                    if (PassedValue(graph, components, component, flows, outer, callerFlow, outerNode, guard) is { } value)
                    {
                        string test = guard.Copy is { } copy
                            ? string.Create(CultureInfo.InvariantCulture, $"its test of '{copy}' (line {guard.Line}), copied from '*{function.Parameters[guard.Parameter].Name}' (line {guard.CopyLine})")
                            : $"its test of '{function.Parameters[guard.Parameter].Name}' (line {guard.Line.ToString(CultureInfo.InvariantCulture)})";
                        stopped = members.Length == 1
                            ? $"it recurses only past {test} and its recursive call passes {value.Text}, which fails that test, so the recursion is one level deep"
                            : $"'{graph.Nodes[gate].Name}' calls into the cycle only past {test}, and '{graph.Nodes[outer.Caller].Name}' calls it back with {value.Text}, which fails that test, so the cycle goes round once";
                        break;
                    }
                }
                if (stopped is null) return null;
                reason ??= stopped;
            }
        }
        return reason;
    }

    /// <summary>
    /// The value a call back into the gate passes where the guard tests, when it fails the guard. A parameter the
    /// caller passes on unchanged is followed one step back: the caller's own callers in the cycle must all pass
    /// values that fail it (a walker that hands its context pointer on to the visitor that called it).
    /// </summary>
    private static Known? PassedValue(ProgramCallGraph graph, StronglyConnectedComponents components, int component, Dictionary<int, ControlFlowGraph> flows,
        CallEdge outer, ControlFlowGraph callerFlow, int outerNode, ParameterTest guard)
    {
        var caller = graph.Nodes[outer.Caller].Definition!.Function;
        var argument = outer.Site!.Arguments[guard.Parameter];
        if (ValueAt(caller, callerFlow, outerNode, argument) is { } value)
            return guard.FailsFor(value) ? value : null;
        if (UnchangedParameter(caller, argument) is not int forwarded) return null;
        var back = graph.CallersOf(outer.Caller).Where(e => components.ComponentOf(e.Caller) == component).ToList();
        if (back.Count == 0) return null;
        Known? first = null;
        foreach (var edge in back)
        {
            if (edge.Site is null || forwarded >= edge.Site.Arguments.Length || graph.Nodes[edge.Caller].Definition is not { } d) return null;
            if (!flows.TryGetValue(edge.Caller, out var flow)) flows[edge.Caller] = flow = ControlFlowGraph.Build(d.Function.Body);
            if (flow.NodeOfCall(edge.Site.Index) is not int node || ValueAt(d.Function, flow, node, edge.Site.Arguments[forwarded]) is not { } passed || !guard.FailsFor(passed))
                return null;
            first ??= passed with { Text = $"its '{argument.Lvalue}', which '{graph.Nodes[edge.Caller].Name}' passes as {passed.Text}" };
        }
        return first;
    }

    /// <summary>Whether the component's calls that avoid the gate make no cycle, so every cycle passes through it (Kahn's algorithm).</summary>
    private static bool AcyclicWithout(ProgramCallGraph graph, StronglyConnectedComponents components, int component, int[] members, int gate)
    {
        var indegree = new Dictionary<int, int>();
        foreach (int m in members) if (m != gate) indegree[m] = 0;
        foreach (int m in members)
            if (m != gate)
                foreach (var e in graph.CallsFrom(m))
                    if (e.Callee != gate && components.ComponentOf(e.Callee) == component) indegree[e.Callee]++;
        var ready = new Queue<int>(indegree.Where(p => p.Value == 0).Select(p => p.Key).OrderBy(k => k));
        int removed = 0;
        while (ready.Count > 0)
        {
            int v = ready.Dequeue();
            removed++;
            foreach (var e in graph.CallsFrom(v))
                if (e.Callee != gate && components.ComponentOf(e.Callee) == component && --indegree[e.Callee] == 0)
                    ready.Enqueue(e.Callee);
        }
        return removed == indegree.Count;
    }

    /// <summary>The counter case: see the class summary.</summary>
    private static RecursionBound? CounterBound(ProgramCallGraph graph, int node)
    {
        var function = graph.Nodes[node].Definition!.Function;
        var recursive = graph.CallsFrom(node).Where(e => e.Callee == node).ToList();
        if (recursive.Count == 0 || recursive.Any(e => e.Kind != CallEdgeKind.Direct || e.Site is null)) return null;
        var flow = ControlFlowGraph.Build(function.Body);
        for (int p = 0; p < function.Parameters.Length; p++)
        {
            string name = function.Parameters[p].Name;
            if (name.Length == 0 || !Unchanged(function, name)) continue;
            long step = 0;
            bool ok = true;
            long? lowest = null, highest = null;
            int line = 0;
            // A recursive call that passes a constant starts the count again from there ('Walk(..., 0)').
            var restarts = new List<long>();
            foreach (var edge in recursive)
            {
                if (p < edge.Site!.Arguments.Length && edge.Site.Arguments[p].ConstantValue is long restart)
                {
                    restarts.Add(restart);
                    continue;
                }
                if (p >= edge.Site!.Arguments.Length || edge.Site.Arguments[p] is not { OffsetOf: { } of, Offset: var offset and not 0 } || of != name
                    || step != 0 && Math.Sign(step) != Math.Sign(offset) || flow.NodeOfCall(edge.Site.Index) is not int callNode)
                {
                    ok = false;
                    break;
                }
                step = step == 0 ? offset : Math.Sign(offset) * Math.Min(Math.Abs(step), Math.Abs(offset));
                var range = RangeAt(function, flow, callNode, p, IsUnsigned(function.Parameters[p].Type.Spelling));
                if (range.Line > line) line = range.Line;
                // An unsigned counter lowered past 0 wraps around: only a tested upper end stops it then.
                if (offset < 0 && !range.LowTested && range.High is null)
                {
                    ok = false;
                    break;
                }
                // The widest range over the recursive calls.
                lowest = range.Low is long lo && (lowest is null || lo < lowest) ? lo : range.Low is null ? long.MinValue : lowest;
                highest = range.High is long hi && (highest is null || hi > highest) ? hi : range.High is null ? long.MaxValue : highest;
            }
            if (!ok || step == 0) continue;
            // Where the counter starts: what the function's other callers pass (a constant, or a local of theirs that
            // only constants and steps the same way are stored into), and the constants its own calls restart from.
            var starts = graph.CallersOf(node).Where(e => e.Caller != node)
                .Select(e => e.Site is { } s && p < s.Arguments.Length && graph.Nodes[e.Caller].Definition is { } d ? CallerStart(d.Function, s, s.Arguments[p], upper: step < 0) : null)
                .ToList();
            bool started = starts.Count > 0 && starts.All(v => v is not null);
            long? start = started ? (step < 0 ? starts.Max(v => v!.Value.Value) : starts.Min(v => v!.Value.Value)) : null;
            if (start is long s0 && restarts.Count > 0) start = step < 0 ? Math.Max(s0, restarts.Max()) : Math.Min(s0, restarts.Min());
            string why = started ? string.Join("", starts.Select(v => v!.Value.Why).Where(w => w.Length > 0).Distinct(StringComparer.Ordinal).Take(1)) : "";
            long? levels = null;
            string source = "";
            if (step < 0 && lowest is long low && low != long.MinValue)
            {
                long? top = highest is long h && h != long.MaxValue ? h : start;
                if (top is long t)
                {
                    levels = t < low ? 1 : (t - low) / -step + 2;
                    source = highest is long h2 && h2 != long.MaxValue ? "" : $" from the {t.ToString("N0", CultureInfo.InvariantCulture)} its callers pass{(why.Length > 0 ? " at most" + why : "")}";
                }
            }
            else if (step > 0 && highest is long high && high != long.MaxValue)
            {
                long? bottom = lowest is long l && l != long.MinValue ? l : start;
                if (bottom is long b)
                {
                    levels = b > high ? 1 : (high - b) / step + 2;
                    source = lowest is long l2 && l2 != long.MinValue ? "" : $" from the {b.ToString("N0", CultureInfo.InvariantCulture)} its callers pass{(why.Length > 0 ? " at least" + why : "")}";
                }
            }
            if (levels is not long depth || depth > 1_000) continue;
            string direction = step < 0 ? "lowers" : "raises";
            return new RecursionBound(string.Create(CultureInfo.InvariantCulture,
                $"it {direction} '{name}' by {Math.Abs(step):N0} at each level and recurses only while its tests of it hold (line {line}), so it goes at most {depth:N0} levels deep{source}"),
                depth, RestsOnCallers: source.Length > 0);
        }
        return null;
    }

    /// <summary>
    /// What a caller passes as the counter, as the highest (upper) or lowest value it can be: a constant, or 'V + K'
    /// for a local V of the caller whose every store is a constant or a step the same way ('V--' for upper), with its
    /// address never taken. An unsigned V that is lowered must not wrap below 0: each lowering is the increment of a
    /// 'for' whose condition keeps V at least the step and whose body does not store into V, and a call passing
    /// 'V - K' runs only past a test that V is at least K. Why: the clause for the note, empty for a constant.
    /// </summary>
    private static (long Value, string Why)? CallerStart(FunctionFacts caller, CallSite site, CallArgument argument, bool upper)
    {
        if (argument.ConstantValue is long constant) return (constant, "");
        string? variable = argument.OffsetOf ?? (argument.ByAddress ? null : argument.Lvalue);
        long offset = argument.OffsetOf is null ? 0 : argument.Offset;
        if (variable is null || caller.Parameters.Any(x => x.Name == variable) || caller.Locals.All(l => l.Name != variable) || AddressTaken(caller, variable)) return null;
        var stores = caller.Assignments.Where(a => a.Target == variable).ToList();
        var constants = new List<long>();
        foreach (var store in stores)
        {
            if (store.Step is long step)
            {
                if (upper ? step >= 0 : step <= 0) return null;
            }
            else if (store.Value is { Operator: ConditionOperator.Value, Negated: false, Left: { Kind: OperandKind.Constant or OperandKind.Null } stored })
                constants.Add(stored.Value ?? 0);
            else
                return null;
        }
        if (constants.Count == 0) return null;
        var local = caller.Locals.First(l => l.Name == variable);
        if (upper && IsUnsigned(local.Type.Spelling) && !NoWrapBelowZero(caller, site, variable, -offset, stores)) return null;
        long bound = (upper ? constants.Max() : constants.Min()) + offset;
        string expression = offset == 0 ? $"'{variable}'" : string.Create(CultureInfo.InvariantCulture, $"'{variable} {(offset < 0 ? '-' : '+')} {Math.Abs(offset):N0}'");
        string direction = upper ? "lowered" : "raised";
        string extreme = (upper ? constants.Max() : constants.Min()).ToString("N0", CultureInfo.InvariantCulture);
        return (bound, $" ('{caller.Name}' passes {expression}, and '{variable}' is only set to {extreme} or {(upper ? "less" : "more")} and {direction})");
    }

    /// <summary>See <see cref="CallerStart"/>: an unsigned local lowered only as a loop counter that stays at least the step.</summary>
    private static bool NoWrapBelowZero(FunctionFacts caller, CallSite site, string variable, long passedBelow, List<Assignment> stores)
    {
        var body = caller.Body;
        var increments = new List<Assignment>();
        foreach (var store in stores.Where(a => a.Step is < 0))
        {
            // The increment of a 'for' is captured before its body: its order is the body's node.
            int loop = -1;
            for (int n = 0; n < body.Length && loop < 0; n++)
                if (body[n].Kind == BodyNodeKind.For && body.FirstOrDefault(b => b.Parent == n && b.Role == BodyRole.Body) is { } loopBody && loopBody.Id == store.Order)
                    loop = n;
            if (loop < 0 || !LoopKeepsAtLeast(body, loop, variable, -store.Step!.Value)) return false;
            int end = LastDescendant(body, loop);
            if (stores.Any(a => a != store && a.Order > store.Order && a.Order <= end + 1)) return false;
            increments.Add(store);
        }
        if (passedBelow <= 0) return true;
        // The call passes 'V - K': a test that V >= K must hold there, with no store into V between it and the call
        // (the loop's own increment runs after its body).
        var flow = ControlFlowGraph.Build(body);
        if (flow.NodeOfCall(site.Index) is not int callNode) return false;
        int callBody = flow.Nodes[callNode].BodyNode;
        foreach (var outcome in flow.Conditions)
        {
            if (Normalize(body[outcome.BodyNode].Condition) is not { } test || test.Name != variable) continue;
            bool? required = flow.Dominates(outcome.WhenTrue, callNode) ? true : flow.Dominates(outcome.WhenFalse, callNode) ? false : null;
            if (required is null) continue;
            var op = required.Value != test.Negated ? test.Op : Negate(test.Op);
            if (!AtLeast(op, test.K, passedBelow)) continue;
            if (stores.Any(a => !increments.Contains(a) && a.Order > outcome.BodyNode && a.Order <= callBody)) continue;
            return true;
        }
        return false;
    }

    /// <summary>Whether a loop runs its body only while 'variable' is at least 'least' (its condition, or one operand of a '&amp;&amp;' that is it).</summary>
    private static bool LoopKeepsAtLeast(System.Collections.Immutable.ImmutableArray<BodyNode> body, int loop, string variable, long least)
    {
        var tests = new List<Condition?> { body[loop].Condition };
        foreach (var child in body.Where(b => b.Parent == loop && b.Role == BodyRole.Condition))
        {
            tests.Add(child.Condition);
            if (child.Kind == BodyNodeKind.LogicalAnd)
                tests.AddRange(body.Where(b => b.Parent == child.Id).Select(b => b.Condition));
        }
        foreach (var condition in tests)
            if (Normalize(condition) is { } test && test.Name == variable && AtLeast(test.Negated ? Negate(test.Op) : test.Op, test.K, least))
                return true;
        return false;
    }

    /// <summary>Whether 'V op K' holding means V is at least 'least' (for an unsigned V, where 'V != 0' means V >= 1).</summary>
    private static bool AtLeast(ConditionOperator op, long k, long least) => op switch
    {
        ConditionOperator.Greater => k + 1 >= least,
        ConditionOperator.GreaterOrEqual or ConditionOperator.Equal => k >= least,
        ConditionOperator.NotEqual => k == 0 && least <= 1,
        _ => false,
    };

    /// <summary>The last node of a node's subtree (pre-order keeps a subtree contiguous).</summary>
    private static int LastDescendant(System.Collections.Immutable.ImmutableArray<BodyNode> body, int node)
    {
        int last = node;
        for (int n = node + 1; n < body.Length; n++)
        {
            int p = body[n].Parent;
            // Parents come before their children, so the walk up is bounded by the node count.
            for (int guard = 0; p > node && guard <= body.Length; guard++) p = body[p].Parent;
            if (p != node) break;
            last = n;
        }
        return last;
    }

    /// <summary>The values a parameter can have where a call runs, from the tests whose outcome every path to it passes.</summary>
    /// <remarks>LowTested: the low end comes from a test (an unsigned type alone gives 0, which a lowered counter can wrap past).</remarks>
    private static (long? Low, long? High, int Line, bool LowTested) RangeAt(FunctionFacts function, ControlFlowGraph flow, int callNode, int parameter, bool unsigned)
    {
        long? low = unsigned ? 0 : null, high = null;
        bool lowTested = false;
        int line = 0;
        var notEqual = new List<long>();
        foreach (var test in ParameterTests(function, flow, callNode, anywhere: true))
        {
            if (test.Parameter != parameter) continue;
            // 'P op K' holds at the call when the outcome taken is the one that makes it true.
            var op = test.Required != test.Negated ? test.Operator : Negate(test.Operator);
            long k = test.K;
            line = Math.Max(line, test.Line);
            switch (op)
            {
                case ConditionOperator.Less: high = Min(high, k - 1); break;
                case ConditionOperator.LessOrEqual: high = Min(high, k); break;
                case ConditionOperator.Greater: low = Max(low, k + 1); lowTested = true; break;
                case ConditionOperator.GreaterOrEqual: low = Max(low, k); lowTested = true; break;
                case ConditionOperator.Equal: low = Max(low, k); high = Min(high, k); lowTested = true; break;
                case ConditionOperator.NotEqual: notEqual.Add(k); break;
            }
        }
        // 'Layer != 0' on an unsigned counter raises its low end past 0, then 'Layer != 1' past 1, and so on.
        for (bool moved = true; moved && low is long l;)
        {
            moved = notEqual.Contains(l);
            if (moved)
            {
                low = l + 1;
                lowTested = true;
            }
        }
        for (bool moved = true; moved && high is long h;)
        {
            moved = notEqual.Contains(h);
            if (moved) high = h - 1;
        }
        // Paths that learn different things about the counter ('if (Layer == 1) { ... } else if (Layer == 0) return;')
        // each bound it, though no single test dominates the call: the range over every path narrows the one above.
        if (PathRange(function, flow, callNode, function.Parameters[parameter].Name, unsigned) is { } path)
        {
            long typeLow = unsigned ? 0 : long.MinValue;
            if (path.Low > typeLow && (low is null || path.Low > low))
            {
                low = path.Low;
                lowTested = true;
            }
            if (path.High < long.MaxValue && (high is null || path.High < high)) high = path.High;
        }
        return (low, high, line, lowTested);

        static long? Min(long? a, long b) => a is long x ? Math.Min(x, b) : b;
        static long? Max(long? a, long b) => a is long x ? Math.Max(x, b) : b;
    }

    /// <summary>
    /// The values a parameter nothing stores into can have where a call runs, over every path from the entry: an
    /// interval per flow node, the hull of its predecessors' intervals, narrowed on each outcome of a test of the
    /// parameter. Null when the call is unreachable under those tests or the intervals do not settle.
    /// </summary>
    private static (long Low, long High)? PathRange(FunctionFacts function, ControlFlowGraph flow, int callNode, string name, bool unsigned)
    {
        // What each outcome node says about the parameter when it is taken.
        var narrowing = new Dictionary<int, List<(ConditionOperator Op, long K)>>();
        foreach (var outcome in flow.Conditions)
        {
            if (Normalize(function.Body[outcome.BodyNode].Condition) is not { } test || test.Name != name) continue;
            var holds = test.Negated ? Negate(test.Op) : test.Op;
            Add(outcome.WhenTrue, holds, test.K);
            Add(outcome.WhenFalse, Negate(holds), test.K);
        }
        if (narrowing.Count == 0) return null;

        var state = new (long Low, long High)?[flow.NodeCount];
        var queued = new bool[flow.NodeCount];
        var work = new Queue<int>();
        work.Enqueue(ControlFlowGraph.Entry);
        queued[ControlFlowGraph.Entry] = true;
        // The tests' constants bound how often an interval can widen, so the walk settles; the cap is a safety net.
        for (int steps = 0; work.Count > 0; steps++)
        {
            if (steps > flow.NodeCount * 64) return null;
            int n = work.Dequeue();
            queued[n] = false;
            (long Low, long High)? value = null;
            if (n == ControlFlowGraph.Entry)
                value = (unsigned ? 0 : long.MinValue, long.MaxValue);
            foreach (int p in flow.Predecessors(n))
                if (state[p] is { } s)
                    value = value is { } v ? (Math.Min(v.Low, s.Low), Math.Max(v.High, s.High)) : s;
            if (value is not null && narrowing.TryGetValue(n, out var tests))
                foreach (var (op, k) in tests)
                    value = value is { } v ? Narrow(v, op, k) : null;
            if (value == state[n]) continue;
            state[n] = value;
            foreach (int next in flow.Successors(n))
                if (!queued[next])
                {
                    queued[next] = true;
                    work.Enqueue(next);
                }
        }
        return state[callNode];

        void Add(int node, ConditionOperator op, long k)
        {
            if (!narrowing.TryGetValue(node, out var list)) narrowing[node] = list = [];
            list.Add((op, k));
        }

        static (long Low, long High)? Narrow((long Low, long High) v, ConditionOperator op, long k)
        {
            var (low, high) = v;
            switch (op)
            {
                case ConditionOperator.Less: if (k == long.MinValue) return null; high = Math.Min(high, k - 1); break;
                case ConditionOperator.LessOrEqual: high = Math.Min(high, k); break;
                case ConditionOperator.Greater: if (k == long.MaxValue) return null; low = Math.Max(low, k + 1); break;
                case ConditionOperator.GreaterOrEqual: low = Math.Max(low, k); break;
                case ConditionOperator.Equal: low = Math.Max(low, k); high = Math.Min(high, k); break;
                case ConditionOperator.NotEqual:
                    if (low == k && high == k) return null;
                    if (low == k) low++;
                    else if (high == k) high--;
                    break;
            }
            return low > high ? null : (low, high);
        }
    }

    private static ConditionOperator Negate(ConditionOperator op) => op switch
    {
        ConditionOperator.Less => ConditionOperator.GreaterOrEqual,
        ConditionOperator.LessOrEqual => ConditionOperator.Greater,
        ConditionOperator.Greater => ConditionOperator.LessOrEqual,
        ConditionOperator.GreaterOrEqual => ConditionOperator.Less,
        ConditionOperator.Equal => ConditionOperator.NotEqual,
        ConditionOperator.NotEqual => ConditionOperator.Equal,
        _ => op,
    };

    /// <summary>Whether a parameter's type, as spelled, is an unsigned integer (the WDK's and C's usual names).</summary>
    private static bool IsUnsigned(string spelling)
    {
        var type = spelling.Replace("const ", "", StringComparison.Ordinal).Replace("volatile ", "", StringComparison.Ordinal).Trim();
        return type.StartsWith("unsigned ", StringComparison.Ordinal) || type == "unsigned" || UnsignedNames.Contains(type);
    }

    private static readonly HashSet<string> UnsignedNames = new(StringComparer.Ordinal)
    {
        "ULONG", "USHORT", "UCHAR", "UINT", "UINT8", "UINT16", "UINT32", "UINT64", "ULONG32", "ULONG64", "ULONGLONG", "DWORD", "WORD", "BYTE",
        "SIZE_T", "ULONG_PTR", "UINT_PTR", "DWORD_PTR", "BOOLEAN", "size_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t", "u8", "u16", "u32", "u64",
        "__u8", "__u16", "__u32", "__u64",
    };

    /// <summary>What is known of a value: exactly Constant, or only that it is not zero; Pointee: it is an address, and what it points to holds that constant.</summary>
    internal sealed record Known(long? Constant, string Text, long? Pointee = null);

    /// <summary>
    /// 'parameter op K' (negated or not) must come out as Required for the guarded call to run. Copy: the test is of a
    /// local copied from what the parameter points to ('BOOLEAN enter = *(BOOLEAN*)Context;', at CopyLine).
    /// </summary>
    internal sealed record ParameterTest(int Parameter, ConditionOperator Operator, long K, bool Negated, bool Required, int Line, string? Copy = null, int CopyLine = 0)
    {
        public bool FailsFor(Known value)
        {
            bool? result;
            if (Copy is not null)
                result = value.Pointee is long pointee ? Compare(Operator, pointee, K) : null;
            else if (value.Constant is long a)
                result = Compare(Operator, a, K);
            else if (K == 0 && Operator is ConditionOperator.NotEqual or ConditionOperator.Equal)
                result = Operator == ConditionOperator.NotEqual;
            else
                result = null;
            return result is bool r && (r ^ Negated) != Required;
        }
    }

    private static bool? Compare(ConditionOperator op, long a, long k) => op switch
    {
        ConditionOperator.Less => a < k,
        ConditionOperator.LessOrEqual => a <= k,
        ConditionOperator.Greater => a > k,
        ConditionOperator.GreaterOrEqual => a >= k,
        ConditionOperator.Equal => a == k,
        ConditionOperator.NotEqual => a != k,
        _ => null,
    };

    /// <summary>The tests of parameters whose outcome every path to the call passes.</summary>
    /// <remarks>anywhere: tests inside loops count too (the caller knows nothing stores into the parameter).</remarks>
    internal static List<ParameterTest> ParameterTests(FunctionFacts function, ControlFlowGraph flow, int callNode, bool anywhere)
    {
        var tests = new List<ParameterTest>();
        foreach (var outcome in flow.Conditions)
        {
            bool? required = flow.Dominates(outcome.WhenTrue, callNode) ? true : flow.Dominates(outcome.WhenFalse, callNode) ? false : null;
            if (required is null || !anywhere && InLoop(function.Body, outcome.BodyNode)) continue;
            var body = function.Body[outcome.BodyNode];
            if (Normalize(body.Condition) is not { } test) continue;
            var (name, op, k, negated) = test;
            int parameter = -1;
            for (int i = 0; i < function.Parameters.Length && parameter < 0; i++)
                if (function.Parameters[i].Name == name) parameter = i;
            if (parameter < 0)
            {
                if (!anywhere && PointeeCopy(function, name, outcome.BodyNode) is { } copy)
                    tests.Add(new ParameterTest(copy.Parameter, op, k, negated, required.Value, body.Line, name, copy.Line));
                continue;
            }
            if (AddressTaken(function, name)) continue;
            if (function.Assignments.Any(a => a.Target == name && a.Order <= outcome.BodyNode)) continue;
            tests.Add(new ParameterTest(parameter, op, k, negated, required.Value, body.Line));
        }
        return tests;
    }

    /// <summary>
    /// A local that holds, where body node 'at' tests it, what a parameter points to: its last store before the test
    /// is '*P' (P a parameter nothing stores into), on every path to the test, and no call takes its address before.
    /// </summary>
    private static (int Parameter, int Line)? PointeeCopy(FunctionFacts function, string local, int at)
    {
        if (function.Locals.All(l => l.Name != local)) return null;
        var last = function.Assignments.Where(a => a.Target == local && a.Order <= at).OrderBy(a => a.Order).LastOrDefault();
        if (last is not { Value: { Operator: ConditionOperator.Value, Negated: false, Left: { Kind: OperandKind.Lvalue, Name: { } source } } }
            || !source.StartsWith('*') || !StraightTo(function.Body, last, at)) return null;
        string pointer = source[1..];
        int parameter = -1;
        for (int i = 0; i < function.Parameters.Length; i++)
            if (function.Parameters[i].Name == pointer) parameter = i;
        if (parameter < 0 || function.Assignments.Any(a => a.Target == pointer)) return null;
        foreach (var call in function.Calls)
            if (call.Arguments.Any(a => a.ByAddress && a.Lvalue == local) && function.Body.Any(b => b.Kind == BodyNodeKind.Call && b.CallIndex == call.Index && b.Id <= at))
                return null;
        return (parameter, last.Line);
    }

    /// <summary>What is known at a call of the value passed as one argument.</summary>
    private static Known? ValueAt(FunctionFacts function, ControlFlowGraph flow, int callNode, CallArgument argument)
    {
        if (argument.IsNullPointer)
            return new Known(0, "NULL");
        if (argument.ConstantValue is long constant)
            return new Known(constant, constant == 0 && argument.Type.Category == TypeCategory.Pointer ? "NULL" : "the constant " + constant.ToString(CultureInfo.InvariantCulture));
        if (argument.ByAddress && argument.Lvalue is { } target)
        {
            // The address of a local set to a constant just before the call, with no call between that could change it.
            int at = flow.Nodes[callNode].BodyNode;
            var store = function.Assignments.Where(a => a.Target == target && a.Order <= at).OrderBy(a => a.Order).LastOrDefault();
            if (function.Locals.Any(l => l.Name == target) && !target.StartsWith("->", StringComparison.Ordinal)
                && store is { Value: { Operator: ConditionOperator.Value, Negated: false, Left: { Kind: OperandKind.Constant or OperandKind.Null } set } }
                && StraightTo(function.Body, store, at) && !function.Body.Any(b => b.Kind == BodyNodeKind.Call && b.Id >= store.Order && b.Id < at))
            {
                long pointee = set.Value ?? 0;
                return new Known(null, string.Create(CultureInfo.InvariantCulture, $"the address of '{target}', set to {pointee:N0} just before it (line {store.Line})"), pointee);
            }
            return new Known(null, $"the address of '{target}'");
        }
        if (argument.Lvalue is not { } variable || variable.StartsWith("->", StringComparison.Ordinal) || variable.StartsWith('*') || AddressTaken(function, variable))
            return null;

        int callBody = flow.Nodes[callNode].BodyNode;
        // A flag set to a constant just before the call: its last store comes straight before the call (no branch,
        // loop or label between).
        var last = function.Assignments.Where(a => a.Target == variable && a.Order <= callBody).OrderBy(a => a.Order).LastOrDefault();
        if (last is { Value: { Operator: ConditionOperator.Value, Negated: false, Left: { Kind: OperandKind.Constant or OperandKind.Null } stored } }
            && StraightTo(function.Body, last, callBody))
        {
            long value = stored.Value ?? 0;
            return new Known(value, string.Create(CultureInfo.InvariantCulture, $"'{variable}', set to {value:N0} just before it (line {last.Line})"));
        }

        // A variable the caller has just tested is not zero, with no store into it between the test and the call.
        foreach (var outcome in flow.Conditions)
        {
            var body = function.Body[outcome.BodyNode];
            if (Normalize(body.Condition) is not { } test) continue;
            var (name, op, k, negated) = test;
            if (name != variable || k != 0 || op is not (ConditionOperator.Equal or ConditionOperator.NotEqual)) continue;
            // The outcome on which 'variable != 0' holds.
            int nonZero = (op == ConditionOperator.NotEqual) ^ negated ? outcome.WhenTrue : outcome.WhenFalse;
            if (!flow.Dominates(nonZero, callNode)) continue;
            if (function.Assignments.Any(a => a.Target == variable && a.Order > outcome.BodyNode && a.Order <= callBody)) continue;
            return new Known(null, string.Create(CultureInfo.InvariantCulture, $"'{variable}' after testing it is not NULL (line {body.Line})"));
        }
        return null;
    }

    /// <summary>
    /// A condition as 'variable op K' (negated): a truth test is 'variable != 0', a NULL is 0, and a constant on the
    /// left is moved to the right. Null for any other condition.
    /// </summary>
    private static (string Name, ConditionOperator Op, long K, bool Negated)? Normalize(Condition? condition)
    {
        if (condition is null) return null;
        if (condition.Operator == ConditionOperator.Value)
            return condition.Left is { Kind: OperandKind.Variable, Name: { } n, AssignedTo: null } ? (n, ConditionOperator.NotEqual, 0, condition.Negated) : null;
        if (condition.Right is not { } right) return null;
        if (condition.Left is { Kind: OperandKind.Variable, Name: { } left, AssignedTo: null } && ConstantOf(right) is long k)
            return (left, condition.Operator, k, condition.Negated);
        if (right is { Kind: OperandKind.Variable, Name: { } name, AssignedTo: null } && ConstantOf(condition.Left) is long k2)
            return (name, Mirror(condition.Operator), k2, condition.Negated);
        return null;
    }

    private static long? ConstantOf(Operand operand) => operand.Kind switch
    {
        OperandKind.Null => 0,
        OperandKind.Constant => operand.Value,
        _ => null,
    };

    private static ConditionOperator Mirror(ConditionOperator op) => op switch
    {
        ConditionOperator.Less => ConditionOperator.Greater,
        ConditionOperator.LessOrEqual => ConditionOperator.GreaterOrEqual,
        ConditionOperator.Greater => ConditionOperator.Less,
        ConditionOperator.GreaterOrEqual => ConditionOperator.LessOrEqual,
        _ => op,
    };

    /// <summary>
    /// Whether a store made just before body node 'order' reaches the call at body node 'call' on every path: the store
    /// sits in no branch or loop that the call is outside of, no label lies between them, and no loop is entered between.
    /// </summary>
    private static bool StraightTo(System.Collections.Immutable.ImmutableArray<BodyNode> body, Assignment store, int call)
    {
        int order = store.Order;
        if (order < 0 || call >= body.Length || order > call) return false;
        var enclosing = new HashSet<int>();
        // Parents come before their children in pre-order, so each walk up is bounded by the node count.
        for (int n = call, guard = 0; n >= 0 && guard <= body.Length; n = body[n].Parent, guard++)
        {
            enclosing.Add(n);
            if (n >= order && body[n].Kind is BodyNodeKind.While or BodyNodeKind.DoWhile or BodyNodeKind.For) return false;
        }
        for (int n = order; n <= call; n++)
            if (body[n].Kind == BodyNodeKind.Label) return false;
        // The store sits in its Parent when the facts say; otherwise it comes after node order-1 in pre-order, so it is
        // inside that node or one of its ancestors (or after them: a store that ends a block cannot be told apart).
        int from = store.Parent >= 0 && store.Parent < body.Length ? store.Parent : order - 1;
        for (int n = from, guard = 0; n >= 0 && guard <= body.Length; n = body[n].Parent, guard++)
            if (!enclosing.Contains(n) && body[n].Kind is BodyNodeKind.If or BodyNodeKind.Switch or BodyNodeKind.Case or BodyNodeKind.Default
                    or BodyNodeKind.While or BodyNodeKind.DoWhile or BodyNodeKind.For or BodyNodeKind.Conditional or BodyNodeKind.LogicalAnd
                    or BodyNodeKind.LogicalOr or BodyNodeKind.Try)
                return false;
        return true;
    }

    private static bool InLoop(System.Collections.Immutable.ImmutableArray<BodyNode> body, int node)
    {
        // Parents come before their children in pre-order, so the walk up is bounded by the node count.
        for (int n = body[node].Parent, guard = 0; n >= 0 && n < body.Length && guard <= body.Length; n = body[n].Parent, guard++)
            if (body[n].Kind is BodyNodeKind.While or BodyNodeKind.DoWhile or BodyNodeKind.For)
                return true;
        return false;
    }

    /// <summary>
    /// The index of the caller's parameter an argument passes on as the caller received it: the argument names the
    /// parameter, nothing stores into it and its address is never taken.
    /// </summary>
    internal static int? UnchangedParameter(FunctionFacts caller, CallArgument argument)
    {
        if (argument is not { Lvalue: { } name, ByAddress: false }) return null;
        for (int i = 0; i < caller.Parameters.Length; i++)
        {
            if (caller.Parameters[i].Name != name) continue;
            return Unchanged(caller, name) ? i : null;
        }
        return null;
    }

    /// <summary>
    /// Whether a variable holds, all through the function, the value it started with (a parameter's, as passed):
    /// nothing stores into it and no call receives its address. Flow-insensitive: one store anywhere is enough.
    /// </summary>
    internal static bool Unchanged(FunctionFacts function, string variable) =>
        !function.Assignments.Any(a => a.Target == variable) && !AddressTaken(function, variable);

    internal static bool AddressTaken(FunctionFacts function, string variable) =>
        function.Calls.Any(c => c.Arguments.Any(a => a.ByAddress && a.Lvalue == variable));
}

/// <summary>
/// A proof that a recursion is bounded: the reason (a sentence fragment for the message), at most how many times the
/// cycle's functions are on the stack at once, and whether the bound comes from what the callers pass rather than
/// from a test in the recursive function itself.
/// </summary>
public sealed record RecursionBound(string Reason, long Passes, bool RestsOnCallers);
