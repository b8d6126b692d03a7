using System.Collections.Immutable;

namespace StackLint.Frontend.Facts;

// Facts are what the front end knows about one translation unit, as plain immutable data.
// Nothing past the front end sees libclang; everything it needs is here, and the whole set
// round-trips through JSON (FactsSerializer) so it can be cached on disk or produced by a shard.
// Unknowns are data: a size libclang could not compute is null, an indirect call has no callee.

/// <summary>A range in a source file; lines and columns are 1-based, columns count bytes as clang does.</summary>
public sealed record SourceSpan(string Path, int Line, int Column, int EndLine, int EndColumn)
{
    public static SourceSpan At(string path, int line, int column) => new(path, line, column, line, column);
    public override string ToString() => $"{Path}({Line},{Column})";
}

public enum TypeCategory { Scalar, Pointer, Enum, Array, Record, Function, Void, Unknown }

/// <summary>A type as laid out for the target architecture. Size and Alignment are null when libclang cannot compute them.</summary>
public sealed record TypeLayout(string Spelling, TypeCategory Category, long? Size, long? Alignment)
{
    public bool IsSizeKnown => Size is not null;
    /// <summary>Structs, unions and arrays: objects that always live in memory, never in a register.</summary>
    public bool IsAggregate => Category is TypeCategory.Record or TypeCategory.Array;
}

public enum Linkage { External, Internal }

public enum ProblemSeverity { Note, Warning, Error, Fatal }

/// <summary>A diagnostic libclang reported, or a reason the file could not be read or parsed at all.</summary>
public sealed record ParseProblem(ProblemSeverity Severity, string Message, SourceSpan? Location);

public sealed record Parameter(string Name, TypeLayout Type, SourceSpan Location);

/// <summary>A compound statement; scope 0 is the function body. Parent is -1 for the body.</summary>
public sealed record BlockScope(int Id, int Parent, SourceSpan Location, bool InLoop);

/// <summary>
/// An automatic (stack) variable. Static locals, externs and globals are never facts. A variable a macro declares
/// (DECLARE_UNICODE_STRING_SIZE(name, 64) declares 'name_buffer') is located at the macro's use, its span covering
/// the macro's name, and MacroName says which macro it was.
/// </summary>
public sealed record LocalVariable(string Name, TypeLayout Type, int ScopeId, SourceSpan Location, bool IsVariableLengthArray, string? MacroName = null);

/// <summary>
/// One argument of a call. Lvalue is the variable or field the argument names, after parentheses and casts: a local,
/// parameter or global by its name ("h"), a struct member as "->" and the member's name whatever the operator
/// ("->FileHandle" for both 'Ctx->FileHandle' and 'info.FileHandle'), a dereferenced variable as "*" and its name
/// ("*OutHandle"), an array element as its array; null for anything else (a call, arithmetic, a constant).
/// ByAddress says the argument was written '&amp;lvalue'. StringLiteral is the text between the quotes of a string
/// literal argument (narrow or wide, escapes as written). ContainsCall says computing the argument calls a function.
/// </summary>
public sealed record CallArgument(TypeLayout Type, long? ConstantValue, string? Lvalue = null, bool ByAddress = false, string? StringLiteral = null, bool ContainsCall = false);

/// <summary>
/// A value stored in a variable or field ('x = ...', 'T x = ...') or returned ('return ...': Target "return"), when
/// the stored value is another lvalue (Source, encoded as <see cref="CallArgument.Lvalue"/>) or the result of a call
/// of this function (SourceCallIndex; -1 otherwise). Target is encoded as an lvalue too. Stores of anything else
/// (constants, arithmetic) are not recorded. In source order.
/// </summary>
public sealed record ValueFlow(string Target, string? Source, int SourceCallIndex, int Line);

/// <summary>
/// A call. A direct call names its callee; an indirect one (through a pointer) has Callee null and the
/// spelling of the called expression in IndirectExpression. Calls written through a macro are located at
/// the macro's use, and MacroName says which macro it was. ResultType is the call's type when it is a record (an
/// aggregate returned by value; null otherwise), and InitializesVariable says the call is the whole initializer of a
/// declared variable ('S s = F();'), which the callee then builds in place. ResultValueSize is the size of the value
/// the call returns in a register when the caller uses it (stores, tests, passes or returns it); 0 when the call is a
/// statement of its own, returns void or returns a record.
/// </summary>
public sealed record CallSite(
    int Index,
    string? CalleeName,
    string? CalleeUsr,
    string? IndirectExpression,
    SourceSpan Location,
    int ScopeId,
    bool InLoop,
    ImmutableArray<CallArgument> Arguments,
    string? MacroName,
    TypeLayout? ResultType = null,
    bool InitializesVariable = false,
    long ResultValueSize = 0)
{
    public bool IsIndirect => CalleeName is null;
}

public enum DynamicAllocationKind { Alloca, VariableLengthArray }

/// <summary>alloca-family calls and variable-length arrays: stack use the frame size cannot bound.</summary>
public sealed record DynamicAllocation(DynamicAllocationKind Kind, string Name, SourceSpan Location, bool InLoop);

public enum FunctionReferenceKind
{
    /// <summary>Stored with '=': Target is the assigned member ("MajorFunction", "DriverUnload") or variable.</summary>
    Assignment,
    /// <summary>In an initializer list: Target is the field name, RecordType the struct being initialized.</summary>
    Initializer,
    /// <summary>Passed to a call: Target is the callee's name, ArgumentIndex the 0-based position.</summary>
    CallArgument,
    /// <summary>Any other use as a value (returned, compared, cast...).</summary>
    Other,
}

