using StackLint.Frontend.Facts;
using StackLint.Frontend.Interop;

namespace StackLint.Frontend;

/// <summary>
/// Collects <see cref="FunctionFacts.EscapingObjects"/>: the named objects of static storage (records, arrays of
/// records) that code may reach other than through a scalar or pointer field named on the object itself. The walk
/// visits an expression before the expressions inside it, so a field path ('g_Ops.Notify') marks its object's name
/// before the name is visited; a name visited unmarked is the object used some other way (copied, passed, decayed).
/// </summary>
internal sealed class ObjectUseCollector(FactsExtractor x, ExpressionReader expressions)
{
    private readonly FactsExtractor _x = x;
    private readonly ExpressionReader _e = expressions;
    private readonly HashSet<CXCursor> _throughField = [];
    private readonly SortedSet<string> _escaping = new(StringComparer.Ordinal);
    private readonly Dictionary<CXCursor, bool> _isObject = [];

    /// <summary>The objects seen escaping, in ordinal order.</summary>
    public IEnumerable<string> Escaping => _escaping;

    /// <summary>
    /// A member or array element: when it is a scalar or pointer (a leaf) reached from a static object through '.' and
    /// array elements only, the object's name there is used through a field.
    /// </summary>
    public void NoteAccess(CXCursor expression)
    {
        // Most members are reached through a pointer ('p->x'): the root walk stops at once, before the type is asked.
        var root = _e.StaticObjectRoot(expression);
        if (root.Kind == 0)
        {
            return;
        }

        var type = NativeMethods.clang_getCanonicalType(NativeMethods.clang_getCursorType(expression)).TypeKind;
        if (type is not (TypeKind.Record or TypeKind.ConstantArray or TypeKind.IncompleteArray or TypeKind.VariableArray))
        {
            _throughField.Add(root);
        }
    }

    /// <summary>An operand whose value is not used ('sizeof(g_Ops)'): its object's name does not escape there.</summary>
    public void NoteUnevaluated(CXCursor operand) => MarkThroughField(operand);

    private void MarkThroughField(CXCursor expression)
    {
        var root = _e.StaticObjectRoot(expression);
        if (root.Kind != 0)
        {
            _throughField.Add(root);
        }
    }

    /// <summary>A variable's name: a static object named other than on a field path escapes.</summary>
    public void NoteName(CXCursor declRef)
    {
        if (_throughField.Contains(declRef))
        {
            return;
        }

        var referenced = Cursors.Referenced(declRef);
        if (referenced.CursorKind != CursorKind.VarDecl)
        {
            return;
        }

        // A variable is named many times in a function: ask libclang about its declaration once.
        if (!_isObject.TryGetValue(referenced, out var isObject))
        {
            _isObject.Add(referenced, isObject = ExpressionReader.IsStaticRecordObject(referenced));
        }

        if (isObject)
        {
            Add(referenced);
        }
    }

    /// <summary>'&amp;operand': the address of an object or of any part of it escapes.</summary>
    public void NoteAddressOf(CXCursor operand) => AddRoot(operand);

    /// <summary>
    /// '<paramref name="target"/> = <paramref name="value"/>': a pointer field of a static object stored from anything
    /// but a function's name ('g_Ops.Notify = F', '&amp;F') or an integer constant ('NULL') may hold what another
    /// object held. (A call loads a pointer field: a store into a number cannot change what it calls.)
    /// </summary>
    public void NoteStore(CXCursor target, CXCursor value)
    {
        if (NativeMethods.clang_getCanonicalType(NativeMethods.clang_getCursorType(target)).TypeKind != TypeKind.Pointer)
        {
            return;
        }

        var v = _e.Strip(value);
        if (v.CursorKind == CursorKind.UnaryOperator && _x.UnaryOperator(v) == UnaryOperatorKind.AddrOf && _x.Collector.Children(v) is { Length: 1 } operand)
        {
            v = _e.Strip(operand[0]);
        }

        var isFunction = v.CursorKind == CursorKind.DeclRefExpr && Cursors.Referenced(v).CursorKind == CursorKind.FunctionDecl;
        if (!isFunction && Cursors.EvaluateInteger(value) is null)
        {
            AddRoot(target);
        }
    }

    private void AddRoot(CXCursor expression)
    {
        var root = _e.StaticObjectRoot(expression);
        if (root.Kind != 0)
        {
            Add(Cursors.Referenced(root));
        }
    }

    private void Add(CXCursor variable)
    {
        var usr = Cursors.Usr(variable);
        if (usr.Length > 0)
        {
            _escaping.Add(usr);
        }
    }
}
