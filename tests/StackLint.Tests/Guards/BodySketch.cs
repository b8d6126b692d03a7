using System.Collections.Immutable;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model.Guards;

namespace StackLint.Tests.Guards;

/// <summary>
/// Builds a function's body skeleton by hand, the way the front end emits it: pre-order nodes with parents and
/// roles, Call nodes pointing into Calls, IoGetRemainingStackSize calls with what their result is used for. A stack
/// test is written as the StackCondition the model should recognise and emitted as the generic condition the front
/// end would record for it. Each call is on its own line (100 + index) so tests can tell findings apart.
/// </summary>
internal sealed class BodySketch
{
    private readonly List<BodyNode> _nodes = [];
    private readonly List<CallSite> _calls = [];
    private readonly List<Assignment> _assignments = [];
    private readonly List<(int Node, StackCondition Condition)> _stackTests = [];
    private readonly List<FunctionReference> _references = [];

    public BodySketch() => Root = Node(-1, BodyNodeKind.Compound);

    public string Path { get; init; } = "/drv/filter.c";
    public int Root { get; }

    public static StackCondition Low(string source = "IoGetRemainingStackSize()") => new(source, LowWhenTrue: true);
    public static StackCondition Enough(string source = "IoGetRemainingStackSize()") => new(source, LowWhenTrue: false);

    public int Node(int parent, BodyNodeKind kind, BodyRole role = BodyRole.None, string? label = null, StackCondition? condition = null)
    {
        int id = _nodes.Count;
        _nodes.Add(new BodyNode(id, parent, kind, role, 10 + id, 5, label, -1, null));
        if (condition is not null) _stackTests.Add((id, condition));
        return id;
    }

    /// <summary>A call statement or expression; returns the call's index in Calls (its body node is CallNode(index)).</summary>
    public int Call(int parent, string callee, BodyRole role = BodyRole.None, params long?[] constants) =>
        Call(parent, callee, role, CallResultUse.Ignored, null, constants);

    private int Call(int parent, string callee, BodyRole role, CallResultUse use, string? into, long?[] constants)
    {
        int index = _calls.Count;
        var location = new SourceSpan(Path, 100 + index, 5, 100 + index, 60);
        _calls.Add(new CallSite(index, callee, "c:@F@" + callee, null, location, 0, false,
            [.. constants.Select(c => new CallArgument(new TypeLayout("ULONG", TypeCategory.Scalar, 4, 4), c))], null,
            ResultUse: use, ResultStoredInto: into));
        int id = _nodes.Count;
        _nodes.Add(new BodyNode(id, parent, BodyNodeKind.Call, role, 100 + index, 5, null, index, null));
        return index;
    }

    /// <summary>An IoGetRemainingStackSize() call and what its result is used for.</summary>
    public int Query(int parent, StackQueryUse use, string? into = null, BodyRole role = BodyRole.None)
    {
        var resultUse = use switch
        {
            StackQueryUse.Ignored => CallResultUse.Ignored,
            StackQueryUse.StoredInLocal => CallResultUse.Stored,
            StackQueryUse.ComparedDirectly => CallResultUse.Compared,
            _ => CallResultUse.Other,
        };
        int node = _nodes.Count;
        int index = Call(parent, "IoGetRemainingStackSize", role, resultUse, into, []);
        if (use == StackQueryUse.StoredInLocal && into is not null)
            _assignments.Add(new Assignment(into, new Condition(ConditionOperator.Value, false, new Operand(OperandKind.Call, CallIndex: index)), node, 100 + index));
        return index;
    }

    public void Reference(string function, string target, FunctionReferenceKind kind, int argumentIndex = -1, string? recordType = null, int line = 1) =>
        _references.Add(new FunctionReference(function, "c:@F@" + function, new SourceSpan(Path, line, 5, line, 30), kind, target, recordType, argumentIndex, null));

    /// <summary>A callout passed as argument 0 of the given call (located inside the call's span).</summary>
    public void CalloutOf(int callIndex, string callout) =>
        _references.Add(new FunctionReference(callout, "c:@F@" + callout, _calls[callIndex].Location with { Column = 40, EndColumn = 50 },
            FunctionReferenceKind.CallArgument, _calls[callIndex].CalleeName, null, 0, null));

    public FunctionFacts Build(string name, int line = 1, long frame = 0, bool inMainFile = true)
    {
        var locals = frame > 0
            ? ImmutableArray.Create(new LocalVariable("buffer", new TypeLayout($"char[{frame}]", TypeCategory.Array, frame, 1), 0, SourceSpan.At(Path, line + 1, 5), false))
            : [];
        return new FunctionFacts(name, "c:@F@" + name, Linkage.External, new SourceSpan(Path, line, 1, line, 1 + name.Length), inMainFile, "cdecl", false,
            [], [new BlockScope(0, -1, SourceSpan.At(Path, line, 1), false)], locals, [.. _calls], [], [.. _references], [.. Nodes()],
            Assignments: [.. _assignments]);
    }

    /// <summary>The nodes with each stack test written as the front end records it: 'source &lt; 4096' (low) or 'source &gt;= 4096'.</summary>
    private List<BodyNode> Nodes()
    {
        var nodes = new List<BodyNode>(_nodes);
        foreach (var (node, test) in _stackTests)
        {
            var source = test.Source == "IoGetRemainingStackSize()" && QueryUnder(node) is int call
                ? new Operand(OperandKind.Call, CallIndex: call)
                : new Operand(OperandKind.Variable, test.Source);
            var op = test.LowWhenTrue ? ConditionOperator.Less : ConditionOperator.GreaterOrEqual;
            nodes[node] = nodes[node] with { Condition = new Condition(op, false, source, new Operand(OperandKind.Constant, Value: 4096)) };
        }
        return nodes;
    }

    /// <summary>The IoGetRemainingStackSize call whose node is inside the given node (the first one otherwise).</summary>
    private int? QueryUnder(int node)
    {
        int? first = null;
        foreach (var n in _nodes)
        {
            if (n.Kind != BodyNodeKind.Call || _calls[n.CallIndex].CalleeName != "IoGetRemainingStackSize") continue;
            first ??= n.CallIndex;
            for (int p = n.Id; p >= 0; p = _nodes[p].Parent)
                if (p == node) return n.CallIndex;
        }
        return first;
    }

    public static FunctionFacts Empty(string name, string path = "/drv/filter.c", int line = 1) => new BodySketch { Path = path }.Build(name, line);
}
