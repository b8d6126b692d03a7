using System.Collections.Immutable;
using StackLint.Frontend.Facts;

namespace StackLint.Rules.Model.CallGraph;

public enum BitAction { Test, Set, Clear }

/// <summary>
/// What a call does to one bit: tests, sets or clears it. The bit lives in Field of what parameter Object points to
/// (Field null: in the word Object points to itself), or, once resolved at a call that passes '&amp;x->Flags', in that
/// field (Object -1). Field is a <see cref="FieldIdentity"/> key: the record and member when the facts know them. The bit is Mask, or, when Mask is null, the bit whose number parameter BitParameter
/// holds. Concrete: a named field and a known mask, what the recursion proofs compare.
/// </summary>
public sealed record BitEffect(BitAction Action, int Object, string? Field, long? Mask, int BitParameter, string Via)
{
    public bool IsConcrete => Field is not null && Mask is long m && m != 0;
}

/// <summary>
/// Bit helpers: small functions that only test, set or clear one bit of what an argument points to
/// ('static inline int buffer_dirty(struct buffer_head *bh) { return test_bit(BH_Dirty, &amp;bh->b_state); }', or
/// 'VOID MarkAborted(PLOG Log) { Log->Flags |= LOG_ABORTED; }'), read from their facts and folded into the callers'
/// analysis as if inlined, so a test or store written through a helper counts like one written in place. A helper is
/// straight-line code (no branch, loop or jump) with one effect: a masked test it returns, a '|=' or '&amp;= ~' on its
/// argument, a call of an interlocked bit intrinsic, or a call of another helper. Stores into its parameters other
/// than those (word-index arithmetic such as 'addr += nr &gt;&gt; 6; nr &amp;= 63') are allowed; a constant stored into
/// a parameter is not. A function that leaves a bit set on every return ('if (Log->Flags &amp; ABORTED) return;
/// Log->Flags |= ABORTED; ...') is a Set too. Summaries are computed on demand over an explicit stack.
/// </summary>
public sealed class BitHelpers(ProgramCallGraph graph)
{
    private readonly ProgramCallGraph _graph = graph;
    private readonly Dictionary<int, BitEffect?> _effects = [];

    /// <summary>The interlocked and bit-test intrinsics: what each does, and whether its second argument is a mask or a bit number.</summary>
    private static readonly Dictionary<string, (BitAction Action, bool BitNumber)> Intrinsics = BuildIntrinsics();

    private static Dictionary<string, (BitAction, bool)> BuildIntrinsics()
    {
        var table = new Dictionary<string, (BitAction, bool)>(StringComparer.Ordinal);
        foreach (var width in new[] { "", "8", "16", "64" })
            foreach (var prefix in new[] { "Interlocked", "_Interlocked" })
            {
                table[prefix + "Or" + width] = (BitAction.Set, false);
                table[prefix + "And" + width] = (BitAction.Clear, false);
            }
        foreach (var suffix in new[] { "", "64" })
        {
            table["InterlockedBitTestAndSet" + suffix] = (BitAction.Set, true);
            table["InterlockedBitTestAndReset" + suffix] = (BitAction.Clear, true);
            table["_interlockedbittestandset" + suffix] = (BitAction.Set, true);
            table["_interlockedbittestandreset" + suffix] = (BitAction.Clear, true);
            table["BitTestAndSet" + suffix] = (BitAction.Set, true);
            table["BitTestAndReset" + suffix] = (BitAction.Clear, true);
            table["_bittestandset" + suffix] = (BitAction.Set, true);
            table["_bittestandreset" + suffix] = (BitAction.Clear, true);
            table["_bittest" + suffix] = (BitAction.Test, true);
            table["BitTest" + suffix] = (BitAction.Test, true);
        }
        return table;
    }

