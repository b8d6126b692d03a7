using System.Collections.Immutable;
using System.Globalization;
using StackLint.Frontend.Facts;
using StackLint.Frontend.Interop;

namespace StackLint.Frontend;

/// <summary>
/// Extracts one function's facts (or one global initializer's function references) with an explicit work
/// stack. Each work item carries what the parent knew about the child: the body-skeleton node it hangs under
/// and its role, the scope, whether it runs in a loop, how a function name found there would be used, and
/// what happens to a value computed there (<see cref="CallSite.ResultUse"/>).
/// </summary>
internal sealed class FunctionWalker
{
    private readonly FactsExtractor _x;
    private readonly CXCursor _function;
    private readonly string _functionUsr;
    private readonly string _functionPath;

    // One collector per kind of fact; the walk below drives them all in one pass over the body.
    private readonly ExpressionReader _expr;
    private readonly SkeletonCollector _skeleton;
    private readonly LocalsCollector _locals;
    private readonly CallCollector _calls;
    private int _exceptHandlers;
    private readonly ValueFlowCollector _flows;
    private readonly ReferenceCollector _references;
    private readonly ConditionCollector _conditions;
    private readonly ObjectUseCollector _objects;

    // A lambda's body walked as a function of its own: the qualified name of the function it was written in.
    private readonly string? _lambdaOuter;

    // C++: per scope, the types of its automatic variables that have destructors, in declaration order.
    private readonly bool _isCpp;
    private readonly Dictionary<int, List<CXType>> _destroyedAtEnd = [];

    public FunctionWalker(FactsExtractor extractor, CXCursor function)
        : this(extractor, function, function.Kind == 0 ? string.Empty : Cursors.Usr(function), null)
    {
    }

    /// <summary>A lambda expression's body as a function of its own, named after the function it is written in.</summary>
    public FunctionWalker(FactsExtractor extractor, CXCursor lambda, string outer)
        : this(extractor, lambda, extractor.LambdaUsr(NativeMethods.clang_getTypeDeclaration(NativeMethods.clang_getCursorType(lambda))), outer)
    {
    }

    private FunctionWalker(FactsExtractor extractor, CXCursor function, string usr, string? lambdaOuter)
    {
        _x = extractor;
        _function = function;
        _functionUsr = usr;
        _lambdaOuter = lambdaOuter;
        _isCpp = extractor.IsCpp;
        _functionPath = function.Kind == 0 ? string.Empty : _x.Position(NativeMethods.clang_getCursorLocation(function)).File;
        var inFunction = function.Kind != 0;
        _expr = new ExpressionReader(extractor);
        _skeleton = new SkeletonCollector(extractor, inFunction);
        _locals = new LocalsCollector(extractor, _functionPath);
        _calls = new CallCollector(extractor, _expr, _functionPath, inFunction);
        _flows = new ValueFlowCollector(extractor, _expr, inFunction);
        _references = new ReferenceCollector(extractor, _functionPath, inFunction ? usr : null);
        _conditions = new ConditionCollector(extractor, _expr);
        _objects = new ObjectUseCollector(extractor, _expr);
    }

    private bool IsLambda => _lambdaOuter is not null;

    /// <summary>
    /// The name facts give a function: a C function's own; a C++ member 'Class::Method' (enclosing classes too); a
    /// lambda 'Outer::&lt;lambda at line N&gt;'.
    /// </summary>
    private string FunctionName()
    {
        if (_lambdaOuter is not null)
        {
            var line = _x.Position(NativeMethods.clang_getCursorLocation(_function)).Line;
            return string.Create(CultureInfo.InvariantCulture, $"{_lambdaOuter}::<lambda at line {line}>");
        }

        return QualifiedName(_function);
    }

    /// <summary>
    /// A template instance is named with its arguments ('Sum&lt;int, 4&gt;', 'Box&lt;char&gt;::Get'): each instance is a
    /// function of its own, with its own frame.
    /// </summary>
    internal static string QualifiedName(CXCursor fn)
    {
        var name = Cursors.Spelling(fn) + CppCalls.TemplateArguments(fn);
        if (fn.CursorKind == CursorKind.FunctionDecl)
        {
            return name;
        }

        var parent = NativeMethods.clang_getCursorSemanticParent(fn);
        return IsClass(parent) ? ClassName(parent) + "::" + name : name;
    }

    private static bool IsClass(CXCursor c) =>
        !Cursors.IsNull(c) && c.CursorKind is CursorKind.ClassDecl or CursorKind.StructDecl or CursorKind.UnionDecl or CursorKind.ClassTemplate;

    /// <summary>A class's name with its enclosing classes ('Outer::Inner'), an instance's with its arguments ('Box&lt;char&gt;').</summary>
    internal static string ClassName(CXCursor record)
    {
        var name = NativeMethods.Take(NativeMethods.clang_getCursorDisplayName(record));
        var parent = NativeMethods.clang_getCursorSemanticParent(record);
        for (var guard = 0; guard < 64 && IsClass(parent); guard++)
        {
            name = NativeMethods.Take(NativeMethods.clang_getCursorDisplayName(parent)) + "::" + name;
            parent = NativeMethods.clang_getCursorSemanticParent(parent);
        }

        return name;
    }

    private sealed record UseHint(CallResultUse Use, string? Into)
    {
        public static readonly UseHint Statement = new(CallResultUse.Ignored, null);
        public static readonly UseHint Other = new(CallResultUse.Other, null);
        public static readonly UseHint Compared = new(CallResultUse.Compared, null);
    }

    /// <param name="Negate">Under an odd number of '!': a logical operator here is emitted in its De Morgan form.</param>
    /// <param name="Store">The lvalue (or "return") this expression's value is stored into, for <see cref="ValueFlow"/>.</param>
    /// <param name="VariableInit">The whole initializer of a declared variable (through parentheses and casts).</param>
    /// <param name="OuterCall">Inside an argument of that call (index in the calls list; -1 none), <paramref name="OuterArgument"/> its position.</param>
    /// <param name="InPlace">
    /// An object built where it is stored, not a temporary the caller destroys: a constructor's base or member
    /// initializer, a new-expression's object, or an argument for a by-value class parameter (the Microsoft C++ ABI
    /// has the callee destroy those).
    /// </param>
    /// <param name="TemporaryEnd">After a call's arguments: the temporary it returned is destroyed here (its type is <paramref name="Temporary"/>).</param>
    private readonly record struct Item(
        CXCursor Cursor, int Parent, BodyRole Role, int Scope, bool InLoop, ReferenceContext Ref, UseHint Hint, bool Negate = false,
        StoreTarget? Store = null, bool VariableInit = false, int OuterCall = -1, int OuterArgument = -1, bool ScopeEnd = false,
        bool InPlace = false, bool TemporaryEnd = false, CXType Temporary = default);

