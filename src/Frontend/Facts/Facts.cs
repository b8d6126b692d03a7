using System.Collections.Immutable;
using MemoryPack;

namespace StackLint.Frontend.Facts;

// Facts are what the front end knows about one translation unit, as plain immutable data.
// Nothing past the front end sees libclang; everything it needs is here, and the whole set
// round-trips through FactsSerializer so it can be cached on disk or produced by a shard. Every record is
// [MemoryPackable] and partial: MemoryPack's generator writes its public members in an order fixed by the
// declarations, so a new field (at the end of a positional record, with a default) is serialized without further
// code; a computed property ('=> ...') is marked [MemoryPackIgnore], since it is derived, not data. A nullable number
// is marked [property: PlainNullable<long>]: MemoryPack alone would write its padding bytes, and equal facts must give
// equal bytes (a test finds any padded member without a formatter).
// Unknowns are data: a size libclang could not compute is null, an indirect call has no callee.

/// <summary>A range in a source file; lines and columns are 1-based, columns count bytes as clang does.</summary>
[MemoryPackable]
public sealed partial record SourceSpan([property: Shared<string>] string Path, int Line, int Column, int EndLine, int EndColumn)
{
    public static SourceSpan At(string path, int line, int column) => new(path, line, column, line, column);
    public override string ToString() => $"{Path}({Line},{Column})";
}

public enum TypeCategory { Scalar, Pointer, Enum, Array, Record, Function, Void, Unknown }

/// <summary>A type as laid out for the target architecture. Size and Alignment are null when libclang cannot compute them.</summary>
[MemoryPackable]
public sealed partial record TypeLayout(string Spelling, TypeCategory Category, [property: PlainNullable<long>] long? Size, [property: PlainNullable<long>] long? Alignment)
{
    [MemoryPackIgnore]
    public bool IsSizeKnown => Size is not null;
    /// <summary>Structs, unions and arrays: objects that always live in memory, never in a register.</summary>
    [MemoryPackIgnore]
    public bool IsAggregate => Category is TypeCategory.Record or TypeCategory.Array;
}

public enum Linkage { External, Internal }

public enum ProblemSeverity { Note, Warning, Error, Fatal }

/// <summary>A diagnostic libclang reported, or a reason the file could not be read or parsed at all.</summary>
[MemoryPackable]
public sealed partial record ParseProblem(ProblemSeverity Severity, string Message, SourceSpan? Location);

[MemoryPackable]
public sealed partial record Parameter(string Name, [property: Shared<TypeLayout>] TypeLayout Type, SourceSpan Location);

/// <summary>A compound statement; scope 0 is the function body. Parent is -1 for the body.</summary>
[MemoryPackable]
public sealed partial record BlockScope(int Id, int Parent, SourceSpan Location, bool InLoop);

/// <summary>
/// An automatic (stack) variable. Static locals, externs and globals are never facts. A variable a macro declares
/// (DECLARE_UNICODE_STRING_SIZE(name, 64) declares 'name_buffer') is located at the macro's use, its span covering
/// the macro's name, and MacroName says which macro it was.
/// </summary>
[MemoryPackable]
public sealed partial record LocalVariable(string Name, [property: Shared<TypeLayout>] TypeLayout Type, int ScopeId, SourceSpan Location, bool IsVariableLengthArray, string? MacroName = null);

/// <summary>
/// One argument of a call. Lvalue is the variable or field the argument names, after parentheses and casts: a local,
/// parameter or global by its name ("h"), a struct member as "->" and the member's name whatever the operator
/// ("->FileHandle" for both 'Ctx->FileHandle' and 'info.FileHandle'), a dereferenced variable as "*" and its name
/// ("*OutHandle"), an array element as its array; null for anything else (a call, arithmetic, a constant).
/// ByAddress says the argument was written '&amp;lvalue'. StringLiteral is the text between the quotes of a string
/// literal argument (narrow or wide, escapes as written). ContainsCall says computing the argument calls a function.
/// IsNullPointer: a null pointer constant ('NULL', '(PVOID)0'), whose ConstantValue libclang may leave null.
/// OffsetOf and Offset: the argument is a local or parameter plus or minus an integer constant ('Layer - 1' is
/// "Layer" and -1, 'Depth + 1' is "Depth" and 1), how a recursive call passes a depth counter on; null and 0 otherwise.
/// ResultOf: the argument is, after parentheses and casts, the value of another call of the function (its index), as
/// in '_alloca(HelperSize())'; -1 otherwise.
/// BitOf: the argument is the mask of one bit whose number is a local or parameter, '1 &lt;&lt; nr' (BitInverted: its
/// complement '~(1 &lt;&lt; nr)'), how bit helpers hand a bit to InterlockedOr/InterlockedAnd; null otherwise.
/// Field: when Lvalue is a struct member ("->Flags"), which field it is: see <see cref="FieldIdentity"/>.
/// </summary>
[MemoryPackable]
public sealed partial record CallArgument([property: Shared<TypeLayout>] TypeLayout Type, [property: PlainNullable<long>] long? ConstantValue, string? Lvalue = null, bool ByAddress = false, string? StringLiteral = null, bool ContainsCall = false,
    bool IsNullPointer = false, string? OffsetOf = null, long Offset = 0, int ResultOf = -1, string? BitOf = null, bool BitInverted = false,
    [property: Shared<string>] string? Field = null);

