using System.Globalization;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model.ControlFlow;

namespace StackLint.Rules.Model.CallGraph;

/// <summary>
/// Recognises a self-recursion that its own argument bounds to one level: every recursive call of the function runs
/// only past a test of a parameter ('if (Irp == NULL)', 'if (p)', 'if (Depth == 0)'), and every recursive call passes
/// a value that fails that test (NULL, a constant, an address, a pointer it has just tested is not NULL). The nested
/// call then makes no further recursive call. Read from the generic condition facts: a test counts only outside
/// loops, on a parameter nothing stores into before it or takes the address of.
/// </summary>
public static class BoundedRecursion
{
    /// <summary>Why a cyclic component goes at most one level deep (one sentence fragment), or null when nothing says so.</summary>
    public static string? Bound(ProgramCallGraph graph, StronglyConnectedComponents components, int component)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(components);
        var members = components.Members(component);
        if (members.Length != 1 || graph.Nodes[members[0]].Definition is not { } definition) return null;
        int node = members[0];
        var function = definition.Function;
        if (function.Body.IsDefaultOrEmpty) return null;
        var recursive = graph.CallsFrom(node).Where(e => e.Callee == node).ToList();
        if (recursive.Count == 0 || recursive.Any(e => e.Kind != CallEdgeKind.Direct || e.Site is null)) return null;

        var flow = ControlFlowGraph.Build(function.Body);
        string? reason = null;
        foreach (var inner in recursive)
        {
            if (flow.NodeOfCall(inner.Site!.Index) is not int innerNode) return null;
            var guards = ParameterTests(function, flow, innerNode);
            foreach (var outer in recursive)
            {
                if (flow.NodeOfCall(outer.Site!.Index) is not int outerNode) return null;
                string? stopped = null;
                foreach (var guard in guards)
                {
                    if (guard.Parameter >= outer.Site.Arguments.Length) continue;
                    if (ValueAt(function, flow, outerNode, outer.Site.Arguments[guard.Parameter]) is { } value && guard.FailsFor(value))
                    {
                        stopped = string.Create(CultureInfo.InvariantCulture,
                            $"it recurses only past its test of '{function.Parameters[guard.Parameter].Name}' (line {guard.Line:N0}) and its recursive call passes {value.Text}, which fails that test, so the recursion is one level deep");
                        break;
                    }
                }
                if (stopped is null) return null;
                reason ??= stopped;
            }
        }
        return reason;
    }

    /// <summary>What is known of a value: exactly Constant, or only that it is not zero.</summary>
    private sealed record Known(long? Constant, string Text);

    /// <summary>'parameter op K' (negated or not) must come out as Required for the guarded call to run.</summary>
    private sealed record ParameterTest(int Parameter, ConditionOperator Operator, long K, bool Negated, bool Required, int Line)
    {
        public bool FailsFor(Known value)
        {
            bool? result;
            if (value.Constant is long a)
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
    private static List<ParameterTest> ParameterTests(FunctionFacts function, ControlFlowGraph flow, int callNode)
    {
        var tests = new List<ParameterTest>();
        foreach (var outcome in flow.Conditions)
        {
            bool? required = flow.Dominates(outcome.WhenTrue, callNode) ? true : flow.Dominates(outcome.WhenFalse, callNode) ? false : null;
            if (required is null || InLoop(function.Body, outcome.BodyNode)) continue;
            var body = function.Body[outcome.BodyNode];
            if (Normalize(body.Condition) is not { } test) continue;
            var (name, op, k, negated) = test;
            int parameter = -1;
            for (int i = 0; i < function.Parameters.Length && parameter < 0; i++)
                if (function.Parameters[i].Name == name) parameter = i;
            if (parameter < 0 || AddressTaken(function, name)) continue;
            if (function.Assignments.Any(a => a.Target == name && a.Order <= outcome.BodyNode)) continue;
            tests.Add(new ParameterTest(parameter, op, k, negated, required.Value, body.Line));
        }
        return tests;
    }

    /// <summary>What is known at a call of the value passed as one argument.</summary>
    private static Known? ValueAt(FunctionFacts function, ControlFlowGraph flow, int callNode, CallArgument argument)
    {
        if (argument.IsNullPointer)
            return new Known(0, "NULL");
        if (argument.ConstantValue is long constant)
            return new Known(constant, constant == 0 && argument.Type.Category == TypeCategory.Pointer ? "NULL" : "the constant " + constant.ToString(CultureInfo.InvariantCulture));
        if (argument.ByAddress && argument.Lvalue is { } target)
            return new Known(null, $"the address of '{target}'");
        if (argument.Lvalue is not { } variable || variable.StartsWith("->", StringComparison.Ordinal) || variable.StartsWith('*') || AddressTaken(function, variable))
            return null;

        // A variable the caller has just tested is not zero, with no store into it between the test and the call.
        int callBody = flow.Nodes[callNode].BodyNode;
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
            return new Known(null, string.Create(CultureInfo.InvariantCulture, $"'{variable}' after testing it is not NULL (line {body.Line:N0})"));
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

    private static bool InLoop(System.Collections.Immutable.ImmutableArray<BodyNode> body, int node)
    {
        // Parents come before their children in pre-order, so the walk up is bounded by the node count.
        for (int n = body[node].Parent, guard = 0; n >= 0 && n < body.Length && guard <= body.Length; n = body[n].Parent, guard++)
            if (body[n].Kind is BodyNodeKind.While or BodyNodeKind.DoWhile or BodyNodeKind.For)
                return true;
        return false;
    }

    private static bool AddressTaken(FunctionFacts function, string variable) =>
        function.Calls.Any(c => c.Arguments.Any(a => a.ByAddress && a.Lvalue == variable));
}
