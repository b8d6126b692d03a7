using StackLint.Frontend.Facts;

namespace StackLint.Rules.Model.CallGraph;

/// <summary>
/// Finds calls made only under one case of a dispatcher's switch (<see cref="CallbackRegistrations.DispatchCases"/>),
/// from the body skeleton: the statements of a case are the case's own statement and the siblings after it up to the
/// next label, and the case must not be fallen into from the one before it.
/// </summary>
public static class DispatchCaseCalls
{
    /// <summary>The dispatch case that alone reaches the call (a switch case or an if on the same field), or null.</summary>
    public static DispatchCase? Find(FunctionFacts function, CallSite site) =>
        FindInSwitch(function, site) ?? FindUnderIf(function, site);

    /// <summary>
    /// A call that runs only when an 'if' has found the field equal to a dispatch case's value: in the then-branch of
    /// 'if (X->MajorFunction == V)', in the else-branch of 'if (X->MajorFunction != V)', or after an
    /// 'if (X->MajorFunction != V) { ... return; }' in an enclosing block. The innermost such test decides; a test
    /// of the field that lets other values through (the then-branch of '!=') makes it none.
    /// </summary>
    private static DispatchCase? FindUnderIf(FunctionFacts function, CallSite site)
    {
        var body = function.Body;
        if (body.IsDefaultOrEmpty || !body.Any(n => n.Kind == BodyNodeKind.If && Test(n.Condition) is not null)) return null;
        int call = -1;
        for (int i = 0; i < body.Length; i++)
            if (body[i].Kind == BodyNodeKind.Call && body[i].CallIndex == site.Index) { call = i; break; }
        if (call < 0) return null;
        for (int child = call, parent = body[call].Parent, guard = 0; parent >= 0 && guard < body.Length; guard++)
        {
            if (body[parent].Kind == BodyNodeKind.If && body[child].Role is BodyRole.Then or BodyRole.Else
                && Test(body[parent].Condition) is { } test)
            {
                // Then-branch of '== V' or else-branch of '!= V': only V gets here. The other way round: V never does.
                bool onlyValue = test.EqualWhenTrue == (body[child].Role == BodyRole.Then);
                return onlyValue ? test.Case : null;
            }
            // An earlier statement of this block that leaves for every other value: 'if (X->F != V) return ...;'.
            for (int i = parent + 1; i < child; i++)
            {
                if (body[i].Parent != parent || body[i].Kind != BodyNodeKind.If || Test(body[i].Condition) is not { } exit
                    || exit.EqualWhenTrue) continue;
                int then = -1;
                bool hasElse = false;
                for (int j = i + 1; j < body.Length; j++)
                {
                    if (body[j].Parent != i) continue;
                    if (body[j].Role == BodyRole.Then && then < 0) then = j;
                    if (body[j].Role == BodyRole.Else) hasElse = true;
                }
                if (then >= 0 && !hasElse && EndsFlow(body, then)) return exit.Case;
            }
            child = parent;
            parent = body[parent].Parent;
        }
        return null;
    }

    /// <summary>A comparison of a dispatch case's field with its value ('X->MajorFunction == V', either side, '!=' too).</summary>
    private static (DispatchCase Case, bool EqualWhenTrue)? Test(Condition? condition)
    {
        if (condition is not { Operator: ConditionOperator.Equal or ConditionOperator.NotEqual, Right: { } right }) return null;
        var (field, constant) = condition.Left.Kind == OperandKind.Lvalue ? (condition.Left, right) : (right, condition.Left);
        if (field.Kind != OperandKind.Lvalue || constant is not { Kind: OperandKind.Constant, Value: { } value }) return null;
        bool equalWhenTrue = (condition.Operator == ConditionOperator.Equal) != condition.Negated;
        foreach (var entry in CallbackRegistrations.DispatchCases)
            if (entry.Value == value && string.Equals(entry.Subject, field.Name, StringComparison.Ordinal))
                return (entry, equalWhenTrue);
        return null;
    }

