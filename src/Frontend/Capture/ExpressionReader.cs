using StackLint.Frontend.Facts;
using StackLint.Frontend.Interop;

namespace StackLint.Frontend;

/// <summary>
/// Reads the shape of one expression for the collectors: what it names as an lvalue, the text of a string literal,
/// the expression under parentheses and casts. Every walk here is a bounded loop over one expression, not recursion.
/// </summary>
internal sealed class ExpressionReader(FactsExtractor x)
{
    private readonly FactsExtractor _x = x;

    public static bool IsExpression(CursorKind k) => (int)k is >= 100 and < 200;

    private CXCursor[] Children(CXCursor c) => _x.Collector.Children(c);

    /// <summary>
    /// Steps through one '&amp;' or '*' of the given kind at c (false for a malformed operator with no single operand);
    /// peeled says whether there was one.
    /// </summary>
    private bool Peel(ref CXCursor c, UnaryOperatorKind kind, out bool peeled)
    {
        peeled = false;
        if (c.CursorKind != CursorKind.UnaryOperator || _x.UnaryOperator(c) != kind)
        {
            return true;
        }

        var inner = Children(c);
        if (inner.Length != 1)
        {
            return false;
        }

        peeled = true;
        c = Strip(inner[0]);
        return true;
    }

    /// <summary>The lvalue an expression names, encoded as <see cref="CallArgument.Lvalue"/>; null when it names none.</summary>
    public string? Lvalue(CXCursor expression, out bool byAddress) => Lvalue(expression, out byAddress, out _);

    /// <summary>
    /// The lvalue an expression names, and, when it is a struct member, which field (<see cref="FieldIdentity"/>;
    /// null for anything else or when libclang does not say).
    /// </summary>
    public string? Lvalue(CXCursor expression, out bool byAddress, out string? field)
    {
        field = null;
        var c = Strip(expression);
        if (!Peel(ref c, UnaryOperatorKind.AddrOf, out byAddress) || !Peel(ref c, UnaryOperatorKind.Deref, out var deref))
        {
            return null;
        }

        // An array element stands for its array ('Handles[i]' is "Handles"); a bounded walk, not recursion.
        for (var guard = 0; guard < 16 && c.CursorKind == CursorKind.ArraySubscriptExpr; guard++)
        {
            var parts = Children(c);
            if (parts.Length == 0)
            {
                return null;
            }

            c = Strip(parts[0]);
        }

        string? name = null;
        if (c.CursorKind == CursorKind.DeclRefExpr)
        {
            var referenced = Cursors.Referenced(c);
            if (!Cursors.IsNull(referenced) && referenced.CursorKind is CursorKind.VarDecl or CursorKind.ParmDecl)
            {
                name = Cursors.Spelling(referenced);
            }
        }
        else if (c.CursorKind == CursorKind.MemberRefExpr)
        {
            var member = Cursors.Spelling(c);
            name = member.Length > 0 ? "->" + member : null;
            field = name is null ? null : FieldOf(Cursors.Referenced(c));
        }

        if (name is null)
        {
            byAddress = false;
            field = null;
            return null;
        }

        return deref && !name.StartsWith("->", StringComparison.Ordinal) ? "*" + name : name;
    }

    /// <summary>
    /// A field declaration as <see cref="FieldIdentity"/> spells it: the canonical type of the record that declares
    /// it, "::", its name ("struct _LOG::Flags"); null for a cursor that is no field.
    /// </summary>
    public static string? FieldOf(CXCursor declaration)
    {
        if (Cursors.IsNull(declaration) || declaration.CursorKind != CursorKind.FieldDecl)
        {
            return null;
        }

        var record = NativeMethods.clang_getCursorSemanticParent(declaration);
        if (Cursors.IsNull(record))
        {
            return null;
        }

        var type = Cursors.TypeSpelling(NativeMethods.clang_getCanonicalType(NativeMethods.clang_getCursorType(record)));
        var member = Cursors.Spelling(declaration);
        return type.Length == 0 || member.Length == 0 ? null : type + "::" + member;
    }

