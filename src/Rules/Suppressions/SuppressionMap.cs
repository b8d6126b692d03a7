using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace StackLint.Rules.Suppressions;

public enum SuppressionScope
{
    /// <summary>'stacklint-disable-next-line': the next line that has code.</summary>
    NextLine,
    /// <summary>'stacklint-disable-line': the line the comment is on (a trailing comment).</summary>
    Line,
    /// <summary>'stacklint-disable': the function whose definition starts on the next line that has code.</summary>
    Function,
}

/// <summary>
/// One suppression comment. FirstLine..LastLine is what it covers (one line, or a function's lines from its
/// header to its closing brace); FunctionName is the function's name for the function form, else null.
/// </summary>
public sealed record SuppressionComment(
    string Path,
    int Line,
    SuppressionScope Scope,
    ImmutableArray<string> RuleIds,
    string? Justification,
    int FirstLine,
    int LastLine,
    string? FunctionName);

/// <summary>A rule id in a suppression comment that no finding used: stale after a fix, or a typo.</summary>
public sealed record UnusedSuppression(string Path, int Line, string RuleId);

public sealed record SuppressionOutcome(ImmutableArray<Finding> Findings, ImmutableArray<UnusedSuppression> Unused);

/// <summary>
/// In-source suppressions. The forms, in a '//' comment or a one-line '/* */' comment:
/// <code>
/// // stacklint-disable-next-line SL1002, SL1003 -- reason
/// WCHAR path[260];
/// WCHAR path[260]; // stacklint-disable-line SL1002 -- reason
/// // stacklint-disable SL2001 -- reason      (applies to the whole function defined on the next line)
/// </code>
/// Rule ids are listed one by one (no wildcard: every suppression names what it hides) and end at the first word
/// that is not one; the reason after '--' becomes the SARIF justification. Comments inside strings are not directives.
/// </summary>
public sealed partial class SuppressionMap
{
    private SuppressionMap(string path, ImmutableArray<SuppressionComment> comments)
    {
        Path = path;
        Comments = comments;
    }

    public string Path { get; }

    public ImmutableArray<SuppressionComment> Comments { get; }

    /// <summary>The map of a file known to hold no suppression comment, without reading it.</summary>
    public static SuppressionMap None(string path) => new(path, []);

    public static SuppressionMap Parse(string path, string text)
    {
        // Most files hold no directive: say so without scanning every comment (the directive regex ignores case too).
        if (!text.Contains("stacklint-disable", StringComparison.OrdinalIgnoreCase)) return new SuppressionMap(path, []);
        var scan = CommentScanner.Scan(text);
        var comments = ImmutableArray.CreateBuilder<SuppressionComment>();
        foreach (var comment in scan.Comments)
        {
            var match = Directive().Match(comment.Text);
            if (!match.Success) continue;
            // Rule ids up to the first word that is not one: a remark after them without '--' is not read as ids.
            var ids = match.Groups["ids"].Value
                .Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
                .TakeWhile(word => RuleIdWord().IsMatch(word))
                .Select(id => id.ToUpperInvariant())
                .Distinct(StringComparer.Ordinal)
                .ToImmutableArray();
            if (ids.IsEmpty) continue;
            var reason = match.Groups["reason"].Success ? match.Groups["reason"].Value.Trim() : null;
            if (string.IsNullOrEmpty(reason)) reason = null;

            switch (match.Groups["kind"].Value.ToLowerInvariant())
            {
                case "-line":
                    comments.Add(new(path, comment.StartLine, SuppressionScope.Line, ids, reason, comment.StartLine, comment.StartLine, null));
                    break;
                case "-next-line":
                {
                    int target = scan.NextCodeLine(comment.EndLine);
                    comments.Add(new(path, comment.StartLine, SuppressionScope.NextLine, ids, reason, target, target, null));
                    break;
                }
                default:
                {
                    int start = scan.NextCodeLine(comment.EndLine);
                    var (end, name) = scan.FunctionExtent(start);
                    comments.Add(new(path, comment.StartLine, SuppressionScope.Function, ids, reason, start, end, name));
                    break;
                }
            }
        }
        return new SuppressionMap(path, comments.ToImmutable());
    }

