using System.Collections.Immutable;
using System.Globalization;
using StackLint.Frontend.Facts;
using StackLint.Frontend.Interop;

namespace StackLint.Frontend;

/// <summary>
/// Extracts one function's facts (or one global initializer's function references) with an explicit work
/// stack. Each work item carries what the parent knew about the child: the body-skeleton node it hangs under
/// and its role, the scope, whether it runs in a loop, how a function name found there would be used, and
/// what happens to a value computed there (for IoGetRemainingStackSize results).
/// </summary>
internal sealed class FunctionWalker
{
    private readonly FactsExtractor _x;
    private readonly CXCursor _function;
    private readonly string _functionUsr;
    private readonly string _functionPath;

    private readonly List<BlockScope> _scopes = new();
    private readonly List<LocalVariable> _locals = new();
    private readonly List<LocalVariable> _literals = new();
    private int _exceptHandlers;
    private readonly List<CallSite> _calls = new();
    private readonly List<DynamicAllocation> _dynamic = new();
    private readonly List<FunctionReference> _references = new();
    private readonly List<BodyNode> _nodes = new();
    private readonly List<StackQuery> _queries = new();
    private readonly List<ValueFlow> _flows = new();
    private readonly List<(int Node, CXCursor Condition)> _pendingConditions = new();

    // Locals that hold IoGetRemainingStackSize(): a value (null) or a comparison of it (true when low).
    private readonly Dictionary<string, bool?> _stackLocals = new(StringComparer.Ordinal);

    // A lambda's body walked as a function of its own: the qualified name of the function it was written in.
    private readonly string? _lambdaOuter;

    public FunctionWalker(FactsExtractor extractor, CXCursor function)
    {
        _x = extractor;
        _function = function;
        _functionUsr = function.Kind == 0 ? string.Empty : Cursors.Usr(function);
        _functionPath = function.Kind == 0 ? string.Empty : _x.Position(NativeMethods.clang_getCursorLocation(function)).File;
    }

    /// <summary>A lambda expression's body as a function of its own, named after the function it is written in.</summary>
    public FunctionWalker(FactsExtractor extractor, CXCursor lambda, string outer)
        : this(extractor, lambda)
    {
        _lambdaOuter = outer;
        _functionUsr = extractor.LambdaUsr(NativeMethods.clang_getTypeDeclaration(NativeMethods.clang_getCursorType(lambda)));
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

    internal static string QualifiedName(CXCursor fn)
    {
        var name = Cursors.Spelling(fn);
        if (fn.CursorKind == CursorKind.FunctionDecl)
        {
            return name;
        }

        var parent = NativeMethods.clang_getCursorSemanticParent(fn);
        for (var guard = 0; guard < 64 && !Cursors.IsNull(parent)
             && parent.CursorKind is CursorKind.ClassDecl or CursorKind.StructDecl or CursorKind.UnionDecl or CursorKind.ClassTemplate; guard++)
        {
            name = Cursors.Spelling(parent) + "::" + name;
            parent = NativeMethods.clang_getCursorSemanticParent(parent);
        }

        return name;
    }

    private enum RefKind { Other, Callee, Assignment, Initializer, CallArgument }

    private sealed record RefContext(RefKind Kind, string? Target, string? RecordType, int ArgumentIndex)
    {
        public static readonly RefContext Other = new(RefKind.Other, null, null, -1);
        public static readonly RefContext Callee = new(RefKind.Callee, null, null, -1);
    }

    private sealed record UseHint(StackQueryUse Use, string? Into)
    {
        public static readonly UseHint Statement = new(StackQueryUse.Ignored, null);
        public static readonly UseHint Other = new(StackQueryUse.Other, null);
        public static readonly UseHint Compared = new(StackQueryUse.ComparedDirectly, null);
    }

    /// <param name="Negate">Under an odd number of '!': a logical operator here is emitted in its De Morgan form.</param>
    /// <param name="Store">The lvalue (or "return") this expression's value is stored into, for <see cref="ValueFlow"/>.</param>
    /// <param name="VariableInit">The whole initializer of a declared variable (through parentheses and casts).</param>
    /// <param name="OuterCall">Inside an argument of that call (index in the calls list; -1 none), <paramref name="OuterArgument"/> its position.</param>
    private readonly record struct Item(
        CXCursor Cursor, int Parent, BodyRole Role, int Scope, bool InLoop, RefContext Ref, UseHint Hint, bool Negate = false,
        string? Store = null, bool VariableInit = false, int OuterCall = -1, int OuterArgument = -1);

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

        Walk(new Item(body, -1, BodyRole.None, -1, false, RefContext.Other, UseHint.Statement));
        ResolveConditions();

        const int LinkageInternal = 2;
        return new FunctionFacts(
            name,
            _functionUsr,
            IsLambda || NativeMethods.clang_getCursorLinkage(fn) == LinkageInternal ? Linkage.Internal : Linkage.External,
            location,
            NativeMethods.clang_Location_isFromMainFile(NativeMethods.clang_getCursorLocation(fn)) != 0,
            IsLambda ? "default" : FactsExtractor.CallingConvention(NativeMethods.clang_getFunctionTypeCallingConv(type)),
            !IsLambda && NativeMethods.clang_isFunctionTypeVariadic(type) != 0,
            parameters.ToImmutable(),
            [.. _scopes],
            [.. _locals],
            [.. _calls],
            [.. _dynamic],
            [.. _references],
            [.. _nodes],
            [.. _queries],
            [.. _flows],
            NativeMethods.clang_Location_isInSystemHeader(NativeMethods.clang_getCursorLocation(fn)) != 0,
            IsLambda ? FunctionInlining.Inline : _x.InliningOf(fn),
            [.. _literals],
            _exceptHandlers);
    }

