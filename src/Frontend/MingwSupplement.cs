using System.Security.Cryptography;
using System.Text;

namespace StackLint.Frontend;

/// <summary>
/// mingw-w64's headers lack a few kernel SAL annotations that WDK driver sources use on declarations
/// (measured against ntifs.h: _Dispatch_type_, _IRQL_saves_global_, _Kernel_float_saved_, ...). Without them
/// 'DRIVER_DISPATCH _Dispatch_type_(IRP_MJ_CREATE) F;' is a syntax error. They carry no layout or control
/// flow, so this header, force-included before the source, defines the missing ones as nothing.
/// </summary>
internal static class MingwSupplement
{
    private static readonly string[] FunctionLike =
    [
        "_Dispatch_type_(x)", "_IRQL_saves_global_(kind, param)", "_IRQL_restores_global_(kind, param)",
        "_IRQL_always_function_max_(x)", "_IRQL_always_function_min_(x)", "_Kernel_requires_resource_held_(x)",
        "_Kernel_requires_resource_not_held_(x)", "_Kernel_acquires_resource_(x)", "_Kernel_releases_resource_(x)",
        "_Kernel_clear_do_init_(x)", "_Inexpressible_(x)",
    ];

    private static readonly string[] ObjectLike =
    [
        "_IRQL_uses_cancel_", "_IRQL_is_cancel_", "_Kernel_float_saved_", "_Kernel_float_restored_", "_Kernel_float_used_",
        "_Interlocked_operand_", "_Kernel_IoGetDmaAdapter_", "_Frees_ptr_", "_Frees_ptr_opt_", "_Post_invalid_", "_Post_null_",
        "_Post_notnull_", "_Notnull_", "_Enum_is_bitflag_", "_Pre_defensive_", "_Post_defensive_", "_Deref_pre_readonly_",
        "_Out_z_", "_Analysis_noreturn_", "_Pre_valid_", "_Post_valid_", "_Pre_maybenull_", "_Post_maybenull_", "_Pre_null_",
        "_Pre_readonly_",
    ];

    public static string Text()
    {
        var sb = new StringBuilder("/* StackLint: kernel SAL annotations missing from mingw-w64, defined as nothing. */\n");
        foreach (var macro in FunctionLike.Concat(ObjectLike))
        {
            var name = macro.Split('(')[0];
            sb.Append("#ifndef ").Append(name).Append('\n')
              .Append("#define ").Append(macro).Append('\n')
              .Append("#endif\n");
        }

        // Windows 8+/10 constants current drivers use and mingw-w64 does not have yet (values from the WDK).
        // This header is read before any system header, so a later identical definition is only a
        // (suppressed) redefinition warning, and C11 allows repeating an identical typedef.
        sb.Append("""
            typedef unsigned long long POOL_FLAGS;
            #define POOL_FLAG_USE_QUOTA 0x1ULL
            #define POOL_FLAG_UNINITIALIZED 0x2ULL
            #define POOL_FLAG_SESSION 0x4ULL
            #define POOL_FLAG_CACHE_ALIGNED 0x8ULL
            #define POOL_FLAG_RAISE_ON_FAILURE 0x20ULL
            #define POOL_FLAG_NON_PAGED 0x40ULL
            #define POOL_FLAG_NON_PAGED_EXECUTE 0x80ULL
            #define POOL_FLAG_PAGED 0x100ULL
            #define MdlMappingNoWrite 0x80000000
            #define MdlMappingNoExecute 0x40000000
            #define DrvRtPoolNxOptIn 0x00000001

            """);
        return sb.ToString();
    }

    /// <summary>
    /// A '_mingw.h' searched before mingw-w64's own: it includes that one, then undoes two of its GNU C definitions that
    /// clang's MSVC mode does not survive. It defines '__forceinline' as 'extern __inline__', so 'static __forceinline'
    /// (virtio's osdep.h defines 'inline' as '__forceinline') is "cannot combine with previous 'static'"; clang's own
    /// MSVC keyword is the WDK's meaning. And it leaves '__MINGW_IMPORT' undefined when '__declspec' is not a macro
    /// (a keyword here), which time.h needs.
    /// </summary>
    public static string WrapperText() => """
        /* StackLint: mingw-w64's _mingw.h, with two GNU C definitions undone for clang's MSVC mode. */
        #ifndef STACKLINT_MINGW_WRAPPER_H
        #define STACKLINT_MINGW_WRAPPER_H
        #include_next <_mingw.h>
        #undef __forceinline
        #ifndef __MINGW_IMPORT
        #define __MINGW_IMPORT extern __declspec(dllimport)
        #endif
        #endif

        """;

    /// <summary>Writes the folder holding the '_mingw.h' wrapper once under a content-hashed name and returns its path.</summary>
    public static string WriteWrapperFolder(string cacheDirectory)
    {
        var bytes = Encoding.UTF8.GetBytes(WrapperText());
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        var directory = Path.Combine(cacheDirectory, $"mingw-wrapper-{hash}");
        Directory.CreateDirectory(directory);
        AtomicFile.WriteOnce(Path.Combine(directory, "_mingw.h"), bytes);
        return directory;
    }

    /// <summary>Writes the header once under a content-hashed name and returns its path.</summary>
    public static string Write(string cacheDirectory)
    {
        var bytes = Encoding.UTF8.GetBytes(Text());
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        Directory.CreateDirectory(cacheDirectory);
        var path = Path.Combine(cacheDirectory, $"mingw-supplement-{hash}.h");
        AtomicFile.WriteOnce(path, bytes);
        return path;
    }
}