/// <summary>A function's name used as a value: how drivers register callbacks. Empty Target when unknown.</summary>
public sealed record FunctionReference(
    string FunctionName,
    string? FunctionUsr,
    SourceSpan Location,
    FunctionReferenceKind Kind,
    string? Target,
    string? RecordType,
    int ArgumentIndex,
    string? EnclosingFunctionUsr);

public enum BodyNodeKind
{
    Compound, If, While, DoWhile, For, Switch, Case, Default, Return, Break, Continue, Goto, Label,
    Call, Conditional, LogicalAnd, LogicalOr, Try, Leave, Other,
}

public enum BodyRole { None, Condition, Then, Else, Body, Init, Increment, Handler }

/// <summary>
/// How a condition depends on the remaining stack: Source is "IoGetRemainingStackSize()" for a direct call
/// or the name of the local that holds the result (or a comparison of it), and LowWhenTrue says whether the
/// condition is true when the stack is low ('remaining &lt; X' is true when low; 'remaining &gt;= X' is not).
/// </summary>
public sealed record StackCondition(string Source, bool LowWhenTrue);

/// <summary>
/// One node of the function body's control skeleton, in pre-order; Parent is the index of the enclosing node
/// (-1 for the root). Children of a node appear after it in source order with their Role. It keeps exactly what
/// control flow needs (branches, loops, jumps, labels, calls), not the full AST.
/// </summary>
public sealed record BodyNode(
    int Id,
    int Parent,
    BodyNodeKind Kind,
    BodyRole Role,
    int Line,
    int Column,
    string? Label,
    int CallIndex,
    StackCondition? Condition);

public enum StackQueryUse { Ignored, StoredInLocal, ComparedDirectly, Other }

/// <summary>A call to IoGetRemainingStackSize and what happened to its result.</summary>
public sealed record StackQuery(int CallIndex, StackQueryUse Use, string? StoredInto, SourceSpan Location);

/// <summary>
/// How a definition asks to be inlined: 'inline'/'__inline' (a hint; clang -O0 still calls it), or
/// '__forceinline'/FORCEINLINE/always_inline (clang inlines it at every call, even at -O0).
/// </summary>
public enum FunctionInlining { None, Inline, ForceInline }

/// <summary>
/// A function definition. IsInMainFile: defined in the parsed file itself. IsInSystemHeader: a definition in a
/// system header (WDK, SDK, mingw-w64, clang's own) that the file's code calls, directly or through other header
/// functions: captured for its frame and calls only; rules report nothing located in it. CompoundLiterals: the
/// '(T){ ... }' objects of the body that get a stack slot of their own (not those that are a variable's whole
/// initializer, which are built in the variable), named by their type's spelling. ExceptHandlers: how many
/// '__try { } __except (...) { }' statements the body has (the body skeleton does not tell them from __finally).
/// </summary>
public sealed record FunctionFacts(
    string Name,
    string Usr,
    Linkage Linkage,
    SourceSpan Location,
    bool IsInMainFile,
    string CallingConvention,
    bool IsVariadic,
    ImmutableArray<Parameter> Parameters,
    ImmutableArray<BlockScope> Scopes,
    ImmutableArray<LocalVariable> Locals,
    ImmutableArray<CallSite> Calls,
    ImmutableArray<DynamicAllocation> DynamicAllocations,
    ImmutableArray<FunctionReference> FunctionReferences,
    ImmutableArray<BodyNode> Body,
    ImmutableArray<StackQuery> StackQueries,
    ImmutableArray<ValueFlow> ValueFlows = default,
    bool IsInSystemHeader = false,
    FunctionInlining Inlining = FunctionInlining.None,
    ImmutableArray<LocalVariable> CompoundLiterals = default,
    int ExceptHandlers = 0)
{
    /// <summary>Stores of lvalues and call results, and returned values (empty when none; never default).</summary>
    public ImmutableArray<ValueFlow> ValueFlows { get; init; } = ValueFlows.IsDefault ? [] : ValueFlows;

    /// <summary>Never default: facts built before compound literals were recorded have none.</summary>
    public ImmutableArray<LocalVariable> CompoundLiterals { get; init; } = CompoundLiterals.IsDefault ? [] : CompoundLiterals;

    /// <summary>True when some local's or parameter's size could not be computed (a missing header, an incomplete type).</summary>
    public bool HasUnknownSizes => Locals.Any(l => !l.Type.IsSizeKnown) || Parameters.Any(p => !p.Type.IsSizeKnown);
}

/// <summary>
/// Everything known about one source file parsed under one header environment and architecture. StackProtector:
/// the file is compiled with a stack security cookie (-fstack-protector-strong or /GS in its flags).
/// </summary>
public sealed record TranslationUnitFacts(
    string Path,
    string Arch,
    string HeaderEnvironment,
    bool Parsed,
    ImmutableArray<FunctionFacts> Functions,
    ImmutableArray<FunctionReference> GlobalFunctionReferences,
    ImmutableArray<ParseProblem> Problems,
    ImmutableArray<string> IncludedFiles,
    bool StackProtector = false)
{
    public const int SchemaVersion = 3;
}