/// <summary>
/// A value stored in a variable or field ('x = ...', 'T x = ...') or returned ('return ...': Target "return"), when
/// the stored value is another lvalue (Source, encoded as <see cref="CallArgument.Lvalue"/>) or the result of a call
/// of this function (SourceCallIndex; -1 otherwise). Target is encoded as an lvalue too. Stores of anything else
/// (constants, arithmetic) are not recorded. In source order. TargetField and SourceField: when Target or Source is a
/// struct member, which field it is (<see cref="FieldIdentity"/>).
/// </summary>
[MemoryPackable]
public sealed partial record ValueFlow(string Target, string? Source, int SourceCallIndex, int Line,
    [property: Shared<string>] string? TargetField = null, [property: Shared<string>] string? SourceField = null);

/// <summary>
/// A call. A direct call names its callee; an indirect one (through a pointer) has Callee null and the
/// spelling of the called expression in IndirectExpression. Calls written through a macro are located at
/// the macro's use, and MacroName says which macro it was. ResultType is the call's type when it is a record (an
/// aggregate returned by value; null otherwise), and InitializesVariable says the call is the whole initializer of a
/// declared variable ('S s = F();'), which the callee then builds in place. ResultUse says what the caller does with
/// the call's value; ResultStoredInto names the variable when it is Stored.
/// ResultValueSize is the size of the value
/// the call returns in a register when the caller uses it (stores, tests, passes or returns it); 0 when the call is a
/// statement of its own, returns void or returns a record.
/// </summary>
[MemoryPackable]
public sealed partial record CallSite(
    int Index,
    [property: Shared<string>] string? CalleeName,
    [property: Shared<string>] string? CalleeUsr,
    string? IndirectExpression,
    SourceSpan Location,
    int ScopeId,
    bool InLoop,
    ImmutableArray<CallArgument> Arguments,
    string? MacroName,
    [property: Shared<TypeLayout>] TypeLayout? ResultType = null,
    bool InitializesVariable = false,
    CallResultUse ResultUse = CallResultUse.Other,
    string? ResultStoredInto = null,
    long ResultValueSize = 0,
    [property: Shared<string>] string? VirtualUsr = null,
    [property: Shared<string>] string? IndirectField = null,
    [property: PlainNullable<long>] long? IndirectSubscript = null,
    [property: Shared<string>] string? IndirectObject = null)
{
    /// <summary>
    /// VirtualUsr: for a virtual call (an indirect one: dispatched at run time), the USR of the virtual member it names;
    /// it may run that member's definition or any override of it the program defines. IndirectField: for a call
    /// through a pointer loaded from a struct member ('ext-&gt;Upper.ServiceCallback(...)',
    /// 'D-&gt;MajorFunction[i](...)'), which field it is (<see cref="FieldIdentity"/>); null otherwise.
    /// IndirectSubscript: for a call through an element of an array ('D-&gt;MajorFunction[IRP_MJ_CREATE](...)') whose
    /// index is an integer constant expression, that index; null otherwise (a variable index, a pointer subscripted).
    /// IndirectObject: for a call through a field of a named object of static storage reached with '.' and array
    /// elements only ('g_Ops.Notify(...)', 'g_Tables[1].Inner.Notify(...)'), that variable's USR; null when the field
    /// is reached through a pointer or the object is automatic.
    /// </summary>
    [MemoryPackIgnore]
    public bool IsIndirect => CalleeName is null;
}

