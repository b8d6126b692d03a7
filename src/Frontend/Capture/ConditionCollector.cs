using StackLint.Frontend.Facts;
using StackLint.Frontend.Interop;

namespace StackLint.Frontend;

/// <summary>
/// Collects the generic facts about tests and stores: a <see cref="Condition"/> for each condition node of the body
/// skeleton and an <see cref="Assignment"/> for each store into a variable by name. What a condition means (a
/// remaining-stack check, a null test) is for the rules' model to decide. Conditions and stored values are described
/// after the walk, when every call they contain has its index.
/// </summary>
internal sealed class ConditionCollector(FactsExtractor x, ExpressionReader expressions)
{
    private readonly FactsExtractor _x = x;
    private readonly ExpressionReader _e = expressions;
    private readonly Dictionary<CXCursor, int> _callIndex = [];
    private readonly List<(int Node, CXCursor Condition, bool Negated)> _conditions = [];
    private readonly List<(string Target, CXCursor Value, int Order, int Line, long? Step, int Parent)> _stores = [];

    public List<Assignment> Assignments { get; } = [];

    /// <summary>Returned values (Target "return").</summary>
    public List<Assignment> Returns { get; } = [];

    /// <summary>Stores into fields (Target "->Name").</summary>
    public List<Assignment> FieldStores { get; } = [];

    private readonly List<(string Target, CXCursor Value, int Order, int Line, int Parent, bool Described, string? Field)> _otherStores = [];

    /// <summary>Stores that set or clear constant bits of a variable or field.</summary>
    public List<BitStore> BitStores { get; } = [];

    /// <summary>A call of the function was given its index.</summary>
    public void NoteCall(CXCursor call, int index) => _callIndex[call] = index;

    /// <summary>The condition of a skeleton node (ignored for node -1: no function).</summary>
    public void NoteCondition(int node, CXCursor condition, bool negated)
    {
        if (node >= 0)
        {
            _conditions.Add((node, condition, negated));
        }
    }

    /// <summary>A store into a variable, before the body node with id <paramref name="order"/>; step: it adds that constant to the variable.</summary>
    public void NoteAssignment(string target, CXCursor value, int order, int line, int parent, long? step = null) => _stores.Add((target, value, order, line, step, parent));

    /// <summary>A returned value ("return") or a store into a field ("->Name"; described: a plain '=', not 'op=').</summary>
    public void NoteOtherStore(string target, CXCursor value, int order, int line, int parent, bool described, string? field = null) =>
        _otherStores.Add((target, value, order, line, parent, described, field));

    /// <summary>
    /// Whether an operand of '&amp;&amp;' or '||' gets a node of its own to carry its condition: it tests a variable or
    /// an lvalue, or is a comparison. (Its calls are not indexed yet, so a bare call does not qualify.)
    /// </summary>
    public bool IsTestedOperand(CXCursor operand) =>
        Describe(operand, negated: false) is { } c && (c.Operator != ConditionOperator.Value || c.Left.Kind is OperandKind.Variable or OperandKind.Lvalue);

    /// <summary>Describes every noted condition and store, once the walk has indexed all calls.</summary>
    public void Resolve(List<BodyNode> nodes)
    {
        foreach (var (node, cursor, negated) in _conditions)
        {
            if (node < nodes.Count && Describe(cursor, negated) is { } condition)
            {
                nodes[node] = nodes[node] with { Condition = condition };
            }
        }

        foreach (var (target, value, order, line, step, parent) in _stores)
        {
            Assignments.Add(new Assignment(target, step is null ? Describe(value, negated: false) : null, order, line, step, parent));
        }

        foreach (var (target, value, order, line, parent, described, field) in _otherStores)
        {
            var store = new Assignment(target, described ? Describe(value, negated: false) : null, order, line, Parent: parent, Field: field);
            (target == ReturnTarget ? Returns : FieldStores).Add(store);
        }
    }