    /// <summary>The effect a call site has, in the caller's terms (a concrete field and mask, or the caller's own parameters), or null.</summary>
    public BitEffect? AtCall(FunctionFacts caller, int callerNode, CallSite site)
    {
        BitEffect? effect;
        if (site.CalleeName is { } name && Intrinsics.TryGetValue(name, out var intrinsic))
        {
            if (site.Arguments.Length < 2) return null;
            var mask = site.Arguments[1];
            if (intrinsic.BitNumber)
                effect = new BitEffect(intrinsic.Action, 0, null, null, 1, name);
            else if (mask.ConstantValue is long k)
                effect = new BitEffect(intrinsic.Action, 0, null, intrinsic.Action == BitAction.Clear ? ~k : k, -1, name);
            else if (mask.BitOf is not null && mask.BitInverted == (intrinsic.Action == BitAction.Clear))
                effect = new BitEffect(intrinsic.Action, 0, null, null, 1, name);
            else
                return null;
            // The intrinsic's own "bit number" argument is the site's argument 1 (a mask built from a variable counts as that variable).
            return Resolve(effect, caller, site, bitFromShift: !intrinsic.BitNumber);
        }
        int callee = -1;
        foreach (var edge in _graph.CallsFrom(callerNode))
            if (edge.Site is { } s && s.Index == site.Index && edge.Kind == CallEdgeKind.Direct && _graph.Nodes[edge.Callee].IsDefined)
                callee = edge.Callee;
        if (callee < 0 || EffectOf(callee) is not { } summary) return null;
        return Resolve(summary with { Via = _graph.Nodes[callee].Name }, caller, site, bitFromShift: false);
    }

    /// <summary>A callee's effect seen from the call: its object and bit arguments replaced by what the call passes.</summary>
    private static BitEffect? Resolve(BitEffect effect, FunctionFacts caller, CallSite site, bool bitFromShift)
    {
        if (effect.Object >= 0)
        {
            if (effect.Object >= site.Arguments.Length) return null;
            var target = site.Arguments[effect.Object];
            int parameter = ParameterIndex(caller, target.ByAddress ? null : target.Lvalue);
            if (effect.Field is null && target is { ByAddress: true, Lvalue: { } field } && field.StartsWith("->", StringComparison.Ordinal))
                effect = effect with { Object = -1, Field = FieldIdentity.Key(field, target.Field) };
            else if (effect.Field is null && parameter >= 0)
                effect = effect with { Object = parameter };
            else if (effect.Field is not null && parameter >= 0)
                effect = effect with { Object = parameter };
            else if (effect.Field is not null && target.Lvalue is not null && !target.ByAddress)
                effect = effect with { Object = -1 };
            else
                return null;
        }
        if (effect.Mask is null)
        {
            if (effect.BitParameter < 0 || effect.BitParameter >= site.Arguments.Length) return null;
            var bit = site.Arguments[effect.BitParameter];
            if (bit.ConstantValue is long k && k is >= 0 and < 63)
                effect = effect with { Mask = 1L << (int)k, BitParameter = -1 };
            else if (ParameterIndex(caller, bitFromShift ? bit.BitOf : bit.ByAddress ? null : bit.Lvalue) is int p and >= 0)
                effect = effect with { BitParameter = p };
            else
                return null;
        }
        return effect;
    }

    private static int ParameterIndex(FunctionFacts function, string? name)
    {
        if (name is null) return -1;
        for (int i = 0; i < function.Parameters.Length; i++)
            if (function.Parameters[i].Name == name) return i;
        return -1;
    }

