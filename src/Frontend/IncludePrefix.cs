using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;

namespace StackLint.Frontend;

/// <summary>
/// What a translation unit does before its first declaration, as the text of a precompiled header: the system
/// headers it includes (directly or through project headers such as <c>precomp.h</c>), and the <c>#define</c>s,
/// <c>#undef</c>s and directive-only conditional blocks between them, in the order clang meets them.
/// <para>
/// A file parsed with this header precompiled runs the same directives again after it (project headers are not
/// in it, so their include guards still open them). That gives the same translation unit when (a) the guards of
/// the project headers walked through, whose <c>#define</c>s the header leaves out, are not named anywhere in the
/// system headers, and (b) no name a conditional block tests is defined or undefined later: by the system headers
/// or by a later line of the prefix. Those names are <see cref="IndependentNames"/> (case a) and
/// <see cref="ConditionNames"/> (case b); the caller checks them against the headers the precompiled header holds.
/// </para>
/// </summary>
/// <param name="Header">The precompiled header's text; ends with its last system <c>#include</c>.</param>
/// <param name="Cuts">
/// The lengths of <see cref="Header"/> after each of its system <c>#include</c>s, shortest first (the last is the
/// whole header): each is a prefix of its own, which files whose prefixes go on differently can share.
/// </param>
internal sealed record IncludePrefix(string Header, ImmutableArray<string> IndependentNames, ImmutableArray<string> ConditionNames, ImmutableArray<int> Cuts)
{
    /// <summary>
    /// The prefix up to one of its <see cref="Cuts"/>. Its names are those of the whole prefix, a superset of what
    /// the shorter one needs checked, so a check that passes for the whole passes for the part.
    /// </summary>
    public IncludePrefix CutAt(int length) => length == Header.Length ? this : this with { Header = Header[..length], Cuts = [.. Cuts.Where(c => c <= length)] };

    /// <summary>A file's prefix, or null when it includes no system header before its first declaration.</summary>
    /// <param name="guardedHeaders">Which system headers a second inclusion leaves unchanged, filled as they are read (shared by the files of a run).</param>
    public static IncludePrefix? Read(ReadOnlySpan<byte> content, string sourcePath, IReadOnlyList<string> arguments, ConcurrentDictionary<string, bool> guardedHeaders) =>
        new Walk(sourcePath, arguments, guardedHeaders).Run(Encoding.UTF8.GetString(content));

    /// <summary>
    /// Whether including the header a second time adds nothing: a top-level <c>#pragma once</c>, or the whole file
    /// inside one <c>#ifndef X</c> / <c>#define X</c> guard (blocks holding only <c>#pragma once</c> may come first).
    /// </summary>
    internal static bool IsGuarded(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        var lines = new LogicalLines(text);
        var depth = 0;
        string? guard = null;
        var guardClosed = false;
        while (lines.Next() is { } line)
        {
            if (guardClosed)
            {
                return false;
            }

            if (Directive.Of(line) is not { } d)
            {
                if (guard is null)
                {
                    return false;
                }

                continue;
            }

            switch (d.Name)
            {
                case "pragma" when d.Rest.Trim() == "once" && depth == 0:
                    return true;
                case "if" or "ifdef":
                    depth++;
                    break;
                case "ifndef":
                    if (depth == 0 && guard is null)
                    {
                        if (lines.Peek() is not { } next || Directive.Of(next) is not { Name: "define" } define
                            || d.Identifier is null || define.Identifier != d.Identifier || define.Rest.Trim() != d.Identifier)
                        {
                            return false;
                        }

                        guard = d.Identifier;
                        lines.Next();
                    }

                    depth++;
                    break;
                case "endif":
                    depth--;
                    guardClosed = guard is not null && depth == 0;
                    break;
                default:
                    // Before the guard only blocks of pragmas (#if _MSC_VER > 1000 / #pragma once) may come; the
                    // guard's own #else would be what a second inclusion runs.
                    if (guard is null && !(d.Name is "elif" or "else" or "pragma" && depth > 0)
                        || guard is not null && depth == 1 && d.Name is "elif" or "else")
                    {
                        return false;
                    }

                    break;
            }
        }

        return guardClosed;
    }