    public FunctionFacts Extract(CXCursor body)
    {
        var fn = _function;
        var name = FunctionName();
        var location = _x.Point(NativeMethods.clang_getCursorLocation(fn), IsLambda ? 1 : Cursors.Spelling(fn).Length) ?? SourceSpan.At(_functionPath, 1, 1);
        var type = NativeMethods.clang_getCursorType(fn);
        var parameters = ImmutableArray.CreateBuilder<Parameter>();
        var lambdaParameters = IsLambda ? Children(fn).Where(c => c.CursorKind == CursorKind.ParmDecl).ToArray() : [];
        var count = IsLambda ? lambdaParameters.Length : NativeMethods.clang_Cursor_getNumArguments(fn);
        for (var i = 0; i < count; i++)
        {
            var p = IsLambda ? lambdaParameters[i] : NativeMethods.clang_Cursor_getArgument(fn, (uint)i);
            var pname = Cursors.Spelling(p);
            parameters.Add(new Parameter(
                pname,
                _x.Layout(NativeMethods.clang_getCursorType(p)),
                _x.Point(NativeMethods.clang_getCursorLocation(p), pname.Length) ?? location));
        }

        Walk(new Item(body, -1, BodyRole.None, -1, false, ReferenceContext.Other, UseHint.Statement));
        if (fn.CursorKind == CursorKind.Destructor)
        {
            // After its body, a destructor runs its members' destructors and then its bases'.
            AddImplicitCalls(_x.Cpp.MemberAndBaseDestructors(fn), body, 0, 0, false);
        }

        _conditions.Resolve(_skeleton.Nodes);

        const int LinkageInternal = 2;
        return new FunctionFacts(
            name,
            _functionUsr,
            IsLambda || NativeMethods.clang_getCursorLinkage(fn) == LinkageInternal ? Linkage.Internal : Linkage.External,
            location,
            _x.IsInMainFile(NativeMethods.clang_getCursorLocation(fn)),
            IsLambda ? "default" : FactsExtractor.CallingConvention(NativeMethods.clang_getFunctionTypeCallingConv(type)),
            !IsLambda && NativeMethods.clang_isFunctionTypeVariadic(type) != 0,
            parameters.ToImmutable(),
            [.. _locals.Scopes],
            [.. _locals.Locals],
            [.. _calls.Calls],
            [.. _locals.DynamicAllocations],
            [.. _references.References],
            [.. _skeleton.Nodes],
            [.. _flows.Flows],
            NativeMethods.clang_Location_isInSystemHeader(NativeMethods.clang_getCursorLocation(fn)) != 0,
            IsLambda ? FunctionInlining.Inline : _x.InliningOf(fn),
            [.. _locals.CompoundLiterals],
            [.. _conditions.Assignments],
            !IsLambda && _x.IsExported(fn),
            _exceptHandlers,
            _isCpp && !IsLambda && (fn.CursorKind is CursorKind.CXXMethod or CursorKind.Destructor) ? [.. Cursors.OverriddenUsrs(fn)] : [],
            [.. _conditions.BitStores],
            ReturnedConstant(body),
            [.. _conditions.Returns],
            [.. _conditions.FieldStores],
            EscapingObjects: [.. _objects.Escaping]);
    }

    /// <summary>The value of a body that is one 'return E;' of an integer constant expression; null otherwise.</summary>
    private long? ReturnedConstant(CXCursor body)
    {
        if (body.CursorKind != CursorKind.CompoundStmt)
        {
            return null;
        }

        var statements = Children(body);
        if (statements.Length != 1 || statements[0].CursorKind != CursorKind.ReturnStmt)
        {
            return null;
        }

        var value = Children(statements[0]);
        return value.Length == 1 ? Cursors.EvaluateInteger(value[0]) : null;
    }

    /// <summary>
    /// Function references in a file-scope variable's initializer (callback tables, registration structs), and the
    /// named objects the initializer lets escape (<see cref="TranslationUnitFacts.EscapingObjects"/>).
    /// </summary>
    public void ExtractGlobal(CXCursor variable, List<FunctionReference> sink, ISet<string> escaping)
    {
        var name = Cursors.Spelling(variable);
        var recordType = _references.RecordTypeName(NativeMethods.clang_getCursorType(variable));
        var self = ExpressionReader.IsStaticRecordObject(variable) && Cursors.Usr(variable) is { Length: > 0 } usr ? usr : null;
        foreach (var child in _x.Collector.Children(variable))
        {
            if (IsExpression(child.CursorKind))
            {
                Walk(new Item(child, -1, BodyRole.None, -1, false, new ReferenceContext(ReferenceUse.Assignment, name, recordType, -1, Object: self), UseHint.Other));
            }
        }

        sink.AddRange(_references.References);
        escaping.UnionWith(_objects.Escaping);
    }

    private static bool IsExpression(CursorKind k) => ExpressionReader.IsExpression(k);

    private void Walk(Item start)
    {
        var stack = new Stack<Item>();
        stack.Push(start);
        var pending = new List<Item>();
        while (stack.Count > 0)
        {
            var it = stack.Pop();
            pending.Clear();
            Visit(it, pending);
            // Children were appended in source order; push in reverse so they pop in source order (pre-order ids).
            for (var i = pending.Count - 1; i >= 0; i--)
            {
                stack.Push(pending[i]);
            }
        }
    }

