using System.Text.RegularExpressions;

namespace StackLint.Tests.FixtureRunner;

/// <summary>An expected finding: a rule on a line, optionally with a fragment its message must contain.</summary>
public sealed record Expectation(string Path, int Line, string RuleId, string? MessageFragment);

/// <summary>
/// Reads '// expect: SL1002' comments (several ids: 'SL1002, SL2001'; a message fragment in quotes after an id:
/// 'SL1001 "1,600 bytes"'). The expectation is on the line of the finding itself.
/// </summary>
public static partial class Expectations
{
    [GeneratedRegex(@"//\s*expect:\s*(?<list>.+)$")]
    private static partial Regex ExpectComment();

    [GeneratedRegex(@"(?<id>SL\d{4})(\s+""(?<fragment>[^""]*)"")?")]
    private static partial Regex ExpectItem();

    public static IReadOnlyList<Expectation> Read(string path)
    {
        var result = new List<Expectation>();
        var lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            var match = ExpectComment().Match(lines[i]);
            if (!match.Success) continue;
            foreach (Match item in ExpectItem().Matches(match.Groups["list"].Value))
            {
                var fragment = item.Groups["fragment"].Success ? item.Groups["fragment"].Value : null;
                result.Add(new Expectation(path, i + 1, item.Groups["id"].Value, fragment));
            }
        }
        return result;
    }
}
