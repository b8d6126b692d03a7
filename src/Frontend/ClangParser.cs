using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using StackLint.Frontend.Facts;
using StackLint.Frontend.Interop;

namespace StackLint.Frontend;

/// <summary>
/// Parses C files with libclang and turns them into <see cref="TranslationUnitFacts"/>. One CXIndex per
/// instance; an instance is not thread-safe, so parallel analysis uses one parser per worker.
/// <see cref="Parse(string, HeaderEnvironment)"/> never throws for bad input: unreadable, binary or broken
/// files come back as facts with problems.
/// </summary>
public sealed unsafe partial class ClangParser : IDisposable
{
    /// <summary>Which parse produced a file's facts; all three give the same facts.</summary>
    public enum ParseRoute { Plain, Lean, PrecompiledHeader }

    /// <summary>Diagnostics of severity error or fatal kept per file; the parse itself never stops on errors.</summary>
    public const int MaxProblems = 20;

    private const int BinaryProbeBytes = 8192;

    private readonly IndexHandle _index;
    private readonly ChildCollector _collector = new();
    private readonly PrecompiledHeaderStore? _precompiledHeaders;
    private readonly bool _intrinsicStandIns;
    private IndexHandle? _pchIndex;
    private bool _disposed;

    /// <summary>Creates a parser; locates and loads libclang first if nobody did.</summary>
    /// <exception cref="LibClangNotFoundException">No libclang on this machine.</exception>
    public ClangParser()
        : this(null)
    {
    }

    /// <summary>
    /// A parser that shares precompiled headers through <paramref name="precompiledHeaders"/> (null: none) and
    /// uses the environment's intrinsic stand-ins unless <paramref name="intrinsicStandIns"/> is false.
    /// </summary>
    /// <exception cref="LibClangNotFoundException">No libclang on this machine.</exception>
    public ClangParser(PrecompiledHeaderStore? precompiledHeaders, bool intrinsicStandIns = true)
    {
        LibClang.EnsureInitialized();
        _index = new IndexHandle(LibClang.CreateIndex(excludeDeclarationsFromPch: false));
        _precompiledHeaders = precompiledHeaders;
        _intrinsicStandIns = intrinsicStandIns;
    }

    /// <summary>How the last <see cref="Parse(string, HeaderEnvironment)"/> got its facts (for tests and --verbose).</summary>
    public ParseRoute LastRoute { get; private set; }

    /// <summary>
    /// Parses a file the way its header environment says. Where the environment allows, the parse is made cheaper
    /// in two ways that never change the facts: clang's AVX-era intrinsic headers are left out
    /// (<see cref="IntrinsicStandIns"/>) and the leading includes come from a shared precompiled header
    /// (<see cref="PrecompiledHeaderStore"/>). Each shortcut is taken only when its parse is clean (no error, no
    /// implicitly declared function); otherwise the file is parsed again the plain way.
    /// </summary>
    /// <param name="unsavedContent">The file's text as an editor holds it, parsed instead of what is on disk (the language server's unsaved edits).</param>
    public TranslationUnitFacts Parse(string path, HeaderEnvironment environment, byte[]? unsavedContent = null) =>
        Parse(path, environment, unsavedContent is null ? null : SourceFile.FromBytes(path, unsavedContent));

    /// <summary>Parses a file whose source the caller already read (the facts cache's probe, an editor buffer).</summary>
    public TranslationUnitFacts Parse(SourceFile source, HeaderEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Parse(source.Path, environment, source);
    }

    private TranslationUnitFacts Parse(string path, HeaderEnvironment environment, SourceFile? source)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var facts = ParseThroughShortcuts(path, environment, source);
        // A kit header spelled in another case than its file ('#include <Ntddk.h>' for mingw's ntddk.h) is found only
        // when the kits' folders are in the case-insensitive overlay too; listing them costs every parse, so only a
        // parse that missed an include pays for it.
        if (!facts.Problems.Any(p => p.Message.Contains("' file not found", StringComparison.Ordinal)))
        {
            return facts;
        }

        var withKits = environment.ArgumentsWithKitsFor(path);
        if (withKits.SequenceEqual(environment.ArgumentsFor(path), StringComparer.Ordinal))
        {
            return facts;
        }