    private void Visit(Item it, List<Item> next)
    {
        var c = it.Cursor;
        var kind = c.CursorKind;
        switch (kind)
        {
            case CursorKind.CompoundStmt when it.ScopeEnd:
                // The locals of this block that have destructors are destroyed here, last constructed first.
                if (_destroyedAtEnd.Remove(it.Scope, out var destroyed))
                {
                    for (var i = destroyed.Count - 1; i >= 0; i--)
                    {
                        AddImplicitCalls(_x.Cpp.DestructorsOf(destroyed[i]), c, it.Parent, it.Scope, it.InLoop);
                    }
                }

                return;

            case CursorKind.CompoundStmt:
            {
                var node = AddNode(BodyNodeKind.Compound, it, c);
                var scope = _locals.AddScope(c, it.Scope, it.InLoop);
                if (it.Parent < 0 && _isCpp && _function.Kind != 0)
                {
                    // The Microsoft C++ ABI has the callee destroy its by-value class parameters, after its locals.
                    foreach (var type in ByValueParameterTypes())
                    {
                        if (_x.Cpp.DestructorsOf(type).Count > 0)
                        {
                            DestroyAtEnd(scope, type);
                        }
                    }
                }

                if (it.Parent < 0 && _function.CursorKind == CursorKind.Constructor)
                {
                    // A constructor's base and member initializers run before its body.
                    foreach (var init in Children(_function))
                    {
                        if (IsExpression(init.CursorKind))
                        {
                            next.Add(new Item(init, node, BodyRole.None, scope, it.InLoop, ReferenceContext.Other, UseHint.Other, InPlace: true));
                        }
                    }
                }

                foreach (var child in Children(c))
                {
                    next.Add(new Item(child, node, BodyRole.None, scope, it.InLoop, ReferenceContext.Other, UseHint.Statement));
                }

                if (_isCpp && _function.Kind != 0)
                {
                    next.Add(new Item(c, node, BodyRole.None, scope, it.InLoop, ReferenceContext.Other, UseHint.Statement, ScopeEnd: true));
                }

                return;
            }

            case CursorKind.CXXNewExpr when _function.Kind != 0:
            {
                var callee = _x.Cpp.OperatorNew(c, out _);
                var index = _calls.AddImplicit(callee, callee is null ? "operator new" : null, _x.SpanOf(c, _functionPath), it.Scope, it.InLoop);
                var node = AddNode(BodyNodeKind.Call, it, c, callIndex: index);
                NoteImplicitCallee(callee);
                // The object is built in the allocated memory: not a temporary.
                PushGeneric(it with { Parent = node, Role = BodyRole.None }, Children(c), next);
                for (var i = next.Count - Children(c).Length; i < next.Count; i++)
                {
                    next[i] = next[i] with { InPlace = true };
                }

                return;
            }

            case CursorKind.CXXDeleteExpr when _function.Kind != 0:
            {
                var (destructors, delete, _) = _x.Cpp.OperatorDelete(c);
                var span = _x.SpanOf(c, _functionPath);
                foreach (var destructor in destructors)
                {
                    AddImplicitCall(destructor, span, it with { Role = BodyRole.None }, c);
                }

                var index = _calls.AddImplicit(delete, delete is null ? "operator delete" : null, span, it.Scope, it.InLoop);
                var node = AddNode(BodyNodeKind.Call, it, c, callIndex: index);
                NoteImplicitCallee(delete);
                PushGeneric(it with { Parent = node, Role = BodyRole.None }, Children(c), next);
                return;
            }

            case CursorKind.IfStmt:
            {
                var node = AddNode(BodyNodeKind.If, it, c);
                var children = Children(c);
                var roles = new[] { BodyRole.Condition, BodyRole.Then, BodyRole.Else };
                // C has no condition variables, so the children are exactly condition, then, else.
                for (var i = 0; i < children.Length; i++)
                {
                    var role = i < roles.Length ? roles[i] : BodyRole.None;
                    if (i == 0)
                    {
                        _conditions.NoteCondition(node, children[i], negated: false);
                    }

                    next.Add(new Item(children[i], node, role, it.Scope, it.InLoop, ReferenceContext.Other, role == BodyRole.Condition ? UseHint.Other : UseHint.Statement));
                }

                return;
            }

            case CursorKind.WhileStmt:
            case CursorKind.SwitchStmt:
            {
                var isLoop = kind == CursorKind.WhileStmt;
                var children = Children(c);
                // A switch keeps the lvalue it switches on ('IrpSp->MajorFunction' is "->MajorFunction"), so a model can
                // tell which request a case handles.
                var subject = !isLoop && children.Length > 1 ? _expr.Lvalue(children[^2], out _) : null;
                var node = AddNode(isLoop ? BodyNodeKind.While : BodyNodeKind.Switch, it, c, subject);
                for (var i = 0; i < children.Length; i++)
                {
                    var last = i == children.Length - 1;
                    if (!last && isLoop)
                    {
                        _conditions.NoteCondition(node, children[i], negated: false);
                    }

                    next.Add(new Item(children[i], node, last ? BodyRole.Body : BodyRole.Condition, it.Scope, it.InLoop || isLoop,
                        ReferenceContext.Other, last ? UseHint.Statement : UseHint.Other));
                }

                return;
            }

            case CursorKind.DoStmt:
            {
                var node = AddNode(BodyNodeKind.DoWhile, it, c);
                var children = Children(c);
                for (var i = 0; i < children.Length; i++)
                {
                    var isBody = i == 0;
                    if (!isBody)
                    {
                        _conditions.NoteCondition(node, children[i], negated: false);
                    }

                    next.Add(new Item(children[i], node, isBody ? BodyRole.Body : BodyRole.Condition, it.Scope, true,
                        ReferenceContext.Other, isBody ? UseHint.Statement : UseHint.Other));
                }

                return;
            }

            case CursorKind.ForStmt:
                VisitFor(it, next);
                return;

            case CursorKind.CaseStmt:
            {
                var children = Children(c);
                var value = children.Length > 1 ? Cursors.EvaluateInteger(children[0]) : null;
                var node = AddNode(BodyNodeKind.Case, it, c, value is null ? null : FactsExtractor.FormatConstant(value.Value));
                if (children.Length > 0)
                {
                    next.Add(new Item(children[^1], node, BodyRole.Body, it.Scope, it.InLoop, ReferenceContext.Other, UseHint.Statement));
                }

                return;
            }

            case CursorKind.DefaultStmt:
            case CursorKind.LabelStmt:
            {
                var isLabel = kind == CursorKind.LabelStmt;
                var node = AddNode(isLabel ? BodyNodeKind.Label : BodyNodeKind.Default, it, c, isLabel ? Cursors.Spelling(c) : null);
                var children = Children(c);
                if (children.Length > 0)
                {
                    next.Add(new Item(children[^1], node, BodyRole.Body, it.Scope, it.InLoop, ReferenceContext.Other, UseHint.Statement));
                }

                return;
            }

            case CursorKind.GotoStmt:
            {
                var target = Children(c).FirstOrDefault(x => x.CursorKind == CursorKind.LabelRef);
                AddNode(BodyNodeKind.Goto, it, c, target.Kind == 0 ? null : Cursors.Spelling(target));
                return;
            }

            case CursorKind.IndirectGotoStmt:
            {
                var node = AddNode(BodyNodeKind.Goto, it, c);
                PushGeneric(it with { Parent = node, Role = BodyRole.None }, Children(c), next);
                return;
            }

            case CursorKind.ReturnStmt:
            {
                var node = AddNode(BodyNodeKind.Return, it, c);
                var children = Children(c);
                PushGeneric(it with { Parent = node, Role = BodyRole.None }, children, next);
                if (children.Length == 1 && IsExpression(children[0].CursorKind))
                {
                    next[^1] = next[^1] with { Store = _flows.StoreOf(new StoreTarget(ValueFlowCollector.ReturnTarget), children[0]) };
                    if (_function.Kind != 0)
                    {
                        _conditions.NoteOtherStore(ConditionCollector.ReturnTarget, children[0], node, Math.Max(1, _x.Position(NativeMethods.clang_getCursorLocation(c)).Line), it.Parent, described: true);
                    }
                }

                return;
            }

            case CursorKind.BreakStmt:
                AddNode(BodyNodeKind.Break, it, c);
                return;

            case CursorKind.ContinueStmt:
                AddNode(BodyNodeKind.Continue, it, c);
                return;

            case CursorKind.SEHLeaveStmt:
                AddNode(BodyNodeKind.Leave, it, c);
                return;

            case CursorKind.SEHTryStmt:
            {
                var node = AddNode(BodyNodeKind.Try, it, c);
                foreach (var child in Children(c))
                {
                    switch (child.CursorKind)
                    {
                        case CursorKind.SEHExceptStmt:
                        {
                            _exceptHandlers++;
                            var parts = Children(child);
                            for (var i = 0; i < parts.Length; i++)
                            {
                                var filter = i < parts.Length - 1;
                                next.Add(new Item(parts[i], node, filter ? BodyRole.Condition : BodyRole.Handler, it.Scope, it.InLoop,
                                    ReferenceContext.Other, filter ? UseHint.Other : UseHint.Statement));
                            }

                            break;
                        }

                        case CursorKind.SEHFinallyStmt:
                            foreach (var part in Children(child))
                            {
                                next.Add(new Item(part, node, BodyRole.Handler, it.Scope, it.InLoop, ReferenceContext.Other, UseHint.Statement));
                            }

                            break;
                        default:
                            next.Add(new Item(child, node, BodyRole.Body, it.Scope, it.InLoop, ReferenceContext.Other, UseHint.Statement));
                            break;
                    }
                }

                return;
            }

            case CursorKind.DeclStmt:
                foreach (var child in Children(c))
                {
                    next.Add(it with { Cursor = child });
                }

                return;

            case CursorKind.VarDecl:
                VisitVariable(it, next);
                return;

            case CursorKind.CallExpr when it.TemporaryEnd:
                // The temporary a call returned dies at the end of its full expression, after the calls in it.
                AddImplicitCalls(_x.Cpp.DestructorsOf(it.Temporary), c, it.Parent, it.Scope, it.InLoop);
                return;

            case CursorKind.CallExpr:
                VisitCall(it, next);
                return;

            case CursorKind.BinaryOperator:
                VisitBinary(it, next);
                return;

            case CursorKind.ConditionalOperator:
            {
                var node = AddNode(BodyNodeKind.Conditional, it, c);
                var children = Children(c);
                var roles = new[] { BodyRole.Condition, BodyRole.Then, BodyRole.Else };
                if (children.Length == 3)
                {
                    _conditions.NoteCondition(node, children[0], negated: false);
                }

                for (var i = 0; i < children.Length; i++)
                {
                    // The value of a ?: arm is the value of the whole expression: keep the parent's hints.
                    var arm = i > 0 && children.Length == 3;
                    next.Add(new Item(children[i], node, children.Length == 3 ? roles[i] : BodyRole.None, it.Scope, it.InLoop,
                        arm ? it.Ref : ReferenceContext.Other, arm ? it.Hint : UseHint.Other, Store: arm ? _flows.StoreOf(it.Store, children[i]) : null));
                }

                return;
            }

            case CursorKind.DeclRefExpr:
                _references.Add(c, it.Ref);
                _objects.NoteName(c);
                return;

            case CursorKind.MemberRefExpr:
            case CursorKind.ArraySubscriptExpr:
                _objects.NoteAccess(c);
                PushGeneric(it, Children(c), next);
                return;

            case CursorKind.UnaryExpr:
                // sizeof/alignof: the operand is not evaluated.
                foreach (var operand in Children(c))
                {
                    _objects.NoteUnevaluated(operand);
                }

                PushGeneric(it, Children(c), next);
                return;

            case CursorKind.InitListExpr:
                VisitInitList(it, next);
                return;

            case CursorKind.CompoundLiteralExpr:
                // '(T){ ... }' is an object of its own, except as a variable's whole initializer (built in place).
                if (!it.VariableInit && _function.Kind != 0)
                {
                    _locals.AddCompoundLiteral(c, it.Scope);
                }

                PushGeneric(it, Children(c), next);
                return;

            case CursorKind.ParenExpr:
            case CursorKind.CStyleCastExpr:
            case CursorKind.CXXFunctionalCastExpr:
            case CursorKind.UnexposedExpr:
                PushTransparent(it, Children(c), next);
                return;

            case CursorKind.UnaryOperator:
            {
                var op = _x.UnaryOperator(c);
                var children = Children(c);
                if (op is UnaryOperatorKind.AddrOf or UnaryOperatorKind.Deref or UnaryOperatorKind.Extension)
                {
                    if (op == UnaryOperatorKind.AddrOf && children.Length == 1)
                    {
                        _objects.NoteAddressOf(children[0]);
                    }

                    // '&x' or '*x' as an initializer is not x built in the variable.
                    PushTransparent(op == UnaryOperatorKind.Extension ? it with { Store = null } : it with { Store = null, VariableInit = false }, children, next);
                }
                else if (op == UnaryOperatorKind.LNot)
                {
                    foreach (var child in children)
                    {
                        next.Add(it with { Cursor = child, Ref = ReferenceContext.Other, Hint = UseHint.Other, Negate = !it.Negate, Store = null });
                    }
                }
                else
                {
                    if (op is >= UnaryOperatorKind.PostInc and <= UnaryOperatorKind.PreDec && children.Length == 1)
                    {
                        NoteUpdate(c, children[0], op is UnaryOperatorKind.PostInc or UnaryOperatorKind.PreInc ? 1 : -1, it.Parent);
                        NoteFieldStore(c, children[0], children[0], it.Parent, described: false);
                    }

                    PushGeneric(it, children, next);
                }

                return;
            }

            case CursorKind.CompoundAssignOperator:
            {
                // 'x += 1', 'x -= n': a store whose value the facts do not describe (the rules then know x changed).
                var children = Children(c);
                if (children.Length == 2)
                {
                    var update = _x.BinaryOperator(c, children);
                    NoteBits(c, children, update, it.Parent);
                    NoteFieldStore(c, children[0], children[1], it.Parent, described: false);
                    long? constant = update is BinaryOperatorKind.AddAssign or BinaryOperatorKind.SubAssign ? Cursors.EvaluateInteger(children[1]) : null;
                    NoteUpdate(c, children[0], constant is long k ? (update == BinaryOperatorKind.SubAssign ? -k : k) : null, it.Parent);
                }

                PushGeneric(it, children, next);
                return;
            }

            case CursorKind.LambdaExpr:
                // A lambda's body is a function of its own (its locals are not in this frame); the closure object is
                // the variable it initializes.
                if (_function.Kind != 0)
                {
                    _x.NoteLambda(c, FunctionName());
                }

                return;

            case CursorKind.StructDecl:
            case CursorKind.UnionDecl:
            case CursorKind.EnumDecl:
            case CursorKind.TypedefDecl:
            case CursorKind.TypeRef:
            case CursorKind.MemberRef:
            case CursorKind.LabelRef:
            case CursorKind.FunctionDecl:
            case CursorKind.NullStmt:
                return;

            default:
                PushGeneric(it, Children(c), next);
                return;
        }
    }