    /// <summary>
    /// Walks the main file and the project headers it includes with an explicit stack (no recursion over include
    /// depth) and stops at the first line it cannot move ahead of the system headers: code, an <c>#include</c> or
    /// <c>#pragma</c> inside a conditional block, a header it cannot find, a conditional left open.
    /// </summary>
    private sealed class Walk
    {
        private readonly string _sourcePath;
        private readonly List<string> _quoteDirectories = [];
        private readonly List<(string Directory, bool System)> _angleDirectories = [];
        private readonly List<string> _lines = [];
        private readonly HashSet<string> _independent = new(StringComparer.Ordinal);
        private readonly HashSet<string> _conditions = new(StringComparer.Ordinal);
        private readonly HashSet<string> _walked = new(StringComparer.Ordinal);
        private readonly HashSet<string> _guarded = new(StringComparer.Ordinal);
        private readonly HashSet<int> _systemIncludes = [];
        private int _lastSystemInclude = -1;

        private readonly ConcurrentDictionary<string, bool> _guardedHeaders;
        private readonly string? _builtinDirectory;

        public Walk(string sourcePath, IReadOnlyList<string> arguments, ConcurrentDictionary<string, bool> guardedHeaders)
        {
            _sourcePath = Path.GetFullPath(sourcePath);
            _guardedHeaders = guardedHeaders;
            for (var i = 0; i + 1 < arguments.Count; i++)
            {
                switch (arguments[i])
                {
                    case "-iquote": _quoteDirectories.Add(arguments[++i]); break;
                    case "-I": _angleDirectories.Add((arguments[++i], false)); break;
                    case "-isystem": _angleDirectories.Add((arguments[++i], true)); break;
                    case "-resource-dir": _builtinDirectory = Path.GetFullPath(Path.Combine(arguments[++i], "include")); break;
                    // clang's own headers come between -isystem and -idirafter folders, and their folder is not in
                    // the arguments: a header found only after them is not followed.
                    case "-idirafter": i++; break;
                }
            }

            // clang searches -I folders before -isystem ones whatever their order on the command line.
            _angleDirectories = [.. _angleDirectories.OrderBy(d => d.System)];
            if (_builtinDirectory is not null)
            {
                _angleDirectories.Add((_builtinDirectory, true));
            }
        }

        public IncludePrefix? Run(string mainText)
        {
            var stack = new Stack<Frame>();
            stack.Push(new Frame(_sourcePath, new LogicalLines(mainText), isHeader: false));
            while (stack.Count > 0)
            {
                var frame = stack.Peek();
                if (frame.Lines.Next() is not { } line)
                {
                    if (frame.GuardOpen)
                    {
                        break;
                    }

                    if (stack.Pop().Guarded)
                    {
                        _guarded.Add(frame.Path);
                    }

                    continue;
                }

                var directive = Directive.Of(line);
                if (directive is null)
                {
                    break;
                }

                if (frame.IsHeader && !frame.SeenDirective && directive.Name == "ifndef" && frame.Lines.Peek() is { } next
                    && Directive.Of(next) is { Name: "define" } guard && guard.Identifier is { } guardName
                    && guard.Rest.Trim() == guardName && guardName == directive.Identifier)
                {
                    frame.Lines.Next();
                    frame.GuardOpen = true;
                    frame.SeenDirective = true;
                    _independent.Add(guardName);
                    continue;
                }

                frame.SeenDirective = true;
                if (!Take(directive, line, frame, stack))
                {
                    break;
                }
            }

            if (_lastSystemInclude < 0)
            {
                return null;
            }

            var header = new StringBuilder();
            var cuts = ImmutableArray.CreateBuilder<int>();
            for (var i = 0; i <= _lastSystemInclude; i++)
            {
                header.Append(_lines[i]).Append('\n');
                if (_systemIncludes.Contains(i))
                {
                    cuts.Add(header.Length);
                }
            }

            return new IncludePrefix(header.ToString(), [.. _independent.Order(StringComparer.Ordinal)], [.. _conditions.Order(StringComparer.Ordinal)], cuts.ToImmutable());
        }