    /// <summary>The effect of calling a defined function, in terms of its own parameters; null when it is no bit helper.</summary>
    public BitEffect? EffectOf(int node)
    {
        if (_effects.TryGetValue(node, out var known)) return known;
        // Helpers call helpers: settle callees first, over an explicit stack (a helper chain in progress reads as no helper).
        var stack = new Stack<(int Node, bool Expanded)>();
        stack.Push((node, false));
        var pending = new HashSet<int>();
        while (stack.Count > 0)
        {
            var (n, expanded) = stack.Pop();
            if (_effects.ContainsKey(n)) continue;
            if (!expanded)
            {
                pending.Add(n);
                stack.Push((n, true));
                if (Candidate(n) is { } f && IsStraight(f) && f.Calls.Length <= 2)
                    foreach (var edge in _graph.CallsFrom(n))
                        if (edge.Kind == CallEdgeKind.Direct && _graph.Nodes[edge.Callee].IsDefined && !_effects.ContainsKey(edge.Callee) && !pending.Contains(edge.Callee)
                            && !(edge.Site?.CalleeName is { } callee && Intrinsics.ContainsKey(callee)))
                            stack.Push((edge.Callee, false));
                continue;
            }
            // In progress while its own callees are read: a helper that reaches itself is no helper.
            _effects[n] = null;
            _effects[n] = Candidate(n) is { } function ? Summarize(n, function) : null;
        }
        return _effects[node];
    }

    private FunctionFacts? Candidate(int node) =>
        _graph.Nodes[node].Definition?.Function is { } f && !f.Body.IsDefaultOrEmpty ? f : null;

    private static bool IsStraight(FunctionFacts function) =>
        !function.Body.Any(b => b.Kind is BodyNodeKind.If or BodyNodeKind.While or BodyNodeKind.DoWhile or BodyNodeKind.For
            or BodyNodeKind.Switch or BodyNodeKind.Conditional or BodyNodeKind.LogicalAnd or BodyNodeKind.LogicalOr or BodyNodeKind.Try);

    private BitEffect? Summarize(int node, FunctionFacts function)
    {
        if (function.Parameters.IsDefaultOrEmpty) return null;
        if (function.Body.Any(b => b.Kind is BodyNodeKind.Goto or BodyNodeKind.Label)) return null;
        if (!IsStraight(function)) return EnsuresSet(function);
        // A value stored into a parameter changes which bit or word is meant (word-index arithmetic is not described).
        if (function.Assignments.Any(a => (a.Value is not null || a.Step is not null) && ParameterIndex(function, a.Target) >= 0)) return null;
        if (function.Calls.Length > 2) return null;

        var effects = new List<BitEffect>();
        foreach (var call in function.Calls)
        {
            if (AtCall(function, node, call) is not { } e) return null;
            effects.Add(e);
        }
        foreach (var store in function.BitStores)
        {
            // 'nr &= 31' keeps a bit number inside one word: not a bit of the object.
            if (ParameterIndex(function, store.Target) is int p and >= 0 && function.Parameters[p].Type.Category != TypeCategory.Pointer) continue;
            if (Own(function, store.Target, store.Field) is not { } own || !SingleBit(store.Mask)) return null;
            effects.Add(new BitEffect(store.Set ? BitAction.Set : BitAction.Clear, own.Object, own.Field, store.Mask, -1, function.Name));
        }
        if (effects.Count == 0 && function.Returns.Length == 1 && function.Returns[0].Value is { } value && TestOf(function, value) is { } test)
            effects.Add(test);
        if (effects.Count != 1) return null;
        var effect = effects[0];
        return effect.Object >= 0 || effect.IsConcrete ? effect with { Via = function.Name } : null;
    }

    /// <summary>A returned 'word &amp; mask' (or a comparison of it with 0): a test of that bit of what a parameter points to.</summary>
    private static BitEffect? TestOf(FunctionFacts function, Condition value)
    {
        bool plain = value.Operator == ConditionOperator.Value && !value.Negated
            || value.Operator == ConditionOperator.NotEqual && value.Right is { } r && (r.Kind == OperandKind.Null || r is { Kind: OperandKind.Constant, Value: 0 }) && !value.Negated;
        if (!plain || value.Left is not { Kind: OperandKind.Masked, Name: { } word } masked || Own(function, word, masked.Field) is not { } own) return null;
        if (masked.Value is long mask)
            return SingleBit(mask) ? new BitEffect(BitAction.Test, own.Object, own.Field, mask, -1, function.Name) : null;
        return ParameterIndex(function, masked.BitOf) is int p and >= 0 ? new BitEffect(BitAction.Test, own.Object, own.Field, null, p, function.Name) : null;
    }