    private CXCursor[] Children(CXCursor c) => _x.Collector.Children(c);

    /// <summary>Calls C++ makes without writing them (destructors at a block's end), placed at the block's closing brace.</summary>
    private void AddImplicitCalls(List<ImplicitCallee> callees, CXCursor block, int parent, int scope, bool inLoop)
    {
        if (callees.Count == 0)
        {
            return;
        }

        var end = _x.Position(NativeMethods.clang_getRangeEnd(NativeMethods.clang_getCursorExtent(block)));
        var span = SourceSpan.At(end.File.Length == 0 ? _functionPath : end.File, Math.Max(1, end.Line), Math.Max(1, end.Column - 1));
        var at = new Item(block, parent, BodyRole.None, scope, inLoop, ReferenceContext.Other, UseHint.Statement);
        foreach (var callee in callees)
        {
            AddImplicitCall(callee, span, at, default);
        }
    }

    private void AddImplicitCall(ImplicitCallee callee, SourceSpan span, Item at, CXCursor nodeCursor)
    {
        // A virtual destructor reached through a pointer ('delete p') is dispatched: an indirect call, to that
        // destructor or an override of it.
        var dispatched = callee.IsVirtual && nodeCursor.Kind != 0;
        var index = _calls.AddImplicit(dispatched ? null : callee, dispatched ? callee.Name : null, span, Math.Max(0, at.Scope), at.InLoop,
            dispatched ? callee.Usr : null);
        if (index >= 0)
        {
            _skeleton.AddAt(BodyNodeKind.Call, at.Parent, at.Role, span.Line, span.Column, index);
        }

        if (!callee.IsVirtual || nodeCursor.Kind == 0)
        {
            NoteImplicitCallee(callee);
        }
    }