public enum DynamicAllocationKind { Alloca, VariableLengthArray }

/// <summary>alloca-family calls and variable-length arrays: stack use the frame size cannot bound.</summary>
[MemoryPackable]
public sealed partial record DynamicAllocation(DynamicAllocationKind Kind, string Name, SourceSpan Location, bool InLoop);

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

/// <summary>
/// A function's name used as a value: how drivers register callbacks. Empty Target when unknown. Subscript: for an
/// assignment into an array element with a constant index ('MajorFunction[IRP_MJ_SHUTDOWN] = f'), that index.
/// Field: for an Assignment into a struct member or an Initializer of one, which field it is
/// (<see cref="FieldIdentity"/>); null for a variable, or when not known. Object: for an Assignment into a field of a
/// named object of static storage reached with '.' and array elements only ('g_Ops.Notify = f'), or an Initializer
/// of such an object ('static OPS g_Ops = { f }'), that variable's USR (as <see cref="CallSite.IndirectObject"/>);
/// null otherwise.
/// </summary>
[MemoryPackable]
public sealed partial record FunctionReference(
    string FunctionName,
    string? FunctionUsr,
    SourceSpan Location,
    FunctionReferenceKind Kind,
    string? Target,
    string? RecordType,
    int ArgumentIndex,
    string? EnclosingFunctionUsr,
    [property: PlainNullable<long>] long? Subscript = null,
    [property: Shared<string>] string? Field = null,
    [property: Shared<string>] string? Object = null);

public enum BodyNodeKind
{
    Compound, If, While, DoWhile, For, Switch, Case, Default, Return, Break, Continue, Goto, Label,
    Call, Conditional, LogicalAnd, LogicalOr, Try, Leave, Other,
}

public enum BodyRole { None, Condition, Then, Else, Body, Init, Increment, Handler }

/// <summary>
/// What the caller does with a call's value: Ignored (a statement of its own), Stored in a variable (directly, or as
/// a comparison of it: 'BOOLEAN low = F() &lt; X'), Compared (an operand of a comparison that is not stored), Other.
/// </summary>
public enum CallResultUse { Other, Ignored, Stored, Compared }

/// <summary>What one side of a condition, or a stored value, is.</summary>
public enum OperandKind { Other, Call, Variable, Lvalue, Constant, Null, Masked }

/// <summary>
/// One side of a comparison, or a tested or stored value, after parentheses and casts. Call: the result of the call
/// with index CallIndex. Variable: a local, parameter or global, by Name. Lvalue: a field, dereference or array
/// element, Name encoded as <see cref="CallArgument.Lvalue"/>. Constant: an integer constant expression (Value).
/// Null: a null pointer constant ('NULL', '(PVOID)0'). An assignment used as a value ('(r = F()) &lt; X') is the
/// value it stores, and AssignedTo names the variable it stores into (null when it stores into anything else).
/// Masked: a variable or lvalue (Name, encoded as <see cref="CallArgument.Lvalue"/>) ANDed with an integer constant
/// (Value), how bit flags are tested ('Journal->Flags &amp; ABORT'); or ANDed with the mask of a bit whose number is a
/// local or parameter ('addr[nr &gt;&gt; 6] &amp; (1 &lt;&lt; (nr &amp; 63))'): Value null and BitOf that variable.
/// Field: when Name is a struct member (Lvalue, or Masked), which field it is (<see cref="FieldIdentity"/>).
/// </summary>
[MemoryPackable]
public sealed partial record Operand(OperandKind Kind, string? Name = null, int CallIndex = -1, [property: PlainNullable<long>] long? Value = null, string? AssignedTo = null, string? BitOf = null,
    [property: Shared<string>] string? Field = null);

public enum ConditionOperator { Value, Less, LessOrEqual, Greater, GreaterOrEqual, Equal, NotEqual }

/// <summary>
/// A condition as written, after parentheses, casts and '!': the truth of Left (Operator Value: 'if (p)', 'if (low)',
/// 'while (F())') or the comparison 'Left Operator Right'. Negated: the node's value is the opposite (an odd number of
/// '!', or an operand of a '&amp;&amp;'/'||' emitted in De Morgan form). Anything else (arithmetic, assignments) is not
/// described; '&amp;&amp;' and '||' are LogicalAnd/LogicalOr nodes whose operands carry their own conditions.
/// </summary>
[MemoryPackable]
public sealed partial record Condition(ConditionOperator Operator, bool Negated, Operand Left, Operand? Right = null);

