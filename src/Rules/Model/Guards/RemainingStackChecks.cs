using System.Collections.Immutable;
using StackLint.Frontend.Facts;

namespace StackLint.Rules.Model.Guards;

public enum StackQueryUse { Ignored, StoredInLocal, ComparedDirectly, Other }

/// <summary>A call to IoGetRemainingStackSize and what happened to its result.</summary>
public sealed record StackQuery(int CallIndex, StackQueryUse Use, string? StoredInto, SourceSpan Location);

/// <summary>
/// How a condition depends on the remaining stack: Source is "IoGetRemainingStackSize()" for a direct call
/// or the name of the local that holds the result (or a comparison of it), and LowWhenTrue says whether the
/// condition is true when the stack is low ('remaining &lt; X' is true when low; 'remaining &gt;= X' is not).
/// Threshold is X when it is a constant (the bytes the check asks to be left), null otherwise.
/// </summary>
public sealed record StackCondition(string Source, bool LowWhenTrue, long? Threshold = null);

/// <summary>
/// The remaining-stack checks of one function, recognised from its generic facts: the IoGetRemainingStackSize calls
/// (with what the caller does with each result) and the body nodes whose condition tests the remaining stack, either
/// directly ('IoGetRemainingStackSize() &lt; X') or through a local that holds the result ('remaining &gt;= X') or a
/// comparison of it ('if (low)').
/// </summary>
public sealed class RemainingStackChecks
{
    private static readonly RemainingStackChecks None = new([], ImmutableDictionary<int, StackCondition>.Empty);

    private readonly ImmutableDictionary<int, StackCondition> _conditions;

    private RemainingStackChecks(ImmutableArray<StackQuery> queries, ImmutableDictionary<int, StackCondition> conditions)
    {
        Queries = queries;
        _conditions = conditions;
    }

    public ImmutableArray<StackQuery> Queries { get; }

    /// <summary>True when some body node's condition tests the remaining stack.</summary>
    public bool HasConditions => !_conditions.IsEmpty;

    /// <summary>How the condition of a body node depends on the remaining stack, or null when it does not.</summary>
    public StackCondition? ConditionOf(int bodyNode) => _conditions.GetValueOrDefault(bodyNode);

    public static RemainingStackChecks Of(FunctionFacts function)
    {
        // Every stack test starts from a query in the same function: without one there is nothing to recognise.
        if (!function.Calls.Any(IsQuery)) return None;

        var queries = ImmutableArray.CreateBuilder<StackQuery>();
        foreach (var call in function.Calls)
            if (IsQuery(call))
                queries.Add(new StackQuery(call.Index, UseOf(call.ResultUse), call.ResultUse == CallResultUse.Stored ? call.ResultStoredInto : null, call.Location));

        var conditions = ImmutableDictionary.CreateBuilder<int, StackCondition>();
        if (!function.Body.IsDefaultOrEmpty)
        {
            var locals = new StackLocals(function);
            var body = function.Body;
            // An operand of && / || is judged with the stores made before its operator in source order; a whole
            // condition with every store of the function (a loop condition sees a local refreshed in the loop body).
            var operands = new List<int>();
            for (int i = 0; i < body.Length; i++)
                if (body[i].Condition is not null && IsOperand(body, i))
                    operands.Add(i);
            operands.Sort((a, b) => body[a].Parent.CompareTo(body[b].Parent));
            foreach (int node in operands)
            {
                locals.ApplyStoresBefore(body[node].Parent + 1);
                if (locals.Judge(body[node].Condition!) is { } condition)
                    conditions[node] = condition;
            }
            locals.ApplyStoresBefore(int.MaxValue);
            for (int i = 0; i < body.Length; i++)
                if (body[i].Condition is { } written && !IsOperand(body, i) && locals.Judge(written) is { } condition)
                    conditions[i] = condition;
        }
        return new RemainingStackChecks(queries.ToImmutable(), conditions.ToImmutable());
    }

