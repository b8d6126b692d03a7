using System.Globalization;
using System.Text;
using StackLint.Frontend.Interop;

namespace StackLint.Frontend;

/// <summary>
/// A call C++ makes without writing one: a destructor run at scope exit or by 'delete', an 'operator new' or
/// 'operator delete'. <see cref="Cursor"/> is the callee's declaration when libclang shows it (it does not show the
/// members of a class-template instance: those are named by the USR clang gives them).
/// </summary>
internal sealed record ImplicitCallee(string Name, string? Usr, CXCursor Cursor, bool IsVirtual = false);

/// <summary>
/// Finds the functions C++ calls implicitly, from declarations libclang exposes: libclang has no cursor for an
/// implicit destructor call or for the operator a new-expression uses, so they are looked up here (the destructor of
/// a type, member and base destructors, and operator new/delete by the number and types of their arguments, the way
/// overload resolution would pick among the declared candidates). One instance per translation unit.
/// </summary>
internal sealed class CppCalls(FactsExtractor x)
{
    private readonly FactsExtractor _x = x;
    private List<Candidate>? _globalOperators;
    // By canonical type spelling: every local of a class type asks, and the answer is the same in one unit.
    private readonly Dictionary<string, List<ImplicitCallee>> _destructorsByType = new(StringComparer.Ordinal);

    private sealed record Candidate(string Name, string Usr, CXCursor Cursor, string[] ParameterTypes, int Required);

    // Bounds a type's expansion into member and base destructors: a class nests its members to any depth.
    private const int MaxDestructors = 256;

    /// <summary>
    /// The destructors that run when an object of this type is destroyed, in the order they run: the class's own
    /// when it declares one (that destructor's facts carry the member and base destructors it runs after its body);
    /// otherwise, for a class with an implicit destructor, its members' (last declared first) and then its bases'.
    /// Arrays destroy their elements. A work stack, not recursion over member nesting.
    /// </summary>
    public List<ImplicitCallee> DestructorsOf(CXType type)
    {
        var key = Cursors.TypeSpelling(NativeMethods.clang_getCanonicalType(type));
        if (_destructorsByType.TryGetValue(key, out var known))
        {
            return known;
        }

        var result = new List<ImplicitCallee>();
        var pending = new Stack<CXType>();
        pending.Push(type);
        Expand(pending, result);
        _destructorsByType[key] = result;
        return result;
    }

    /// <summary>What a user-declared destructor runs after its body: its members' destructors, then its bases'.</summary>
    public List<ImplicitCallee> MemberAndBaseDestructors(CXCursor destructor)
    {
        var result = new List<ImplicitCallee>();
        var record = NativeMethods.clang_getCursorSemanticParent(destructor);
        if (Cursors.IsNull(record))
        {
            return result;
        }

        var pending = new Stack<CXType>();
        PushMembersAndBases(record, NativeMethods.clang_getCursorType(record), pending);
        Expand(pending, result);
        return result;
    }

    private void Expand(Stack<CXType> pending, List<ImplicitCallee> result)
    {
        var steps = 0;
        while (pending.Count > 0 && result.Count < MaxDestructors && steps++ < MaxDestructors * 4)
        {
            var type = NativeMethods.clang_getCanonicalType(pending.Pop());
            if (type.TypeKind == TypeKind.ConstantArray)
            {
                pending.Push(NativeMethods.clang_getArrayElementType(type));
                continue;
            }

            if (type.TypeKind != TypeKind.Record)
            {
                continue;
            }

            var record = NativeMethods.clang_getTypeDeclaration(type);
            if (Cursors.IsNull(record))
            {
                continue;
            }

            if (DeclaredDestructor(record) is { } own)
            {
                result.Add(own);
                continue;
            }

            PushMembersAndBases(record, type, pending);
        }
    }

