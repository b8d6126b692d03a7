using System.Text;

namespace StackLint.Frontend;

/// <summary>
/// The names a set of headers could depend on or change: every identifier in their text (<see cref="Named"/>)
/// and every name they <c>#define</c> or <c>#undef</c> (<see cref="Defined"/>). Both over-approximate (comments
/// and branches not taken count too), which only makes a precompiled header used less often, never wrongly.
/// </summary>
internal sealed class HeaderNames
{
    // Plain sets: a file asks them a few names, and freezing a set of every identifier in the kernel headers costs more than that saves.
    private readonly IReadOnlySet<string>? _named;
    private readonly IReadOnlySet<string>? _defined;

    // Or the bytes kept by ToBytes, asked directly: an edited file asks a few names, and splitting the kept file (the
    // kernel headers give some fifty thousand names) into sets took longer than that file's whole parse.
    private readonly byte[]? _kept;
    private readonly int _namedStart;
    private readonly int _split;

    private HeaderNames(IReadOnlySet<string> named, IReadOnlySet<string> defined)
    {
        _named = named;
        _defined = defined;
    }

    private HeaderNames(byte[] kept, int namedStart, int split)
    {
        _kept = kept;
        _namedStart = namedStart;
        _split = split;
    }

    /// <summary>Every identifier in the headers' text.</summary>
    public IReadOnlySet<string> Named => _named ?? KeptSet(_namedStart, _split + 1);

    /// <summary>Every name the headers define or undefine.</summary>
    public IReadOnlySet<string> Defined => _defined ?? KeptSet(_split + 1, DefinedEnd);

    public bool IsNamed(string name) => _named?.Contains(name) ?? KeptContains(_namedStart, _split + 1, name);

    public bool IsDefined(string name) => _defined?.Contains(name) ?? KeptContains(_split + 1, DefinedEnd, name);

    // The defined section ends with the line break before the end line (End).
    private int DefinedEnd => _kept!.Length - (End.Length - 1);

    /// <summary>Whether a file with this prefix parses to the same translation unit with the headers precompiled.</summary>
    public bool Allow(IncludePrefix prefix) =>
        !prefix.IndependentNames.Any(IsNamed) && !prefix.ConditionNames.Any(IsDefined);

    // A kept section runs from the line break before its first name to the one after its last: a name is in it exactly
    // when the section holds that name between two line breaks.
    private bool KeptContains(int start, int end, string name)
    {
        var line = new byte[Encoding.UTF8.GetByteCount(name) + 2];
        line[0] = (byte)'\n';
        Encoding.UTF8.GetBytes(name, line.AsSpan(1));
        line[^1] = (byte)'\n';
        return _kept.AsSpan(start, end - start).IndexOf(line) >= 0;
    }

