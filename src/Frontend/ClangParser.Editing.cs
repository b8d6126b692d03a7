using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;
using StackLint.Frontend.Facts;
using StackLint.Frontend.Interop;

namespace StackLint.Frontend;

/// <summary>
/// Editor buffers (the language server): a file being edited keeps its translation unit between edits, parsed with a
/// precompiled preamble, so each new buffer reparses only the file itself and not the kernel headers it includes at
/// the top (clangd's way). The facts are those of a plain parse of the buffer.
/// <para>
/// Two things would still cost as much as the reparse on every edit, and are skipped while they cannot change the facts:
/// <list type="bullet">
/// <item>Walking the file-scope declarations of the whole unit, which makes libclang load every declaration of the
/// preamble (the WDK's ten thousand) again. A unit made through an index that excludes the preamble's declarations
/// lists only those parsed after the preamble, except on the parse that (re)builds the preamble, which lists all.
/// That is the whole walk's result as long as the preamble's declarations give no facts: they all sit in headers
/// (the preamble is the leading directives), and system headers give none. So a file keeps such a unit while no
/// walk of it has seen a header declaration give facts (<see cref="FactsExtractor.HeaderDeclarationsGaveFacts"/>);
/// a file whose own headers define functions or globals is walked whole, through a unit of the plain index.</item>
/// <item>Listing the included files (libclang reads every source-location entry of the preamble for it). The list is
/// kept while the buffer's preprocessor lines (<see cref="PreprocessorKey"/>), the arguments, the remapped files and
/// every included file's size and write time stay the same: only those decide what gets included.</item>
/// </list>
/// </para>
/// </summary>
public sealed unsafe partial class ClangParser
{
    // Each kept unit holds its headers' AST in memory (tens of MB with the WDK): only the most recently edited few.
    private const int MaxEditedUnits = 4;
    private const uint PrecompiledPreamble = 0x04;
    private const uint CreatePreambleOnFirstParse = 0x100;
    private const uint EditingOptions = PlainOptions | PrecompiledPreamble | CreatePreambleOnFirstParse;

    /// <summary>Kept units, least recently edited first.</summary>
    private readonly List<EditedUnit> _edited = [];

    /// <summary>Files whose header declarations gave facts: their units are walked whole.</summary>
    private readonly HashSet<string> _wholeWalk = new(StringComparer.Ordinal);

    private IndexHandle? _localIndex;

    /// <summary>How the last <see cref="ParseEdited"/> got its unit (for tests and benchmarks).</summary>
    public EditRoute LastEditRoute { get; private set; }

    /// <summary>Whether the last <see cref="ParseEdited"/> walked every declaration of its unit, the preamble's too.</summary>
    public bool LastEditWalkedWhole { get; private set; }