        /// <summary>Takes one directive into the prefix; false ends the walk before it.</summary>
        private bool Take(Directive directive, string line, Frame frame, Stack<Frame> stack)
        {
            switch (directive.Name)
            {
                case "include":
                    return Include(directive, frame, stack);
                case "define" or "undef":
                    if (directive.Identifier is not { } name || _conditions.Contains(name))
                    {
                        return false;
                    }

                    _lines.Add(line);
                    return true;
                case "pragma":
                    var pragma = directive.Rest.TrimStart();
                    if (pragma.StartsWith("once", StringComparison.Ordinal) && frame.IsHeader)
                    {
                        frame.Guarded = true;
                        return true;
                    }

                    // Warning state decides no fact; #pragma pack and the like would change the system headers.
                    return pragma.StartsWith("warning", StringComparison.Ordinal);
                case "endif" when frame.GuardOpen:
                    frame.GuardOpen = false;
                    frame.Guarded = true;
                    return true;
                case "if" or "ifdef" or "ifndef":
                    return Conditional(directive, line, frame);
                default:
                    return false;
            }
        }

        private bool Include(Directive directive, Frame frame, Stack<Frame> stack)
        {
            // A backslash in an include name is left to clang: the walk would not know it finds the same file.
            if (directive.IncludeName is not { } name || name.Contains('\\') || Resolve(name, directive.Quoted, stack) is not { } found)
            {
                return false;
            }

            if (found.System)
            {
                // The file includes it again after the precompiled header: that must add nothing. clang's own
                // headers (stddef.h and the like) are written to be included any number of times.
                if (!IsBuiltin(found.Path) && !_guardedHeaders.GetOrAdd(found.Path, IsGuarded))
                {
                    return false;
                }

                _lines.Add($"#include <{name}>");
                _lastSystemInclude = _lines.Count - 1;
                _systemIncludes.Add(_lastSystemInclude);
                return true;
            }

            if (!_walked.Add(found.Path))
            {
                // Opened before: with a guard it is empty now; without one it would run again, which the walk does not follow.
                return _guarded.Contains(found.Path);
            }

            string text;
            try
            {
                text = File.ReadAllText(found.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }

            stack.Push(new Frame(found.Path, new LogicalLines(text), isHeader: true));
            return true;
        }

        /// <summary>
        /// A conditional block up to its <c>#endif</c>, taken whole when it holds only macro directives; the names
        /// its conditions test go to <see cref="ConditionNames"/>. A block that defines a name it tests itself is
        /// taken only without <c>#else</c>/<c>#elif</c> (the <c>#ifndef X / #define X 1</c> default), since the
        /// run after the precompiled header may then skip it but never takes a branch the header did not.
        /// </summary>
        private bool Conditional(Directive opening, string line, Frame frame)
        {
            var block = new List<string> { line };
            var tested = new HashSet<string>(StringComparer.Ordinal);
            var defined = new HashSet<string>(StringComparer.Ordinal);
            var hasElse = false;
            Tested(opening, tested);
            var depth = 1;
            while (depth > 0)
            {
                if (frame.Lines.Next() is not { } inner || Directive.Of(inner) is not { } d)
                {
                    return false;
                }

                block.Add(inner);
                switch (d.Name)
                {
                    case "if" or "ifdef" or "ifndef":
                        depth++;
                        Tested(d, tested);
                        break;
                    case "elif" or "elifdef" or "elifndef":
                        hasElse = true;
                        Tested(d, tested);
                        break;
                    case "else":
                        hasElse = true;
                        break;
                    case "endif":
                        depth--;
                        break;
                    case "define" or "undef":
                        if (d.Identifier is not { } name || _conditions.Contains(name))
                        {
                            return false;
                        }

                        defined.Add(name);
                        break;
                    case "error":
                        break;
                    default:
                        return false;
                }
            }

            // A guard this walk left out of the header would test differently there than in the file.
            if (hasElse && defined.Overlaps(tested) || tested.Overlaps(_independent))
            {
                return false;
            }

            _conditions.UnionWith(tested);
            _lines.AddRange(block);
            return true;
        }

        private static void Tested(Directive directive, HashSet<string> names)
        {
            foreach (var name in Identifiers(directive.Rest))
            {
                if (name is not ("defined" or "__has_include" or "__has_include_next"))
                {
                    names.Add(name);
                }
            }
        }

        /// <summary>
        /// Where clang finds an include: a quoted name first beside the including file and, as MSVC does, beside
        /// every file that included it, then in -iquote folders; every name then in -I and -isystem folders. Folders
        /// of the user (not -isystem) are matched ignoring case, as the case-insensitive overlay makes clang do.
        /// </summary>
        private (string Path, bool System)? Resolve(string name, bool quoted, Stack<Frame> stack)
        {
            if (Path.IsPathRooted(name))
            {
                return null;
            }

            var relative = name.Replace('\\', '/');
            if (quoted)
            {
                foreach (var frame in stack)
                {
                    if (Find(Path.GetDirectoryName(frame.Path) ?? ".", relative, ignoreCase: true) is { } beside)
                    {
                        return (beside, false);
                    }
                }

                foreach (var directory in _quoteDirectories)
                {
                    if (Find(directory, relative, ignoreCase: true) is { } found)
                    {
                        return (found, false);
                    }
                }
            }

            foreach (var (directory, system) in _angleDirectories)
            {
                if (Find(directory, relative, ignoreCase: !system) is { } found)
                {
                    return (found, system);
                }
            }

            return null;
        }

        private bool IsBuiltin(string path) =>
            _builtinDirectory is not null && Path.GetDirectoryName(path) is { } directory
            && string.Equals(Path.GetFullPath(directory), _builtinDirectory, StringComparison.Ordinal);

        private static string? Find(string directory, string relative, bool ignoreCase)
        {
            try
            {
                var exact = Path.GetFullPath(Path.Combine(directory, relative));
                if (File.Exists(exact))
                {
                    return exact;
                }

                if (!ignoreCase)
                {
                    return null;
                }

                var current = Path.GetFullPath(directory);
                foreach (var part in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (part is "." or "..")
                    {
                        current = Path.GetFullPath(Path.Combine(current, part));
                        continue;
                    }

                    if (!Directory.Exists(current))
                    {
                        return null;
                    }

                    var match = Directory.EnumerateFileSystemEntries(current)
                        .Where(e => string.Equals(Path.GetFileName(e), part, StringComparison.OrdinalIgnoreCase))
                        .Order(StringComparer.Ordinal)
                        .FirstOrDefault();
                    if (match is null)
                    {
                        return null;
                    }

                    current = match;
                }

                return File.Exists(current) ? current : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return null;
            }
        }
    }

