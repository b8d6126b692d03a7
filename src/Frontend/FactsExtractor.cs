using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using StackLint.Frontend.Facts;
using StackLint.Frontend.Interop;

namespace StackLint.Frontend;

/// <summary>
/// Walks one translation unit's AST and produces function facts. The walk is driven by an explicit work
/// stack (children are listed one level at a time by <see cref="ChildCollector"/>), so nesting depth in the
/// input never becomes depth of the call stack.
/// </summary>
internal sealed class FactsExtractor
{
    internal static readonly HashSet<string> AllocaFamily = new(StringComparer.Ordinal)
    {
        "alloca", "_alloca", "_malloca", "__builtin_alloca", "__builtin_alloca_with_align", "__builtin_alloca_uninitialized",
    };

    private readonly nint _tu;
    private readonly ChildCollector _collector;
    private readonly string _mainFile;
    private readonly Dictionary<nint, string> _fileNames = new();
    private readonly Dictionary<string, byte[]?> _fileText = new(StringComparer.Ordinal);
    private bool? _hasOperatorKindApi;
    // Callees met while walking, by USR: those defined in a system header are captured after the file's own functions.
    private readonly HashSet<string> _notedCallees = new(StringComparer.Ordinal);
    private readonly Queue<CXCursor> _pendingCallees = new();
    private readonly Queue<(CXCursor Lambda, string Outer)> _pendingLambdas = new();
    private readonly bool _isCpp;

    public FactsExtractor(nint tu, ChildCollector collector, string mainFile, byte[] mainContent)
    {
        _tu = tu;
        _collector = collector;
        _mainFile = mainFile;
        _fileText[mainFile] = mainContent;
        _isCpp = HeaderEnvironment.IsCpp(mainFile);
        Cpp = new CppCalls(this);
    }

    /// <summary>
    /// Set by <see cref="Run"/> when a file-scope declaration outside the main file (in a header that is not a system
    /// header) gave facts or named a callee. The editing parser's units walk only the declarations parsed after their
    /// precompiled preamble, which is right only while the preamble's declarations give nothing.
    /// </summary>
    public bool HeaderDeclarationsGaveFacts { get; private set; }

    /// <summary>Set by <see cref="Run"/>: <see cref="TranslationUnitFacts.EscapingObjects"/> of the file-scope initializers.</summary>
    public ImmutableArray<string> EscapingObjects { get; private set; } = [];

    /// <summary>Whether the file is C++: blocks then destroy their objects, and new/delete call operators.</summary>
    internal bool IsCpp => _isCpp;

    /// <summary>The calls C++ makes without writing them (destructors, operator new and delete), for this unit.</summary>
    internal CppCalls Cpp { get; }

    // The USRs of the functions extracted so far: a template instance reached again is not extracted twice.
    private readonly HashSet<string> _extracted = new(StringComparer.Ordinal);

