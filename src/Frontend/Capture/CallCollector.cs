using System.Collections.Immutable;
using StackLint.Frontend.Facts;
using StackLint.Frontend.Interop;

namespace StackLint.Frontend;

/// <summary>
/// Collects <see cref="CallSite"/>s: the callee (direct, a member, a lambda, or the spelling of an indirect call), where
/// the call is written and through which macro, its arguments (type, constant value, the lvalue they name, string
/// literals) and what the caller does with its result.
/// </summary>
internal sealed class CallCollector(FactsExtractor x, ExpressionReader expressions, string functionPath, bool inFunction)
{
    private readonly FactsExtractor _x = x;
    private readonly ExpressionReader _e = expressions;

    public List<CallSite> Calls { get; } = [];

    // Arguments (call index, position) that are, after parentheses and casts, a call of their own: the first call
    // recorded inside such an argument is that call (calls are recorded in pre-order), whose index becomes ResultOf.
    private readonly HashSet<(int Call, int Argument)> _wholeCallArguments = [];

    /// <summary>
    /// Records a call (inside a function; outside one the site is only returned, for the references its arguments
    /// make). <paramref name="outerCall"/>: the call whose argument <paramref name="outerArgument"/> this call helps compute.
    /// </summary>
    public CallSite Add(CXCursor c, CXCursor[] children, int scope, bool inLoop, bool initializesVariable, CallResultUse use, string? storedInto,
        int outerCall, int outerArgument)
    {
        var referenced = Cursors.Referenced(c);
        string? calleeName = null;
        string? calleeUsr = null;
        string? indirect = null;
        string? virtualUsr = null;
        string? indirectField = null;
        long? indirectSubscript = null;
        string? indirectObject = null;
        if (!Cursors.IsNull(referenced) && referenced.CursorKind == CursorKind.FunctionDecl)
        {
            calleeName = FunctionWalker.QualifiedName(referenced); // a C function's name; a template instance's with its arguments
            calleeUsr = Cursors.Usr(referenced);
            if (inFunction)
            {
                _x.NoteCallee(referenced, calleeUsr);
            }
        }
        else if (!Cursors.IsNull(referenced) && FactsExtractor.IsFunctionKind(referenced.CursorKind)
                 && IsClosureCall(referenced, out var closure))
        {
            // Calling a lambda: its call operator is the lambda's body, a function of its own.
            calleeName = Cursors.Spelling(referenced);
            calleeUsr = _x.LambdaUsr(closure);
        }
        else if (!Cursors.IsNull(referenced) && FactsExtractor.IsFunctionKind(referenced.CursorKind)
                 && (NativeMethods.clang_CXXMethod_isVirtual(referenced) == 0 || IsQualifiedCallee(children)))
        {
            // A member function, constructor or destructor, or a virtual one called by its qualified name
            // ('Base::F()'): a direct call.
            calleeName = FunctionWalker.QualifiedName(referenced);
            calleeUsr = Cursors.Usr(referenced);
            if (inFunction)
            {
                _x.NoteCallee(referenced, calleeUsr);
            }
        }
        else
        {
            indirect = children.Length > 0 ? _x.ExpressionText(children[0]) : "<expression>";
            // A pointer loaded from a struct member: which field, so that it binds only to what is stored there.
            if (children.Length > 0 && _e.Lvalue(children[0], out var viaAddress, out var viaField) is { } via && !viaAddress
                && via.StartsWith("->", StringComparison.Ordinal))
            {
                indirectField = viaField;
                // Which element of a table ('D->MajorFunction[IRP_MJ_CREATE]') and which named object ('g_Ops.Notify').
                indirectSubscript = _e.ConstantArrayIndex(children[0]);
                indirectObject = _e.StaticObjectOf(children[0], throughDeref: true);
            }
            if (!Cursors.IsNull(referenced) && FactsExtractor.IsFunctionKind(referenced.CursorKind))
            {
                // Virtual dispatch: the member named, whose definition or overrides may run.
                virtualUsr = Cursors.Usr(referenced);
            }
        }

        var start = _x.Position(NativeMethods.clang_getCursorLocation(c));
        var span = _x.SpanOf(c, functionPath);
        if (span.Path != start.File || span.Line != start.Line || span.Column != start.Column)
        {
            span = SourceSpan.At(start.File.Length == 0 ? functionPath : start.File, Math.Max(1, start.Line), Math.Max(1, start.Column));
        }

        // When the text at the call's position is not the callee's name, the call was written by a macro
        // and that position is where the macro was used: the identifier there is the macro.
        string? macro = null;
        var word = start.File.Length == 0 ? null : _x.IdentifierAt(start.File, start.Offset);
        // (A method or template instance is named 'Class::Method' or 'Sum<int>': its written name is the spelling.)
        if (calleeName is not null && word is not null && word != calleeName && word != Cursors.Spelling(referenced))
        {
            macro = word;
        }
        else if (calleeName is null && word is not null && indirect is not null && !indirect.StartsWith(word, StringComparison.Ordinal))
        {
            macro = word;
        }

        var args = ImmutableArray.CreateBuilder<CallArgument>();
        for (var i = 1; i < children.Length; i++)
        {
            var layout = _x.Layout(NativeMethods.clang_getCursorType(children[i]));
            long? constant = layout.Category is TypeCategory.Scalar or TypeCategory.Enum or TypeCategory.Pointer
                ? Cursors.EvaluateInteger(children[i])
                : null;
            var lvalue = _e.Lvalue(children[i], out var byAddress, out var field);
            var isNull = layout.Category == TypeCategory.Pointer && (constant == 0 || (constant is null && lvalue is null && Cursors.EvaluateInteger(_e.Strip(children[i])) == 0));
            long offset = 0;
            var offsetOf = constant is null && lvalue is null ? _e.VariablePlusConstant(children[i], out offset) : null;
            var inverted = false;
            var bitOf = constant is null && lvalue is null && offsetOf is null ? _e.ShiftedBit(children[i], out inverted) : null;
            args.Add(new CallArgument(layout, constant, lvalue, byAddress, _e.StringLiteralText(children[i]), IsNullPointer: isNull,
                OffsetOf: offsetOf, Offset: offsetOf is null ? 0 : offset, BitOf: bitOf, BitInverted: bitOf is not null && inverted, Field: field));
            if (inFunction && constant is null && _e.Strip(children[i]).CursorKind == CursorKind.CallExpr)
            {
                _wholeCallArguments.Add((Calls.Count, i - 1));
            }
        }

        var index = Calls.Count;
        if (inFunction && outerCall >= 0 && outerCall < Calls.Count)
        {
            // This call computes (part of) an argument of the enclosing call: its result lives across the calls made
            // for the arguments evaluated after it.
            var outer = Calls[outerCall];
            if (outerArgument >= 0 && outerArgument < outer.Arguments.Length && !outer.Arguments[outerArgument].ContainsCall)
            {
                var argument = outer.Arguments[outerArgument] with { ContainsCall = true };
                if (_wholeCallArguments.Remove((outerCall, outerArgument)))
                {
                    argument = argument with { ResultOf = index };
                }

                Calls[outerCall] = outer with { Arguments = outer.Arguments.SetItem(outerArgument, argument) };
            }
        }

        // A constructor builds its object where it is stored (a variable, a member or base, a new-expression's memory):
        // its call has no result slot of the class's size.
        // A function returning a reference ('T& operator=(const T&)', the copy assignment a C++ struct copy calls)
        // returns an address, not a T: no result slot of T's size either.
        var declared = !Cursors.IsNull(referenced) && FactsExtractor.IsFunctionKind(referenced.CursorKind)
            ? NativeMethods.clang_getCursorResultType(referenced) : default;
        var result = !Cursors.IsNull(referenced) && referenced.CursorKind == CursorKind.Constructor
            ? new TypeLayout("void", TypeCategory.Void, null, null)
            : declared.TypeKind is TypeKind.LValueReference or TypeKind.RValueReference
                ? new TypeLayout(Cursors.TypeSpelling(declared), TypeCategory.Pointer, null, null)
                : _x.Layout(NativeMethods.clang_getCursorType(c));
        var site = new CallSite(index, calleeName, calleeUsr, indirect, span, Math.Max(0, scope), inLoop, args.ToImmutable(), macro,
            result.Category == TypeCategory.Record ? result : null, initializesVariable, use, use == CallResultUse.Stored ? storedInto : null,
            use == CallResultUse.Ignored || result.Category is TypeCategory.Record or TypeCategory.Void ? 0 : result.Size ?? 0,
            string.IsNullOrEmpty(virtualUsr) ? null : virtualUsr, indirectField, indirectSubscript, indirectObject);
        if (inFunction)
        {
            Calls.Add(site);
        }

        return site;
    }

