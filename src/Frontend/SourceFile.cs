using System.Security.Cryptography;
using System.Text;

namespace StackLint.Frontend;

/// <summary>
/// One source file read and decoded once: the bytes as stored, the text editors show (a byte order mark dropped, UTF-16
/// and UTF-32 decoded), the bytes clang parses (that text as UTF-8), a SHA-256 of the stored bytes and an index of
/// where each line starts. The parser, the facts cache, suppression comments, SARIF snippets and columns and the text
/// report all read a file through this type, so a byte order mark or a UTF-16 file gives the same lines everywhere.
/// Immutable and thread-safe; the text and line index are built on first use.
/// </summary>
public sealed class SourceFile
{
    private static ReadOnlySpan<byte> Utf8Mark => [0xEF, 0xBB, 0xBF];

    private readonly Lazy<string> _text;
    private readonly Lazy<byte[]> _parseBytes;
    private readonly Lazy<string> _hash;
    private readonly Lazy<int[]> _lineStarts;
    private readonly Lazy<int[]> _parseLineStarts;
    private readonly Lazy<bool> _isAscii;

    private SourceFile(string path, byte[] bytes, string? knownText)
    {
        Path = path;
        Bytes = bytes;
        _text = knownText is null ? new Lazy<string>(() => Decode(bytes)) : new Lazy<string>(knownText);
        _parseBytes = new Lazy<byte[]>(() => ToParseBytes(bytes, () => Text));
        _hash = new Lazy<string>(() => Convert.ToHexStringLower(SHA256.HashData(bytes)));
        _lineStarts = new Lazy<int[]>(() => LineStartsOf(Text));
        _parseLineStarts = new Lazy<int[]>(() => LineStartsOf(ParseBytes));
        _isAscii = new Lazy<bool>(() => System.Text.Ascii.IsValid(bytes));
    }

    /// <summary>The path the file was read from (or the editor buffer's path).</summary>
    public string Path { get; }

    /// <summary>The bytes as stored on disk (for an editor buffer: its text as UTF-8).</summary>
    public byte[] Bytes { get; }

    /// <summary>
    /// The decoded text: UTF-8 (invalid sequences replaced, a UTF-8 byte order mark dropped) unless a UTF-16 or UTF-32
    /// byte order mark says otherwise, as File.ReadAllText decodes.
    /// </summary>
    public string Text => _text.Value;

    /// <summary>
    /// What clang is given: the stored bytes without a UTF-8 byte order mark (clang skips one but counts its three bytes
    /// in line 1's columns), and UTF-16/UTF-32 text as UTF-8 (clang reads only 8-bit encodings; Visual Studio can save
    /// sources as UTF-16). Plain 8-bit files are passed as stored, invalid UTF-8 and all, so clang's byte columns are
    /// the file's.
    /// </summary>
    public byte[] ParseBytes => _parseBytes.Value;

    /// <summary>Lower-case hex SHA-256 of <see cref="Bytes"/>: the content hash cache keys are built from.</summary>
    public string Hash => _hash.Value;

    /// <summary>How many lines the text has (a final line break starts an empty last line).</summary>
    public int LineCount => _lineStarts.Value.Length;