    public (ImmutableArray<FunctionFacts> Functions, ImmutableArray<FunctionReference> Globals) Run()
    {
        var functions = ImmutableArray.CreateBuilder<FunctionFacts>();
        var globals = new List<FunctionReference>();
        var escaping = new SortedSet<string>(StringComparer.Ordinal);
        var root = NativeMethods.clang_getTranslationUnitCursor(_tu);
        foreach (var decl in FileScopeDeclarations(root))
        {
            var kind = decl.CursorKind;
            if (!IsFunctionKind(kind) && kind != CursorKind.VarDecl)
            {
                continue;
            }

            if (NativeMethods.clang_Location_isInSystemHeader(NativeMethods.clang_getCursorLocation(decl)) != 0)
            {
                continue;
            }

            int functionsBefore = functions.Count, globalsBefore = globals.Count, calleesBefore = _notedCallees.Count, escapingBefore = escaping.Count;
            if (IsFunctionKind(kind))
            {
                if (NativeMethods.clang_isCursorDefinition(decl) != 0)
                {
                    var body = _collector.Children(decl).LastOrDefault(c => c.CursorKind == CursorKind.CompoundStmt);
                    if (body.Kind != 0)
                    {
                        var facts = new FunctionWalker(this, decl).Extract(body);
                        _extracted.Add(facts.Usr);
                        functions.Add(facts);
                        ExtractLambdas(functions);
                    }
                }
            }
            else
            {
                new FunctionWalker(this, default).ExtractGlobal(decl, globals, escaping);
            }

            if ((functions.Count != functionsBefore || globals.Count != globalsBefore || _notedCallees.Count != calleesBefore || escaping.Count != escapingBefore)
                && NativeMethods.clang_Location_isFromMainFile(NativeMethods.clang_getCursorLocation(decl)) == 0)
            {
                HeaderDeclarationsGaveFacts = true;
            }
        }

        CaptureHeaderCallees(functions);
        // A header function has a copy in every unit that includes the header; the hash tells the program whether two
        // copies are the same function or the header compiled under different macros (two functions, two frames).
        for (int i = 0; i < functions.Count; i++)
        {
            if (!functions[i].IsInMainFile)
            {
                functions[i] = functions[i] with { ContentHash = FactsSerializer.ContentHash(functions[i]) };
            }
        }

        EscapingObjects = [.. escaping];
        return (functions.ToImmutable(), globals.ToImmutableArray());
    }

    /// <summary>
    /// The declarations at file scope in source order, with those inside C++ namespaces and extern "C" blocks in
    /// their place (a C++ driver's DriverEntry is extern "C"). An explicit stack: namespaces nest to any depth.
    /// </summary>
    private List<CXCursor> FileScopeDeclarations(CXCursor root)
    {
        var result = new List<CXCursor>();
        var pending = new Stack<(CXCursor[] Children, int Next)>();
        pending.Push((_collector.Children(root), 0));
        while (pending.Count > 0)
        {
            var (children, next) = pending.Pop();
            if (next >= children.Length) continue;
            pending.Push((children, next + 1));
            var decl = children[next];
            if (decl.CursorKind is CursorKind.Namespace or CursorKind.LinkageSpec)
                pending.Push((_collector.Children(decl), 0));
            else if (_isCpp && decl.CursorKind is CursorKind.ClassDecl or CursorKind.StructDecl or CursorKind.UnionDecl
                     && NativeMethods.clang_Location_isInSystemHeader(NativeMethods.clang_getCursorLocation(decl)) == 0)
                pending.Push((_collector.Children(decl), 0)); // a C++ class's methods, defined in its body, and nested classes
            else
                result.Add(decl);
        }

        return result;
    }

    /// <summary>
    /// The definitions in system headers (WDK, SDK, mingw-w64, clang's) of the functions the file's code calls,
    /// directly or through other such definitions: FORCEINLINE helpers whose locals clang puts in the caller's frame
    /// even at -O0, and inline or static helpers that are real calls. Each once (by USR), in the order first called;
    /// a worklist, so a chain of helpers never becomes depth of the call stack, and a cycle ends at the USRs seen.
    /// Definitions outside system headers were taken by the walk over the file's declarations already, except C++
    /// template instances: the walk skips templates (their bodies have no sizes), and each instance the code uses is
    /// taken here, a function of its own with its own frame ('Sum&lt;int, 4&gt;', 'Box&lt;char&gt;::Get').
    /// </summary>
    private void CaptureHeaderCallees(ImmutableArray<FunctionFacts>.Builder functions)
    {
        while (_pendingCallees.Count > 0)
        {
            var callee = _pendingCallees.Dequeue();
            var definition = NativeMethods.clang_getCursorDefinition(callee);
            if (Cursors.IsNull(definition) || !IsFunctionKind(definition.CursorKind)
                || NativeMethods.clang_Location_isInSystemHeader(NativeMethods.clang_getCursorLocation(definition)) == 0
                   && !(_isCpp && CppCalls.IsTemplateInstance(definition)))
            {
                continue;
            }

            var body = _collector.Children(definition).LastOrDefault(c => c.CursorKind == CursorKind.CompoundStmt);
            if (body.Kind != 0 && !_extracted.Contains(Cursors.Usr(definition)))
            {
                var facts = new FunctionWalker(this, definition).Extract(body);
                _extracted.Add(facts.Usr);
                functions.Add(facts);
                ExtractLambdas(functions);
            }
        }
    }