    private Condition? Describe(CXCursor expression, bool negated)
    {
        var c = expression;
        for (var guard = 0; guard < 256; guard++)
        {
            c = _e.Strip(c);
            if (c.CursorKind != CursorKind.UnaryOperator || _x.UnaryOperator(c) != UnaryOperatorKind.LNot)
            {
                break;
            }

            var operand = _x.Collector.Children(c);
            if (operand.Length != 1)
            {
                return null;
            }

            negated = !negated;
            c = operand[0];
        }

        if (c.CursorKind == CursorKind.BinaryOperator)
        {
            var sides = _x.Collector.Children(c);
            if (sides.Length != 2)
            {
                return null;
            }

            var kind = _x.BinaryOperator(c, sides);
            ConditionOperator? op = kind switch
            {
                BinaryOperatorKind.LT => ConditionOperator.Less,
                BinaryOperatorKind.LE => ConditionOperator.LessOrEqual,
                BinaryOperatorKind.GT => ConditionOperator.Greater,
                BinaryOperatorKind.GE => ConditionOperator.GreaterOrEqual,
                BinaryOperatorKind.EQ => ConditionOperator.Equal,
                BinaryOperatorKind.NE => ConditionOperator.NotEqual,
                _ => null,
            };
            if (op is not null)
            {
                return new Condition(op.Value, negated, Operand(sides[0]), Operand(sides[1]));
            }

            // Any other operator is not described, but a bit test ('flags & K') is a value (Leaf).
            if (kind != BinaryOperatorKind.And)
            {
                return null;
            }
        }

        var value = Leaf(c);
        return value.Kind == OperandKind.Other ? null : new Condition(ConditionOperator.Value, negated, value);
    }

    private static readonly Operand OtherOperand = new(OperandKind.Other);

    /// <summary>The target of a returned value.</summary>
    public const string ReturnTarget = "return";

    /// <summary>A side of a comparison: an assignment stands for the value it stores, remembering where.</summary>
    private Operand Operand(CXCursor expression)
    {
        var c = _e.Strip(expression);
        if (c.CursorKind == CursorKind.BinaryOperator)
        {
            var sides = _x.Collector.Children(c);
            if (sides.Length == 2 && _x.BinaryOperator(c, sides) == BinaryOperatorKind.Assign)
            {
                var target = _e.Strip(sides[0]);
                return Leaf(sides[1]) with { AssignedTo = target.CursorKind == CursorKind.DeclRefExpr ? Cursors.Spelling(target) : null };
            }
        }

        return Leaf(expression);
    }

    private Operand Leaf(CXCursor expression)
    {
        var c = _e.Strip(expression);
        switch (c.CursorKind)
        {
            case CursorKind.BinaryOperator:
            {
                // 'flags & K': a bit test of a variable or lvalue.
                var sides = _x.Collector.Children(c);
                if (sides.Length == 2 && _x.BinaryOperator(c, sides) == BinaryOperatorKind.And)
                {
                    var (tested, mask) = Cursors.EvaluateInteger(sides[1]) is { } k1 ? (sides[0], k1) : Cursors.EvaluateInteger(sides[0]) is { } k0 ? (sides[1], k0) : (default, 0L);
                    if (tested.Kind != 0 && Leaf(tested) is { Kind: OperandKind.Variable or OperandKind.Lvalue, Name: { } name } leaf)
                    {
                        return new Operand(OperandKind.Masked, name, Value: mask, Field: leaf.Field);
                    }

                    // 'word & (1 << nr)': a bit whose number is a variable (bit helpers).
                    for (var side = 0; side < 2 && tested.Kind == 0; side++)
                    {
                        if (_e.ShiftedBit(sides[side], out var inverted) is { } bit && !inverted
                            && Leaf(sides[1 - side]) is { Kind: OperandKind.Variable or OperandKind.Lvalue, Name: { } word } wordLeaf)
                        {
                            return new Operand(OperandKind.Masked, word, BitOf: bit, Field: wordLeaf.Field);
                        }
                    }
                }

                break;
            }

            case CursorKind.CallExpr:
                return _callIndex.TryGetValue(c, out var index) ? new Operand(OperandKind.Call, CallIndex: index) : OtherOperand;
            case CursorKind.DeclRefExpr:
            {
                var referenced = Cursors.Referenced(c);
                if (!Cursors.IsNull(referenced) && referenced.CursorKind is CursorKind.VarDecl or CursorKind.ParmDecl)
                {
                    return new Operand(OperandKind.Variable, Cursors.Spelling(c));
                }

                break;
            }

            case CursorKind.MemberRefExpr:
            case CursorKind.UnaryOperator:
            case CursorKind.ArraySubscriptExpr:
            {
                var lvalue = _e.Lvalue(c, out var byAddress, out var field);
                if (lvalue is not null && !byAddress)
                {
                    return new Operand(OperandKind.Lvalue, lvalue, Field: field);
                }

                break;
            }
        }

        if (Cursors.EvaluateInteger(c) is not { } constant)
        {
            return OtherOperand;
        }

        var type = NativeMethods.clang_getCanonicalType(NativeMethods.clang_getCursorType(expression));
        return constant == 0 && type.TypeKind == TypeKind.Pointer ? new Operand(OperandKind.Null) : new Operand(OperandKind.Constant, Value: constant);
    }
}