    /// <summary>
    /// The named object of static storage (a global, or a static local) a record-typed path starts from, through '.'
    /// members and elements of arrays only ('g_Ops.Notify', 'g_Tables[1].Inner.Notify', 'g_Tables[i]'), after
    /// parentheses and casts: the object's declaration; a null cursor when the path goes through a pointer
    /// ('p-&gt;Notify', 'p[1].Notify'), a call, or starts at an automatic variable. A bounded walk, not recursion.
    /// </summary>
    public CXCursor StaticObjectRoot(CXCursor expression)
    {
        var c = Strip(expression);
        for (var guard = 0; guard < 64; guard++)
        {
            if (c.CursorKind == CursorKind.DeclRefExpr)
            {
                var referenced = Cursors.Referenced(c);
                return IsStaticRecordObject(referenced) ? c : default;
            }

            if (c.CursorKind is not (CursorKind.MemberRefExpr or CursorKind.ArraySubscriptExpr))
            {
                return default;
            }

            var parts = Children(c);
            if (parts.Length == 0)
            {
                return default;
            }

            // '.' reaches into the record itself, '->' through a pointer; an element of an array stays in the array,
            // a subscripted pointer does not.
            var baseType = NativeMethods.clang_getCanonicalType(NativeMethods.clang_getCursorType(Strip(parts[0])));
            var inside = c.CursorKind == CursorKind.MemberRefExpr
                ? baseType.TypeKind == TypeKind.Record
                : baseType.TypeKind is TypeKind.ConstantArray or TypeKind.IncompleteArray;
            if (!inside)
            {
                return default;
            }

            c = Strip(parts[0]);
        }

        return default;
    }

    /// <summary>
    /// The USR of <see cref="StaticObjectRoot"/>'s object, or null; <paramref name="throughDeref"/>: after one '*'
    /// first, as a called pointer is written ('(*g_Ops.Notify)(...)').
    /// </summary>
    public string? StaticObjectOf(CXCursor expression, bool throughDeref = false)
    {
        var c = Strip(expression);
        if (throughDeref && !Peel(ref c, UnaryOperatorKind.Deref, out _))
        {
            return null;
        }

        var root = StaticObjectRoot(c);
        return root.Kind == 0 ? null : Cursors.Usr(Cursors.Referenced(root)) is { Length: > 0 } usr ? usr : null;
    }

    /// <summary>
    /// Whether a declaration is a variable of static storage (file scope, 'static' or 'extern') whose type is a record
    /// or an array (of records, or of arrays of them): an object whose fields a program may name directly.
    /// </summary>
    public static bool IsStaticRecordObject(CXCursor declaration)
    {
        if (Cursors.IsNull(declaration) || declaration.CursorKind != CursorKind.VarDecl)
        {
            return false;
        }

        var isStatic = Cursors.HasStaticStorageClass(declaration)
            || NativeMethods.clang_getCursorSemanticParent(declaration).CursorKind == CursorKind.TranslationUnit;
        if (!isStatic)
        {
            return false;
        }

        var type = NativeMethods.clang_getCanonicalType(NativeMethods.clang_getCursorType(declaration));
        for (var guard = 0; guard < 16 && type.TypeKind is TypeKind.ConstantArray or TypeKind.IncompleteArray; guard++)
        {
            type = NativeMethods.clang_getCanonicalType(NativeMethods.clang_getArrayElementType(type));
        }

        return type.TypeKind == TypeKind.Record;
    }

    /// <summary>
    /// The index of an array element, 'D-&gt;MajorFunction[IRP_MJ_CREATE]' (16 for 'MajorFunction[IRP_MJ_SHUTDOWN]'),
    /// after parentheses, casts and one '*': the value when the index is an integer constant expression and the
    /// subscripted expression is an array (not a pointer, whose elements another pointer may reach shifted); else null.
    /// </summary>
    public long? ConstantArrayIndex(CXCursor expression)
    {
        var c = Strip(expression);
        if (!Peel(ref c, UnaryOperatorKind.Deref, out _) || c.CursorKind != CursorKind.ArraySubscriptExpr)
        {
            return null;
        }

        var parts = Children(c);
        if (parts.Length != 2)
        {
            return null;
        }

        var baseType = NativeMethods.clang_getCanonicalType(NativeMethods.clang_getCursorType(Strip(parts[0])));
        return baseType.TypeKind is TypeKind.ConstantArray or TypeKind.IncompleteArray ? Cursors.EvaluateInteger(parts[1]) : null;
    }

