using System.Collections.Immutable;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model.Guards;

namespace StackLint.Rules.Model.ControlFlow;

/// <summary>
/// Turns a body skeleton (BodyNode, pre-order, children in source order with their Role) into a control-flow graph.
/// The translation is syntax-directed, but instead of recursing over nesting it runs a stack of pending work items:
/// "emit this node", "emit this condition towards these two targets", or a small continuation that wires what the
/// items before it produced. Nesting depth in the input therefore only grows a heap-allocated stack.
///
/// How the skeleton is read (the contract with the front end):
/// - If / Conditional: children with Role Condition, Then, Else (a Conditional with no roles is read positionally).
/// - While / For: Condition and Body (For also Init, Increment); DoWhile: Body then Condition. A loop with no
///   Condition child is still assumed able to exit: 'for (;;)' and 'for (; i &lt; n;)' look alike in a skeleton.
/// - Switch: Condition, then the body; Case/Default are labels (their statements are their children or follow
///   them as siblings). Without a Default, the switch can skip its body.
/// - LogicalAnd / LogicalOr: the left operand (Role Condition) then the right one (Then for &&, Else for ||),
///   evaluated with short-circuit edges.
/// - Try: Body and Handler. The handler may run after the body or after any point of it (an exception), so it
///   is entered from the start and from the end of the body; __leave jumps to the end of the body.
/// - Call: arguments (nested calls) are its children and run before it.
/// - A StackCondition (given by the caller, per body node) describes that node's condition: the whole condition of an
///   If/While/For/DoWhile/Conditional, or the value of an expression node (LogicalAnd, LogicalOr, Call, Other) tested inside one.
/// </summary>
internal sealed class ControlFlowBuilder
{
    private abstract record Work;
    private sealed record ValueWork(int Node) : Work;
    private sealed record CondWork(int Node, int WhenTrue, int WhenFalse, bool DecisionDone) : Work;
    /// <summary>The condition children of an owner (zero or more nodes): all but the last are evaluated for their calls.</summary>
    private sealed record CondListWork(ImmutableArray<int> Nodes, int Owner, int WhenTrue, int WhenFalse) : Work;
    private sealed record ActionWork(Action Run) : Work;

    private sealed class Jump(int breakTarget, int continueTarget, int switchNode, int leaveTarget)
    {
        public int BreakTarget { get; } = breakTarget;
        public int ContinueTarget { get; } = continueTarget;
        public int SwitchNode { get; } = switchNode;
        public int LeaveTarget { get; } = leaveTarget;
        public bool HasDefault { get; set; }
    }

    private readonly ImmutableArray<BodyNode> _body;
    private readonly Func<int, StackCondition?> _stackConditionOf;
    private readonly List<int>[] _children;
    private readonly List<FlowNode> _nodes = [];
    private readonly List<List<int>> _successors = [];
    private readonly Dictionary<int, int> _nodeOfCall = [];
    private readonly Dictionary<string, int> _labels = new(StringComparer.Ordinal);
    private readonly List<StackDecision> _decisions = [];
    private readonly List<ConditionOutcomes> _outcomes = [];
    private readonly Stack<Work> _work = new();
    private readonly List<Jump> _jumps = [];
    // The node control flows on from; -1 after a return, break, goto...: what follows is unreachable until a label.
    private int _current;

    private ControlFlowBuilder(ImmutableArray<BodyNode> body, Func<int, StackCondition?> stackConditionOf)
    {
        _body = body;
        _stackConditionOf = stackConditionOf;
        _children = new List<int>[body.Length];
        for (int i = 0; i < body.Length; i++) _children[i] = [];
        for (int i = 0; i < body.Length; i++)
        {
            int parent = body[i].Parent;
            if (parent >= 0 && parent < body.Length && parent != i) _children[parent].Add(i);
        }
    }

    public static ControlFlowGraph Build(ImmutableArray<BodyNode> body, Func<int, StackCondition?> stackConditionOf)
    {
        var builder = new ControlFlowBuilder(body.IsDefault ? [] : body, stackConditionOf);
        return builder.Run();
    }

    private ControlFlowGraph Run()
    {
        NewNode(FlowNodeKind.Entry, -1);
        NewNode(FlowNodeKind.Exit, -1);
        _current = ControlFlowGraph.Entry;
        // Body is indexed by position (Ids are positions in the pre-order list); several roots would be unusual and run in order.
        Schedule(Values(Enumerable.Range(0, _body.Length).Where(i => _body[i].Parent < 0)));

        while (_work.Count > 0)
        {
            switch (_work.Pop())
            {
                case ValueWork v: EmitValue(v.Node); break;
                case CondWork c: EmitCondition(c.Node, c.WhenTrue, c.WhenFalse, c.DecisionDone); break;
                case CondListWork l: EmitConditionList(l.Nodes, l.Owner, l.WhenTrue, l.WhenFalse); break;
                case ActionWork a: a.Run(); break;
            }
        }
        Link(_current, ControlFlowGraph.Exit);

        return new ControlFlowGraph([.. _nodes], [.. _successors.Select(s => s.Distinct().ToArray())], _nodeOfCall, [.. _decisions], [.. _outcomes]);
    }