/// <summary>
/// A value stored in a variable by name ('x = ...', or the initializer of an automatic 'T x = ...'), described as a
/// <see cref="Condition"/> (null when it is none: arithmetic, another assignment). Order is the id of the first body
/// node after the store in pre-order, so stores and skeleton nodes can be replayed in one order. Step: the store adds
/// an integer constant to the variable's own value ('x++' is 1, 'x--' and 'x -= 1' are -1, 'x = x + 4' is 4); null
/// for any other store. Parent: the body node the store sits in (its statement's enclosing block, branch or loop;
/// -1 when not known), which Order alone cannot tell for a store that ends a block. Field: for a store into a struct
/// member (<see cref="FunctionFacts.FieldStores"/>), which field it is (<see cref="FieldIdentity"/>).
/// </summary>
[MemoryPackable]
public sealed partial record Assignment(string Target, Condition? Value, int Order, int Line, [property: PlainNullable<long>] long? Step = null, int Parent = -1,
    [property: Shared<string>] string? Field = null);

/// <summary>
/// One node of the function body's control skeleton, in pre-order; Parent is the index of the enclosing node
/// (-1 for the root). Children of a node appear after it in source order with their Role. It keeps exactly what
/// control flow needs (branches, loops, jumps, labels, calls), not the full AST. Condition describes the condition of
/// an If/While/DoWhile/For/Conditional, or, on an Other node that is an operand of LogicalAnd/LogicalOr, that operand
/// (operands that test a variable or compare; the operand's calls are the Other node's children). Label is a label's
/// name, a goto's target, a case's constant value, or a switch's subject when it is an lvalue (encoded as
/// <see cref="CallArgument.Lvalue"/>: 'switch (IrpSp->MajorFunction)' is "->MajorFunction"); null otherwise.
/// </summary>
[MemoryPackable]
public sealed partial record BodyNode(
    int Id,
    int Parent,
    BodyNodeKind Kind,
    BodyRole Role,
    int Line,
    int Column,
    string? Label,
    int CallIndex,
    Condition? Condition);

/// <summary>
/// A store that sets (Set) or clears bits of a variable or field: 'x->Flags |= K' sets Mask K, 'x->Flags &amp;= ~K'
/// clears Mask K. Target is encoded as <see cref="CallArgument.Lvalue"/>; Order and Parent as in <see cref="Assignment"/>.
/// Field: when Target is a struct member, which field it is (<see cref="FieldIdentity"/>).
/// </summary>
[MemoryPackable]
public sealed partial record BitStore(string Target, long Mask, bool Set, int Order, int Line, int Parent, [property: Shared<string>] string? Field = null);

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
/// initializer, which are built in the variable), named by their type's spelling. IsExported: declared
/// __declspec(dllexport) (DECLSPEC_EXPORT), so other drivers can call it.
/// ExceptHandlers: how many '__try { } __except (...) { }' statements the body has (the body skeleton does not tell
/// them from __finally). ReturnsConstant: the body is one 'return E;' whose E is an integer constant expression, its
/// value ('FORCEINLINE SIZE_T ScratchBytes(void) { return 4096; }'); null otherwise. ContentHash: for a definition
/// outside the main file, a hash of these facts (<c>FactsSerializer.ContentHash</c>), equal in every unit that sees the
/// header under the same macros; null for the main file's own functions. EscapingObjects: see
/// <see cref="TranslationUnitFacts.EscapingObjects"/>; those the body uses.
/// </summary>
[MemoryPackable]
public sealed partial record FunctionFacts(
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
    ImmutableArray<ValueFlow> ValueFlows = default,
    bool IsInSystemHeader = false,
    FunctionInlining Inlining = FunctionInlining.None,
    ImmutableArray<LocalVariable> CompoundLiterals = default,
    ImmutableArray<Assignment> Assignments = default,
    bool IsExported = false,
    int ExceptHandlers = 0,
    ImmutableArray<string> Overrides = default,
    ImmutableArray<BitStore> BitStores = default,
    [property: PlainNullable<long>] long? ReturnsConstant = null,
    ImmutableArray<Assignment> Returns = default,
    ImmutableArray<Assignment> FieldStores = default,
    string? ContentHash = null,
    ImmutableArray<string> EscapingObjects = default)
{
    /// <summary>USRs of the named objects the body lets escape, in ordinal order (empty when none; never default).</summary>
    public ImmutableArray<string> EscapingObjects { get; init; } = EscapingObjects.IsDefault ? [] : EscapingObjects;

    /// <summary>The values 'return' statements give back, each described like a stored value (Target "return"; empty when none; never default).</summary>
    public ImmutableArray<Assignment> Returns { get; init; } = Returns.IsDefault ? [] : Returns;

    /// <summary>
    /// Stores into fields ('x->Count = 0', 'x->Error = status', 'x->Count += n'), Target encoded as
    /// <see cref="CallArgument.Lvalue"/> ("->Count"), the value described as in <see cref="Assignment"/> (null for a
    /// compound or undescribed store); in source order (empty when none; never default).
    /// </summary>
    public ImmutableArray<Assignment> FieldStores { get; init; } = FieldStores.IsDefault ? [] : FieldStores;

    /// <summary>USRs of the virtual members a C++ member function overrides directly (empty when none; never default).</summary>
    public ImmutableArray<string> Overrides { get; init; } = Overrides.IsDefault ? [] : Overrides;

    /// <summary>Stores that set or clear bits ('|=', '&amp;= ~'), in source order (empty when none; never default).</summary>
    public ImmutableArray<BitStore> BitStores { get; init; } = BitStores.IsDefault ? [] : BitStores;

    /// <summary>Stores of lvalues and call results, and returned values (empty when none; never default).</summary>
    public ImmutableArray<ValueFlow> ValueFlows { get; init; } = ValueFlows.IsDefault ? [] : ValueFlows;

    /// <summary>Never default: facts built before compound literals were recorded have none.</summary>
    public ImmutableArray<LocalVariable> CompoundLiterals { get; init; } = CompoundLiterals.IsDefault ? [] : CompoundLiterals;

    /// <summary>Stores into variables by name, in source order (empty when none; never default).</summary>
    public ImmutableArray<Assignment> Assignments { get; init; } = Assignments.IsDefault ? [] : Assignments;

    /// <summary>True when some local's or parameter's size could not be computed (a missing header, an incomplete type).</summary>
    [MemoryPackIgnore]
    public bool HasUnknownSizes => Locals.Any(l => !l.Type.IsSizeKnown) || Parameters.Any(p => !p.Type.IsSizeKnown);
}

