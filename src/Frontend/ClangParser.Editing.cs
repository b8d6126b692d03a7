using System.Collections.Immutable;
using System.Runtime.InteropServices;
using StackLint.Frontend.Facts;
using StackLint.Frontend.Interop;

namespace StackLint.Frontend;

/// <summary>
/// Editor buffers (the language server): a file being edited keeps its translation unit between edits, parsed with a
/// precompiled preamble, so each new buffer reparses only the file itself and not the kernel headers it includes at
/// the top (clangd's way). The facts are those of a plain parse of the buffer.
/// </summary>
public sealed unsafe partial class ClangParser
{
    // Each kept unit holds its headers' AST in memory (tens of MB with the WDK): only the most recently edited few.
    private const int MaxEditedUnits = 4;
    private const uint PrecompiledPreamble = 0x04;
    private const uint CreatePreambleOnFirstParse = 0x100;
    private const uint EditingOptions = PlainOptions | PrecompiledPreamble | CreatePreambleOnFirstParse;

    private readonly List<(string Path, ImmutableArray<string> Args, TranslationUnitHandle Unit)> _edited = [];

    /// <summary>
    /// Parses an editor's buffer of a file, reusing the unit kept from its previous buffer when the arguments are the
    /// same. Not thread-safe: one caller at a time.
    /// </summary>
    public TranslationUnitFacts ParseEdited(string path, HeaderEnvironment environment, byte[] content) =>
        ParseEdited(SourceFile.FromBytes(path, content), environment);

    /// <summary>Parses an editor's buffer (<see cref="SourceFile.FromText"/>), reusing the unit kept from its previous buffer.</summary>
    public TranslationUnitFacts ParseEdited(SourceFile source, HeaderEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(environment);
        var args = environment.ArgumentsFor(source.Path);
        var arch = ArchFromArguments(args);
        return ParseChecked(source.Path, args, environment.Name, arch,
            (fullPath, text, unsaved) => ParseKept(fullPath, text, args, unsaved, environment.Name, arch), source);
    }

    private TranslationUnitFacts ParseKept(
        string fullPath, byte[] content, ImmutableArray<string> args, List<(string Path, byte[] Content)> unsaved, string environmentName, TargetArch arch)
    {
        var allocations = new List<nint>();
        try
        {
            var files = NativeUnsavedFiles(unsaved, allocations);

            TranslationUnitHandle? unit = null;
            int kept = _edited.FindIndex(e => e.Path == fullPath);
            if (kept >= 0)
            {
                var entry = _edited[kept];
                _edited.RemoveAt(kept);
                if (entry.Args.SequenceEqual(args, StringComparer.Ordinal)
                    && NativeMethods.clang_reparseTranslationUnit(entry.Unit.DangerousGetHandle(), (uint)unsaved.Count, files,
                        NativeMethods.clang_defaultReparseOptions(entry.Unit.DangerousGetHandle())) == 0)
                {
                    unit = entry.Unit;
                }
                else
                {
                    entry.Unit.Dispose(); // libclang invalidates a unit whose reparse failed
                }
            }

            if (unit is null)
            {
                var argv = NativeArguments(args, allocations);
                var source = Cursors.AllocUtf8(fullPath);
                allocations.Add(source);
                // _index does not exclude the preamble's declarations: functions defined in the driver's own headers
                // at the top of the file are facts like any other.
                var error = NativeMethods.clang_parseTranslationUnit2(
                    _index.DangerousGetHandle(), (byte*)source, argv, args.Length, files, (uint)unsaved.Count, EditingOptions, out var tuPtr);
                if (error != 0 || tuPtr == 0)
                {
                    return new TranslationUnitFacts(fullPath, arch, environmentName, false, [], [], [
                        new ParseProblem(ProblemSeverity.Fatal, $"libclang could not parse the file (CXErrorCode {error}); check the include directories and arguments", null),
                    ], []);
                }
                unit = new TranslationUnitHandle(tuPtr);
            }

            _edited.Add((fullPath, args, unit));
            while (_edited.Count > MaxEditedUnits)
            {
                _edited[0].Unit.Dispose();
                _edited.RemoveAt(0);
            }

            var tu = unit.DangerousGetHandle();
            var extractor = new FactsExtractor(tu, _collector, fullPath, content);
            var (functions, globals) = extractor.Run();
            return new TranslationUnitFacts(fullPath, arch, environmentName, true, functions, globals, Diagnostics(tu, extractor), Inclusions(tu, fullPath),
                CodeSections: CodeSectionScanner.Scan(content));
        }
        finally
        {
            foreach (var a in allocations)
            {
                NativeMemory.Free((void*)a);
            }
        }
    }

    private void DisposeEditedUnits()
    {
        foreach (var entry in _edited) entry.Unit.Dispose();
        _edited.Clear();
    }
}