        var arch = ArchFromArguments(withKits);
        LastRoute = ParseRoute.Plain;
        return ParseChecked(path, withKits, environment.Name, arch, (fullPath, content, unsaved) =>
            ParseCore(fullPath, content, withKits, unsaved, environment.Name, arch, _index, PlainOptions, [], out _)!, source);
    }

    private TranslationUnitFacts ParseThroughShortcuts(string path, HeaderEnvironment environment, SourceFile? source)
    {
        // A compilation database may carry its own --target/-m32 after ours; clang honors the last one, so do we.
        var args = environment.ArgumentsFor(path);
        var arch = ArchFromArguments(args);
        LastRoute = ParseRoute.Plain;
        var standIns = _intrinsicStandIns ? environment.IntrinsicStandIns : null;
        if (standIns is null && _precompiledHeaders is null)
        {
            return ParseChecked(path, args, environment.Name, arch, (fullPath, content, unsaved) =>
                ParseCore(fullPath, content, args, unsaved, environment.Name, arch, _index, PlainOptions, [], out _)!, source);
        }

        var lean = standIns is not null
            ? ["-isystem", standIns, .. args, "-Wimplicit-function-declaration"]
            : args.Add("-Wimplicit-function-declaration");
        return ParseChecked(path, args, environment.Name, arch, (fullPath, content, unsaved) =>
        {
            Func<string, string, ImmutableArray<string>?> build = (header, output) => BuildPrecompiledHeader(header, output, lean);
            if (_precompiledHeaders?.For(fullPath, content, lean, ClangIdentity.Value, build) is { } pch)
            {
                _pchIndex ??= new IndexHandle(LibClang.CreateIndex(excludeDeclarationsFromPch: true));
                var withPch = ParseCore(fullPath, content, [.. lean, "-include-pch", pch.Path], unsaved, environment.Name, arch,
                    _pchIndex, LeanOptions, pch.Inclusions, out var pchRejected);
                if (withPch is not null)
                {
                    LastRoute = ParseRoute.PrecompiledHeader;
                    return withPch;
                }

                if (pchRejected)
                {
                    _precompiledHeaders.Rejected(pch, build);
                }
            }

            var leanFacts = ParseCore(fullPath, content, lean, unsaved, environment.Name, arch, _index, LeanOptions, [], out _);
            if (leanFacts is not null)
            {
                LastRoute = ParseRoute.Lean;
                return leanFacts;
            }

            LastRoute = ParseRoute.Plain;
            return ParseCore(fullPath, content, args, unsaved, environment.Name, arch, _index, PlainOptions, [], out _)!;
        }, source);
    }

    /// <summary>Parses with explicit clang arguments; the architecture is read from their --target.</summary>
    public TranslationUnitFacts Parse(string path, IReadOnlyList<string> fileArgs) =>
        Parse(path, fileArgs, "explicit", ArchFromArguments(fileArgs));

    /// <summary>Parses with explicit clang arguments (no file name among them).</summary>
    public TranslationUnitFacts Parse(string path, IReadOnlyList<string> fileArgs, string environmentName, TargetArch arch)
    {
        ArgumentNullException.ThrowIfNull(fileArgs);
        return ParseChecked(path, fileArgs, environmentName, arch, (fullPath, content, unsaved) =>
            ParseCore(fullPath, content, fileArgs, unsaved, environmentName, arch, _index, PlainOptions, [], out _)!);
    }

    /// <summary>
    /// Reads and checks the file (unless <paramref name="source"/> is its text already), then runs
    /// <paramref name="parse"/> on the large-stack thread.
    /// </summary>
    private TranslationUnitFacts ParseChecked(
        string path, IReadOnlyList<string> args, string environmentName, TargetArch arch,
        Func<string, byte[], List<(string Path, byte[] Content)>, TranslationUnitFacts> parse,
        SourceFile? source = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (source is null && !OperatingSystem.IsWindows() && CommandLineSplitter.LooksLikeWindowsPath(path))
        {
            // A database written on Windows and read here: GetFullPath would glue 'C:\src\a.c' to the current
            // folder and report a path nobody wrote.
            return new TranslationUnitFacts(path, arch, environmentName, false, [], [],
                [new ParseProblem(ProblemSeverity.Fatal,
                    "a Windows path, which cannot exist on this machine; analyze on Windows, or write the compile database here (relative paths or this machine's folders)", null)], []);
        }

        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return new TranslationUnitFacts(path ?? string.Empty, arch, environmentName, false, [], [],
                [new ParseProblem(ProblemSeverity.Fatal, $"invalid path '{path}': {e.Message}", null)], []);
        }

        TranslationUnitFacts Failed(string message) => new(
            fullPath, arch, environmentName, false, [], [], [new ParseProblem(ProblemSeverity.Fatal, message, null)], []);

        if (source is null && Directory.Exists(fullPath))
        {
            return Failed($"{fullPath} is a directory, not a C source file");
        }

        SourceFile file;
        try
        {
            file = source ?? SourceFile.Load(fullPath);
        }
        catch (FileNotFoundException)
        {
            return Failed($"file not found: {fullPath}");
        }
        catch (DirectoryNotFoundException)
        {
            return Failed($"file not found (directory does not exist): {fullPath}");
        }
        catch (UnauthorizedAccessException e)
        {
            return Failed($"cannot read {fullPath}: access denied ({e.Message})");
        }
        catch (IOException e)
        {
            return Failed($"cannot read {fullPath}: {e.Message}");
        }

        var content = file.ParseBytes;
        if (Array.IndexOf(content, (byte)0, 0, Math.Min(content.Length, BinaryProbeBytes)) >= 0)
        {
            return Failed("not a C source file (binary content)");
        }

        if (content.Length == 0)
        {
            return new TranslationUnitFacts(fullPath, arch, environmentName, true, [], [], [], []);
        }

        var unsaved = new List<(string Path, byte[] Content)> { (fullPath, content) };
        unsaved.AddRange(MissingTraceHeaders(fullPath, file.Text, args));
        return OnLargeStack(() => parse(fullPath, content, unsaved));
    }

    /// <summary>
    /// clang's parser and constant evaluator recurse over some expression shapes; a dedicated thread with a
    /// large stack (reserved, committed only as used) moves the point where pathological input overflows it
    /// far beyond anything real code contains. Both the parse (libclang runs it on the calling thread, see
    /// LibClang) and the extraction run there.
    /// </summary>
    private static TranslationUnitFacts OnLargeStack(Func<TranslationUnitFacts> work)
    {
        TranslationUnitFacts? result = null;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = work();
                }
                catch (Exception e)
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                }
            },
            LargeStackBytes)
        {
            IsBackground = true,
            Name = "StackLint clang parse",
        };
        try
        {
            thread.Start();
        }
        catch (OutOfMemoryException)
        {
            // Strict overcommit accounting can refuse the reservation: parse on this thread instead.
            return work();
        }

        thread.Join();
        failure?.Throw();
        return result!;
    }

    private const int LargeStackBytes = 256 * 1024 * 1024;

    /// <summary>Whether the arguments turn on the stack security cookie (the last -f[no-]stack-protector* wins, as in clang).</summary>
    internal static bool StackProtectorFromArguments(IReadOnlyList<string> args)
    {
        var on = false;
        foreach (var a in args)
        {
            if (a == "-fno-stack-protector") on = false;
            else if (a.StartsWith("-fstack-protector", StringComparison.Ordinal)) on = true;
        }

        return on;
    }

    internal static TargetArch ArchFromArguments(IReadOnlyList<string> args) => TargetArchNames.FromArguments(args) ?? TargetArch.X64;

    /// <summary>A precompiled header is only readable by the libclang build that wrote it.</summary>
    private static readonly Lazy<string> ClangIdentity = new(() => LibClang.Version() + "\0" + LibClang.Current?.LibraryPath);

    private const uint PlainOptions = (uint)(TranslationUnitFlags.KeepGoing | TranslationUnitFlags.IgnoreNonErrorsFromIncludedFiles);

    /// <summary>Warnings from included files are kept: an implicit declaration in a user header must be seen.</summary>
    private const uint LeanOptions = (uint)TranslationUnitFlags.KeepGoing;

    /// <summary>
    /// One libclang parse and the extraction. With <see cref="LeanOptions"/> the parse is a shortcut whose facts
    /// count only when it is clean: null means it had an error or an implicit function declaration.
    /// </summary>
    private TranslationUnitFacts? ParseCore(
        string fullPath, byte[] content, IReadOnlyList<string> fileArgs, List<(string Path, byte[] Content)> unsaved,
        string environmentName, TargetArch arch, IndexHandle index, uint options, ImmutableArray<string> extraInclusions,
        out bool pchRejected)
    {
        pchRejected = false;
        var allocations = new List<nint>();
        try
        {
            var argv = NativeArguments(fileArgs, allocations);

            var files = NativeUnsavedFiles(unsaved, allocations);

            var source = Cursors.AllocUtf8(fullPath);
            allocations.Add(source);
            var shortcut = options != PlainOptions;
            var error = NativeMethods.clang_parseTranslationUnit2(
                index.DangerousGetHandle(), (byte*)source, argv, fileArgs.Count, files, (uint)unsaved.Count, options, out var tuPtr);
            if (shortcut && (error != 0 || tuPtr == 0))
            {
                // With a precompiled header, libclang failing outright means it could not load that header.
                pchRejected = !extraInclusions.IsEmpty;
                return null;
            }

            if (error != 0 || tuPtr == 0)
            {
                return new TranslationUnitFacts(fullPath, arch, environmentName, false, [], [], [
                    new ParseProblem(ProblemSeverity.Fatal, $"libclang could not parse the file (CXErrorCode {error}); check the include directories and arguments", null),
                ], []);
            }

            using var tu = new TranslationUnitHandle(tuPtr);
            if (shortcut && !IsClean(tu.DangerousGetHandle(), out pchRejected))
            {
                return null;
            }

            var extractor = new FactsExtractor(tu.DangerousGetHandle(), _collector, fullPath, content);
            var (functions, globals) = extractor.Run();
            var inclusions = Inclusions(tu.DangerousGetHandle(), fullPath);
            if (!extraInclusions.IsEmpty)
            {
                inclusions = [.. inclusions.Union(extraInclusions, StringComparer.Ordinal).Where(f => f != fullPath).Order(StringComparer.Ordinal)];
            }

            return new TranslationUnitFacts(
                fullPath,
                arch,
                environmentName,
                true,
                functions,
                globals,
                Diagnostics(tu.DangerousGetHandle(), extractor),
                inclusions,
                StackProtectorFromArguments(fileArgs),
                CodeSectionScanner.Scan(content),
                extractor.EscapingObjects);
        }
        finally
        {
            foreach (var a in allocations)
            {
                NativeMemory.Free((void*)a);
            }
        }
    }

    /// <summary>libclang's unsaved-file array for in-memory buffers; every block it allocates is added to <paramref name="allocations"/> to free.</summary>
    private static CXUnsavedFile* NativeUnsavedFiles(List<(string Path, byte[] Content)> unsaved, List<nint> allocations)
    {
        var files = (CXUnsavedFile*)NativeMemory.AllocZeroed((nuint)unsaved.Count, (nuint)sizeof(CXUnsavedFile));
        allocations.Add((nint)files);
        for (var i = 0; i < unsaved.Count; i++)
        {
            var name = Cursors.AllocUtf8(unsaved[i].Path);
            allocations.Add(name);
            var data = (byte*)NativeMemory.Alloc((nuint)Math.Max(1, unsaved[i].Content.Length));
            allocations.Add((nint)data);
            unsaved[i].Content.CopyTo(new Span<byte>(data, unsaved[i].Content.Length));
            files[i].Filename = (byte*)name;
            files[i].Contents = data;
            files[i].Length = new CULong((nuint)unsaved[i].Content.Length);
        }

        return files;
    }

    /// <summary>A native argv for libclang; every block it allocates is added to <paramref name="allocations"/> to free.</summary>
    private static byte** NativeArguments(IReadOnlyList<string> args, List<nint> allocations)
    {
        var argv = (byte**)NativeMemory.Alloc((nuint)Math.Max(1, args.Count), (nuint)sizeof(nint));
        allocations.Add((nint)argv);
        for (var i = 0; i < args.Count; i++)
        {
            var s = Cursors.AllocUtf8(args[i]);
            allocations.Add(s);
            argv[i] = (byte*)s;
        }

        return argv;
    }

    /// <summary>
    /// Whether a shortcut parse can stand for the plain one: no error (a stand-in or the precompiled header lacked
    /// something the file needs, or the file is broken and the plain parse should say how) and no function called
    /// without a declaration (an intrinsic the stand-in left out would otherwise become one silently).
    /// </summary>
    private static bool IsClean(nint tu) => IsClean(tu, out _);

    /// <param name="pchRejected">Set when clang could not use a precompiled header at all (a fatal error with no source position).</param>
    private static bool IsClean(nint tu, out bool pchRejected)
    {
        pchRejected = false;
        var count = NativeMethods.clang_getNumDiagnostics(tu);
        for (var i = 0u; i < count; i++)
        {
            var d = NativeMethods.clang_getDiagnostic(tu, i);
            try
            {
                var severity = NativeMethods.clang_getDiagnosticSeverity(d);
                if (severity >= 3)
                {
                    NativeMethods.clang_getFileLocation(NativeMethods.clang_getDiagnosticLocation(d), out var file, out _, out _, out _);
                    var message = NativeMethods.Take(NativeMethods.clang_getDiagnosticSpelling(d));
                    pchRejected = file == 0 && (message.Contains("AST file", StringComparison.Ordinal)
                        || message.Contains("PCH", StringComparison.Ordinal) || message.Contains("precompiled header", StringComparison.Ordinal));
                    return false;
                }

                var option = NativeMethods.Take(NativeMethods.clang_getDiagnosticOption(d, out var disable));
                NativeMethods.clang_disposeString(disable);
                if (option == "-Wimplicit-function-declaration")
                {
                    return false;
                }
            }
            finally
            {
                NativeMethods.clang_disposeDiagnostic(d);
            }
        }

        return true;
    }

    /// <summary>
    /// Parses the leading includes as a header and saves them as a precompiled header at <paramref name="output"/>;
    /// returns the headers in it, or null when it cannot stand in for them: errors, or anything outside system
    /// headers that the facts would take (function definitions, globals that name functions), because a parse
    /// with a precompiled header does not walk its declarations.
    /// </summary>
    private ImmutableArray<string>? BuildPrecompiledHeader(string header, string output, IReadOnlyList<string> args) =>
        // Function bodies are kept, system headers' too: the facts take the definitions of the header functions a
        // file calls (FORCEINLINE helpers and the like), and a body skipped here would be missing from them.
        BuildPrecompiledHeader(header, output, args, skipBodies: false, out _);

    private ImmutableArray<string>? BuildPrecompiledHeader(
        string header, string output, IReadOnlyList<string> args, bool skipBodies, out bool hasUserDeclarations)
    {
        hasUserDeclarations = false;
        var allocations = new List<nint>();
        try
        {
            string[] buildArgs = [.. args, "-x", "c-header"];
            var argv = NativeArguments(buildArgs, allocations);

            var source = Cursors.AllocUtf8(header);
            allocations.Add(source);
            var options = (uint)(TranslationUnitFlags.KeepGoing | TranslationUnitFlags.Incomplete | TranslationUnitFlags.ForSerialization)
                | (skipBodies ? (uint)TranslationUnitFlags.SkipFunctionBodies : 0);
            var error = NativeMethods.clang_parseTranslationUnit2(
                _index.DangerousGetHandle(), (byte*)source, argv, buildArgs.Length, null, 0, options, out var tuPtr);
            if (error != 0 || tuPtr == 0)
            {
                return null;
            }

            using var tu = new TranslationUnitHandle(tuPtr);
            if (!IsClean(tu.DangerousGetHandle()))
            {
                return null;
            }

            if (skipBodies && HasUserDeclarations(tu.DangerousGetHandle(), header))
            {
                hasUserDeclarations = true;
                return null;
            }

            if (!skipBodies && HasFactsOutsideSystemHeaders(tu.DangerousGetHandle(), header))
            {
                return null;
            }

            var path = Cursors.AllocUtf8(output);
            allocations.Add(path);
            if (NativeMethods.clang_saveTranslationUnit(tu.DangerousGetHandle(), (byte*)path, 0) != 0)
            {
                return null;
            }

            return Inclusions(tu.DangerousGetHandle(), Path.GetFullPath(header));
        }
        finally
        {
            foreach (var a in allocations)
            {
                NativeMemory.Free((void*)a);
            }
        }
    }

    private bool HasUserDeclarations(nint tu, string header)
    {
        foreach (var decl in _collector.Children(NativeMethods.clang_getTranslationUnitCursor(tu)))
        {
            var location = NativeMethods.clang_getCursorLocation(decl);
            if (NativeMethods.clang_Location_isInSystemHeader(location) == 0 && NativeMethods.clang_Location_isFromMainFile(location) == 0)
            {
                return true;
            }
        }

        return false;
    }

    private bool HasFactsOutsideSystemHeaders(nint tu, string header)
    {
        var extractor = new FactsExtractor(tu, _collector, Path.GetFullPath(header), []);
        foreach (var decl in _collector.Children(NativeMethods.clang_getTranslationUnitCursor(tu)))
        {
            if (decl.CursorKind is not (CursorKind.FunctionDecl or CursorKind.VarDecl)
                || NativeMethods.clang_Location_isInSystemHeader(NativeMethods.clang_getCursorLocation(decl)) != 0)
            {
                continue;
            }

            if (decl.CursorKind == CursorKind.FunctionDecl ? NativeMethods.clang_isCursorDefinition(decl) != 0 : extractor.HasGlobalFacts(decl))
            {
                return true;
            }
        }

        return false;
    }

    private static ImmutableArray<ParseProblem> Diagnostics(nint tu, FactsExtractor extractor)
    {
        var result = ImmutableArray.CreateBuilder<ParseProblem>();
        var count = NativeMethods.clang_getNumDiagnostics(tu);
        for (var i = 0u; i < count && result.Count < MaxProblems; i++)
        {
            var d = NativeMethods.clang_getDiagnostic(tu, i);
            try
            {
                var severity = NativeMethods.clang_getDiagnosticSeverity(d);
                if (severity < 3)
                {
                    continue;
                }

                var message = NativeMethods.Take(NativeMethods.clang_getDiagnosticSpelling(d));
                var location = extractor.Point(NativeMethods.clang_getDiagnosticLocation(d), 0);
                result.Add(new ParseProblem(severity >= 4 ? ProblemSeverity.Fatal : ProblemSeverity.Error, message, location));
            }
            finally
            {
                NativeMethods.clang_disposeDiagnostic(d);
            }
        }

        return result.ToImmutable();
    }

    private static ImmutableArray<string> Inclusions(nint tu, string mainFile)
    {
        var sink = new HashSet<string>(StringComparer.Ordinal);
        var handle = GCHandle.Alloc(sink);
        try
        {
            NativeMethods.clang_getInclusions(tu, &CollectInclusion, GCHandle.ToIntPtr(handle));
        }
        finally
        {
            handle.Free();
        }

        sink.Remove(mainFile);
        return sink.Order(StringComparer.Ordinal).ToImmutableArray();
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void CollectInclusion(nint file, CXSourceLocation* stack, uint depth, nint clientData)
    {
        // Never let an exception cross into native code.
        try
        {
            var name = Cursors.FileName(file);
            if (name.Length > 0)
            {
                ((HashSet<string>)GCHandle.FromIntPtr(clientData).Target!).Add(FactsExtractor.FullPath(name));
            }
        }
        catch (Exception)
        {
            // An unrepresentable file name is left out of the list.
        }
    }

    /// <summary>
    /// WPP '#include "x.tmh"' names a file the build generates; when it is missing, an empty stand-in keeps
    /// clang from stopping at a fatal error, so the rest of the file is still analyzed.
    /// </summary>
    private static IEnumerable<(string, byte[])> MissingTraceHeaders(string fullPath, string text, IReadOnlyList<string> args)
    {
        if (!text.Contains(".tmh", StringComparison.OrdinalIgnoreCase))
        {
            yield break;
        }

        var dir = Path.GetDirectoryName(fullPath) ?? ".";
        var searchDirs = new List<string> { dir };
        for (var i = 0; i + 1 < args.Count; i++)
        {
            if (args[i] is "-I" or "-iquote" or "-isystem")
            {
                searchDirs.Add(args[i + 1]);
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in TmhInclude().Matches(text))
        {
            var name = m.Groups[1].Value;
            if (!seen.Add(name) || searchDirs.Any(d => File.Exists(Path.Combine(d, name))))
            {
                continue;
            }

            yield return (Path.GetFullPath(Path.Combine(dir, name)), Encoding.UTF8.GetBytes("/* StackLint: generated WPP header not found; empty stand-in */\n"));
        }
    }

    [GeneratedRegex(@"^[ \t]*#[ \t]*include[ \t]*[""<]([^"">\r\n]+\.tmh)["">]", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex TmhInclude();

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        DisposeEditedUnits();
        _collector.Dispose();
        _pchIndex?.Dispose();
        _index.Dispose();
    }
}