    /// <summary>Function references in a file-scope variable's initializer (callback tables, registration structs).</summary>
    public void ExtractGlobal(CXCursor variable, List<FunctionReference> sink)
    {
        var name = Cursors.Spelling(variable);
        var recordType = RecordTypeName(NativeMethods.clang_getCursorType(variable));
        foreach (var child in _x.Collector.Children(variable))
        {
            if (IsExpression(child.CursorKind))
            {
                Walk(new Item(child, -1, BodyRole.None, -1, false, new RefContext(RefKind.Assignment, name, recordType, -1), UseHint.Other));
            }
        }

        sink.AddRange(_references);
    }

    private static bool IsExpression(CursorKind k) => (int)k is >= 100 and < 200;

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
            case CursorKind.CompoundStmt:
            {
                var node = AddNode(BodyNodeKind.Compound, it, c);
                var scope = _scopes.Count;
                var loc = _x.Point(NativeMethods.clang_getCursorLocation(c), 1) ?? SourceSpan.At(_functionPath, 1, 1);
                _scopes.Add(new BlockScope(scope, it.Scope, loc, it.InLoop));
                foreach (var child in Children(c))
                {
                    next.Add(new Item(child, node, BodyRole.None, scope, it.InLoop, RefContext.Other, UseHint.Statement));
                }

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
                        _pendingConditions.Add((node, children[i]));
                    }

