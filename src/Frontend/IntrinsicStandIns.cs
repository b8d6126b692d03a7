using System.Security.Cryptography;
using System.Text;

namespace StackLint.Frontend;

/// <summary>
/// A folder with an empty stand-in for clang's <c>x86intrin.h</c>, searched before every other system folder.
/// <para>
/// mingw-w64's <c>intrin.h</c> (which <c>ntifs.h</c>, <c>wdm.h</c> and <c>ntddk.h</c> all reach) includes
/// <c>x86intrin.h</c>, which pulls in every AVX, AVX-512 and AMX header clang has: about 3 MB of declarations, more
/// than half of a file's parse time, none of which a stack rule ever looks at. The SSE headers that
/// <c>intrin.h</c> includes directly (<c>_mm_pause</c>, <c>__m128</c> for YieldProcessor and the CONTEXT records)
/// stay real. A file that does use something only the real header declares is caught by
/// <see cref="ClangParser"/>: the lean parse then has an error or an implicit function declaration, and the file
/// is parsed again with the real header, so the facts are the same either way.
/// </para>
/// </summary>
internal static class IntrinsicStandIns
{
    internal const string Text = """
        /* StackLint: stand-in for clang's x86intrin.h (AVX and later intrinsics), kept out of the parse because stack
           analysis never needs them. A file that uses them is parsed again with the real header. */
        #ifndef STACKLINT_X86INTRIN_STAND_IN
        #define STACKLINT_X86INTRIN_STAND_IN
        #endif

        """;

    /// <summary>Writes the folder once under a content-hashed name and returns its path.</summary>
    public static string Write(string cacheDirectory)
    {
        var bytes = Encoding.UTF8.GetBytes(Text);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        var directory = Path.Combine(cacheDirectory, $"intrinsics-{hash}");
        Directory.CreateDirectory(directory);
        AtomicFile.WriteOnce(Path.Combine(directory, "x86intrin.h"), bytes);
        return directory;
    }
}
