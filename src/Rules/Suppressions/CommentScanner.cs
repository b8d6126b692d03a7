namespace StackLint.Rules.Suppressions;

/// <summary>A comment's text without its delimiters, and the 1-based lines it starts and ends on.</summary>
internal sealed record SourceComment(int StartLine, int EndLine, string Text);

/// <summary>
/// A small C lexer, just enough for suppression comments: it finds comments (not those inside string or character
/// literals) and keeps a copy of the text with comments and literal contents blanked, on which lines with code
/// and a function's braces can be found without being fooled by a '{' in a string. It is a loop over characters,
/// never recursive, so input depth cannot exhaust our own stack.
/// </summary>
internal sealed class CommentScanner
{
    private readonly char[] _code;
    private readonly int[] _lineStarts;

    private CommentScanner(char[] code, int[] lineStarts, IReadOnlyList<SourceComment> comments)
    {
        _code = code;
        _lineStarts = lineStarts;
        Comments = comments;
    }

    public IReadOnlyList<SourceComment> Comments { get; }

    private int LineCount => _lineStarts.Length;

    public static CommentScanner Scan(string text)
    {
        var code = text.ToCharArray();
        var comments = new List<SourceComment>();
        var lineStarts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n') lineStarts.Add(i + 1);
        }
        int LineOf(int offset)
        {
            int index = lineStarts.BinarySearch(offset);
            return (index >= 0 ? index : ~index - 1) + 1;
        }

        int p = 0;
        while (p < text.Length)
        {
            char c = text[p];
            char next = p + 1 < text.Length ? text[p + 1] : '\0';
            if (c == '/' && next == '/')
            {
                int end = p + 2;
                while (true)
                {
                    int newline = text.IndexOf('\n', end);
                    if (newline < 0)
                    {
                        end = text.Length;
                        break;
                    }
                    int before = newline - 1;
                    if (before >= 0 && text[before] == '\r') before--;
                    // A backslash at the end of a '//' line continues the comment, as the preprocessor splices lines.
                    if (before >= p + 2 && text[before] == '\\')
                    {
                        end = newline + 1;
                        continue;
                    }
                    end = newline;
                    break;
                }
                comments.Add(new SourceComment(LineOf(p), LineOf(Math.Max(p, end - 1)), text[(p + 2)..end].TrimEnd('\r')));
                Blank(code, p, end);
                p = end;
            }
            else if (c == '/' && next == '*')
            {
                int close = text.IndexOf("*/", p + 2, StringComparison.Ordinal);
                int end = close < 0 ? text.Length : close + 2;
                comments.Add(new SourceComment(LineOf(p), LineOf(Math.Max(p, end - 1)), text[(p + 2)..(close < 0 ? text.Length : close)]));
                Blank(code, p, end);
                p = end;
            }
            else if (c is '"' or '\'')
            {
                int end = p + 1;
                while (end < text.Length && text[end] != c && text[end] != '\n')
                {
                    end += text[end] == '\\' ? 2 : 1;
                }
                end = Math.Min(end, text.Length);
                Blank(code, p + 1, end);
                p = end + 1;
            }
            else
            {
                p++;
            }
        }
        return new CommentScanner(code, [.. lineStarts], comments);
    }

    /// <summary>The first line after afterLine with code on it (comment-only and blank lines skipped); afterLine + 1 when there is none.</summary>
    public int NextCodeLine(int afterLine)
    {
        for (int line = afterLine + 1; line <= LineCount; line++)
        {
            if (HasCode(line)) return line;
        }
        return afterLine + 1;
    }

    /// <summary>
    /// From a function's first header line: the line of its closing brace (or of the ';' that ends a prototype)
    /// and its name, the identifier before the last top-level '(' ahead of the body, so SAL annotations such as
    /// _IRQL_requires_max_(APC_LEVEL) on the lines before the name are passed over.
    /// </summary>
    public (int EndLine, string? Name) FunctionExtent(int startLine)
    {
        if (startLine > LineCount) return (startLine, null);
        int p = _lineStarts[startLine - 1];
        int parens = 0;
        string? name = null;
        for (; p < _code.Length; p++)
        {
            char c = _code[p];
            if (c == '(')
            {
                if (parens == 0) name = IdentifierBefore(p) ?? name;
                parens++;
            }
            else if (c == ')')
            {
                parens = Math.Max(0, parens - 1);
            }
            else if (parens == 0 && c == ';')
            {
                return (LineOf(p), name);
            }
            else if (parens == 0 && c == '{')
            {
                int depth = 0;
                for (; p < _code.Length; p++)
                {
                    if (_code[p] == '{') depth++;
                    else if (_code[p] == '}' && --depth == 0) return (LineOf(p), name);
                }
                return (LineCount, name);
            }
        }
        return (LineCount, name);
    }

    private bool HasCode(int line)
    {
        int start = _lineStarts[line - 1];
        int end = line < LineCount ? _lineStarts[line] : _code.Length;
        for (int i = start; i < end; i++)
        {
            if (!char.IsWhiteSpace(_code[i])) return true;
        }
        return false;
    }

    private string? IdentifierBefore(int offset)
    {
        int end = offset;
        while (end > 0 && char.IsWhiteSpace(_code[end - 1])) end--;
        int start = end;
        while (start > 0 && (char.IsAsciiLetterOrDigit(_code[start - 1]) || _code[start - 1] == '_')) start--;
        return start < end && !char.IsAsciiDigit(_code[start]) ? new string(_code, start, end - start) : null;
    }

    private int LineOf(int offset)
    {
        int index = Array.BinarySearch(_lineStarts, offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    // Comment and literal contents become spaces; line breaks stay, so offsets and line numbers do not move.
    private static void Blank(char[] code, int start, int end)
    {
        for (int i = start; i < end && i < code.Length; i++)
        {
            if (code[i] is not ('\n' or '\r')) code[i] = ' ';
        }
    }
}