    /// <summary>A file being walked: the main file, or a project header it (or another project header) includes.</summary>
    private sealed class Frame(string path, LogicalLines lines, bool isHeader)
    {
        public string Path { get; } = path;
        public LogicalLines Lines { get; } = lines;
        public bool IsHeader { get; } = isHeader;
        public bool SeenDirective { get; set; }

        /// <summary>Inside the header's <c>#ifndef</c> include guard, whose <c>#endif</c> is still to come.</summary>
        public bool GuardOpen { get; set; }

        /// <summary>Opening it again adds nothing (a closed include guard, or <c>#pragma once</c>).</summary>
        public bool Guarded { get; set; }
    }

    /// <summary>One preprocessor directive: its name, the identifier after it, the rest of the line.</summary>
    private sealed record Directive(string Name, string Rest, string? Identifier, string? IncludeName, bool Quoted)
    {
        public static Directive? Of(string line)
        {
            if (line.Length == 0 || line[0] != '#')
            {
                return null;
            }

            var i = 1;
            while (i < line.Length && line[i] is ' ' or '\t')
            {
                i++;
            }

            var start = i;
            while (i < line.Length && IsIdentifierChar(line[i]))
            {
                i++;
            }

            var name = line[start..i];
            var rest = line[i..];
            var identifier = Identifiers(rest).FirstOrDefault();
            string? includeName = null;
            var quoted = false;
            if (name == "include")
            {
                var text = rest.Trim();
                if (text.Length >= 2 && (text[0] == '<' && text[^1] == '>' || text[0] == '"' && text[^1] == '"'))
                {
                    includeName = text[1..^1];
                    quoted = text[0] == '"';
                }
            }

            return new Directive(name, rest, identifier, includeName, quoted);
        }
    }