    /// <summary>
    /// Marks the findings that a suppression comment covers (Finding.Suppression set, with the reason as
    /// justification; they stay in the list so SARIF can show them as suppressed) and lists the comment ids that
    /// covered nothing. Sources are read once per path; analyzedPaths adds files that have no finding, so their
    /// stale suppressions are reported too. Paths are compared as given (ordinal).
    /// </summary>
    /// <param name="parallelism">
    /// How many files are read and scanned at once (the reader must then be thread-safe). Every analyzed file is read,
    /// and on a large driver the reads, not the matching, are the cost. The outcome does not depend on it.
    /// </param>
    public static SuppressionOutcome Apply(IReadOnlyList<Finding> findings, Func<string, string?> readSource, IEnumerable<string>? analyzedPaths = null, int parallelism = 1) =>
        Apply(findings, Scan(analyzedPaths ?? [], readSource, parallelism), readSource, parallelism);

    /// <summary>
    /// The suppression comments of files, read and scanned ahead of the findings (a run scans every analyzed file while
    /// its rules run). Null for a file that could not be read.
    /// </summary>
    public static IReadOnlyDictionary<string, SuppressionMap?> Scan(IEnumerable<string> paths, Func<string, string?> readSource, int parallelism = 1)
    {
        var distinct = paths.Distinct(StringComparer.Ordinal).ToArray();
        var read = new SuppressionMap?[distinct.Length];
        Parallel.For(0, distinct.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) },
            i => read[i] = readSource(distinct[i]) is { } text ? Parse(distinct[i], text) : null);
        var maps = new Dictionary<string, SuppressionMap?>(distinct.Length, StringComparer.Ordinal);
        for (int i = 0; i < distinct.Length; i++) maps[distinct[i]] = read[i];
        return maps;
    }

    /// <param name="scanned">What <see cref="Scan"/> found in the analyzed files; files only findings name are scanned here.</param>
    public static SuppressionOutcome Apply(IReadOnlyList<Finding> findings, IReadOnlyDictionary<string, SuppressionMap?> scanned, Func<string, string?> readSource, int parallelism = 1)
    {
        var maps = new Dictionary<string, SuppressionMap?>(scanned, StringComparer.Ordinal);
        foreach (var (path, map) in Scan(findings.Select(f => f.Location.Path).Where(p => !maps.ContainsKey(p)), readSource, parallelism))
            maps[path] = map;

        var used = new HashSet<(SuppressionComment, string)>();
        var result = ImmutableArray.CreateBuilder<Finding>(findings.Count);
        foreach (var finding in findings)
        {
            var map = maps[finding.Location.Path];
            var covering = map?.Comments.FirstOrDefault(c => c.RuleIds.Contains(finding.RuleId) && Covers(c, finding));
            if (covering is null || finding.Suppression is not null)
            {
                result.Add(finding);
                continue;
            }
            used.Add((covering, finding.RuleId));
            result.Add(finding with { Suppression = new InSourceSuppression(covering.Justification ?? "") });
        }

        var unused = maps.Values
            .OfType<SuppressionMap>()
            .SelectMany(m => m.Comments)
            .SelectMany(c => c.RuleIds.Where(id => !used.Contains((c, id))).Select(id => new UnusedSuppression(c.Path, c.Line, id)))
            .OrderBy(u => u.Path, StringComparer.Ordinal).ThenBy(u => u.Line).ThenBy(u => u.RuleId, StringComparer.Ordinal)
            .ToImmutableArray();
        return new SuppressionOutcome(result.ToImmutable(), unused);
    }

    private static bool Covers(SuppressionComment comment, Finding finding)
    {
        int line = finding.Location.Line;
        if (line >= comment.FirstLine && line <= comment.LastLine) return true;
        // Call-graph findings about a function may sit on another line of its file (a declaration, a call site).
        return comment.Scope == SuppressionScope.Function
            && comment.FunctionName is not null
            && string.Equals(comment.FunctionName, finding.FunctionName, StringComparison.Ordinal);
    }

    // 'SL' then letters and digits with at least one digit: a misspelt id (SL102, SL1O02) still counts as one and is
    // reported unused; a word of prose ("QUERY'S", "slow") never does.
    [GeneratedRegex(@"^SL(?=[A-Z0-9]*[0-9])[A-Z0-9]+$", RegexOptions.IgnoreCase)]
    private static partial Regex RuleIdWord();

    // The directive must open the comment: prose that mentions 'stacklint-disable' later on is not one.
    [GeneratedRegex(@"^\s*stacklint-disable(?<kind>-next-line|-line|)(?=\s)\s+(?<ids>[^\r\n]*?)\s*(?:--(?<reason>.*))?$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Directive();
}