    private void NoteImplicitCallee(ImplicitCallee? callee)
    {
        if (callee is { Usr: { } usr } && callee.Cursor.Kind != 0)
        {
            _x.NoteCallee(callee.Cursor, usr);
        }
    }

    /// <summary>'x |= K' sets the bits K of x (a variable or field); 'x &amp;= ~K' clears them.</summary>
    private void NoteBits(CXCursor update, CXCursor[] children, BinaryOperatorKind op, int parent)
    {
        if (op is not (BinaryOperatorKind.OrAssign or BinaryOperatorKind.AndAssign) || _function.Kind == 0
            || _expr.Lvalue(children[0], out var byAddress, out var field) is not { } target || byAddress
            || Cursors.EvaluateInteger(children[1]) is not { } constant)
        {
            return;
        }

        long mask = op == BinaryOperatorKind.OrAssign ? constant : ~constant;
        if (mask != 0)
        {
            _conditions.BitStores.Add(new BitStore(target, mask, op == BinaryOperatorKind.OrAssign, _skeleton.Next,
                Math.Max(1, _x.Position(NativeMethods.clang_getCursorLocation(update)).Line), parent, field));
        }
    }

    /// <summary>A store into a field ('p->F = v', 'p->F += v', 'p->F++'): described when it is a plain '='.</summary>
    private void NoteFieldStore(CXCursor store, CXCursor target, CXCursor value, int parent, bool described)
    {
        if (_function.Kind != 0 && _expr.Lvalue(target, out var byAddress, out var identity) is { } field && !byAddress && field.StartsWith("->", StringComparison.Ordinal))
        {
            _conditions.NoteOtherStore(field, value, _skeleton.Next, Math.Max(1, _x.Position(NativeMethods.clang_getCursorLocation(store)).Line), parent, described, identity);
        }
    }