    /// <summary>Pushes bases first, so the members pop first, last declared first, and then the bases, last first.</summary>
    private void PushMembersAndBases(CXCursor record, CXType type, Stack<CXType> pending)
    {
        foreach (var child in _x.Collector.Children(record))
        {
            if (child.CursorKind == CursorKind.CXXBaseSpecifier)
            {
                pending.Push(NativeMethods.clang_getCursorType(child));
            }
        }

        foreach (var field in _x.Collector.Fields(NativeMethods.clang_getCanonicalType(type)))
        {
            pending.Push(NativeMethods.clang_getCursorType(field));
        }
    }

    /// <summary>
    /// The destructor a class declares, or null. A class-template instance shows libclang none of its members: the
    /// template's declaration says whether there is one, and the instance's destructor is named by its USR.
    /// </summary>
    private ImplicitCallee? DeclaredDestructor(CXCursor record)
    {
        foreach (var child in _x.Collector.Children(record))
        {
            if (child.CursorKind == CursorKind.Destructor)
            {
                return new ImplicitCallee(FunctionWalker.QualifiedName(child), Cursors.Usr(child), child,
                    NativeMethods.clang_CXXMethod_isVirtual(child) != 0);
            }
        }

        var template = NativeMethods.clang_getSpecializedCursorTemplate(record);
        if (Cursors.IsNull(template))
        {
            return null;
        }

        foreach (var child in _x.Collector.Children(template))
        {
            if (child.CursorKind == CursorKind.Destructor)
            {
                var name = Cursors.Spelling(template);
                var usr = Cursors.Usr(record);
                return new ImplicitCallee(FunctionWalker.ClassName(record) + "::~" + name, usr.Length == 0 ? null : usr + "@F@~" + name + "#", default,
                    NativeMethods.clang_CXXMethod_isVirtual(child) != 0);
            }
        }

        return null;
    }

    /// <summary>
    /// The 'operator new' (or 'operator new[]') a new-expression calls: the allocated class's own when it declares
    /// one, else the global ones the translation unit declares, chosen by the number of placement arguments and, among
    /// several, by their types. Null with <paramref name="ambiguous"/> set when several still fit; a callee without a
    /// USR when none is declared (the implicit global operator).
    /// </summary>
    public ImplicitCallee? OperatorNew(CXCursor newExpr, out bool ambiguous)
    {
        var (isArray, placement) = NewShape(newExpr);
        var name = isArray ? "operator new[]" : "operator new";
        var allocated = NativeMethods.clang_getPointeeType(NativeMethods.clang_getCursorType(newExpr));
        var arguments = new List<string> { "size" };
        var children = _x.Collector.Children(newExpr);
        for (var i = 0; i < placement && i < children.Length; i++)
        {
            arguments.Add(TypeKey(NativeMethods.clang_getCursorType(children[i])));
        }

        return Choose(name, allocated, arguments, out ambiguous) ?? (ambiguous ? null : Implicit(name));
    }

    /// <summary>
    /// What a delete-expression calls: the destructor of the pointed-to class (virtual dispatch when it is virtual),
    /// then 'operator delete' (or 'operator delete[]'): the class's own, else the global one taking just the pointer,
    /// else the sized one.
    /// </summary>
    public (List<ImplicitCallee> Destructors, ImplicitCallee? Delete, bool Ambiguous) OperatorDelete(CXCursor deleteExpr)
    {
        var isArray = false;
        var tokens = Cursors.Tokens(_x.TranslationUnit, NativeMethods.clang_getCursorExtent(deleteExpr));
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (tokens[i].Text == "delete")
            {
                isArray = tokens[i + 1].Text == "[";
                break;
            }
        }

        var operand = _x.Collector.Children(deleteExpr).FirstOrDefault(c => ExpressionReader.IsExpression(c.CursorKind));
        var pointee = operand.Kind == 0 ? default : NativeMethods.clang_getPointeeType(NativeMethods.clang_getCursorType(operand));
        var destructors = pointee.Kind == 0 ? [] : DestructorsOf(pointee);
        var name = isArray ? "operator delete[]" : "operator delete";
        var delete = Choose(name, pointee, ["void *"], out var ambiguous);
        if (delete is null && !ambiguous)
        {
            delete = Choose(name, pointee, ["void *", "size"], out ambiguous) ?? (ambiguous ? null : Implicit(name));
        }