    /// <summary>A C function, or a C++ member function, constructor, destructor or conversion function.</summary>
    internal static bool IsFunctionKind(CursorKind kind) =>
        kind is CursorKind.FunctionDecl or CursorKind.CXXMethod or CursorKind.Constructor or CursorKind.Destructor or CursorKind.ConversionFunction;

    /// <summary>
    /// The lambdas met in the function just walked, each a function of its own ('Outer::&lt;lambda at line N&gt;'),
    /// their own lambdas after them: a queue, so lambdas nested to any depth never become depth of the call stack.
    /// </summary>
    private void ExtractLambdas(ImmutableArray<FunctionFacts>.Builder functions)
    {
        while (_pendingLambdas.Count > 0)
        {
            var (lambda, outer) = _pendingLambdas.Dequeue();
            var body = _collector.Children(lambda).LastOrDefault(c => c.CursorKind == CursorKind.CompoundStmt);
            if (body.Kind != 0)
            {
                functions.Add(new FunctionWalker(this, lambda, outer).Extract(body));
            }
        }
    }

    /// <summary>Remembers a lambda met in a function's body (named after <paramref name="outer"/>) to walk on its own.</summary>
    internal void NoteLambda(CXCursor lambda, string outer) => _pendingLambdas.Enqueue((lambda, outer));

    /// <summary>
    /// The USR given to a lambda: its closure class's location (the call operator's own USR is not reachable from the
    /// expression), so a call of the closure's operator() names the same function.
    /// </summary>
    internal string LambdaUsr(CXCursor closureClass)
    {
        var (file, line, column, _) = Position(NativeMethods.clang_getCursorLocation(closureClass));
        return string.Create(CultureInfo.InvariantCulture, $"c:lambda@{file}:{line}:{column}");
    }

    /// <summary>Remembers a called function; <see cref="CaptureHeaderCallees"/> looks for its definition later.</summary>
    internal void NoteCallee(CXCursor callee, string usr)
    {
        if (usr.Length > 0 && _notedCallees.Add(usr))
        {
            _pendingCallees.Enqueue(callee);
        }
    }

    /// <summary>
    /// Whether a definition is inline, and whether always: '__forceinline' (FORCEINLINE) and
    /// '__attribute__((always_inline))' are attributes libclang does not expose by kind, so a definition that carries
    /// any attribute is printed as a declaration (no body) and the printed attributes are read.
    /// </summary>
    /// <summary>True when the function (or a declaration of it before this one) carries __declspec(dllexport).</summary>
    internal bool IsExported(CXCursor function)
    {
        const int DllExportAttribute = 418;
        foreach (var child in _collector.Children(function))
        {
            if ((int)child.CursorKind == DllExportAttribute)
            {
                return true;
            }
        }

        return false;
    }

    internal FunctionInlining InliningOf(CXCursor function)
    {
        var inline = NativeMethods.clang_Cursor_isFunctionInlined(function) != 0;
        if (IsForceInline(function))
        {
            return FunctionInlining.ForceInline;
        }

        // 'VOID FORCEINLINE F(...);' on a prototype makes the later plain definition always-inline too (clang
        // inherits the attribute), and the printed definition does not show an inherited attribute.
        var first = NativeMethods.clang_getCanonicalCursor(function);
        if (!first.Equals(function) && IsForceInline(first))
        {
            return FunctionInlining.ForceInline;
        }

        return inline ? FunctionInlining.Inline : FunctionInlining.None;
    }

