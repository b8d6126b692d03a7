using StackLint.Frontend;

namespace StackLint.LanguageServer;

/// <summary>
/// Converts between clang's 1-based byte columns and LSP's 0-based characters in the position encoding agreed at
/// initialize: UTF-8 when the client offers it (columns pass through), otherwise UTF-16, the protocol's default, which
/// differs from bytes after any non-ASCII character on the line (an accented name in a comment, a UTF-8 symbol).
/// Lines come from the text that was analyzed: an open document's buffer, else the file on disk, each read once.
/// </summary>
public sealed class LspColumns
{
    private readonly bool _utf8;
    private readonly Func<string, string?> _openText;
    private readonly Dictionary<string, SourceFile?> _files;

    /// <param name="utf8">The client accepted "utf-8" positions.</param>
    /// <param name="openText">The buffer of an open document by path, or null when it is not open.</param>
    public LspColumns(bool utf8, Func<string, string?> openText, bool windows)
    {
        _utf8 = utf8;
        _openText = openText;
        _files = new Dictionary<string, SourceFile?>(windows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
    }

    /// <summary>The 0-based LSP character for a 1-based byte column.</summary>
    public int ToCharacter(string path, int line, int byteColumn)
    {
        int column = _utf8 || byteColumn <= 1 || File(path) is not { } file ? byteColumn : file.ToUtf16Column(line, byteColumn);
        return Math.Max(0, column - 1);
    }

    /// <summary>The 1-based byte column for a 0-based LSP character.</summary>
    public int ToByteColumn(string path, int line, int character)
    {
        int column = character + 1;
        return _utf8 || column <= 1 || File(path) is not { } file ? column : file.FromUtf16Column(line, column);
    }

    private SourceFile? File(string path)
    {
        if (!_files.TryGetValue(path, out var file))
            _files[path] = file = _openText(path) is { } text ? SourceFile.FromText(path, text) : SourceFile.TryLoad(path);
        return file;
    }
}