    /// <summary>
    /// Records a call C++ makes without writing it (a destructor, operator new or delete): to <paramref name="callee"/>,
    /// or, when it is null, an indirect call spelled <paramref name="indirect"/> (virtual dispatch, or several declared
    /// operators that fit; <paramref name="virtualUsr"/> names the virtual member dispatched to). No arguments are
    /// recorded. Returns its index, or -1 outside a function.
    /// </summary>
    public int AddImplicit(ImplicitCallee? callee, string? indirect, SourceSpan span, int scope, bool inLoop, string? virtualUsr = null)
    {
        if (!inFunction)
        {
            return -1;
        }

        var index = Calls.Count;
        Calls.Add(new CallSite(index, callee?.Name, callee?.Name is null ? null : callee.Usr, callee is null ? indirect ?? "<implicit call>" : null,
            span, Math.Max(0, scope), inLoop, [], null, null, false, CallResultUse.Other, null, 0, VirtualUsr: callee is null ? virtualUsr : null));
        return index;
    }

    /// <summary>Whether a called member is a lambda's call operator (its class is the closure type).</summary>
    private static bool IsClosureCall(CXCursor method, out CXCursor closure)
    {
        closure = NativeMethods.clang_getCursorSemanticParent(method);
        return method.CursorKind == CursorKind.CXXMethod && !Cursors.IsNull(closure)
            && Cursors.Spelling(closure).StartsWith("(lambda at ", StringComparison.Ordinal);
    }

    /// <summary>Whether a member call names its function with a qualifier ('Base::F()', 'p-&gt;Base::F()'): not virtual dispatch.</summary>
    private bool IsQualifiedCallee(CXCursor[] children) =>
        children.Length > 0 && children[0].CursorKind == CursorKind.MemberRefExpr
        && _x.ExpressionText(children[0]).Contains("::", StringComparison.Ordinal);
}
