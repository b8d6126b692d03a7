using System.Collections.Immutable;
using System.Text;
using StackLint.Frontend.Facts;

namespace StackLint.Frontend;

/// <summary>
/// Finds the code-section pragmas of a file's own text: '#pragma alloc_text(INIT, DriverEntry, ...)' and
/// '#pragma code_seg("PAGE")' (with push and pop). libclang keeps no cursor for either, so this is a scan of the
/// source text that skips comments and string literals and joins continued lines. It records what the file says in
/// the order it says it; deciding what a section means (INIT code runs once, on DriverEntry's fresh stack) is the
/// rules' business. Directives in inactive '#if' branches are read too: ALLOC_PRAGMA guards them in every driver, and
/// what they state is the driver's intent.
/// </summary>
public static class CodeSectionScanner
{
    /// <summary>The pragmas of one file's text (UTF-8 or ASCII bytes), in source order.</summary>
    public static ImmutableArray<CodeSectionPragma> Scan(ReadOnlySpan<byte> utf8) => Scan(Encoding.UTF8.GetString(utf8));

    public static ImmutableArray<CodeSectionPragma> Scan(string text)
    {
        var result = ImmutableArray.CreateBuilder<CodeSectionPragma>();
        // code_seg(push[, id][, "section"]) saves the section in force; pop (optionally back to an id) restores it.
        var pushed = new List<(string? Id, string Section)>();
        string current = string.Empty;
        int line = 1;
        int i = 0;
        bool lineStart = true;
        bool inBlockComment = false;
        while (i < text.Length)
        {
            char c = text[i];
            if (inBlockComment)
            {
                if (c == '\n') line++;
                else if (c == '*' && i + 1 < text.Length && text[i + 1] == '/') { inBlockComment = false; i++; }
                i++;
                continue;
            }
            if (c == '\n') { line++; lineStart = true; i++; continue; }
            if (c is ' ' or '\t' or '\r' or '\f' or '\v') { i++; continue; }
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '*') { inBlockComment = true; i += 2; continue; }
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '/') { i = SkipLine(text, i, ref line); continue; }
            if (c == '#' && lineStart)
            {
                int directiveLine = line;
                string directive = ReadDirective(text, ref i, ref line);
                Interpret(directive, directiveLine, result, pushed, ref current);
                lineStart = true;
                continue;
            }
            lineStart = false;
            if (c is '"' or '\'') { i = SkipQuoted(text, i, ref line); continue; }
            i++;
        }
        return result.ToImmutable();
    }

    private static int SkipLine(string text, int i, ref int line)
    {
        // A line comment ends at a newline not preceded by a backslash.
        while (i < text.Length && text[i] != '\n')
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] == '\n') { line++; i++; }
            i++;
        }
        return i;
    }

    private static int SkipQuoted(string text, int i, ref int line)
    {
        char quote = text[i++];
        while (i < text.Length && text[i] != quote && text[i] != '\n')
        {
            if (text[i] == '\\' && i + 1 < text.Length) { if (text[i + 1] == '\n') line++; i++; }
            i++;
        }
        return i < text.Length && text[i] == quote ? i + 1 : i;
    }

    /// <summary>The directive after '#', continued lines joined and comments replaced by a space; i ends at its newline.</summary>
    private static string ReadDirective(string text, ref int i, ref int line)
    {
        var directive = new StringBuilder();
        i++;
        while (i < text.Length && text[i] != '\n')
        {
            char c = text[i];
            if (c == '\\' && i + 1 < text.Length && (text[i + 1] == '\n' || (text[i + 1] == '\r' && i + 2 < text.Length && text[i + 2] == '\n')))
            {
                i += text[i + 1] == '\r' ? 3 : 2;
                line++;
                continue;
            }
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '/') { i = SkipLine(text, i, ref line); break; }
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                i += 2;
                while (i < text.Length && !(text[i] == '*' && i + 1 < text.Length && text[i + 1] == '/'))
                {
                    if (text[i] == '\n') line++;
                    i++;
                }
                i = Math.Min(i + 2, text.Length);
                directive.Append(' ');
                continue;
            }
            directive.Append(c);
            i++;
        }
        return directive.ToString();
    }

    private static void Interpret(string directive, int line, ImmutableArray<CodeSectionPragma>.Builder result, List<(string? Id, string Section)> pushed, ref string current)
    {
        var text = directive.AsSpan().Trim();
        if (!text.StartsWith("pragma") || text.Length == 6 || !char.IsWhiteSpace(text[6])) return;
        text = text[6..].TrimStart();
        bool allocText = text.StartsWith("alloc_text");
        if (!allocText && !text.StartsWith("code_seg")) return;
        text = text[(allocText ? "alloc_text".Length : "code_seg".Length)..].TrimStart();
        if (text.Length < 2 || text[0] != '(') return;
        int close = text.LastIndexOf(')');
        if (close < 0) return;
        var arguments = text[1..close].ToString().Split(',', StringSplitOptions.TrimEntries);
        if (arguments.Length == 1 && arguments[0].Length == 0) arguments = [];

        if (allocText)
        {
            if (arguments.Length < 2) return;
            var functions = arguments.Skip(1).Where(IsIdentifier).ToImmutableArray();
            string section = Unquote(arguments[0]);
            if (section.Length > 0 && !functions.IsEmpty)
                result.Add(new CodeSectionPragma(section, functions, line));
            return;
        }

        // code_seg([push|pop][, identifier][, "section"[, "class"]]) or code_seg() for the default section.
        string? action = arguments.Length > 0 && arguments[0] is "push" or "pop" ? arguments[0] : null;
        var rest = action is null ? arguments : arguments[1..];
        string? id = rest.Length > 0 && IsIdentifier(rest[0]) ? rest[0] : null;
        if (id is not null) rest = rest[1..];
        string? named = rest.Length > 0 && rest[0].StartsWith('"') ? Unquote(rest[0]) : null;
        switch (action)
        {
            case "push":
                pushed.Add((id, current));
                if (named is not null) current = named;
                break;
            case "pop":
                int at = id is null ? pushed.Count - 1 : pushed.FindLastIndex(p => p.Id == id);
                if (at < 0) return;
                current = pushed[at].Section;
                pushed.RemoveRange(at, pushed.Count - at);
                break;
            default:
                current = named ?? string.Empty;
                break;
        }
        result.Add(new CodeSectionPragma(current, [], line));
    }

    private static string Unquote(string argument) =>
        argument.Length >= 2 && argument[0] == '"' && argument[^1] == '"' ? argument[1..^1] : argument;

    private static bool IsIdentifier(string s) =>
        s.Length > 0 && (char.IsLetter(s[0]) || s[0] == '_') && s.All(ch => char.IsLetterOrDigit(ch) || ch == '_');
}