    private int NewNode(FlowNodeKind kind, int bodyNode, int callIndex = -1)
    {
        int id = _nodes.Count;
        _nodes.Add(new FlowNode(id, kind, bodyNode, callIndex));
        _successors.Add([]);
        return id;
    }

    private void Link(int from, int to)
    {
        if (from >= 0 && to >= 0) _successors[from].Add(to);
    }

    private int LabelNode(string name)
    {
        if (!_labels.TryGetValue(name, out int node))
        {
            node = NewNode(FlowNodeKind.Label, -1);
            _labels.Add(name, node);
        }
        return node;
    }

    /// <summary>Pushes work items so they run in the order given.</summary>
    private void Schedule(params Work[] items)
    {
        for (int i = items.Length - 1; i >= 0; i--) _work.Push(items[i]);
    }

    private ValueWork[] Values(IEnumerable<int> nodes) => [.. nodes.Select(n => new ValueWork(n))];

    private ImmutableArray<int> Kids(int node, BodyRole role) => [.. _children[node].Where(c => _body[c].Role == role)];

    private ImmutableArray<int> KidsExcept(int node, params BodyRole[] roles) => [.. _children[node].Where(c => !roles.Contains(_body[c].Role))];

    private void EmitValue(int n)
    {
        var node = _body[n];
        switch (node.Kind)
        {
            case BodyNodeKind.Call:
                Schedule([.. Values(_children[n]), new ActionWork(() =>
                {
                    int call = NewNode(FlowNodeKind.Call, n, node.CallIndex);
                    _nodeOfCall.TryAdd(node.CallIndex, call);
                    Link(_current, call);
                    _current = call;
                })]);
                break;

            case BodyNodeKind.If:
                EmitBranches(n, Kids(n, BodyRole.Condition), Kids(n, BodyRole.Then), Kids(n, BodyRole.Else));
                break;

            case BodyNodeKind.Conditional:
            {
                var condition = Kids(n, BodyRole.Condition);
                var then = Kids(n, BodyRole.Then);
                var otherwise = Kids(n, BodyRole.Else);
                if (condition.IsEmpty && then.IsEmpty && otherwise.IsEmpty && _children[n].Count > 0)
                {
                    // No roles given: 'c ? a : b' in order (GNU 'c ?: b' has two operands).
                    var all = _children[n];
                    condition = [all[0]];
                    then = all.Count >= 3 ? [all[1]] : [];
                    otherwise = all.Count >= 2 ? [.. all.Skip(all.Count >= 3 ? 2 : 1)] : [];
                }
                EmitBranches(n, condition, then, otherwise);
                break;
            }

            case BodyNodeKind.LogicalAnd:
            case BodyNodeKind.LogicalOr:
            {
                // As a value (not inside a condition), both outcomes meet again right after.
                int join = NewNode(FlowNodeKind.Join, n);
                Schedule(new CondWork(n, join, join, false), new ActionWork(() => _current = join));
                break;
            }

            case BodyNodeKind.While:
            {
                int head = NewNode(FlowNodeKind.Join, n);
                int exit = NewNode(FlowNodeKind.Join, n);
                var (whenTrue, whenFalse) = Outcomes(n);
                Link(_current, head);
                _current = head;
                var jump = new Jump(exit, head, -1, -1);
                Schedule([
                    new CondListWork(Kids(n, BodyRole.Condition), n, whenTrue, whenFalse),
                    new ActionWork(() => { Link(whenFalse, exit); _jumps.Add(jump); _current = whenTrue; }),
                    .. Values(KidsExcept(n, BodyRole.Condition)),
                    new ActionWork(() => { Link(_current, head); _jumps.Remove(jump); _current = exit; })]);
                break;
            }

            case BodyNodeKind.DoWhile:
            {
                int head = NewNode(FlowNodeKind.Join, n);
                int next = NewNode(FlowNodeKind.Join, n);
                int exit = NewNode(FlowNodeKind.Join, n);
                var (whenTrue, whenFalse) = Outcomes(n);
                Link(_current, head);
                _current = head;
                var jump = new Jump(exit, next, -1, -1);
                _jumps.Add(jump);
                Schedule([
                    .. Values(KidsExcept(n, BodyRole.Condition)),
                    new ActionWork(() => { _jumps.Remove(jump); Link(_current, next); _current = next; }),
                    new CondListWork(Kids(n, BodyRole.Condition), n, whenTrue, whenFalse),
                    new ActionWork(() => { Link(whenTrue, head); Link(whenFalse, exit); _current = exit; })]);
                break;
            }

            case BodyNodeKind.For:
            {
                int head = NewNode(FlowNodeKind.Join, n);
                int next = NewNode(FlowNodeKind.Join, n);
                int exit = NewNode(FlowNodeKind.Join, n);
                var (whenTrue, whenFalse) = Outcomes(n);
                var jump = new Jump(exit, next, -1, -1);
                Schedule([
                    .. Values(Kids(n, BodyRole.Init)),
                    new ActionWork(() => { Link(_current, head); _current = head; }),
                    new CondListWork(Kids(n, BodyRole.Condition), n, whenTrue, whenFalse),
                    new ActionWork(() => { Link(whenFalse, exit); _jumps.Add(jump); _current = whenTrue; }),
                    .. Values(KidsExcept(n, BodyRole.Init, BodyRole.Condition, BodyRole.Increment)),
                    new ActionWork(() => { _jumps.Remove(jump); Link(_current, next); _current = next; }),
                    .. Values(Kids(n, BodyRole.Increment)),
                    new ActionWork(() => { Link(_current, head); _current = exit; })]);
                break;
            }

            case BodyNodeKind.Switch:
            {
                int exit = NewNode(FlowNodeKind.Join, n);
                Jump? jump = null;
                Schedule([
                    .. Values(Kids(n, BodyRole.Condition)),
                    new ActionWork(() =>
                    {
                        int dispatch = NewNode(FlowNodeKind.Branch, n);
                        Link(_current, dispatch);
                        jump = new Jump(exit, -1, dispatch, -1);
                        _jumps.Add(jump);
                        // Code before the first label of a switch body is never reached.
                        _current = -1;
                    }),
                    .. Values(KidsExcept(n, BodyRole.Condition)),
                    new ActionWork(() =>
                    {
                        _jumps.Remove(jump!);
                        Link(_current, exit);
                        if (!jump!.HasDefault) Link(jump.SwitchNode, exit);
                        _current = exit;
                    })]);
                break;
            }

            case BodyNodeKind.Case:
            case BodyNodeKind.Default:
            {
                int label = NewNode(FlowNodeKind.Label, n);
                Link(_current, label);
                var owner = _jumps.LastOrDefault(j => j.SwitchNode >= 0);
                if (owner is not null)
                {
                    Link(owner.SwitchNode, label);
                    if (node.Kind == BodyNodeKind.Default) owner.HasDefault = true;
                }
                _current = label;
                Schedule(Values(_children[n]));
                break;
            }

            case BodyNodeKind.Label:
            {
                int label = node.Label is null ? NewNode(FlowNodeKind.Label, n) : LabelNode(node.Label);
                Link(_current, label);
                _current = label;
                Schedule(Values(_children[n]));
                break;
            }

            case BodyNodeKind.Goto:
                Schedule([.. Values(_children[n]), new ActionWork(() =>
                {
                    if (node.Label is not null)
                    {
                        Link(_current, LabelNode(node.Label));
                    }
                    else
                    {
                        // A computed goto ('goto *p') may go to any label: wired at the end, when all labels are known.
                        int from = _current;
                        Schedule(new ActionWork(() => { foreach (int l in _labels.Values) Link(from, l); }));
                        if (_labels.Count == 0) Link(from, ControlFlowGraph.Exit);
                    }
                    _current = -1;
                })]);
                break;

            case BodyNodeKind.Return:
                Schedule([.. Values(_children[n]), new ActionWork(() => { Link(_current, ControlFlowGraph.Exit); _current = -1; })]);
                break;

            case BodyNodeKind.Break:
                Link(_current, _jumps.LastOrDefault(j => j.BreakTarget >= 0)?.BreakTarget ?? ControlFlowGraph.Exit);
                _current = -1;
                break;

            case BodyNodeKind.Continue:
                Link(_current, _jumps.LastOrDefault(j => j.ContinueTarget >= 0)?.ContinueTarget ?? ControlFlowGraph.Exit);
                _current = -1;
                break;

            case BodyNodeKind.Leave:
                Link(_current, _jumps.LastOrDefault(j => j.LeaveTarget >= 0)?.LeaveTarget ?? ControlFlowGraph.Exit);
                _current = -1;
                break;

            case BodyNodeKind.Try:
            {
                int start = NewNode(FlowNodeKind.Join, n);
                int leave = NewNode(FlowNodeKind.Join, n);
                int handler = NewNode(FlowNodeKind.Join, n);
                int exit = NewNode(FlowNodeKind.Join, n);
                Link(_current, start);
                Link(start, handler);
                _current = start;
                var jump = new Jump(-1, -1, -1, leave);
                _jumps.Add(jump);
                Schedule([
                    .. Values(KidsExcept(n, BodyRole.Handler)),
                    new ActionWork(() =>
                    {
                        _jumps.Remove(jump);
                        Link(_current, leave);
                        Link(leave, handler);
                        Link(leave, exit);
                        _current = handler;
                    }),
                    .. Values(Kids(n, BodyRole.Handler)),
                    new ActionWork(() => { Link(_current, exit); _current = exit; })]);
                break;
            }

            default:
                // Compound, Other and anything new: the children in order.
                Schedule(Values(_children[n]));
                break;
        }
    }