                    next.Add(new Item(children[i], node, role, it.Scope, it.InLoop, RefContext.Other, role == BodyRole.Condition ? UseHint.Other : UseHint.Statement));
                }

                return;
            }

            case CursorKind.WhileStmt:
            case CursorKind.SwitchStmt:
            {
                var isLoop = kind == CursorKind.WhileStmt;
                var node = AddNode(isLoop ? BodyNodeKind.While : BodyNodeKind.Switch, it, c);
                var children = Children(c);
                for (var i = 0; i < children.Length; i++)
                {
                    var last = i == children.Length - 1;
                    if (!last && isLoop)
                    {
                        _pendingConditions.Add((node, children[i]));
                    }

                    next.Add(new Item(children[i], node, last ? BodyRole.Body : BodyRole.Condition, it.Scope, it.InLoop || isLoop,
                        RefContext.Other, last ? UseHint.Statement : UseHint.Other));
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
                        _pendingConditions.Add((node, children[i]));
                    }

                    next.Add(new Item(children[i], node, isBody ? BodyRole.Body : BodyRole.Condition, it.Scope, true,
                        RefContext.Other, isBody ? UseHint.Statement : UseHint.Other));
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
                    next.Add(new Item(children[^1], node, BodyRole.Body, it.Scope, it.InLoop, RefContext.Other, UseHint.Statement));
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
                    next.Add(new Item(children[^1], node, BodyRole.Body, it.Scope, it.InLoop, RefContext.Other, UseHint.Statement));
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
                    next[^1] = next[^1] with { Store = StoreOf(ReturnTarget, children[0]) };
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
                                    RefContext.Other, filter ? UseHint.Other : UseHint.Statement));
                            }

                            break;
                        }

                        case CursorKind.SEHFinallyStmt:
                            foreach (var part in Children(child))
                            {
                                next.Add(new Item(part, node, BodyRole.Handler, it.Scope, it.InLoop, RefContext.Other, UseHint.Statement));
                            }

                            break;
                        default:
                            next.Add(new Item(child, node, BodyRole.Body, it.Scope, it.InLoop, RefContext.Other, UseHint.Statement));
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
                    _pendingConditions.Add((node, children[0]));
                }

                for (var i = 0; i < children.Length; i++)
                {
                    // The value of a ?: arm is the value of the whole expression: keep the parent's hints.
                    var arm = i > 0 && children.Length == 3;
                    next.Add(new Item(children[i], node, children.Length == 3 ? roles[i] : BodyRole.None, it.Scope, it.InLoop,
                        arm ? it.Ref : RefContext.Other, arm ? it.Hint : UseHint.Other, Store: arm ? StoreOf(it.Store, children[i]) : null));
                }

                return;
            }

            case CursorKind.DeclRefExpr:
                VisitDeclRef(it);
                return;

            case CursorKind.InitListExpr:
                VisitInitList(it, next);
                return;

            case CursorKind.CompoundLiteralExpr:
                // '(T){ ... }' is an object of its own, except as a variable's whole initializer (built in place).
                if (!it.VariableInit && _function.Kind != 0)
                {
                    var layout = _x.Layout(NativeMethods.clang_getCursorType(c));
                    var at = _x.Point(NativeMethods.clang_getCursorLocation(c), 1) ?? SourceSpan.At(_functionPath, 1, 1);
                    _literals.Add(new LocalVariable(layout.Spelling, layout, Math.Max(0, it.Scope), at, false));
                }

                PushGeneric(it, Children(c), next);
                return;

            case CursorKind.ParenExpr:
            case CursorKind.CStyleCastExpr:
            case CursorKind.UnexposedExpr:
                PushTransparent(it, Children(c), next);
                return;

            case CursorKind.UnaryOperator:
            {
                var op = _x.UnaryOperator(c);
                var children = Children(c);
                if (op is UnaryOperatorKind.AddrOf or UnaryOperatorKind.Deref or UnaryOperatorKind.Extension)
                {
                    // '&x' or '*x' as an initializer is not x built in the variable.
                    PushTransparent(op == UnaryOperatorKind.Extension ? it with { Store = null } : it with { Store = null, VariableInit = false }, children, next);
                }
                else if (op == UnaryOperatorKind.LNot)
                {
                    foreach (var child in children)
                    {
                        next.Add(it with { Cursor = child, Ref = RefContext.Other, Hint = UseHint.Other, Negate = !it.Negate, Store = null });
                    }
                }
                else
                {
                    PushGeneric(it, children, next);
                }

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

    private static void PushGeneric(Item it, CXCursor[] children, List<Item> next)
    {
        foreach (var child in children)
        {
            next.Add(it with { Cursor = child, Ref = RefContext.Other, Hint = UseHint.Other, Negate = false, Store = null, VariableInit = false });
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

    private int AddNode(BodyNodeKind kind, Item it, CXCursor c, string? label = null, int callIndex = -1)
    {
        if (_function.Kind == 0)
        {
            return -1;
        }

        var (_, line, column, _) = _x.Position(NativeMethods.clang_getCursorLocation(c));
        var id = _nodes.Count;
        _nodes.Add(new BodyNode(id, it.Parent, kind, it.Role, line, column, label, callIndex, null));
        return id;
    }

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
                _pendingConditions.Add((node, header[i]));
            }

            next.Add(new Item(header[i], node, role, it.Scope, it.InLoop || role != BodyRole.Init, RefContext.Other,
                role == BodyRole.Condition ? UseHint.Other : UseHint.Statement));
        }

        next.Add(new Item(body, node, BodyRole.Body, it.Scope, true, RefContext.Other, UseHint.Statement));
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
        var storage = NativeMethods.clang_Cursor_getStorageClass(c);
        var type = NativeMethods.clang_getCursorType(c);
        var isAutomatic = storage is not ((int)StorageClass.Static or (int)StorageClass.Extern or (int)StorageClass.PrivateExtern);
        if (isAutomatic && _function.Kind != 0)
        {
            var canonical = NativeMethods.clang_getCanonicalType(type);
            var isVla = canonical.TypeKind == TypeKind.VariableArray;
            // A name a macro made (pasted from its arguments) has no token of its own: the position is the macro's
            // use, and the identifier written there is the macro's name, which the span then covers.
            var position = _x.Position(NativeMethods.clang_getCursorLocation(c));
            var word = position.File.Length == 0 ? null : _x.IdentifierAt(position.File, position.Offset);
            var macro = word is not null && word != name ? word : null;
            var location = position.File.Length == 0
                ? SourceSpan.At(_functionPath, 1, 1)
                : new SourceSpan(position.File, position.Line, position.Column, position.Line, position.Column + (macro ?? name).Length);
            _locals.Add(new LocalVariable(name, _x.Layout(type), it.Scope, location, isVla, macro));
            if (isVla)
            {
                _dynamic.Add(new DynamicAllocation(DynamicAllocationKind.VariableLengthArray, name, location, it.InLoop));
            }
        }

        var children = Children(c);
        var init = children.Length > 0 && IsExpression(children[^1].CursorKind) ? children[^1] : default;
        if (init.Kind != 0 && isAutomatic)
        {
            TrackStackLocal(name, init);
        }

        var recordType = RecordTypeName(type);
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
                Ref = isInit ? new RefContext(RefKind.Assignment, name, recordType, -1) : RefContext.Other,
                Hint = isInit ? new UseHint(StackQueryUse.StoredInLocal, name) : UseHint.Other,
                Store = isInit && _function.Kind != 0 ? StoreOf(name, child) : null,
                VariableInit = isInit,
            });
        }
    }

    private void VisitCall(Item it, List<Item> next)
    {
        var c = it.Cursor;
        var children = Children(c);
        var referenced = Cursors.Referenced(c);
        string? calleeName = null;
        string? calleeUsr = null;
        string? indirect = null;
        if (!Cursors.IsNull(referenced) && referenced.CursorKind == CursorKind.FunctionDecl)
        {
            calleeName = Cursors.Spelling(referenced);
            calleeUsr = Cursors.Usr(referenced);
            if (_function.Kind != 0)
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
            calleeName = QualifiedName(referenced);
            calleeUsr = Cursors.Usr(referenced);
            if (_function.Kind != 0)
            {
                _x.NoteCallee(referenced, calleeUsr);
            }
        }
        else
        {
            indirect = children.Length > 0 ? _x.ExpressionText(children[0]) : "<expression>";
        }

        var start = _x.Position(NativeMethods.clang_getCursorLocation(c));
        var span = _x.SpanOf(c, _functionPath);
        if (span.Path != start.File || span.Line != start.Line || span.Column != start.Column)
        {
            span = SourceSpan.At(start.File.Length == 0 ? _functionPath : start.File, Math.Max(1, start.Line), Math.Max(1, start.Column));
        }

        // When the text at the call's position is not the callee's name, the call was written by a macro
        // and that position is where the macro was used: the identifier there is the macro.
        string? macro = null;
        var word = start.File.Length == 0 ? null : _x.IdentifierAt(start.File, start.Offset);
        if (calleeName is not null && word is not null && word != calleeName)
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
            var lvalue = Lvalue(children[i], out var byAddress);
            args.Add(new CallArgument(layout, constant, lvalue, byAddress, StringLiteralText(children[i])));
        }

        var index = _calls.Count;
        if (_function.Kind != 0 && it.OuterCall >= 0 && it.OuterCall < _calls.Count)
        {
            // This call computes (part of) an argument of the enclosing call: its result lives across the calls made
            // for the arguments evaluated after it.
            var outer = _calls[it.OuterCall];
            if (it.OuterArgument >= 0 && it.OuterArgument < outer.Arguments.Length && !outer.Arguments[it.OuterArgument].ContainsCall)
            {
                _calls[it.OuterCall] = outer with
                {
                    Arguments = outer.Arguments.SetItem(it.OuterArgument, outer.Arguments[it.OuterArgument] with { ContainsCall = true }),
                };
            }
        }

        if (_function.Kind != 0)
        {
            var result = _x.Layout(NativeMethods.clang_getCursorType(c));
            _calls.Add(new CallSite(index, calleeName, calleeUsr, indirect, span, Math.Max(0, it.Scope), it.InLoop, args.ToImmutable(), macro,
                result.Category == TypeCategory.Record ? result : null, it.VariableInit,
                it.Hint == UseHint.Statement || result.Category is TypeCategory.Record or TypeCategory.Void ? 0 : result.Size ?? 0));
            if (calleeName is not null && FactsExtractor.AllocaFamily.Contains(calleeName))
            {
                _dynamic.Add(new DynamicAllocation(DynamicAllocationKind.Alloca, calleeName, span, it.InLoop));
            }

            if (it.Store is not null)
            {
                _flows.Add(new ValueFlow(it.Store, null, index, span.Line));
            }

            if (calleeName == FactsExtractor.StackQueryFunction)
            {
                _queries.Add(new StackQuery(index, it.Hint.Use, it.Hint.Use == StackQueryUse.StoredInLocal ? it.Hint.Into : null, span));
            }
        }

        var node = AddNode(BodyNodeKind.Call, it, c, callIndex: _function.Kind != 0 ? index : -1);
        var target = calleeName ?? indirect ?? string.Empty;
        for (var i = 0; i < children.Length; i++)
        {
            next.Add(new Item(children[i], node, BodyRole.None, it.Scope, it.InLoop,
                i == 0 ? RefContext.Callee : new RefContext(RefKind.CallArgument, target, null, i - 1), UseHint.Other,
                OuterCall: i == 0 || _function.Kind == 0 ? -1 : index, OuterArgument: i - 1));
        }
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
                    var operand = new Item(children[i], node, role, it.Scope, it.InLoop, RefContext.Other, UseHint.Other, it.Negate);
                    var condition = Compare(children[i]);
                    if (condition is not null && _function.Kind != 0)
                    {
                        // A stack test inside && / ||: an Other node carries the value of this operand.
                        var holder = AddNode(BodyNodeKind.Other, operand, children[i]);
                        _nodes[holder] = _nodes[holder] with { Condition = condition with { LowWhenTrue = condition.LowWhenTrue ^ it.Negate } };
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
                var lhs = Strip(children[0]);
                var target = AssignedName(children[0]);
                string? local = lhs.CursorKind == CursorKind.DeclRefExpr ? Cursors.Spelling(lhs) : null;
                if (local is not null)
                {
                    TrackStackLocal(local, children[1]);
                }

                next.Add(it with { Cursor = children[0], Ref = RefContext.Other, Hint = UseHint.Other, Store = null });
                var storedByAddress = false;
                var stored = _function.Kind != 0 ? Lvalue(children[0], out storedByAddress) : null;
                next.Add(it with
                {
                    Cursor = children[1],
                    Ref = new RefContext(RefKind.Assignment, target ?? string.Empty, null, -1),
                    Hint = local is not null ? new UseHint(StackQueryUse.StoredInLocal, local) : UseHint.Other,
                    Store = stored is not null && !storedByAddress ? StoreOf(stored, children[1]) : null,
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
                    // 'BOOLEAN low = IoGetRemainingStackSize() < X;' stores the comparison: the query is then
                    // StoredInLocal 'low', and conditions testing 'low' carry Source 'low'.
                    var hint = it.Hint.Use == StackQueryUse.StoredInLocal ? it.Hint : UseHint.Compared;
                    next.Add(it with { Cursor = child, Ref = RefContext.Other, Hint = hint, Store = null });
                }

                return;

            default:
                PushGeneric(it, children, next);
                return;
        }
    }

    private void VisitDeclRef(Item it)
    {
        if (it.Ref.Kind == RefKind.Callee)
        {
            return;
        }

        var referenced = Cursors.Referenced(it.Cursor);
        if (Cursors.IsNull(referenced) || referenced.CursorKind != CursorKind.FunctionDecl)
        {
            return;
        }

        var name = Cursors.Spelling(referenced);
        var location = _x.Point(NativeMethods.clang_getCursorLocation(it.Cursor), name.Length) ?? SourceSpan.At(_functionPath, 1, 1);
        var kind = it.Ref.Kind switch
        {
            RefKind.Assignment => FunctionReferenceKind.Assignment,
            RefKind.Initializer => FunctionReferenceKind.Initializer,
            RefKind.CallArgument => FunctionReferenceKind.CallArgument,
            _ => FunctionReferenceKind.Other,
        };
        _references.Add(new FunctionReference(
            name,
            Cursors.Usr(referenced),
            location,
            kind,
            kind == FunctionReferenceKind.Other ? null : it.Ref.Target ?? string.Empty,
            kind == FunctionReferenceKind.Initializer ? it.Ref.RecordType : null,
            kind == FunctionReferenceKind.CallArgument ? it.Ref.ArgumentIndex : -1,
            _function.Kind == 0 ? null : _functionUsr));
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
                var value = DesignatedValue(child, out _) ?? child;
                next.Add(it with { Cursor = value, Hint = UseHint.Other, Store = null });
            }

            return;
        }

        var recordName = RecordTypeName(type);
        var fields = _x.Collector.Fields(canonical).Select(Cursors.Spelling).ToList();
        var position = 0;
        foreach (var child in children)
        {
            string? field;
            var value = DesignatedValue(child, out var designator);
            if (value is not null && designator is not null)
            {
                field = designator;
                var at = fields.IndexOf(designator);
                position = at >= 0 ? at + 1 : position + 1;
            }
            else
            {
                value = child;
                field = position < fields.Count ? fields[position] : string.Empty;
                position++;
            }

            next.Add(it with { Cursor = value.Value, Ref = new RefContext(RefKind.Initializer, field, recordName, -1), Hint = UseHint.Other, Store = null });
        }
    }

    /// <summary>For '.f = v' or '[i] = v' returns v (and the field name for '.f'); null for a plain initializer.</summary>
    private CXCursor? DesignatedValue(CXCursor child, out string? field)
    {
        field = null;
        if (child.CursorKind != CursorKind.UnexposedExpr)
        {
            return null;
        }

        var parts = Children(child);
        if (parts.Length < 2)
        {
            return null;
        }

        if (parts[0].CursorKind == CursorKind.MemberRef)
        {
            // '.a.b = v': the innermost designator names the field.
            var lastMember = parts.Take(parts.Length - 1).LastOrDefault(p => p.CursorKind == CursorKind.MemberRef);
            field = Cursors.Spelling(lastMember);
            return parts[^1];
        }

        // '[index] = v' on arrays: the leading children are index expressions. Distinguish from an implicit
        // conversion (one child) by the child count.
        return parts[^1];
    }

    private string? RecordTypeName(CXType type)
    {
        var t = type;
        // Walk through arrays to the element type, the struct a callback table's rows are.
        for (var guard = 0; guard < 16; guard++)
        {
            var canonical = NativeMethods.clang_getCanonicalType(t);
            if (canonical.TypeKind is TypeKind.ConstantArray or TypeKind.IncompleteArray or TypeKind.VariableArray)
            {
                t = NativeMethods.clang_getArrayElementType(t);
                continue;
            }

            if (canonical.TypeKind != TypeKind.Record)
            {
                return null;
            }

            var spelling = Cursors.TypeSpelling(NativeMethods.clang_getUnqualifiedType(t));
            foreach (var qualifier in new[] { "const ", "volatile ", "struct ", "union " })
            {
                if (spelling.StartsWith(qualifier, StringComparison.Ordinal))
                {
                    spelling = spelling[qualifier.Length..];
                }
            }

            return spelling;
        }

        return null;
    }

    /// <summary>The member or variable an assignment stores into: 'D->MajorFunction[IRP_MJ_CREATE]' gives MajorFunction.</summary>
    private string? AssignedName(CXCursor lhs)
    {
        var c = lhs;
        for (var guard = 0; guard < 64; guard++)
        {
            switch (c.CursorKind)
            {
                case CursorKind.MemberRefExpr:
                case CursorKind.DeclRefExpr:
                    return Cursors.Spelling(c);
                case CursorKind.ArraySubscriptExpr:
                case CursorKind.ParenExpr:
                case CursorKind.UnexposedExpr:
                case CursorKind.CStyleCastExpr:
                case CursorKind.UnaryOperator:
                    var children = Children(c);
                    if (children.Length == 0)
                    {
                        return null;
                    }

                    c = children[0];
                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>The <see cref="ValueFlow.Target"/> of a return statement.</summary>
    private const string ReturnTarget = "return";

    /// <summary>
    /// Where a stored value goes: when the value is itself an lvalue the flow is recorded here and null returned;
    /// otherwise the target, carried down to the call that computes the value (if there is one).
    /// </summary>
    private string? StoreOf(string? target, CXCursor value)
    {
        if (target is null || _function.Kind == 0)
        {
            return null;
        }

        var source = Lvalue(value, out var byAddress);
        if (source is null || byAddress)
        {
            return target;
        }

        _flows.Add(new ValueFlow(target, source, -1, Math.Max(1, _x.Position(NativeMethods.clang_getCursorLocation(value)).Line)));
        return null;
    }

    /// <summary>The lvalue an expression names, encoded as <see cref="CallArgument.Lvalue"/>; null when it names none.</summary>
    private string? Lvalue(CXCursor expression, out bool byAddress)
    {
        byAddress = false;
        var c = Strip(expression);
        if (c.CursorKind == CursorKind.UnaryOperator && _x.UnaryOperator(c) == UnaryOperatorKind.AddrOf)
        {
            var inner = Children(c);
            if (inner.Length != 1)
            {
                return null;
            }

            byAddress = true;
            c = Strip(inner[0]);
        }

        var deref = false;
        if (c.CursorKind == CursorKind.UnaryOperator && _x.UnaryOperator(c) == UnaryOperatorKind.Deref)
        {
            var inner = Children(c);
            if (inner.Length != 1)
            {
                return null;
            }

            deref = true;
            c = Strip(inner[0]);
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
        }

        if (name is null)
        {
            byAddress = false;
            return null;
        }

        return deref && !name.StartsWith("->", StringComparison.Ordinal) ? "*" + name : name;
    }

    /// <summary>The text between the quotes of a string literal ('"Name"', 'L"Name"'), or null for anything else.</summary>
    private string? StringLiteralText(CXCursor expression)
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
    private CXCursor Strip(CXCursor c)
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

    private void TrackStackLocal(string name, CXCursor value)
    {
        var v = Strip(value);
        if (IsStackQueryCall(v))
        {
            _stackLocals[name] = null;
            return;
        }

        var comparison = Compare(value);
        if (comparison is not null)
        {
            _stackLocals[name] = comparison.LowWhenTrue;
        }
        else
        {
            // Overwritten with something else: no longer a stack value.
            _stackLocals.Remove(name);
        }
    }

    private bool IsStackQueryCall(CXCursor c)
    {
        if (c.CursorKind != CursorKind.CallExpr)
        {
            return false;
        }

        var r = Cursors.Referenced(c);
        return !Cursors.IsNull(r) && r.CursorKind == CursorKind.FunctionDecl && Cursors.Spelling(r) == FactsExtractor.StackQueryFunction;
    }

    private string? StackSource(CXCursor stripped)
    {
        if (IsStackQueryCall(stripped))
        {
            return FactsExtractor.StackQueryFunction + "()";
        }

        if (stripped.CursorKind == CursorKind.DeclRefExpr)
        {
            var name = Cursors.Spelling(stripped);
            if (_stackLocals.TryGetValue(name, out var kind) && kind is null)
            {
                return name;
            }
        }

        if (stripped.CursorKind == CursorKind.BinaryOperator)
        {
            // '(remaining = IoGetRemainingStackSize()) < X': the assignment's value is the call's. The query is
            // StoredInLocal 'remaining', so the condition names that local too, as for a separate assignment.
            var sides = Children(stripped);
            if (sides.Length == 2 && _x.BinaryOperator(stripped, sides) == BinaryOperatorKind.Assign && IsStackQueryCall(Strip(sides[1])))
            {
                var target = Strip(sides[0]);
                return target.CursorKind == CursorKind.DeclRefExpr ? Cursors.Spelling(target) : FactsExtractor.StackQueryFunction + "()";
            }
        }

        return null;
    }

    /// <summary>How a condition depends on the remaining stack, or null when it does not.</summary>
    private StackCondition? Compare(CXCursor condition)
    {
        var negate = false;
        var c = condition;
        for (var guard = 0; guard < 256; guard++)
        {
            c = Strip(c);
            if (c.CursorKind == CursorKind.UnaryOperator && _x.UnaryOperator(c) == UnaryOperatorKind.LNot)
            {
                var operand = Children(c);
                if (operand.Length != 1)
                {
                    return null;
                }

                negate = !negate;
                c = operand[0];
                continue;
            }

            break;
        }

        if (c.CursorKind == CursorKind.DeclRefExpr)
        {
            var name = Cursors.Spelling(c);
            return _stackLocals.TryGetValue(name, out var low) && low is not null ? new StackCondition(name, low.Value ^ negate) : null;
        }

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
        var left = StackSource(Strip(sides[0]));
        var right = left is null ? StackSource(Strip(sides[1])) : null;
        bool? lowWhenTrue = (left, right, op) switch
        {
            (not null, _, BinaryOperatorKind.LT or BinaryOperatorKind.LE) => true,
            (not null, _, BinaryOperatorKind.GT or BinaryOperatorKind.GE) => false,
            (null, not null, BinaryOperatorKind.GT or BinaryOperatorKind.GE) => true,
            (null, not null, BinaryOperatorKind.LT or BinaryOperatorKind.LE) => false,
            _ => null,
        };
        return lowWhenTrue is null ? null : new StackCondition((left ?? right)!, lowWhenTrue.Value ^ negate);
    }

    private void ResolveConditions()
    {
        // Conditions are resolved after the walk so that a loop condition sees locals assigned anywhere in
        // the function (e.g. refreshed at the end of the loop body).
        foreach (var (node, condition) in _pendingConditions)
        {
            if (node < 0)
            {
                continue;
            }

            var result = Compare(condition);
            if (result is not null)
            {
                _nodes[node] = _nodes[node] with { Condition = result };
            }
        }
    }
}