    private bool IsForceInline(CXCursor function)
    {
        var hasAttribute = false;
        foreach (var child in _collector.Children(function))
        {
            if ((int)child.CursorKind is >= 400 and < 500)
            {
                hasAttribute = true;
                break;
            }
        }

        if (hasAttribute)
        {
            const int TerseOutput = 17;
            var policy = NativeMethods.clang_getCursorPrintingPolicy(function);
            try
            {
                NativeMethods.clang_PrintingPolicy_setProperty(policy, TerseOutput, 1);
                var text = NativeMethods.Take(NativeMethods.clang_getCursorPrettyPrinted(function, policy));
                return text.Contains("__forceinline", StringComparison.Ordinal) || text.Contains("always_inline", StringComparison.Ordinal);
            }
            finally
            {
                NativeMethods.clang_PrintingPolicy_dispose(policy);
            }
        }

        return false;
    }

    /// <summary>Whether a global variable declaration yields any facts (a function named in its initializer).</summary>
    internal bool HasGlobalFacts(CXCursor variable)
    {
        var sink = new List<FunctionReference>();
        var escaping = new HashSet<string>(StringComparer.Ordinal);
        new FunctionWalker(this, default).ExtractGlobal(variable, sink, escaping);
        return sink.Count > 0 || escaping.Count > 0;
    }

    internal ChildCollector Collector => _collector;

    internal nint TranslationUnit => _tu;

    internal static string FullPath(string clangPath)
    {
        try
        {
            return Path.GetFullPath(clangPath);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return clangPath;
        }
    }

    internal string FileNameOf(nint file)
    {
        if (file == 0)
        {
            return string.Empty;
        }

        if (!_fileNames.TryGetValue(file, out var name))
        {
            name = FullPath(Cursors.FileName(file));
            _fileNames[file] = name;
        }

        return name;
    }

    /// <summary>A zero-or-more-wide span at a location, mapped to the file position a user would look at.</summary>
    internal SourceSpan? Point(CXSourceLocation location, int length)
    {
        NativeMethods.clang_getFileLocation(location, out var file, out var line, out var column, out _);
        if (file == 0)
        {
            return null;
        }

        return new SourceSpan(FileNameOf(file), (int)line, (int)column, (int)line, (int)column + length);
    }

    internal (string File, int Line, int Column, uint Offset) Position(CXSourceLocation location)
    {
        NativeMethods.clang_getFileLocation(location, out var file, out var line, out var column, out var offset);
        return (FileNameOf(file), (int)line, (int)column, offset);
    }

    /// <summary>
    /// Whether a location is in the parsed file itself, or in a macro expanded there: a function a header macro defines
    /// when the file invokes it ('module_init(init_nls)' pasting 'module_init_nls') is the file's own, as the compiler
    /// says (clang's -fstack-usage names it at the invocation's line).
    /// </summary>
    internal bool IsInMainFile(CXSourceLocation location) =>
        NativeMethods.clang_Location_isFromMainFile(location) != 0 || string.Equals(ExpansionPosition(location).File, _mainFile, StringComparison.Ordinal);

    /// <summary>Where a location's macro expansion starts (the location itself when no macro made it).</summary>
    internal (string File, int Line, int Column, uint Offset) ExpansionPosition(CXSourceLocation location)
    {
        NativeMethods.clang_getExpansionLocation(location, out var file, out var line, out var column, out var offset);
        return (FileNameOf(file), (int)line, (int)column, offset);
    }

    internal SourceSpan SpanOf(CXCursor cursor, string fallbackPath)
    {
        var extent = NativeMethods.clang_getCursorExtent(cursor);
        var start = Position(NativeMethods.clang_getRangeStart(extent));
        var end = Position(NativeMethods.clang_getRangeEnd(extent));
        if (start.File.Length == 0)
        {
            var loc = Position(NativeMethods.clang_getCursorLocation(cursor));
            return SourceSpan.At(loc.File.Length == 0 ? fallbackPath : loc.File, Math.Max(1, loc.Line), Math.Max(1, loc.Column));
        }

        if (end.File != start.File || end.Line < start.Line || end.Line == start.Line && end.Column < start.Column)
        {
            return SourceSpan.At(start.File, start.Line, start.Column);
        }

        return new SourceSpan(start.File, start.Line, start.Column, end.Line, end.Column);
    }