    /// <summary>'x++', '--x', 'x op= v' on a variable: a store that adds step to it ('x += 4'), or one nothing describes (null).</summary>
    private void NoteUpdate(CXCursor update, CXCursor target, long? step, int parent)
    {
        var lhs = _expr.Strip(target);
        if (lhs.CursorKind == CursorKind.DeclRefExpr && _function.Kind != 0)
        {
            _conditions.NoteAssignment(Cursors.Spelling(lhs), update, _skeleton.Next, Math.Max(1, _x.Position(NativeMethods.clang_getCursorLocation(update)).Line), parent, step);
        }
    }

    private static void PushGeneric(Item it, CXCursor[] children, List<Item> next)
    {
        foreach (var child in children)
        {
            next.Add(it with { Cursor = child, Ref = ReferenceContext.Other, Hint = UseHint.Other, Negate = false, Store = null, VariableInit = false, InPlace = false });
        }
    }

    // Parentheses, casts and implicit conversions do not change how a value is used.
    private static void PushTransparent(Item it, CXCursor[] children, List<Item> next)
    {
        foreach (var child in children)
        {
            next.Add(it with { Cursor = child });
        }
    }

    private int AddNode(BodyNodeKind kind, Item it, CXCursor c, string? label = null, int callIndex = -1) =>
        _skeleton.Add(kind, it.Parent, it.Role, c, label, callIndex);

    private void VisitFor(Item it, List<Item> next)
    {
        var c = it.Cursor;
        var node = AddNode(BodyNodeKind.For, it, c);
        var children = Children(c);
        if (children.Length == 0)
        {
            return;
        }

        var body = children[^1];
        var header = children[..^1];
        var roles = ForHeaderRoles(c, body, header);
        for (var i = 0; i < header.Length; i++)
        {
            var role = roles[i];
            if (role == BodyRole.Condition)
            {
                _conditions.NoteCondition(node, header[i], negated: false);
            }

            next.Add(new Item(header[i], node, role, it.Scope, it.InLoop || role != BodyRole.Init, ReferenceContext.Other,
                role == BodyRole.Condition ? UseHint.Other : UseHint.Statement));
        }

        next.Add(new Item(body, node, BodyRole.Body, it.Scope, true, ReferenceContext.Other, UseHint.Statement));
    }

    /// <summary>
    /// libclang lists only the parts of 'for (init; cond; inc)' that are present, so which is which is decided
    /// by where each part starts relative to the two semicolons of the header.
    /// </summary>
    private BodyRole[] ForHeaderRoles(CXCursor forStmt, CXCursor body, CXCursor[] header)
    {
        var roles = new BodyRole[header.Length];
        if (header.Length == 3)
        {
            roles[0] = BodyRole.Init;
            roles[1] = BodyRole.Condition;
            roles[2] = BodyRole.Increment;
            return roles;
        }

        var forStart = _x.Position(NativeMethods.clang_getRangeStart(NativeMethods.clang_getCursorExtent(forStmt))).Offset;
        var bodyStart = _x.Position(NativeMethods.clang_getRangeStart(NativeMethods.clang_getCursorExtent(body))).Offset;
        var semicolons = new List<uint>();
        var depth = 0;
        foreach (var (text, offset) in Cursors.Tokens(_x.TranslationUnit, NativeMethods.clang_getCursorExtent(forStmt)))
        {
            if (offset >= bodyStart && bodyStart > forStart)
            {
                break;
            }

            if (text == "(")
            {
                depth++;
            }
            else if (text == ")")
            {
                depth--;
            }
            else if (text == ";" && depth == 1)
            {
                semicolons.Add(offset);
            }
        }

        for (var i = 0; i < header.Length; i++)
        {
            if (semicolons.Count >= 2)
            {
                var start = _x.Position(NativeMethods.clang_getRangeStart(NativeMethods.clang_getCursorExtent(header[i]))).Offset;
                roles[i] = start < semicolons[0] ? BodyRole.Init : start < semicolons[1] ? BodyRole.Condition : BodyRole.Increment;
            }
            else
            {
                // No usable tokens (the loop comes from a macro): a declaration is the init, then condition first.
                roles[i] = header[i].CursorKind == CursorKind.DeclStmt ? BodyRole.Init
                    : i == 0 && header.Length == 2 && header[1].CursorKind != CursorKind.DeclStmt ? BodyRole.Condition
                    : i == 1 ? BodyRole.Increment : BodyRole.Condition;
            }
        }

        return roles;
    }

    private void VisitVariable(Item it, List<Item> next)
    {
        var c = it.Cursor;
        var name = Cursors.Spelling(c);
        var type = NativeMethods.clang_getCursorType(c);
        var isAutomatic = !Cursors.HasStaticStorageClass(c);
        if (isAutomatic && _function.Kind != 0)
        {
            _locals.AddVariable(c, name, type, it.Scope, it.InLoop);
            if (_isCpp && _x.Cpp.DestructorsOf(type).Count > 0)
            {
                DestroyAtEnd(it.Scope, type);
            }
        }

        var children = Children(c);
        var init = children.Length > 0 && IsExpression(children[^1].CursorKind) ? children[^1] : default;
        if (init.Kind != 0 && isAutomatic && _function.Kind != 0)
        {
            _conditions.NoteAssignment(name, init, _skeleton.Next, Math.Max(1, _x.Position(NativeMethods.clang_getCursorLocation(c)).Line), it.Parent);
        }

        var recordType = _references.RecordTypeName(type);
        // A static local's initializer fills that object's fields (an automatic one is built anew on each call).
        var self = !isAutomatic && ExpressionReader.IsStaticRecordObject(c) && Cursors.Usr(c) is { Length: > 0 } usr ? usr : null;
        foreach (var child in children)
        {
            if (!IsExpression(child.CursorKind))
            {
                continue;
            }

            var isInit = child.Equals(init);
            next.Add(it with
            {
                Cursor = child,
                Ref = isInit ? new ReferenceContext(ReferenceUse.Assignment, name, recordType, -1, Object: self) : ReferenceContext.Other,
                Hint = isInit ? new UseHint(CallResultUse.Stored, name) : UseHint.Other,
                Store = isInit && _function.Kind != 0 ? _flows.StoreOf(new StoreTarget(name), child) : null,
                VariableInit = isInit,
            });
        }
    }