    /// <summary>
    /// What a helper's lvalue names in terms of its parameters: 'p', '*p' or 'p[...]' (the word p points to), or
    /// '->F' (field F of what its one pointer parameter points to; field: which one, see <see cref="FieldIdentity"/>).
    /// </summary>
    private static (int Object, string? Field)? Own(FunctionFacts function, string lvalue, string? field)
    {
        if (lvalue.StartsWith("->", StringComparison.Ordinal))
        {
            var pointers = Enumerable.Range(0, function.Parameters.Length).Where(i => function.Parameters[i].Type.Category == TypeCategory.Pointer).ToList();
            return pointers.Count == 1 ? (pointers[0], FieldIdentity.Key(lvalue, field)) : null;
        }
        int p = ParameterIndex(function, lvalue.TrimStart('*'));
        return p >= 0 && function.Parameters[p].Type.Category == TypeCategory.Pointer ? (p, null) : null;
    }

    private static bool SingleBit(long mask) => mask != 0 && (mask & (mask - 1)) == 0;

    /// <summary>
    /// A function that leaves a bit of a field set on every return: it sets it at its top level ('x->Flags |= K;' in no
    /// branch or loop), clears it nowhere, and every return before that store sits in the branch taken when the bit is
    /// already set ('if (x->Flags &amp; K) return;').
    /// </summary>
    private static BitEffect? EnsuresSet(FunctionFacts function)
    {
        var body = function.Body;
        foreach (var store in function.BitStores)
        {
            if (!store.Set || store.Parent != 0 || !SingleBit(store.Mask) || Own(function, store.Target, store.Field) is not { Field: { } key } own) continue;
            if (function.BitStores.Any(b => !b.Set && FieldIdentity.MayBeSame(FieldIdentity.Key(b.Target, b.Field), key) && (b.Mask & store.Mask) != 0)) continue;
            // Another store into the field ('x->Flags = 0'); the '|=' itself is recorded as a field store too.
            if (function.FieldStores.Any(f => FieldIdentity.MayBeSame(FieldIdentity.Key(f.Target, f.Field), key) && !(f.Order == store.Order && f.Line == store.Line))) continue;
            bool ok = true;
            foreach (var ret in body.Where(b => b.Kind == BodyNodeKind.Return && b.Id < store.Order))
                if (!UnderSetTest(body, ret.Id, key, store.Mask)) ok = false;
            if (ok) return new BitEffect(BitAction.Set, own.Object, own.Field, store.Mask, -1, function.Name);
        }
        return null;
    }

    /// <summary>Whether a node sits in the branch of an 'if' taken when bit 'mask' of 'field' is set.</summary>
    private static bool UnderSetTest(ImmutableArray<BodyNode> body, int node, string field, long mask)
    {
        // Parents come before their children in pre-order, so the walk up is bounded by the node count.
        for (int child = node, n = body[node].Parent, guard = 0; n >= 0 && guard <= body.Length; child = n, n = body[n].Parent, guard++)
        {
            if (body[n].Kind != BodyNodeKind.If || body[child].Role is not (BodyRole.Then or BodyRole.Else)) continue;
            if (body[n].Condition is not { } c || c.Operator != ConditionOperator.Value || c.Left is not { Kind: OperandKind.Masked, Name: { } name, Value: long m }
                || FieldIdentity.Key(name, c.Left.Field) != field || (m & mask) != mask) continue;
            bool setWhenTrue = !c.Negated;
            if ((body[child].Role == BodyRole.Then) == setWhenTrue) return true;
        }
        return false;
    }
}
