using System.Runtime.InteropServices;

namespace StackLint.Frontend.Interop;

/// <summary>
/// The libclang C functions StackLint uses, bound with source-generated P/Invoke. The library name is a
/// placeholder: <see cref="LibClang.Initialize"/> installs a resolver that maps it to the located file.
/// </summary>
internal static unsafe partial class NativeMethods
{
    internal const string LibraryName = "stacklint-libclang";

    [LibraryImport(LibraryName)] internal static partial nint clang_createIndex(int excludeDeclarationsFromPch, int displayDiagnostics);
    [LibraryImport(LibraryName)] internal static partial void clang_disposeIndex(nint index);

    [LibraryImport(LibraryName)]
    internal static partial int clang_parseTranslationUnit2(
        nint index, byte* sourceFilename, byte** commandLineArgs, int numArgs,
        CXUnsavedFile* unsavedFiles, uint numUnsavedFiles, uint options, out nint translationUnit);

    [LibraryImport(LibraryName)] internal static partial void clang_disposeTranslationUnit(nint tu);
    [LibraryImport(LibraryName)] internal static partial uint clang_defaultReparseOptions(nint tu);

    [LibraryImport(LibraryName)]
    internal static partial int clang_reparseTranslationUnit(nint tu, uint numUnsavedFiles, CXUnsavedFile* unsavedFiles, uint options);
    [LibraryImport(LibraryName)] internal static partial int clang_saveTranslationUnit(nint tu, byte* fileName, uint options);
    [LibraryImport(LibraryName)] internal static partial CXCursor clang_getTranslationUnitCursor(nint tu);

    [LibraryImport(LibraryName)] internal static partial nint clang_getCString(CXString s);
    [LibraryImport(LibraryName)] internal static partial void clang_disposeString(CXString s);

    [LibraryImport(LibraryName)]
    internal static partial uint clang_visitChildren(CXCursor parent, delegate* unmanaged[Cdecl]<CXCursor, CXCursor, nint, int> visitor, nint clientData);