    /// <summary>A file's stored bytes.</summary>
    public static SourceFile FromBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(bytes);
        return new SourceFile(path, bytes, null);
    }

    /// <summary>An editor's buffer: its text is the file, stored as UTF-8 without a byte order mark.</summary>
    public static SourceFile FromText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        return new SourceFile(path, Encoding.UTF8.GetBytes(text), text);
    }

    /// <summary>Reads a file; the IO exceptions of File.ReadAllBytes pass through for callers that word them.</summary>
    public static SourceFile Load(string path) => FromBytes(path, File.ReadAllBytes(path));

    /// <summary>Reads a file; a missing or unreadable file (or a path that is not one) is null, never an exception.</summary>
    public static SourceFile? TryLoad(string path)
    {
        try
        {
            return Load(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The text of a 1-based line without its line break, or null when there is no such line.</summary>
    public string? GetLine(int line) => TryGetLine(line, out var text) ? text.ToString() : null;

    /// <summary>The text of a 1-based line without its line break (a CR before the LF is not part of it).</summary>
    public bool TryGetLine(int line, out ReadOnlySpan<char> text)
    {
        text = default;
        var starts = _lineStarts.Value;
        if (line < 1 || line > starts.Length) return false;
        var all = Text;
        int start = starts[line - 1];
        int end = line < starts.Length ? starts[line] - 1 : all.Length;
        while (end > start && all[end - 1] == '\r') end--;
        text = all.AsSpan(start, end - start);
        return true;
    }

    /// <summary>
    /// Converts clang's 1-based byte column (of <see cref="ParseBytes"/>) to a 1-based character (code point) column on
    /// that line, as SARIF counts; the byte column is returned unchanged when the line is unknown (for ASCII lines the
    /// two are equal anyway).
    /// </summary>
    public int ToCharacterColumn(int line, int byteColumn) => FromByteColumn(line, byteColumn, utf16: false);

    /// <summary>
    /// Converts clang's 1-based byte column to a 1-based UTF-16 column, as the language server protocol counts by
    /// default (a character outside the Basic Multilingual Plane is two units); unchanged when the line is unknown.
    /// </summary>
    public int ToUtf16Column(int line, int byteColumn) => FromByteColumn(line, byteColumn, utf16: true);

    /// <summary>
    /// The inverse of <see cref="ToUtf16Column"/>: the 1-based byte column clang uses for a 1-based UTF-16 column, as
    /// an editor's hover position arrives; unchanged when the line is unknown.
    /// </summary>
    public int FromUtf16Column(int line, int utf16Column)
    {
        if (utf16Column <= 1 || _isAscii.Value || !TryGetParseLine(line, out var bytes)) return utf16Column;
        int units = 0, consumed = 0;
        while (consumed < bytes.Length && units < utf16Column - 1)
        {
            Rune.DecodeFromUtf8(bytes[consumed..], out var rune, out int length);
            consumed += length;
            // An invalid byte shows as one replacement character in an editor: one unit, one byte.
            units += length == 1 ? 1 : rune.Utf16SequenceLength;
        }
        if (units < utf16Column - 1) consumed += utf16Column - 1 - units;
        return consumed + 1;
    }

    /// <summary>
    /// Walks the line's parse bytes as UTF-8 up to the byte column and counts characters or UTF-16 units. The walk is
    /// over bytes, not the decoded text, so an invalid byte (a Windows-1252 comment saved by an old editor) counts as the
    /// one replacement character editors show for it, and the columns of everything after it stay right.
    /// </summary>
    private int FromByteColumn(int line, int byteColumn, bool utf16)
    {
        // A file of ASCII bytes alone (nearly every driver source) has one character per byte: reports of thousands of
        // findings then decode no file and split none into lines.
        if (byteColumn <= 1 || _isAscii.Value || !TryGetParseLine(line, out var bytes)) return byteColumn;
        int consumed = 0, counted = 0;
        while (consumed < byteColumn - 1 && consumed < bytes.Length)
        {
            Rune.DecodeFromUtf8(bytes[consumed..], out var rune, out int length);
            consumed += length;
            counted += utf16 && length > 1 ? rune.Utf16SequenceLength : 1;
        }
        // Past the end of the line (the column of a line break): count the remaining bytes one per column.
        if (consumed < byteColumn - 1) counted += byteColumn - 1 - consumed;
        return counted + 1;
    }

    /// <summary>The bytes clang parsed for a 1-based line, without its line break (a CR before the LF is not part of it).</summary>
    private bool TryGetParseLine(int line, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        var starts = _parseLineStarts.Value;
        if (line < 1 || line > starts.Length) return false;
        ReadOnlySpan<byte> all = ParseBytes;
        int start = starts[line - 1];
        int end = line < starts.Length ? starts[line] - 1 : all.Length;
        while (end > start && all[end - 1] == (byte)'\r') end--;
        bytes = all[start..end];
        return true;
    }

    /// <summary>Whether stored bytes start with a UTF-16 or UTF-32 byte order mark.</summary>
    private static bool IsWideEncoding(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])
        || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]);

    private static string Decode(byte[] content)
    {
        ReadOnlySpan<byte> bytes = content;
        // Nearly every driver source is plain UTF-8, which one Encoding.UTF8 call decodes without a reader's chunking.
        if (IsWideEncoding(bytes))
            return new StreamReader(new MemoryStream(content, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true).ReadToEnd();
        return Encoding.UTF8.GetString(bytes.StartsWith(Utf8Mark) ? bytes[3..] : bytes);
    }

    private static byte[] ToParseBytes(byte[] content, Func<string> text)
    {
        ReadOnlySpan<byte> bytes = content;
        if (bytes.StartsWith(Utf8Mark)) return content[3..];
        return IsWideEncoding(bytes) ? Encoding.UTF8.GetBytes(text()) : content;
    }

    private static int[] LineStartsOf(string text)
    {
        var starts = new List<int> { 0 };
        for (int i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1)) starts.Add(i + 1);
        return [.. starts];
    }

    private static int[] LineStartsOf(ReadOnlySpan<byte> bytes)
    {
        var starts = new List<int> { 0 };
        for (int at = 0, i; (i = bytes[at..].IndexOf((byte)'\n')) >= 0; at += i + 1) starts.Add(at + i + 1);
        return [.. starts];
    }
}
