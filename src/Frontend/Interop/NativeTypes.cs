using System.Runtime.InteropServices;

namespace StackLint.Frontend.Interop;

// Layouts mirror clang-c/Index.h (stable C ABI since libclang 3.x). Only what StackLint reads is declared.

[StructLayout(LayoutKind.Sequential)]
internal struct CXString
{
    public nint Data;
    public uint PrivateFlags;
}

[StructLayout(LayoutKind.Sequential)]
internal struct CXCursor : IEquatable<CXCursor>
{
    public int Kind;
    public int XData;
    public nint Data0;
    public nint Data1;
    public nint Data2;

    public readonly CursorKind CursorKind => (CursorKind)Kind;

    // Cursors are value handles into the AST; equal fields mean the same node (what clang_equalCursors checks).
    public readonly bool Equals(CXCursor other) =>
        Kind == other.Kind && XData == other.XData && Data0 == other.Data0 && Data1 == other.Data1 && Data2 == other.Data2;

    public override readonly bool Equals(object? obj) => obj is CXCursor c && Equals(c);

    public override readonly int GetHashCode() => HashCode.Combine(Kind, Data0, Data1, Data2);
}

[StructLayout(LayoutKind.Sequential)]
internal struct CXType
{
    public int Kind;
    public nint Data0;
    public nint Data1;

    public readonly TypeKind TypeKind => (TypeKind)Kind;
}

[StructLayout(LayoutKind.Sequential)]
internal struct CXSourceLocation
{
    public nint Ptr0;
    public nint Ptr1;
    public uint IntData;
}

[StructLayout(LayoutKind.Sequential)]
internal struct CXSourceRange
{
    public nint Ptr0;
    public nint Ptr1;
    public uint BeginIntData;
    public uint EndIntData;
}

[StructLayout(LayoutKind.Sequential)]
internal struct CXToken
{
    public uint Int0;
    public uint Int1;
    public uint Int2;
    public uint Int3;
    public nint PtrData;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CXUnsavedFile
{
    public byte* Filename;
    public byte* Contents;
    // 'unsigned long': 32 bits on Windows, 64 on LP64 systems; CULong follows the platform.
    public CULong Length;
}

internal enum CursorKind
{
    StructDecl = 2,
    UnionDecl = 3,
    ClassDecl = 4,
    EnumDecl = 5,
    FieldDecl = 6,
    FunctionDecl = 8,
    VarDecl = 9,
    ParmDecl = 10,
    TypedefDecl = 20,
    CXXMethod = 21,
    Namespace = 22,
    LinkageSpec = 23,
    Constructor = 24,
    Destructor = 25,
    ConversionFunction = 26,
    FunctionTemplate = 30,
    ClassTemplate = 31,
    TypeRef = 43,
    CXXBaseSpecifier = 44,
    MemberRef = 47,
    LabelRef = 48,
    UnexposedExpr = 100,
    DeclRefExpr = 101,
    MemberRefExpr = 102,
    CallExpr = 103,
    IntegerLiteral = 106,
    StringLiteral = 109,
    ParenExpr = 111,
    UnaryOperator = 112,
    ArraySubscriptExpr = 113,
    BinaryOperator = 114,
    CompoundAssignOperator = 115,
    ConditionalOperator = 116,
    CStyleCastExpr = 117,
    CXXFunctionalCastExpr = 128,
    CompoundLiteralExpr = 118,
    InitListExpr = 119,
    StmtExpr = 121,
    UnaryExpr = 136,
    CXXNewExpr = 134,
    CXXDeleteExpr = 135,
    LambdaExpr = 144,
    UnexposedStmt = 200,
    LabelStmt = 201,
    CompoundStmt = 202,
    CaseStmt = 203,
    DefaultStmt = 204,
    IfStmt = 205,
    SwitchStmt = 206,
    WhileStmt = 207,
    DoStmt = 208,
    ForStmt = 209,
    GotoStmt = 210,
    IndirectGotoStmt = 211,
    ContinueStmt = 212,
    BreakStmt = 213,
    ReturnStmt = 214,
    SEHTryStmt = 226,
    SEHExceptStmt = 227,
    SEHFinallyStmt = 228,
    NullStmt = 230,
    DeclStmt = 231,
    SEHLeaveStmt = 247,
    TranslationUnit = 350,
}

internal enum TypeKind
{
    Invalid = 0,
    Unexposed = 1,
    Void = 2,
    Complex = 100,
    Pointer = 101,
    BlockPointer = 102,
    LValueReference = 103,
    RValueReference = 104,
    Record = 105,
    Enum = 106,
    Typedef = 107,
    FunctionNoProto = 110,
    FunctionProto = 111,
    ConstantArray = 112,
    Vector = 113,
    IncompleteArray = 114,
    VariableArray = 115,
    DependentSizedArray = 116,
    Elaborated = 119,
    Attributed = 163,
    ExtVector = 176,
    Atomic = 177,
}

internal enum BinaryOperatorKind
{
    Invalid = 0,
    Add = 6,
    Sub = 7,
    Shl = 8,
    Shr = 9,
    LT = 11,
    GT = 12,
    LE = 13,
    GE = 14,
    EQ = 15,
    NE = 16,
    And = 17,
    LAnd = 20,
    LOr = 21,
    Assign = 22,
    AddAssign = 26,
    SubAssign = 27,
    AndAssign = 30,
    OrAssign = 32,
}

internal enum UnaryOperatorKind
{
    Invalid = 0,
    PostInc = 1,
    PostDec = 2,
    PreInc = 3,
    PreDec = 4,
    AddrOf = 5,
    Deref = 6,
    Not = 9,
    LNot = 10,
    Extension = 13,
}

internal enum StorageClass
{
    Invalid = 0,
    None = 1,
    Extern = 2,
    Static = 3,
    PrivateExtern = 4,
    Auto = 6,
    Register = 7,
}

[Flags]
internal enum TranslationUnitFlags : uint
{
    None = 0,
    DetailedPreprocessingRecord = 0x01,
    Incomplete = 0x02,
    ForSerialization = 0x10,
    SkipFunctionBodies = 0x40,
    KeepGoing = 0x200,
    IgnoreNonErrorsFromIncludedFiles = 0x4000,
}