    /// <summary>An object of this type is destroyed at the end of this block (after the ones registered before it).</summary>
    private void DestroyAtEnd(int scope, CXType type)
    {
        if (!_destroyedAtEnd.TryGetValue(scope, out var list))
        {
            _destroyedAtEnd[scope] = list = [];
        }

        list.Add(type);
    }

    /// <summary>The types of the function's parameters passed by value with a class type (not for lambdas: their closure's call operator).</summary>
    private IEnumerable<CXType> ByValueParameterTypes()
    {
        var count = IsLambda ? 0 : NativeMethods.clang_Cursor_getNumArguments(_function);
        for (var i = 0; i < count; i++)
        {
            var type = NativeMethods.clang_getCursorType(NativeMethods.clang_Cursor_getArgument(_function, (uint)i));
            if (NativeMethods.clang_getCanonicalType(type).TypeKind == TypeKind.Record)
            {
                yield return type;
            }
        }
    }

    /// <summary>
    /// The class type of the temporary a call creates and its caller destroys at the end of the full expression, or
    /// default: a class returned by value or built by a constructor, unless it is built in place (a variable's
    /// initializer, a returned value, a base or member initializer, a new-expression, a by-value argument).
    /// </summary>
    private CXType TemporaryOf(Item it, CXCursor call)
    {
        if (!_isCpp || _function.Kind == 0 || it.VariableInit || it.InPlace || it.Store?.Lvalue == ValueFlowCollector.ReturnTarget)
        {
            return default;
        }

        var callee = Cursors.Referenced(call);
        if (Cursors.IsNull(callee) || !FactsExtractor.IsFunctionKind(callee.CursorKind))
        {
            return default;
        }

        var type = callee.CursorKind == CursorKind.Constructor
            ? NativeMethods.clang_getCursorType(call)
            : NativeMethods.clang_getCursorResultType(callee);
        return NativeMethods.clang_getCanonicalType(type).TypeKind == TypeKind.Record && _x.Cpp.DestructorsOf(type).Count > 0 ? type : default;
    }

    /// <summary>
    /// A copy or move of a temporary ('Guard g = Make();' as C++14 spells it, which is how clang parses MSVC code;
    /// libclang shows no declaration for an implicit copy constructor). The compiler elides it: the temporary is the
    /// object being built, and whoever destroys that object destroys it. Not a call.
    /// </summary>
    private bool IsElidedCopy(CXCursor call, CXCursor[] children)
    {
        if (!_isCpp || children.Length != 1)
        {
            return false;
        }

        // libclang gives no declaration for the implicit constructor (an invalid cursor), or the copy/move constructor.
        var referenced = Cursors.Referenced(call);
        if (!Cursors.IsNull(referenced) && FactsExtractor.IsFunctionKind(referenced.CursorKind) && !(referenced.CursorKind == CursorKind.Constructor
            && (NativeMethods.clang_CXXConstructor_isCopyConstructor(referenced) != 0 || NativeMethods.clang_CXXConstructor_isMoveConstructor(referenced) != 0)))
        {
            return false;
        }

        // The source is a class-typed call (a call through a pointer would have its callee here, of pointer type).
        var type = NativeMethods.clang_getCanonicalType(NativeMethods.clang_getCursorType(call));
        var source = _expr.Strip(children[0]);
        return type.TypeKind == TypeKind.Record
            && NativeMethods.clang_getCanonicalType(NativeMethods.clang_getCursorType(source)).TypeKind == TypeKind.Record
            && source.CursorKind is CursorKind.CallExpr or CursorKind.CXXFunctionalCastExpr;
    }

    private void VisitCall(Item it, List<Item> next)
    {
        var c = it.Cursor;
        var children = Children(c);
        if (IsElidedCopy(c, children))
        {
            PushTransparent(it, children, next);
            return;
        }

        var inFunction = _function.Kind != 0;
        var temporary = TemporaryOf(it, c);
        var site = _calls.Add(c, children, it.Scope, it.InLoop, it.VariableInit, it.Hint.Use, it.Hint.Into, it.OuterCall, it.OuterArgument);
        var index = site.Index;
        if (inFunction)
        {
            _conditions.NoteCall(c, index);
            if (site.CalleeName is { } callee && FactsExtractor.AllocaFamily.Contains(callee))
            {
                _locals.AddAlloca(callee, site.Location, it.InLoop);
            }

            if (it.Store is { } store)
            {
                _flows.AddCallResult(store, index, site.Location.Line);
            }
        }

        var node = AddNode(BodyNodeKind.Call, it, c, callIndex: inFunction ? index : -1);
        var target = site.CalleeName ?? site.IndirectExpression ?? string.Empty;
        var referenced = _isCpp ? Cursors.Referenced(c) : default;
        // A member call's first child is the object expression ('Make().Get()'): not an argument.
        var firstArgument = referenced.Kind != 0 && referenced.CursorKind == CursorKind.Constructor ? 0 : 1;
        for (var i = 0; i < children.Length; i++)
        {
            next.Add(new Item(children[i], node, BodyRole.None, it.Scope, it.InLoop,
                i == 0 ? ReferenceContext.Callee : new ReferenceContext(ReferenceUse.CallArgument, target, null, i - 1), UseHint.Other,
                OuterCall: i == 0 || !inFunction ? -1 : index, OuterArgument: i - 1,
                InPlace: _isCpp && i >= firstArgument && ByValueClassParameter(referenced, i - firstArgument)));
        }

        if (temporary.Kind != 0)
        {
            next.Add(new Item(c, it.Parent, BodyRole.None, it.Scope, it.InLoop, ReferenceContext.Other, UseHint.Other, TemporaryEnd: true, Temporary: temporary));
        }
    }

    /// <summary>Whether the callee's parameter at this position takes a class by value (the callee then destroys the argument).</summary>
    private static bool ByValueClassParameter(CXCursor callee, int position)
    {
        if (callee.Kind == 0 || Cursors.IsNull(callee) || position < 0 || !FactsExtractor.IsFunctionKind(callee.CursorKind)
            || position >= NativeMethods.clang_Cursor_getNumArguments(callee))
        {
            return false;
        }

        var type = NativeMethods.clang_getCursorType(NativeMethods.clang_Cursor_getArgument(callee, (uint)position));
        return NativeMethods.clang_getCanonicalType(type).TypeKind == TypeKind.Record;
    }