    private HashSet<string> KeptSet(int start, int end) =>
        new(Encoding.UTF8.GetString(_kept!, start, end - start).Split('\n', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    /// <summary>Reads the headers; null when one cannot be read (the caller then does without the shortcut).</summary>
    public static HeaderNames? Read(IEnumerable<string> paths)
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        var defined = new HashSet<string>(StringComparer.Ordinal);
        var lookup = named.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var path in paths)
        {
            string text;
            try
            {
                // Latin-1 maps every byte to one char: identifiers are ASCII, the rest only has to be skipped.
                text = Encoding.Latin1.GetString(File.ReadAllBytes(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            Scan(text, lookup, defined);
        }

        return new HeaderNames(named, defined);
    }

    /// <summary>
    /// The names as bytes to keep beside a precompiled header, under a stamp naming the headers' state (see
    /// <see cref="FromBytes"/>): one name a line, the named ones, an empty line, the defined ones, and an end line that
    /// no name can be, so that a file cut short at a line break is not taken for one with fewer names.
    /// </summary>
    public byte[] ToBytes(string stamp)
    {
        var text = new StringBuilder(Header).Append(stamp).Append('\n');
        foreach (var name in Named.Order(StringComparer.Ordinal)) text.Append(name).Append('\n');
        text.Append('\n');
        foreach (var name in Defined.Order(StringComparer.Ordinal)) text.Append(name).Append('\n');
        text.Append(End, 1, End.Length - 1);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Names kept by <see cref="ToBytes"/> under the same stamp; null for anything else (another stamp, damage).</summary>
    public static HeaderNames? FromBytes(byte[] bytes, string stamp)
    {
        var first = Encoding.UTF8.GetBytes(Header + stamp + "\n");
        // A whole file ends with its end line, after the line break of its last name (or the empty line when nothing is defined).
        if (!bytes.AsSpan().StartsWith(first) || !bytes.AsSpan().EndsWith(Encoding.ASCII.GetBytes(End))) return null;
        var split = bytes.AsSpan(first.Length - 1).IndexOf("\n\n"u8);
        if (split < 0) return null;
        return new HeaderNames(bytes, first.Length - 1, first.Length - 1 + split);
    }

    private const string Header = "stacklint-header-names 2 ";

    private const string End = "\n.\n";

    private static void Scan(string text, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> named, HashSet<string> defined)
    {
        var i = 0;
        var lineStart = true;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                lineStart = true;
                i++;
            }
            else if (c is ' ' or '\t' or '\r' or '\f' or '\v')
            {
                i++;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                // A comment is blank space: a '#' after one still starts a directive.
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 2;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                var end = text.IndexOf('\n', i);
                i = end < 0 ? text.Length : end;
            }
            else if (c is '"' or '\'')
            {
                // Skipped so that a "/*" inside one opens no comment; an unclosed one ends with its line.
                i++;
                while (i < text.Length && text[i] != c && text[i] != '\n')
                {
                    i += text[i] == '\\' ? 2 : 1;
                }

                if (i < text.Length && text[i] == c)
                {
                    i++;
                }

                lineStart = false;
            }
            else if (c == '#' && lineStart)
            {
                i = Directive(text, i + 1, named, defined);
                lineStart = false;
            }
            else if (IsStart(c))
            {
                var start = i;
                while (i < text.Length && IsPart(text[i]))
                {
                    i++;
                }

                named.Add(text.AsSpan(start, i - start));
                lineStart = false;
            }
            else
            {
                // A digit run is skipped whole so that the letters of 0x1F or 10ULL are not taken for names.
                if (char.IsAsciiDigit(c))
                {
                    while (i < text.Length && IsPart(text[i]))
                    {
                        i++;
                    }
                }
                else
                {
                    i++;
                }

                lineStart = false;
            }
        }
    }

    /// <summary>After a '#' that starts a line: records the name of a #define or #undef; returns where to go on.</summary>
    private static int Directive(string text, int i, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> named, HashSet<string> defined)
    {
        i = SkipBlanks(text, i);
        var start = i;
        while (i < text.Length && IsPart(text[i]))
        {
            i++;
        }

        var keyword = text.AsSpan(start, i - start);
        if (keyword is not ("define" or "undef"))
        {
            return start;
        }

        i = SkipBlanks(text, i);
        var nameStart = i;
        while (i < text.Length && IsPart(text[i]))
        {
            i++;
        }

        if (i > nameStart)
        {
            var name = text.Substring(nameStart, i - nameStart);
            named.Add(name);
            defined.Add(name);
        }

        return i;
    }

    /// <summary>Blanks, and line continuations, which clang removes before it reads a directive.</summary>
    private static int SkipBlanks(string text, int i)
    {
        while (i < text.Length)
        {
            if (text[i] is ' ' or '\t')
            {
                i++;
            }
            else if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i += 2;
            }
            else if (text[i] == '\\' && i + 2 < text.Length && text[i + 1] == '\r' && text[i + 2] == '\n')
            {
                i += 3;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static bool IsStart(char c) => char.IsAsciiLetter(c) || c is '_' or '$';

    private static bool IsPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$';
}
