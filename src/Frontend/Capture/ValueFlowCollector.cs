using StackLint.Frontend.Facts;
using StackLint.Frontend.Interop;

namespace StackLint.Frontend;

/// <summary>
/// Collects <see cref="ValueFlow"/>s: lvalues and call results stored into variables and fields, and returned. A
/// stored value that is itself an lvalue is recorded where the store is seen; a call's result is recorded when the
/// walk reaches the call, which carries the store's target down to it.
/// </summary>
internal sealed class ValueFlowCollector(FactsExtractor x, ExpressionReader expressions, bool inFunction)
{
    /// <summary>The <see cref="ValueFlow.Target"/> of a return statement.</summary>
    public const string ReturnTarget = "return";

    private readonly FactsExtractor _x = x;
    private readonly ExpressionReader _e = expressions;

    public List<ValueFlow> Flows { get; } = [];

    /// <summary>
    /// Where a stored value goes: when the value is itself an lvalue the flow is recorded here and null returned;
    /// otherwise the target, carried down to the call that computes the value (if there is one).
    /// </summary>
    public StoreTarget? StoreOf(StoreTarget? target, CXCursor value)
    {
        if (target is not { } to || !inFunction)
        {
            return null;
        }

        var source = _e.Lvalue(value, out var byAddress, out var sourceField);
        if (source is null || byAddress)
        {
            return target;
        }

        Flows.Add(new ValueFlow(to.Lvalue, source, -1, Math.Max(1, _x.Position(NativeMethods.clang_getCursorLocation(value)).Line), to.Field, sourceField));
        return null;
    }

    /// <summary>The result of call <paramref name="callIndex"/> is stored into <paramref name="target"/>.</summary>
    public void AddCallResult(StoreTarget target, int callIndex, int line) => Flows.Add(new ValueFlow(target.Lvalue, null, callIndex, line, target.Field));
}

/// <summary>Where a value is stored: an lvalue (or "return"), and when it is a struct member, which field (<see cref="FieldIdentity"/>).</summary>
internal readonly record struct StoreTarget(string Lvalue, string? Field = null);