    private static bool IsQuery(CallSite call) => call.CalleeName == StackHungryApis.RemainingStackQuery;

    private static bool IsOperand(ImmutableArray<BodyNode> body, int node) =>
        body[node].Kind == BodyNodeKind.Other && body[node].Parent >= 0 && body[node].Parent < body.Length
        && body[body[node].Parent].Kind is BodyNodeKind.LogicalAnd or BodyNodeKind.LogicalOr;

    private static StackQueryUse UseOf(CallResultUse use) => use switch
    {
        CallResultUse.Ignored => StackQueryUse.Ignored,
        CallResultUse.Stored => StackQueryUse.StoredInLocal,
        CallResultUse.Compared => StackQueryUse.ComparedDirectly,
        _ => StackQueryUse.Other,
    };

    /// <summary>
    /// The variables that hold the remaining stack (value null) or a comparison of it (true when it is true on low
    /// stack), replayed from the function's stores in source order. A store of anything else forgets the variable.
    /// </summary>
    private sealed class StackLocals(FunctionFacts function)
    {
        private readonly Dictionary<string, (bool? Low, long? Threshold)> _held = new(StringComparer.Ordinal);
        private int _next;

        public void ApplyStoresBefore(int order)
        {
            var stores = function.Assignments;
            for (; _next < stores.Length && stores[_next].Order < order; _next++)
            {
                var store = stores[_next];
                if (store.Value is { Operator: ConditionOperator.Value, Negated: false, Left: { Kind: OperandKind.Call, AssignedTo: null } call }
                    && IsQueryCall(call.CallIndex))
                    _held[store.Target] = (null, null);
                else if (store.Value is { } value && Judge(value) is { } comparison)
                    _held[store.Target] = (comparison.LowWhenTrue, comparison.Threshold);
                else
                    _held.Remove(store.Target);
            }
        }

        public StackCondition? Judge(Condition condition)
        {
            if (condition.Operator == ConditionOperator.Value)
            {
                return condition.Left is { Kind: OperandKind.Variable, Name: { } name, AssignedTo: null }
                    && _held.TryGetValue(name, out var held) && held.Low is bool l
                    ? new StackCondition(name, l ^ condition.Negated, held.Threshold)
                    : null;
            }

            var left = Source(condition.Left);
            var right = left is null && condition.Right is { } r ? Source(r) : null;
            bool? lowWhenTrue = (left, right, condition.Operator) switch
            {
                (not null, _, ConditionOperator.Less or ConditionOperator.LessOrEqual) => true,
                (not null, _, ConditionOperator.Greater or ConditionOperator.GreaterOrEqual) => false,
                (null, not null, ConditionOperator.Greater or ConditionOperator.GreaterOrEqual) => true,
                (null, not null, ConditionOperator.Less or ConditionOperator.LessOrEqual) => false,
                _ => null,
            };
            if (lowWhenTrue is null) return null;
            // The other side of the comparison, when it is a constant: how many bytes the check asks to be left.
            var other = left is not null ? condition.Right : condition.Left;
            long? threshold = other is { Kind: OperandKind.Constant, Value: long bytes } ? bytes : null;
            return new StackCondition((left ?? right)!, lowWhenTrue.Value ^ condition.Negated, threshold);
        }

        /// <summary>What a comparison operand says about the remaining stack: the query itself, or a variable holding it.</summary>
        private string? Source(Operand operand) => operand switch
        {
            { Kind: OperandKind.Call } when IsQueryCall(operand.CallIndex) => operand.AssignedTo ?? StackHungryApis.RemainingStackQuery + "()",
            { Kind: OperandKind.Variable, Name: { } name, AssignedTo: null } when _held.TryGetValue(name, out var held) && held.Low is null => name,
            _ => null,
        };

        private bool IsQueryCall(int index) => index >= 0 && index < function.Calls.Length && IsQuery(function.Calls[index]);
    }
}
