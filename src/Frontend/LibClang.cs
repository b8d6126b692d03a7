using System.Reflection;
using System.Runtime.InteropServices;
using StackLint.Frontend.Interop;

namespace StackLint.Frontend;

/// <summary>Where libclang was found: the library file, clang's builtin-header directory and the major version.</summary>
public sealed record LibClangLocation(string LibraryPath, string? ResourceDir, int? MajorVersion);

/// <summary>Thrown when libclang is needed but could not be found; the message says what to install.</summary>
public sealed class LibClangNotFoundException(string message) : Exception(message);

/// <summary>
/// Binds the P/Invoke declarations to one located libclang. .NET allows a single DllImport resolver per
/// assembly per process, so the binding is process-wide by nature: this is the one piece of static state,
/// written once under a lock and never changed afterwards.
/// </summary>
public static class LibClang
{
    private static readonly object Gate = new();
    private static LibClangLocation? _current;
    private static LibClangLocation? _chosen;
    private static nint _handle;
    private static bool _resolverInstalled;

    /// <summary>
    /// A new libclang index (the caller owns it). Every clang_createIndex registers LLVM's targets again, and that
    /// registration is not thread-safe: two threads doing it at once can link a target into the registry's list as its
    /// own successor, after which every parse for a later-listed target loops forever looking it up. So indexes are
    /// created one at a time, process-wide; the parses themselves run in parallel.
    /// </summary>
    internal static nint CreateIndex(bool excludeDeclarationsFromPch)
    {
        EnsureInitialized();
        lock (Gate)
        {
            return NativeMethods.clang_createIndex(excludeDeclarationsFromPch ? 1 : 0, 0);
        }
    }

    /// <summary>The location libclang was initialized with, or null before <see cref="Initialize"/>.</summary>
    public static LibClangLocation? Current
    {
        get
        {
            lock (Gate)
            {
                return _current;
            }
        }
    }

    /// <summary>
    /// Names the libclang that <see cref="EnsureInitialized"/> loads when a parse first needs it, without loading it
    /// now: loading takes longer than a whole run whose facts all come from the cache, which never needs it.
    /// </summary>
    public static void Choose(LibClangLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        lock (Gate)
        {
            _chosen = location;
        }
    }

    /// <summary>Loads the library and installs the resolver. Idempotent; a second, different location is an error.</summary>
    /// <exception cref="DllNotFoundException">The file could not be loaded (wrong architecture, missing dependencies).</exception>
    public static void Initialize(LibClangLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        lock (Gate)
        {
            if (_current is not null)
            {
                if (!string.Equals(_current.LibraryPath, location.LibraryPath, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException(
                        $"libclang is already loaded from '{_current.LibraryPath}'; cannot switch to '{location.LibraryPath}' in the same process.");
                }

                return;
            }

            if (!_resolverInstalled)
            {
                // Only one resolver per assembly is allowed; a failed load must not make a retry impossible.
                NativeLibrary.SetDllImportResolver(typeof(NativeMethods).Assembly, Resolve);
                _resolverInstalled = true;
            }

            DisableCrashRecovery();
            if (!NativeLibrary.TryLoad(location.LibraryPath, out var handle))
            {
                // DllNotFoundException: what callers of NativeLibrary-style loading already handle.
                throw new DllNotFoundException(
                    $"libclang at '{location.LibraryPath}' could not be loaded (wrong architecture or missing dependencies?). " +
                    $"Set {LibClangLocator.EnvironmentVariable} to a working libclang.");
            }

            _handle = handle;
            _current = location;
        }
    }

    /// <summary>Initializes from <see cref="LibClangLocator.Locate(out string)"/> unless already done.</summary>
    /// <exception cref="LibClangNotFoundException">No libclang was found.</exception>
    public static LibClangLocation EnsureInitialized()
    {
        var current = Current;
        if (current is not null)
        {
            return current;
        }

        LibClangLocation? chosen;
        lock (Gate)
        {
            chosen = _chosen;
        }

        var located = chosen ?? LibClangLocator.Locate(out var failure) ?? throw new LibClangNotFoundException(failure);
        Initialize(located);
        return Current!;
    }

    /// <summary>The version string of the loaded libclang, e.g. "Debian clang version 19.1.7".</summary>
    public static string Version()
    {
        EnsureInitialized();
        return NativeMethods.Take(NativeMethods.clang_getClangVersion());
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName == NativeMethods.LibraryName)
        {
            return _handle;
        }

        if (libraryName == LibC.Name)
        {
            return NativeLibrary.TryLoad(OperatingSystem.IsMacOS() ? "/usr/lib/libSystem.dylib" : "libc.so.6", out var libc) ? libc : 0;
        }

        if (libraryName == UCrt.Name)
        {
            return NativeLibrary.TryLoad("ucrtbase.dll", out var ucrt) ? ucrt : 0;
        }

        return 0;
    }

    /// <summary>
    /// libclang's crash recovery installs process-wide SIGSEGV/SIGFPE handlers; on a fault outside a clang
    /// parse they disable themselves and re-raise the signal, which turns an ordinary managed
    /// NullReferenceException or DivideByZeroException into a fatal "Illegal instruction" crash (measured).
    /// libclang reads LIBCLANG_DISABLE_CRASH_RECOVERY with the C runtime's getenv, which does not see
    /// .NET's copy of the environment on Unix, so it is set through libc. The parse still runs on
    /// libclang's own large-stack thread; only the signal handlers are skipped.
    /// </summary>
    /// <remarks>
    /// LIBCLANG_NOTHREADS makes libclang parse on the calling thread instead of its own 8 MB one, so
    /// <see cref="ClangParser"/> can give the parse a much larger stack: clang's parser recurses on some
    /// unbracketed nesting (2,000 chained '!' overflow 8 MB, measured), and crash recovery cannot catch a
    /// stack overflow anyway.
    /// </remarks>
    private static void DisableCrashRecovery()
    {
        SetNativeEnvironment("LIBCLANG_DISABLE_CRASH_RECOVERY", "1");
        SetNativeEnvironment("LIBCLANG_NOTHREADS", "1");
    }

    private static void SetNativeEnvironment(string name, string value)
    {
        if (OperatingSystem.IsWindows())
        {
            // A libclang with a static CRT copies the process environment when it loads; one using the
            // shared UCRT reads the UCRT's own copy, which only _putenv_s updates.
            Environment.SetEnvironmentVariable(name, value);
            try
            {
                UCrt._putenv_s(name, value);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // No shared UCRT: the static-CRT case above is then the only one.
            }

            return;
        }

        try
        {
            LibC.setenv(name, value, 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Without libc access libclang keeps its defaults; parsing still works.
        }
    }
}

internal static partial class LibC
{
    internal const string Name = "stacklint-libc";

    [LibraryImport(Name, EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int setenv(string name, string value, int overwrite);
}

internal static partial class UCrt
{
    internal const string Name = "stacklint-ucrt";

    [LibraryImport(Name, EntryPoint = "_putenv_s", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int _putenv_s(string name, string value);
}
