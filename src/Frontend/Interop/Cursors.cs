using System.Runtime.InteropServices;

namespace StackLint.Frontend.Interop;

/// <summary>Small conveniences over the raw libclang calls, shared by the parser and the extractor.</summary>
internal static unsafe class Cursors
{
    public static string Spelling(CXCursor c) => NativeMethods.Take(NativeMethods.clang_getCursorSpelling(c));

    public static string Usr(CXCursor c) => NativeMethods.Take(NativeMethods.clang_getCursorUSR(c));

    public static bool IsNull(CXCursor c) => NativeMethods.clang_Cursor_isNull(c) != 0;

    /// <summary>The USRs of the virtual members a C++ method overrides directly (empty for anything else).</summary>
    public static unsafe string[] OverriddenUsrs(CXCursor method)
    {
        CXCursor* overridden = null;
        uint count = 0;
        NativeMethods.clang_getOverriddenCursors(method, &overridden, &count);
        if (overridden is null)
        {
            return [];
        }

        try
        {
            var result = new string[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = Usr(overridden[i]);
            }

            return result;
        }
        finally
        {
            NativeMethods.clang_disposeOverriddenCursors(overridden);
        }
    }

    public static CXCursor Referenced(CXCursor c) => NativeMethods.clang_getCursorReferenced(c);

    /// <summary>Whether a variable is declared 'static' or 'extern': static storage wherever it is declared.</summary>
    public static bool HasStaticStorageClass(CXCursor variable) =>
        NativeMethods.clang_Cursor_getStorageClass(variable) is (int)StorageClass.Static or (int)StorageClass.Extern or (int)StorageClass.PrivateExtern;

    public static string TypeSpelling(CXType t) => NativeMethods.Take(NativeMethods.clang_getTypeSpelling(t));

    /// <summary>The integer value of a constant expression, or null.</summary>
    public static long? EvaluateInteger(CXCursor c)
    {
        var result = NativeMethods.clang_Cursor_Evaluate(c);
        if (result == 0)
        {
            return null;
        }

        try
        {
            const int EvalInt = 1;
            if (NativeMethods.clang_EvalResult_getKind(result) != EvalInt)
            {
                return null;
            }

            return NativeMethods.clang_EvalResult_isUnsignedInt(result) != 0
                ? unchecked((long)NativeMethods.clang_EvalResult_getAsUnsigned(result))
                : NativeMethods.clang_EvalResult_getAsLongLong(result);
        }
        finally
        {
            NativeMethods.clang_EvalResult_dispose(result);
        }
    }

    /// <summary>The token spellings inside a range (empty when the range is invalid).</summary>
    public static List<(string Text, uint Offset)> Tokens(nint tu, CXSourceRange range)
    {
        var result = new List<(string, uint)>();
        NativeMethods.clang_tokenize(tu, range, out var tokens, out var count);
        if (tokens == null)
        {
            return result;
        }

        try
        {
            for (var i = 0u; i < count; i++)
            {
                var text = NativeMethods.Take(NativeMethods.clang_getTokenSpelling(tu, tokens[i]));
                NativeMethods.clang_getFileLocation(NativeMethods.clang_getTokenLocation(tu, tokens[i]), out _, out _, out _, out var offset);
                result.Add((text, offset));
            }
        }
        finally
        {
            NativeMethods.clang_disposeTokens(tu, tokens, count);
        }

        return result;
    }

    public static string FileName(nint file) => file == 0 ? string.Empty : NativeMethods.Take(NativeMethods.clang_getFileName(file));

    public static nint AllocUtf8(string s) => Marshal.StringToCoTaskMemUTF8(s);
}