        return (destructors, delete, ambiguous);
    }

    private ImplicitCallee? Choose(string name, CXType allocated, List<string> arguments, out bool ambiguous)
    {
        ambiguous = false;
        var candidates = ClassOperators(allocated, name);
        if (candidates.Count == 0)
        {
            candidates = GlobalOperators().Where(c => c.Name == name).ToList();
        }

        var byCount = candidates.Where(c => arguments.Count >= c.Required && arguments.Count <= c.ParameterTypes.Length).ToList();
        var distinct = byCount.Select(c => c.Usr).Distinct(StringComparer.Ordinal).Count();
        if (distinct > 1)
        {
            byCount = byCount.Where(c => Matches(c, arguments)).ToList();
            distinct = byCount.Select(c => c.Usr).Distinct(StringComparer.Ordinal).Count();
        }

        if (distinct == 1)
        {
            var chosen = byCount[0];
            return new ImplicitCallee(chosen.Name, chosen.Usr, chosen.Cursor);
        }

        ambiguous = distinct > 1;
        return null;
    }

    /// <summary>
    /// The implicit global operator, when no declaration fits (a kernel driver that allocates with 'new' declares its
    /// own, so this is rare): a call to a function of that name whose body is unknown.
    /// </summary>
    private static ImplicitCallee Implicit(string name) => new(name, null, default);

    private static bool Matches(Candidate candidate, List<string> arguments)
    {
        for (var i = 1; i < arguments.Count && i < candidate.ParameterTypes.Length; i++)
        {
            if (!string.Equals(candidate.ParameterTypes[i], arguments[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private List<Candidate> ClassOperators(CXType allocated, string name)
    {
        var result = new List<Candidate>();
        if (allocated.Kind == 0)
        {
            return result;
        }

        var canonical = NativeMethods.clang_getCanonicalType(allocated);
        if (canonical.TypeKind == TypeKind.ConstantArray)
        {
            canonical = NativeMethods.clang_getCanonicalType(NativeMethods.clang_getArrayElementType(canonical));
        }

        if (canonical.TypeKind != TypeKind.Record)
        {
            return result;
        }

        var record = NativeMethods.clang_getTypeDeclaration(canonical);
        foreach (var child in _x.Collector.Children(record))
        {
            if (child.CursorKind == CursorKind.CXXMethod && Cursors.Spelling(child) == name)
            {
                result.Add(ToCandidate(child, FunctionWalker.QualifiedName(child)));
            }
        }

        return result;
    }

    /// <summary>The global operator new/delete declarations of the translation unit (headers included), once.</summary>
    private List<Candidate> GlobalOperators()
    {
        if (_globalOperators is not null)
        {
            return _globalOperators;
        }

        _globalOperators = [];
        foreach (var decl in _x.Collector.Children(NativeMethods.clang_getTranslationUnitCursor(_x.TranslationUnit)))
        {
            if (decl.CursorKind == CursorKind.FunctionDecl && Cursors.Spelling(decl) is var name
                && (name.StartsWith("operator new", StringComparison.Ordinal) || name.StartsWith("operator delete", StringComparison.Ordinal)))
            {
                _globalOperators.Add(ToCandidate(decl, name));
            }
        }

        return _globalOperators;
    }

    private Candidate ToCandidate(CXCursor function, string name)
    {
        var count = Math.Max(0, NativeMethods.clang_Cursor_getNumArguments(function));
        var types = new string[count];
        var required = count;
        for (var i = 0; i < count; i++)
        {
            var parameter = NativeMethods.clang_Cursor_getArgument(function, (uint)i);
            types[i] = i == 0 ? (name.StartsWith("operator new", StringComparison.Ordinal) ? "size" : "void *")
                : TypeKey(NativeMethods.clang_getCursorType(parameter));
            if (i > 0 && i < required && _x.Collector.Children(parameter).Any(c => ExpressionReader.IsExpression(c.CursorKind)))
            {
                required = i; // a default argument: this one and the rest may be left out
            }
        }

        // The sized delete's second parameter is the size.
        if (name.StartsWith("operator delete", StringComparison.Ordinal) && count == 2
            && NativeMethods.clang_getCanonicalType(NativeMethods.clang_getCursorType(NativeMethods.clang_Cursor_getArgument(function, 1u))).TypeKind is var k
            && (int)k is >= 3 and < 100)
        {
            types[1] = "size";
        }

        return new Candidate(name, Cursors.Usr(function), function, types, required);
    }

    /// <summary>A parameter or argument type compared as overload resolution's exact match would: canonical and unqualified.</summary>
    private static string TypeKey(CXType type)
    {
        var canonical = NativeMethods.clang_getUnqualifiedType(NativeMethods.clang_getCanonicalType(type));
        if (canonical.TypeKind is TypeKind.LValueReference or TypeKind.RValueReference)
        {
            canonical = NativeMethods.clang_getUnqualifiedType(NativeMethods.clang_getCanonicalType(NativeMethods.clang_getPointeeType(canonical)));
        }

        return Cursors.TypeSpelling(canonical);
    }

    /// <summary>
    /// Whether a new-expression allocates an array ('new T[n]'), and how many placement arguments it passes
    /// ('new (NonPagedPoolNx, Tag) T': two), read from its tokens: libclang lists the placement arguments, the array
    /// size and the initializer as children without saying which is which.
    /// </summary>
    private (bool IsArray, int Placement) NewShape(CXCursor newExpr)
    {
        var tokens = Cursors.Tokens(_x.TranslationUnit, NativeMethods.clang_getCursorExtent(newExpr));
        var at = tokens.FindIndex(t => t.Text == "new");
        if (at < 0)
        {
            return (false, 0);
        }

        var placement = 0;
        var i = at + 1;
        if (i < tokens.Count && tokens[i].Text == "(")
        {
            var depth = 0;
            var any = false;
            for (; i < tokens.Count; i++)
            {
                var t = tokens[i].Text;
                if (t is "(" or "[" or "{")
                {
                    depth++;
                    if (depth == 1)
                    {
                        continue;
                    }
                }
                else if (t is ")" or "]" or "}")
                {
                    depth--;
                    if (depth == 0)
                    {
                        i++;
                        break;
                    }
                }
                else if (t == "," && depth == 1)
                {
                    placement++;
                    continue;
                }

                any = true;
            }

            placement = any ? placement + 1 : 0;
        }

        var isArray = false;
        var level = 0;
        for (; i < tokens.Count; i++)
        {
            var t = tokens[i].Text;
            if (t == "[" && level == 0)
            {
                isArray = true;
                break;
            }

            if (t is "(" or "{")
            {
                level++;
            }
            else if (t is ")" or "}")
            {
                level--;
            }
        }

        return (isArray, placement);
    }

    /// <summary>'&lt;int, 4&gt;' for a function template instance ('Sum&lt;int, 4&gt;'), empty for anything else.</summary>
    public static string TemplateArguments(CXCursor function)
    {
        var count = NativeMethods.clang_Cursor_getNumTemplateArguments(function);
        if (count <= 0)
        {
            return string.Empty;
        }

        const int TypeArgument = 1, IntegralArgument = 4;
        var sb = new StringBuilder("<");
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            switch (NativeMethods.clang_Cursor_getTemplateArgumentKind(function, (uint)i))
            {
                case TypeArgument:
                    sb.Append(Cursors.TypeSpelling(NativeMethods.clang_Cursor_getTemplateArgumentType(function, (uint)i)));
                    break;
                case IntegralArgument:
                    sb.Append(NativeMethods.clang_Cursor_getTemplateArgumentValue(function, (uint)i).ToString(CultureInfo.InvariantCulture));
                    break;
                default:
                    sb.Append('…');
                    break;
            }
        }

        return sb.Append('>').ToString();
    }

    /// <summary>Whether a function definition is a template's instance (or an explicit specialization): its own function per instance.</summary>
    public static bool IsTemplateInstance(CXCursor function) => !Cursors.IsNull(NativeMethods.clang_getSpecializedCursorTemplate(function));
}