    /// <summary>
    /// 'name + K', 'K + name' or 'name - K' for a local or parameter and an integer constant K: the variable's name,
    /// with the signed offset in <paramref name="offset"/>; null for anything else.
    /// </summary>
    public string? VariablePlusConstant(CXCursor expression, out long offset)
    {
        offset = 0;
        var c = Strip(expression);
        if (c.CursorKind != CursorKind.BinaryOperator)
        {
            return null;
        }

        var sides = Children(c);
        if (sides.Length != 2)
        {
            return null;
        }

        var op = _x.BinaryOperator(c, sides);
        if (op is not (BinaryOperatorKind.Add or BinaryOperatorKind.Sub))
        {
            return null;
        }

        string? name = VariableName(sides[0]);
        long? k = Cursors.EvaluateInteger(sides[1]);
        if ((name is null || k is null) && op == BinaryOperatorKind.Add)
        {
            name = VariableName(sides[1]);
            k = Cursors.EvaluateInteger(sides[0]);
        }

        if (name is null || k is not long constant)
        {
            return null;
        }

        offset = op == BinaryOperatorKind.Sub ? -constant : constant;
        return name;
    }

    /// <summary>
    /// '1 &lt;&lt; V' (V a local or parameter, also 'V &amp; K' as bit helpers keep the index inside one word) or its
    /// complement '~(1 &lt;&lt; V)': the mask of bit V, how bit helpers build it from a bit number. V's name, with
    /// <paramref name="inverted"/> set for the complement; null for anything else.
    /// </summary>
    public string? ShiftedBit(CXCursor expression, out bool inverted)
    {
        inverted = false;
        var c = Strip(expression);
        if (c.CursorKind == CursorKind.UnaryOperator && _x.UnaryOperator(c) == UnaryOperatorKind.Not)
        {
            var operand = Children(c);
            if (operand.Length != 1)
            {
                return null;
            }

            inverted = true;
            c = Strip(operand[0]);
        }

        if (c.CursorKind != CursorKind.BinaryOperator)
        {
            return null;
        }

        var sides = Children(c);
        if (sides.Length != 2 || _x.BinaryOperator(c, sides) != BinaryOperatorKind.Shl || Cursors.EvaluateInteger(sides[0]) != 1)
        {
            return null;
        }

        var shift = Strip(sides[1]);
        if (shift.CursorKind == CursorKind.BinaryOperator)
        {
            var parts = Children(shift);
            if (parts.Length != 2 || _x.BinaryOperator(shift, parts) != BinaryOperatorKind.And)
            {
                return null;
            }

            shift = Cursors.EvaluateInteger(parts[1]) is not null ? parts[0] : Cursors.EvaluateInteger(parts[0]) is not null ? parts[1] : default;
            if (shift.Kind == 0)
            {
                return null;
            }
        }

        return VariableName(shift);
    }

    /// <summary>The name of the local or parameter an expression reads, after parentheses and casts; null otherwise.</summary>
    private string? VariableName(CXCursor expression)
    {
        var c = Strip(expression);
        if (c.CursorKind != CursorKind.DeclRefExpr)
        {
            return null;
        }

        var referenced = Cursors.Referenced(c);
        return !Cursors.IsNull(referenced) && referenced.CursorKind is CursorKind.VarDecl or CursorKind.ParmDecl ? Cursors.Spelling(referenced) : null;
    }

    /// <summary>The text between the quotes of a string literal ('"Name"', 'L"Name"'), or null for anything else.</summary>
    public string? StringLiteralText(CXCursor expression)
    {
        var c = expression;
        for (var guard = 0; guard < 8 && c.CursorKind is CursorKind.UnexposedExpr or CursorKind.ParenExpr or CursorKind.CStyleCastExpr; guard++)
        {
            var inner = Children(c);
            if (inner.Length != 1)
            {
                return null;
            }

            c = inner[0];
        }

        if (c.CursorKind != CursorKind.StringLiteral)
        {
            return null;
        }

        var text = Cursors.Spelling(c);
        int open = text.IndexOf('"'), close = text.LastIndexOf('"');
        return open >= 0 && close > open ? text[(open + 1)..close] : null;
    }

    /// <summary>Removes parentheses, casts and implicit conversions (iteratively).</summary>
    public CXCursor Strip(CXCursor c)
    {
        for (var guard = 0; guard < 256; guard++)
        {
            if (c.CursorKind is not (CursorKind.ParenExpr or CursorKind.CStyleCastExpr or CursorKind.UnexposedExpr))
            {
                return c;
            }

            var children = Children(c).Where(x => IsExpression(x.CursorKind)).ToArray();
            if (children.Length != 1)
            {
                return c;
            }

            c = children[0];
        }

        return c;
    }
}