    /// <summary>The two outcome nodes of an owner's condition; a decision is recorded when the owner carries a StackCondition.</summary>
    private (int WhenTrue, int WhenFalse) Outcomes(int owner)
    {
        int whenTrue = NewNode(FlowNodeKind.Outcome, owner);
        int whenFalse = NewNode(FlowNodeKind.Outcome, owner);
        if (_stackConditionOf(owner) is { } condition)
            _decisions.Add(new StackDecision(owner, condition, whenTrue, whenFalse, _body[owner].Line));
        if (_body[owner].Condition is not null)
            _outcomes.Add(new ConditionOutcomes(owner, whenTrue, whenFalse));
        return (whenTrue, whenFalse);
    }

    private void EmitBranches(int n, ImmutableArray<int> condition, ImmutableArray<int> then, ImmutableArray<int> otherwise)
    {
        var (whenTrue, whenFalse) = Outcomes(n);
        int join = NewNode(FlowNodeKind.Join, n);
        Schedule([
            new CondListWork(condition, n, whenTrue, whenFalse),
            new ActionWork(() => _current = whenTrue),
            .. Values(then),
            new ActionWork(() => { Link(_current, join); _current = whenFalse; }),
            .. Values(otherwise),
            new ActionWork(() => { Link(_current, join); _current = join; })]);
    }