    /// <summary>Whether a switch's subject is a dispatch case's field (asked for every call of every function: no closure).</summary>
    private static bool IsDispatchSubject(string subject)
    {
        foreach (var entry in CallbackRegistrations.DispatchCases)
            if (string.Equals(entry.Subject, subject, StringComparison.Ordinal)) return true;
        return false;
    }

    private static DispatchCase? FindInSwitch(FunctionFacts function, CallSite site)
    {
        var body = function.Body;
        if (body.IsDefaultOrEmpty || !body.Any(n => n.Kind == BodyNodeKind.Switch && n.Label is { } l && IsDispatchSubject(l))) return null;
        int call = -1;
        for (int i = 0; i < body.Length; i++)
            if (body[i].Kind == BodyNodeKind.Call && body[i].CallIndex == site.Index) { call = i; break; }
        if (call < 0) return null;

        // The nearest enclosing switch, and the ancestor of the call that is a statement of its body.
        int child = call, parent = body[call].Parent, guard = 0;
        var casesOnPath = new List<int>();
        while (parent >= 0 && guard++ < body.Length)
        {
            if (body[child].Kind == BodyNodeKind.Case) casesOnPath.Add(child);
            if (body[parent].Kind == BodyNodeKind.Switch) break;
            child = parent;
            parent = body[parent].Parent;
        }
        if (parent < 0 || body[parent].Kind != BodyNodeKind.Switch || body[parent].Label is not { } subject) return null;
        // 'child' is the switch's body (a compound) or, for a switch with one statement, that statement.
        int compound = child;
        int statement = call;
        for (guard = 0; body[statement].Parent != compound && body[statement].Parent >= 0 && guard < body.Length; guard++)
            statement = body[statement].Parent;
        var siblings = new List<int>();
        for (int i = compound + 1; i < body.Length; i++)
            if (body[i].Parent == compound) siblings.Add(i);
        int at = siblings.IndexOf(statement);
        if (at < 0) return null;
        // The label that owns the statement: itself, or the nearest label before it.
        int owner = at;
        while (owner >= 0 && body[siblings[owner]].Kind is not (BodyNodeKind.Case or BodyNodeKind.Default)) owner--;
        if (owner < 0 || body[siblings[owner]].Kind != BodyNodeKind.Case) return null;
        // Falling into the case from the statements before it would reach the call for other values too.
        if (owner > 0 && !EndsFlow(body, siblings[owner - 1])) return null;
        // Every label on the way ('case A: case B: f();' nests B in A) must be the same value.
        var labels = new List<int> { siblings[owner] };
        labels.AddRange(casesOnPath);
        for (int n = siblings[owner]; ;)
        {
            int next = -1;
            for (int i = n + 1; i < body.Length && next < 0; i++)
                if (body[i].Parent == n) next = i;
            if (next < 0 || body[next].Kind != BodyNodeKind.Case) break;
            labels.Add(next);
            n = next;
        }
        foreach (var entry in CallbackRegistrations.DispatchCases)
        {
            if (!string.Equals(entry.Subject, subject, StringComparison.Ordinal)) continue;
            string value = entry.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (labels.All(l => string.Equals(body[l].Label, value, StringComparison.Ordinal))) return entry;
        }
        return null;
    }

    /// <summary>
    /// True when control cannot run past the statement: a jump, or a label or block whose last statement is one
    /// ('case X: return F();' ends its case). A bounded walk down the last children.
    /// </summary>
    private static bool EndsFlow(System.Collections.Immutable.ImmutableArray<BodyNode> body, int node)
    {
        for (int guard = 0; guard < body.Length; guard++)
        {
            switch (body[node].Kind)
            {
                case BodyNodeKind.Break or BodyNodeKind.Return or BodyNodeKind.Goto or BodyNodeKind.Continue:
                    return true;
                case BodyNodeKind.Case or BodyNodeKind.Default or BodyNodeKind.Compound:
                    int last = -1;
                    for (int i = node + 1; i < body.Length; i++)
                        if (body[i].Parent == node) last = i;
                    if (last < 0) return false;
                    node = last;
                    break;
                default:
                    return false;
            }
        }
        return false;
    }
}