    [LibraryImport(LibraryName)] internal static partial CXString clang_getCursorSpelling(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial CXString clang_getCursorUSR(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial CXSourceLocation clang_getCursorLocation(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial CXSourceRange clang_getCursorExtent(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial CXType clang_getCursorType(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial CXType clang_getCursorResultType(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial int clang_getCursorLinkage(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial uint clang_isCursorDefinition(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial CXCursor clang_getCursorReferenced(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial CXCursor clang_getCursorSemanticParent(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial uint clang_CXXMethod_isVirtual(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial uint clang_CXXConstructor_isCopyConstructor(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial uint clang_CXXConstructor_isMoveConstructor(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial void clang_getOverriddenCursors(CXCursor c, CXCursor** overridden, uint* count);
    [LibraryImport(LibraryName)] internal static partial void clang_disposeOverriddenCursors(CXCursor* overridden);
    [LibraryImport(LibraryName)] internal static partial CXCursor clang_getCursorDefinition(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial uint clang_Cursor_isFunctionInlined(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial CXCursor clang_getCanonicalCursor(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial nint clang_getCursorPrintingPolicy(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial void clang_PrintingPolicy_setProperty(nint policy, int property, uint value);
    [LibraryImport(LibraryName)] internal static partial void clang_PrintingPolicy_dispose(nint policy);
    [LibraryImport(LibraryName)] internal static partial CXString clang_getCursorPrettyPrinted(CXCursor c, nint policy);
    [LibraryImport(LibraryName)] internal static partial int clang_Cursor_isNull(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial int clang_Cursor_getStorageClass(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial int clang_Cursor_getNumArguments(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial CXCursor clang_Cursor_getArgument(CXCursor c, uint i);
    [LibraryImport(LibraryName)] internal static partial int clang_getCursorBinaryOperatorKind(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial int clang_getCursorUnaryOperatorKind(CXCursor c);

    [LibraryImport(LibraryName)] internal static partial nint clang_Cursor_Evaluate(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial int clang_EvalResult_getKind(nint result);
    [LibraryImport(LibraryName)] internal static partial uint clang_EvalResult_isUnsignedInt(nint result);
    [LibraryImport(LibraryName)] internal static partial long clang_EvalResult_getAsLongLong(nint result);
    [LibraryImport(LibraryName)] internal static partial ulong clang_EvalResult_getAsUnsigned(nint result);
    [LibraryImport(LibraryName)] internal static partial void clang_EvalResult_dispose(nint result);

    [LibraryImport(LibraryName)] internal static partial CXType clang_getCanonicalType(CXType t);
    [LibraryImport(LibraryName)] internal static partial CXString clang_getTypeSpelling(CXType t);
    [LibraryImport(LibraryName)] internal static partial long clang_Type_getSizeOf(CXType t);
    [LibraryImport(LibraryName)] internal static partial long clang_Type_getAlignOf(CXType t);
    [LibraryImport(LibraryName)] internal static partial int clang_getFunctionTypeCallingConv(CXType t);
    [LibraryImport(LibraryName)] internal static partial uint clang_isFunctionTypeVariadic(CXType t);
    [LibraryImport(LibraryName)] internal static partial CXType clang_getArrayElementType(CXType t);
    [LibraryImport(LibraryName)] internal static partial CXType clang_getUnqualifiedType(CXType t);
    [LibraryImport(LibraryName)] internal static partial CXCursor clang_getTypeDeclaration(CXType t);
    [LibraryImport(LibraryName)] internal static partial CXType clang_getPointeeType(CXType t);
    [LibraryImport(LibraryName)] internal static partial CXCursor clang_getSpecializedCursorTemplate(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial CXString clang_getCursorDisplayName(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial int clang_Cursor_getNumTemplateArguments(CXCursor c);
    [LibraryImport(LibraryName)] internal static partial int clang_Cursor_getTemplateArgumentKind(CXCursor c, uint i);
    [LibraryImport(LibraryName)] internal static partial CXType clang_Cursor_getTemplateArgumentType(CXCursor c, uint i);
    [LibraryImport(LibraryName)] internal static partial long clang_Cursor_getTemplateArgumentValue(CXCursor c, uint i);

    [LibraryImport(LibraryName)]
    internal static partial uint clang_Type_visitFields(CXType t, delegate* unmanaged[Cdecl]<CXCursor, nint, int> visitor, nint clientData);

    [LibraryImport(LibraryName)] internal static partial int clang_Location_isInSystemHeader(CXSourceLocation l);
    [LibraryImport(LibraryName)] internal static partial int clang_Location_isFromMainFile(CXSourceLocation l);
    [LibraryImport(LibraryName)] internal static partial void clang_getFileLocation(CXSourceLocation l, out nint file, out uint line, out uint column, out uint offset);
    [LibraryImport(LibraryName)] internal static partial void clang_getExpansionLocation(CXSourceLocation l, out nint file, out uint line, out uint column, out uint offset);
    [LibraryImport(LibraryName)] internal static partial void clang_getSpellingLocation(CXSourceLocation l, out nint file, out uint line, out uint column, out uint offset);
    [LibraryImport(LibraryName)] internal static partial CXSourceLocation clang_getRangeStart(CXSourceRange r);
    [LibraryImport(LibraryName)] internal static partial CXSourceLocation clang_getRangeEnd(CXSourceRange r);
    [LibraryImport(LibraryName)] internal static partial CXString clang_getFileName(nint file);

    [LibraryImport(LibraryName)] internal static partial void clang_tokenize(nint tu, CXSourceRange range, out CXToken* tokens, out uint numTokens);
    [LibraryImport(LibraryName)] internal static partial void clang_disposeTokens(nint tu, CXToken* tokens, uint numTokens);
    [LibraryImport(LibraryName)] internal static partial CXString clang_getTokenSpelling(nint tu, CXToken token);
    [LibraryImport(LibraryName)] internal static partial CXSourceLocation clang_getTokenLocation(nint tu, CXToken token);

    [LibraryImport(LibraryName)] internal static partial uint clang_getNumDiagnostics(nint tu);
    [LibraryImport(LibraryName)] internal static partial nint clang_getDiagnostic(nint tu, uint index);
    [LibraryImport(LibraryName)] internal static partial int clang_getDiagnosticSeverity(nint diagnostic);
    [LibraryImport(LibraryName)] internal static partial CXString clang_getDiagnosticSpelling(nint diagnostic);
    [LibraryImport(LibraryName)] internal static partial CXSourceLocation clang_getDiagnosticLocation(nint diagnostic);
    [LibraryImport(LibraryName)] internal static partial void clang_disposeDiagnostic(nint diagnostic);
    [LibraryImport(LibraryName)] internal static partial CXString clang_getDiagnosticOption(nint diagnostic, out CXString disable);

    [LibraryImport(LibraryName)]
    internal static partial void clang_getInclusions(nint tu, delegate* unmanaged[Cdecl]<nint, CXSourceLocation*, uint, nint, void> visitor, nint clientData);

    [LibraryImport(LibraryName)] internal static partial CXString clang_getClangVersion();

    /// <summary>Copies a CXString into a managed string and frees it, so no CXString outlives the call.</summary>
    internal static string Take(CXString s)
    {
        try
        {
            var p = clang_getCString(s);
            return p == 0 ? string.Empty : Marshal.PtrToStringUTF8(p) ?? string.Empty;
        }
        finally
        {
            clang_disposeString(s);
        }
    }
}