    private void EmitConditionList(ImmutableArray<int> nodes, int owner, int whenTrue, int whenFalse)
    {
        if (nodes.IsEmpty)
        {
            // The condition has no calls or short-circuits in the skeleton: one test, both outcomes possible.
            int test = NewNode(FlowNodeKind.Branch, owner);
            Link(_current, test);
            Link(test, whenTrue);
            Link(test, whenFalse);
            _current = -1;
            return;
        }
        Schedule([.. Values(nodes.Take(nodes.Length - 1)), new CondWork(nodes[^1], whenTrue, whenFalse, false)]);
    }

    private void EmitCondition(int n, int whenTrue, int whenFalse, bool decisionDone)
    {
        var node = _body[n];
        if (!decisionDone && !IsOwner(node.Kind) && (_stackConditionOf(n) is not null || node.Condition is not null))
        {
            // The expression itself is a test (an operand of && or ||): give its outcomes their own nodes so they can dominate.
            int t = NewNode(FlowNodeKind.Outcome, n);
            int f = NewNode(FlowNodeKind.Outcome, n);
            if (_stackConditionOf(n) is { } condition)
                _decisions.Add(new StackDecision(n, condition, t, f, node.Line));
            if (node.Condition is not null)
                _outcomes.Add(new ConditionOutcomes(n, t, f));
            Link(t, whenTrue);
            Link(f, whenFalse);
            Schedule(new CondWork(n, t, f, true));
            return;
        }

        if (node.Kind is BodyNodeKind.LogicalAnd or BodyNodeKind.LogicalOr)
        {
            // The left operand has Role Condition, the right one Then (&&) or Else (||). Operands without calls
            // leave no node, so either list may be empty: an empty operand is still a test with both outcomes.
            var left = Kids(n, BodyRole.Condition);
            var right = KidsExcept(n, BodyRole.Condition);
            int middle = NewNode(FlowNodeKind.Join, n);
            bool and = node.Kind == BodyNodeKind.LogicalAnd;
            Schedule(
                new CondListWork(left, n, and ? middle : whenTrue, and ? whenFalse : middle),
                new ActionWork(() => _current = middle),
                new CondListWork(right, n, whenTrue, whenFalse));
            return;
        }

        // Any other expression: evaluate it (its calls), then test its value.
        Schedule(new ValueWork(n), new ActionWork(() =>
        {
            int test = NewNode(FlowNodeKind.Branch, n);
            Link(_current, test);
            Link(test, whenTrue);
            Link(test, whenFalse);
            _current = -1;
        }));
    }

    private static bool IsOwner(BodyNodeKind kind) =>
        kind is BodyNodeKind.If or BodyNodeKind.While or BodyNodeKind.DoWhile or BodyNodeKind.For or BodyNodeKind.Conditional or BodyNodeKind.Switch;
}