/// <summary>
/// Everything known about one source file parsed under one header environment and architecture. StackProtector:
/// the file is compiled with a stack security cookie (-fstack-protector-strong or /GS in its flags).
/// EscapingObjects: named objects of static storage whose record (or array of records) code may reach other than
/// through a scalar or pointer field named on the object itself ('g_Ops.Notify'), by USR, in ordinal order: the
/// object or a part of it has its address taken, is copied, passed or returned as a whole, decays to a pointer, or
/// has a pointer field stored from anything but a function's name or a constant. These are the file-scope
/// initializers' uses; a function's own are in <see cref="FunctionFacts.EscapingObjects"/>.
/// </summary>
[MemoryPackable]
public sealed partial record TranslationUnitFacts(
    string Path,
    TargetArch Arch,
    string HeaderEnvironment,
    bool Parsed,
    ImmutableArray<FunctionFacts> Functions,
    ImmutableArray<FunctionReference> GlobalFunctionReferences,
    ImmutableArray<ParseProblem> Problems,
    ImmutableArray<string> IncludedFiles,
    bool StackProtector = false,
    ImmutableArray<CodeSectionPragma> CodeSections = default,
    ImmutableArray<string> EscapingObjects = default)
{
    public const int SchemaVersion = 13;

    /// <summary>Never default: see the record's summary.</summary>
    public ImmutableArray<string> EscapingObjects { get; init; } = EscapingObjects.IsDefault ? [] : EscapingObjects;

    /// <summary>The file's code-section pragmas in source order (empty when none; never default).</summary>
    public ImmutableArray<CodeSectionPragma> CodeSections { get; init; } = CodeSections.IsDefault ? [] : CodeSections;
}

/// <summary>
/// A code-section pragma in a file's own text, at Line. '#pragma alloc_text(INIT, DriverEntry, InitTables)' places the
/// named functions (Functions non-empty). '#pragma code_seg("PAGE")' (push and pop resolved) places every function
/// defined after it in the file until the next code_seg (Functions empty; Section empty for the default section).
/// </summary>
[MemoryPackable]
public sealed partial record CodeSectionPragma(string Section, ImmutableArray<string> Functions, int Line);