    /// <summary>The identifiers of a directive's text, in order (character and string literals skipped).</summary>
    internal static IEnumerable<string> Identifiers(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '"' or '\'')
            {
                i++;
                while (i < text.Length && text[i] != c)
                {
                    i += text[i] == '\\' ? 2 : 1;
                }

                i++;
            }
            else if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && IsIdentifierChar(text[i]))
                {
                    i++;
                }
            }
            else if (IsIdentifierChar(c))
            {
                var start = i;
                while (i < text.Length && IsIdentifierChar(text[i]))
                {
                    i++;
                }

                yield return text[start..i];
            }
            else
            {
                i++;
            }
        }
    }

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$';

    /// <summary>
    /// A file's logical lines as clang's phases 1 to 3 see them: continuation lines joined, comments replaced by a
    /// space (outside string and character literals), leading and trailing blanks trimmed, empty lines skipped.
    /// Lazy: the walk reads only as far as it goes.
    /// </summary>
    private sealed class LogicalLines(string text)
    {
        private int _position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        private string? _peeked;
        private bool _hasPeeked;

        public string? Peek()
        {
            if (!_hasPeeked)
            {
                _peeked = Read();
                _hasPeeked = true;
            }

            return _peeked;
        }

        public string? Next()
        {
            var line = Peek();
            _hasPeeked = false;
            return line;
        }

        private string? Read()
        {
            var line = new StringBuilder();
            while (_position < text.Length)
            {
                line.Clear();
                var inComment = false;
                char quote = '\0';
                while (_position < text.Length)
                {
                    var c = text[_position];
                    if (c == '\\' && (At(_position + 1, '\n') || At(_position + 1, '\r') && At(_position + 2, '\n')))
                    {
                        _position += At(_position + 1, '\n') ? 2 : 3;
                        continue;
                    }

                    if (inComment)
                    {
                        if (c == '*' && At(_position + 1, '/'))
                        {
                            inComment = false;
                            line.Append(' ');
                            _position += 2;
                        }
                        else
                        {
                            _position++;
                        }

                        continue;
                    }

                    if (c == '\n')
                    {
                        _position++;
                        break;
                    }

                    if (quote != '\0')
                    {
                        line.Append(c);
                        if (c == '\\' && _position + 1 < text.Length && text[_position + 1] != '\n')
                        {
                            line.Append(text[_position + 1]);
                            _position += 2;
                            continue;
                        }

                        if (c == quote)
                        {
                            quote = '\0';
                        }

                        _position++;
                        continue;
                    }

                    if (c == '/' && At(_position + 1, '*'))
                    {
                        inComment = true;
                        _position += 2;
                        continue;
                    }

                    if (c == '/' && At(_position + 1, '/'))
                    {
                        while (_position < text.Length && text[_position] != '\n')
                        {
                            _position++;
                        }

                        continue;
                    }

                    if (c is '"' or '\'')
                    {
                        quote = c;
                    }

                    line.Append(c == '\r' ? ' ' : c);
                    _position++;
                }

                if (inComment)
                {
                    // A comment left open runs to the end of the file: nothing after it can be read as code.
                    return null;
                }

                var trimmed = line.ToString().Trim();
                if (trimmed.Length > 0)
                {
                    return trimmed;
                }
            }

            return null;
        }

        private bool At(int index, char c) => index < text.Length && text[index] == c;
    }
}