    /// <summary>How an edited buffer was parsed: a new unit (builds the preamble), or a kept one reparsed.</summary>
    public enum EditRoute { NewUnit, Reparsed }

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
        // An editor's unit is kept and re-parsed for every keystroke: the kits' overlay is built once for it.
        var args = environment.ArgumentsWithKitsFor(source.Path);
        var arch = ArchFromArguments(args);
        return ParseChecked(source.Path, args, environment.Name, arch,
            (fullPath, text, unsaved) => ParseKept(fullPath, text, args, unsaved, environment.Name, arch), source);
    }

    /// <summary>Frees the unit kept for a file (the editor closed it); nothing happens for a file without one.</summary>
    public void ForgetEdited(string path)
    {
        var fullPath = Path.GetFullPath(path);
        int kept = _edited.FindIndex(e => e.Path == fullPath);
        if (kept < 0) return;
        _edited[kept].Unit.Dispose();
        _edited.RemoveAt(kept);
    }

    /// <summary>The files that have a kept unit, least recently edited first.</summary>
    public IReadOnlyList<string> EditedFiles => [.. _edited.Select(e => e.Path)];

    private TranslationUnitFacts ParseKept(
        string fullPath, byte[] content, ImmutableArray<string> args, List<(string Path, byte[] Content)> unsaved, string environmentName, TargetArch arch)
    {
        var allocations = new List<nint>();
        try
        {
            var files = NativeUnsavedFiles(unsaved, allocations);

            EditedUnit? entry = null;
            int kept = _edited.FindIndex(e => e.Path == fullPath);
            if (kept >= 0)
            {
                entry = _edited[kept];
                _edited.RemoveAt(kept);
                if (!entry.Args.SequenceEqual(args, StringComparer.Ordinal)
                    || NativeMethods.clang_reparseTranslationUnit(entry.Unit.DangerousGetHandle(), (uint)unsaved.Count, files,
                        NativeMethods.clang_defaultReparseOptions(entry.Unit.DangerousGetHandle())) != 0)
                {
                    entry.Unit.Dispose(); // libclang invalidates a unit whose reparse failed
                    entry = null;
                }
            }

            LastEditRoute = entry is null ? EditRoute.NewUnit : EditRoute.Reparsed;
            if (entry is null)
            {
                var created = NewEditedUnit(fullPath, args, unsaved, files, allocations, out var error);
                if (created is null)
                {
                    return new TranslationUnitFacts(fullPath, arch, environmentName, false, [], [], [
                        new ParseProblem(ProblemSeverity.Fatal, $"libclang could not parse the file (CXErrorCode {error}); check the include directories and arguments", null),
                    ], []);
                }

                entry = created;
            }

            LastEditWalkedWhole = entry.WholeWalk || LastEditRoute == EditRoute.NewUnit;
            var tu = entry.Unit.DangerousGetHandle();
            var extractor = new FactsExtractor(tu, _collector, fullPath, content);
            var (functions, globals) = extractor.Run();
            var inclusionKey = InclusionKey(content, unsaved);
            var inclusions = entry.InclusionsIfCurrent(inclusionKey) ?? Inclusions(tu, fullPath);
            var facts = new TranslationUnitFacts(fullPath, arch, environmentName, true, functions, globals, Diagnostics(tu, extractor), inclusions,
                StackProtectorFromArguments(args), CodeSectionScanner.Scan(content), extractor.EscapingObjects);

            if (extractor.HeaderDeclarationsGaveFacts && !entry.WholeWalk)
            {
                // These facts are whole (a new unit lists every declaration; a reparsed one met the header after its
                // preamble), but the next reparse would miss the preamble's: from now on the file is walked whole.
                _wholeWalk.Add(fullPath);
                entry.Unit.Dispose();
                if (LastEditRoute == EditRoute.NewUnit)
                {
                    entry = NewEditedUnit(fullPath, args, unsaved, files, allocations, out _);
                }
                else
                {
                    entry = null;
                }
            }

            if (entry is not null)
            {
                entry.Remember(inclusionKey, inclusions);
                _edited.Add(entry);
                while (_edited.Count > MaxEditedUnits)
                {
                    _edited[0].Unit.Dispose();
                    _edited.RemoveAt(0);
                }
            }

            return facts;
        }
        finally
        {
            foreach (var a in allocations)
            {
                NativeMemory.Free((void*)a);
            }
        }
    }

    /// <summary>A first parse of a buffer with a precompiled preamble; null when libclang fails outright.</summary>
    private EditedUnit? NewEditedUnit(
        string fullPath, ImmutableArray<string> args, List<(string Path, byte[] Content)> unsaved, CXUnsavedFile* files, List<nint> allocations, out int error)
    {
        bool wholeWalk = _wholeWalk.Contains(fullPath);
        // The plain index lists the preamble's declarations on every walk; the other lists them only when it builds it.
        var index = wholeWalk ? _index : _localIndex ??= new IndexHandle(LibClang.CreateIndex(excludeDeclarationsFromPch: true));
        var argv = NativeArguments(args, allocations);
        var source = Cursors.AllocUtf8(fullPath);
        allocations.Add(source);
        error = NativeMethods.clang_parseTranslationUnit2(
            index.DangerousGetHandle(), (byte*)source, argv, args.Length, files, (uint)unsaved.Count, EditingOptions, out var tuPtr);
        return error != 0 || tuPtr == 0 ? null : new EditedUnit(fullPath, args, new TranslationUnitHandle(tuPtr), wholeWalk);
    }

    /// <summary>What decides the included files besides the arguments: the buffer's preprocessor lines and the remapped files.</summary>
    private static string InclusionKey(byte[] content, List<(string Path, byte[] Content)> unsaved)
    {
        var key = new StringBuilder(PreprocessorKey(content));
        foreach (var (path, _) in unsaved.Skip(1)) key.Append('\0').Append(path);
        return key.ToString();
    }

    /// <summary>
    /// Every line that can hold a preprocessor directive (one with '#', or its '%:' and '??=' spellings), the lines a
    /// backslash continues it onto, each with whether it starts inside a block comment: what the preprocessor reads to
    /// decide which files a buffer includes. A superset (a '#' in a string or a comment counts too) only makes the key
    /// change more often than the inclusions do. One pass over the bytes, tracking comments and literals.
    /// </summary>
    internal static string PreprocessorKey(ReadOnlySpan<byte> text)
    {
        var key = new StringBuilder();
        bool inBlockComment = false, continued = false;
        int start = 0;
        while (start <= text.Length)
        {
            int end = text[start..].IndexOf((byte)'\n');
            end = end < 0 ? text.Length : start + end;
            var line = text[start..end];
            bool startsInComment = inBlockComment;
            inBlockComment = ScanLine(line, inBlockComment);
            bool directive = line.IndexOf((byte)'#') >= 0 || line.IndexOf("%:"u8) >= 0 || line.IndexOf("??="u8) >= 0;
            if (directive || continued)
            {
                key.Append(startsInComment ? '*' : ' ').Append(Encoding.UTF8.GetString(line)).Append('\n');
            }

            var trimmed = line.TrimEnd((byte)'\r');
            continued = (directive || continued) && trimmed.Length > 0 && trimmed[^1] == (byte)'\\';
            start = end + 1;
        }

        return key.ToString();
    }

    /// <summary>Whether a block comment is still open at the end of <paramref name="line"/>, given whether one was at its start.</summary>
    private static bool ScanLine(ReadOnlySpan<byte> line, bool inBlockComment)
    {
        for (int i = 0; i < line.Length; i++)
        {
            byte c = line[i];
            if (inBlockComment)
            {
                if (c == (byte)'*' && i + 1 < line.Length && line[i + 1] == (byte)'/')
                {
                    inBlockComment = false;
                    i++;
                }
            }
            else if (c == (byte)'/' && i + 1 < line.Length && line[i + 1] == (byte)'/')
            {
                return false;
            }
            else if (c == (byte)'/' && i + 1 < line.Length && line[i + 1] == (byte)'*')
            {
                inBlockComment = true;
                i++;
            }
            else if (c is (byte)'"' or (byte)'\'')
            {
                // A literal ends at its closing quote or at the end of the line; a backslash escapes one byte.
                for (i++; i < line.Length && line[i] != c; i++)
                {
                    if (line[i] == (byte)'\\') i++;
                }
            }
        }

        return inBlockComment;
    }

    private void DisposeEditedUnits()
    {
        foreach (var entry in _edited) entry.Unit.Dispose();
        _edited.Clear();
        _localIndex?.Dispose();
    }

    /// <summary>A kept unit and the inclusions listed from it, with what they depend on.</summary>
    private sealed class EditedUnit(string path, ImmutableArray<string> args, TranslationUnitHandle unit, bool wholeWalk)
    {
        private string? _inclusionKey;
        private ImmutableArray<string> _inclusions;
        private ImmutableArray<(string Path, long Length, DateTime WrittenUtc)> _stamps;

        public string Path { get; } = path;

        public ImmutableArray<string> Args { get; } = args;

        public TranslationUnitHandle Unit { get; } = unit;

        /// <summary>Made through the plain index: every walk lists the preamble's declarations.</summary>
        public bool WholeWalk { get; } = wholeWalk;

        /// <summary>The inclusions listed last, while the key and every included file are as they were; else null.</summary>
        public ImmutableArray<string>? InclusionsIfCurrent(string key) =>
            key == _inclusionKey && _stamps.All(s => Stamp(s.Path) == s) ? _inclusions : null;

        public void Remember(string key, ImmutableArray<string> inclusions)
        {
            if (key == _inclusionKey && inclusions == _inclusions) return;
            _inclusionKey = key;
            _inclusions = inclusions;
            _stamps = [.. inclusions.Select(Stamp)];
        }

        private static (string, long, DateTime) Stamp(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? (path, info.Length, info.LastWriteTimeUtc) : (path, -1, DateTime.MinValue);
        }
    }
}