    private void VisitBinary(Item it, List<Item> next)
    {
        var c = it.Cursor;
        var children = Children(c);
        var op = _x.BinaryOperator(c, children);
        switch (op)
        {
            case BinaryOperatorKind.LAnd:
            case BinaryOperatorKind.LOr:
            {
                // '!(a && b)' is emitted as '!a || !b' (and the reverse): same evaluation order and short-circuits,
                // and the skeleton needs no negation node. Operand values are negated through Negate.
                var isAnd = (op == BinaryOperatorKind.LAnd) ^ it.Negate;
                var node = AddNode(isAnd ? BodyNodeKind.LogicalAnd : BodyNodeKind.LogicalOr, it, c);
                for (var i = 0; i < children.Length; i++)
                {
                    // The right operand runs only when the left one is true (&&) or false (||).
                    var role = i == 0 ? BodyRole.Condition : isAnd ? BodyRole.Then : BodyRole.Else;
                    var operand = new Item(children[i], node, role, it.Scope, it.InLoop, ReferenceContext.Other, UseHint.Other, it.Negate);
                    if (_function.Kind != 0 && _conditions.IsTestedOperand(children[i]))
                    {
                        // A test inside && / ||: an Other node carries the condition of this operand (its calls are
                        // the node's children), negated when the operator is emitted in its De Morgan form.
                        var holder = AddNode(BodyNodeKind.Other, operand, children[i]);
                        _conditions.NoteCondition(holder, children[i], it.Negate);
                        next.Add(operand with { Parent = holder, Role = BodyRole.None, Negate = false });
                    }
                    else
                    {
                        next.Add(operand);
                    }
                }

                return;
            }

            case BinaryOperatorKind.Assign when children.Length == 2:
            {
                var lhs = _expr.Strip(children[0]);
                var target = _references.AssignedName(children[0]);
                string? local = lhs.CursorKind == CursorKind.DeclRefExpr ? Cursors.Spelling(lhs) : null;
                if (local is not null && _function.Kind != 0)
                {
                    // 'x = x - 1' adds a constant to x, like 'x -= 1'.
                    long? step = _expr.VariablePlusConstant(children[1], out var offset) == local ? offset : null;
                    _conditions.NoteAssignment(local, children[1], _skeleton.Next, Math.Max(1, _x.Position(NativeMethods.clang_getCursorLocation(c)).Line), it.Parent, step);
                }

                NoteFieldStore(c, children[0], children[1], it.Parent, described: true);
                _objects.NoteStore(children[0], children[1]);
                next.Add(it with { Cursor = children[0], Ref = ReferenceContext.Other, Hint = UseHint.Other, Store = null });
                var stored = _expr.Lvalue(children[0], out var storedByAddress, out var storedField);
                var member = stored is not null && !storedByAddress && stored.StartsWith("->", StringComparison.Ordinal) ? storedField : null;
                if (_function.Kind == 0)
                {
                    stored = null;
                }

                next.Add(it with
                {
                    Cursor = children[1],
                    Ref = new ReferenceContext(ReferenceUse.Assignment, target ?? string.Empty, null, -1, _references.ConstantSubscript(lhs), member,
                        member is null ? null : _expr.StaticObjectOf(children[0])),
                    Hint = local is not null ? new UseHint(CallResultUse.Stored, local) : UseHint.Other,
                    Store = stored is not null && !storedByAddress ? _flows.StoreOf(new StoreTarget(stored, member), children[1]) : null,
                });
                return;
            }

            case BinaryOperatorKind.LT:
            case BinaryOperatorKind.GT:
            case BinaryOperatorKind.LE:
            case BinaryOperatorKind.GE:
            case BinaryOperatorKind.EQ:
            case BinaryOperatorKind.NE:
                foreach (var child in children)
                {
                    // 'BOOLEAN low = F() < X;' stores the comparison: F's result is then Stored in 'low'.
                    var hint = it.Hint.Use == CallResultUse.Stored ? it.Hint : UseHint.Compared;
                    next.Add(it with { Cursor = child, Ref = ReferenceContext.Other, Hint = hint, Store = null });
                }

                return;

            default:
                PushGeneric(it, children, next);
                return;
        }
    }

    /// <summary>
    /// Maps each initializer to the field it initializes: by position, or by '.field =' designator (libclang
    /// shows the written form, where a designated initializer is an expression whose first child names the field).
    /// Array initializers pass the enclosing context to each element.
    /// </summary>
    private void VisitInitList(Item it, List<Item> next)
    {
        var c = it.Cursor;
        var type = NativeMethods.clang_getCursorType(c);
        var canonical = NativeMethods.clang_getCanonicalType(type);
        var children = Children(c);
        if (canonical.TypeKind != TypeKind.Record)
        {
            foreach (var child in children)
            {
                var value = _references.DesignatedValue(child, out _) ?? child;
                next.Add(it with { Cursor = value, Hint = UseHint.Other, Store = null });
            }

            return;
        }

        var recordName = _references.RecordTypeName(type);
        var declarations = _x.Collector.Fields(canonical);
        var fields = declarations.Select(Cursors.Spelling).ToList();
        var position = 0;
        foreach (var child in children)
        {
            string? field;
            string? identity = null;
            var value = _references.DesignatedValue(child, out var designator);
            if (value is not null && designator is not null)
            {
                field = designator;
                var at = fields.IndexOf(designator);
                // '.a.b = v' names a field of a nested record: the outer record's field of that name is another one.
                identity = at >= 0 && _references.IsSingleDesignator(child) ? ExpressionReader.FieldOf(declarations[at]) : null;
                position = at >= 0 ? at + 1 : position + 1;
            }
            else
            {
                value = child;
                field = position < fields.Count ? fields[position] : string.Empty;
                identity = position < declarations.Length ? ExpressionReader.FieldOf(declarations[position]) : null;
                position++;
            }

            // The fields of a nested record or array element belong to the object the outer initializer builds.
            next.Add(it with { Cursor = value.Value, Ref = new ReferenceContext(ReferenceUse.Initializer, field, recordName, -1, Field: identity, Object: it.Ref.Object), Hint = UseHint.Other, Store = null });
        }
    }
}