    /// <summary>The identifier starting at a byte offset of a file, or null (used to name the macro a call came from).</summary>
    internal string? IdentifierAt(string file, uint offset)
    {
        if (!_fileText.TryGetValue(file, out var text))
        {
            try
            {
                text = File.ReadAllBytes(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                text = null;
            }

            _fileText[file] = text;
        }

        if (text is null || offset >= text.Length)
        {
            return null;
        }

        var end = (int)offset;
        while (end < text.Length && (text[end] == '_' || char.IsAsciiLetterOrDigit((char)text[end])))
        {
            end++;
        }

        if (end == offset || char.IsAsciiDigit((char)text[offset]))
        {
            return null;
        }

        return Encoding.ASCII.GetString(text, (int)offset, end - (int)offset);
    }

    internal TypeLayout Layout(CXType type)
    {
        var spelling = Cursors.TypeSpelling(type);
        var canonical = NativeMethods.clang_getCanonicalType(type);
        // Placeholder types ('<overloaded function type>', '<bound member function type>', '<dependent type>') are
        // what clang gives an expression it could not resolve (C++ with a missing header); asking their size makes
        // libclang 19 crash instead of returning an error, so they have none.
        const int OverloadType = 25, DependentType = 26;
        if ((int)canonical.TypeKind is OverloadType or DependentType || spelling.StartsWith('<'))
        {
            return new TypeLayout(spelling, TypeCategory.Unknown, null, null);
        }

        var category = Category(canonical.TypeKind);
        var size = NativeMethods.clang_Type_getSizeOf(type);
        var align = size >= 0 || ElementHasSize(canonical) ? NativeMethods.clang_Type_getAlignOf(type) : -1;
        return new TypeLayout(spelling, category, size < 0 ? null : size, align < 0 ? null : align);
    }

    /// <summary>
    /// Whether the innermost element of an array without a size ('UCHAR Data[]') has one. libclang 19 answers the
    /// alignment of any incomplete array, and crashes when its element is an undefined struct ('struct Desc sg[]' as a
    /// C++ parameter, seen in a real display miniport parsed without its headers).
    /// </summary>
    private static bool ElementHasSize(CXType canonical)
    {
        if (canonical.TypeKind != TypeKind.IncompleteArray)
        {
            return false;
        }

        var element = NativeMethods.clang_getArrayElementType(canonical);
        while (element.TypeKind is TypeKind.ConstantArray or TypeKind.IncompleteArray or TypeKind.VariableArray or TypeKind.DependentSizedArray)
        {
            element = NativeMethods.clang_getArrayElementType(element);
        }

        return NativeMethods.clang_Type_getSizeOf(element) >= 0;
    }

    internal static TypeCategory Category(TypeKind kind) => kind switch
    {
        TypeKind.Pointer or TypeKind.BlockPointer or TypeKind.LValueReference or TypeKind.RValueReference => TypeCategory.Pointer,
        TypeKind.Record => TypeCategory.Record,
        TypeKind.Enum => TypeCategory.Enum,
        TypeKind.ConstantArray or TypeKind.IncompleteArray or TypeKind.VariableArray or TypeKind.DependentSizedArray
            or TypeKind.Vector or TypeKind.ExtVector => TypeCategory.Array,
        TypeKind.FunctionProto or TypeKind.FunctionNoProto => TypeCategory.Function,
        TypeKind.Void => TypeCategory.Void,
        TypeKind.Invalid or TypeKind.Unexposed => TypeCategory.Unknown,
        TypeKind.Complex or TypeKind.Atomic => TypeCategory.Scalar,
        _ when (int)kind is >= 3 and < 100 => TypeCategory.Scalar,
        _ => TypeCategory.Unknown,
    };

    internal static string CallingConvention(int cc) => cc switch
    {
        0 => "default",
        1 => "cdecl",
        2 => "stdcall",
        3 => "fastcall",
        4 => "thiscall",
        6 => "aapcs",
        8 => "regcall",
        10 => "win64",
        12 => "vectorcall",
        16 => "aarch64_vectorcall",
        100 => "invalid",
        _ => "other",
    };

    /// <summary>The operator of a binary operator cursor; falls back to the tokens on libclang older than 17.</summary>
    internal BinaryOperatorKind BinaryOperator(CXCursor cursor, CXCursor[] children)
    {
        if (_hasOperatorKindApi != false)
        {
            try
            {
                var k = (BinaryOperatorKind)NativeMethods.clang_getCursorBinaryOperatorKind(cursor);
                _hasOperatorKindApi = true;
                return k;
            }
            catch (EntryPointNotFoundException)
            {
                _hasOperatorKindApi = false;
            }
        }

        if (children.Length != 2)
        {
            return BinaryOperatorKind.Invalid;
        }

        var lhsEnd = Position(NativeMethods.clang_getRangeEnd(NativeMethods.clang_getCursorExtent(children[0]))).Offset;
        foreach (var (text, offset) in Cursors.Tokens(_tu, NativeMethods.clang_getCursorExtent(cursor)))
        {
            if (offset >= lhsEnd)
            {
                return text switch
                {
                    "<" => BinaryOperatorKind.LT,
                    ">" => BinaryOperatorKind.GT,
                    "<=" => BinaryOperatorKind.LE,
                    ">=" => BinaryOperatorKind.GE,
                    "==" => BinaryOperatorKind.EQ,
                    "!=" => BinaryOperatorKind.NE,
                    "&&" => BinaryOperatorKind.LAnd,
                    "||" => BinaryOperatorKind.LOr,
                    "=" => BinaryOperatorKind.Assign,
                    "+" => BinaryOperatorKind.Add,
                    "-" => BinaryOperatorKind.Sub,
                    "+=" => BinaryOperatorKind.AddAssign,
                    "-=" => BinaryOperatorKind.SubAssign,
                    "&" => BinaryOperatorKind.And,
                    "&=" => BinaryOperatorKind.AndAssign,
                    "|=" => BinaryOperatorKind.OrAssign,
                    _ => BinaryOperatorKind.Invalid,
                };
            }
        }

        return BinaryOperatorKind.Invalid;
    }

    internal UnaryOperatorKind UnaryOperator(CXCursor cursor)
    {
        if (_hasOperatorKindApi != false)
        {
            try
            {
                var k = (UnaryOperatorKind)NativeMethods.clang_getCursorUnaryOperatorKind(cursor);
                _hasOperatorKindApi = true;
                return k;
            }
            catch (EntryPointNotFoundException)
            {
                _hasOperatorKindApi = false;
            }
        }

        var tokens = Cursors.Tokens(_tu, NativeMethods.clang_getCursorExtent(cursor));
        return tokens.Count == 0 ? UnaryOperatorKind.Invalid : tokens[0].Text switch
        {
            "!" => UnaryOperatorKind.LNot,
            "&" => UnaryOperatorKind.AddrOf,
            "*" => UnaryOperatorKind.Deref,
            "__extension__" => UnaryOperatorKind.Extension,
            _ => UnaryOperatorKind.Invalid,
        };
    }

    /// <summary>Source text of an expression rebuilt from its tokens (spaces only between words).</summary>
    internal string ExpressionText(CXCursor cursor)
    {
        var tokens = Cursors.Tokens(_tu, NativeMethods.clang_getCursorExtent(cursor));
        if (tokens.Count == 0 || tokens.Count > 64)
        {
            var s = Cursors.Spelling(cursor);
            return s.Length > 0 ? s : "<expression>";
        }

        var sb = new StringBuilder();
        foreach (var (text, _) in tokens)
        {
            if (sb.Length > 0 && IsWordChar(sb[^1]) && text.Length > 0 && IsWordChar(text[0]))
            {
                sb.Append(' ');
            }

            sb.Append(text);
        }

        return sb.ToString();
    }

    private static bool IsWordChar(char c) => c == '_' || char.IsAsciiLetterOrDigit(c);

    internal static string FormatConstant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
