using System.Text.Json;
using System.Text.RegularExpressions;
using StackLint.Sarif.Model;

namespace StackLint.Sarif;

/// <summary>The baseline file is missing, not SARIF, or not a StackLint log; the message names the file and the cause (the CLI exits 2).</summary>
public sealed class BaselineException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// A previous StackLint SARIF log to compare against. Results match by rule id, file and the StackLint
/// fingerprint (which ignores line numbers and the figures in messages): a match with the same message is
/// "unchanged", with a different message (a buffer grew) "updated". A result the fingerprint leaves unmatched
/// (its line's text changed, e.g. the size written in it: 'UCHAR buffer[1024]' became 'UCHAR buffer[600]') still
/// matches a left-over baseline result of the same rule, file and function whose message differs only in its
/// figures: "updated" (or "unchanged" when the message is the same). A current result without either match is
/// "new", and a baseline result without a match is copied into the new log as "absent", as SARIF's baselining
/// specifies.
/// </summary>
public sealed class Baseline
{
    private Baseline(string source, SarifLog log)
    {
        Source = source;
        Log = log;
    }

    /// <summary>Where the baseline came from (its path), for messages.</summary>
    public string Source { get; }

    public SarifLog Log { get; }

    public static Baseline Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new BaselineException($"Cannot read baseline '{path}': {e.Message}", e);
        }
        SarifLog log;
        try
        {
            log = SarifSerializer.Deserialize(bytes);
        }
        catch (JsonException e)
        {
            throw new BaselineException($"Baseline '{path}' is not a SARIF log: {JsonCause(e)}", e);
        }
        return FromLog(log, path);
    }

    /// <summary>
    /// System.Text.Json's message on one line: it quotes the offending text (newline and all) and, for a value of the
    /// wrong type, names our model's classes; the reader wants the place in the file.
    /// </summary>
    private static string JsonCause(JsonException e)
    {
        var place = e.LineNumber is { } line ? $" at line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}" : "";
        if (e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
            return $"unexpected value for {e.Path}{place}";
        const string missing = "missing required properties including: ";
        if (e.Message.IndexOf(missing, StringComparison.Ordinal) is var at and >= 0)
            return "missing " + e.Message[(at + missing.Length)..].TrimEnd('.') + place;
        var message = e.Message;
        var tail = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (tail > 0) message = message[..tail];
        // "'not json\n' is an invalid JSON literal.": the quoted token keeps the file's line break.
        message = Regex.Replace(message, @"^'(.*?)\s*' is ", "'$1' is ", RegexOptions.Singleline);
        return string.Join(' ', message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.') + place;
    }

    public static Baseline FromLog(SarifLog log, string source)
    {
        if (log.Version != "2.1.0")
            throw new BaselineException($"Baseline '{source}' is SARIF version '{log.Version}'; StackLint reads 2.1.0.");
        if (log.Runs is not { Count: 1 } || log.Runs[0].Tool?.Driver?.Name != SarifBuilder.ToolName)
            throw new BaselineException($"Baseline '{source}' is not a StackLint log (expected one run by tool '{SarifBuilder.ToolName}').");
        return new Baseline(source, log);
    }

    /// <summary>The current log with baselineState on every result, and the baseline's vanished results appended as "absent".</summary>
    public SarifLog Apply(SarifLog current)
    {
        if (current.Runs.Count != 1) throw new ArgumentException("Expected a log with one run.", nameof(current));
        var run = current.Runs[0];

        var previous = new Dictionary<(string, string?, string, string), Queue<Result>>();
        foreach (var result in Log.Runs[0].Results ?? [])
        {
            // A result that was already absent in the baseline is gone: it is not carried forward again.
            if (result.BaselineState == "absent" || Key(result) is not { } key) continue;
            if (!previous.TryGetValue(key, out var queue)) previous[key] = queue = new Queue<Result>();
            queue.Enqueue(result);
        }

        var results = new List<Result>();
        var unmatched = new List<int>();
        foreach (var result in run.Results ?? [])
        {
            string? state = null;
            if (Key(result) is { } key && previous.TryGetValue(key, out var queue) && queue.Count > 0)
            {
                var match = queue.Dequeue();
                state = match.Message.Text == result.Message.Text ? "unchanged" : "updated";
            }
            else
            {
                unmatched.Add(results.Count);
            }
            results.Add(result with { BaselineState = state ?? "new" });
        }

        // Second pass, only over what the fingerprints left: same rule, file and function, the same message but for its figures.
        var leftOver = new Dictionary<(string, string?, string, string, string), Queue<Result>>();
        foreach (var result in previous.Values.SelectMany(q => q))
        {
            var shape = Shape(result);
            if (!leftOver.TryGetValue(shape, out var sameShape)) leftOver[shape] = sameShape = new Queue<Result>();
            sameShape.Enqueue(result);
        }
        foreach (var index in unmatched)
        {
            var result = results[index];
            if (!leftOver.TryGetValue(Shape(result), out var sameShape) || sameShape.Count == 0) continue;
            var match = sameShape.Dequeue();
            results[index] = result with { BaselineState = match.Message.Text == result.Message.Text ? "unchanged" : "updated" };
        }

        var ruleIndex = (run.Tool.Driver.Rules ?? []).Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var absent = leftOver.Values
            .SelectMany(q => q)
            .Select(r => r with
            {
                BaselineState = "absent",
                // The index pointed into the baseline's rules array; re-point it into ours (or drop it for a retired rule).
                RuleIndex = ruleIndex.TryGetValue(r.RuleId, out var index) ? index : null,
            })
            .OrderBy(r => UriOf(r) ?? "", StringComparer.Ordinal)
            .ThenBy(r => r.Locations?.FirstOrDefault()?.PhysicalLocation?.Region?.StartLine ?? 0)
            .ThenBy(r => r.RuleId, StringComparer.Ordinal)
            .ThenBy(r => r.Message.Text, StringComparer.Ordinal);
        results.AddRange(absent);

        var updated = run with { Results = results };
        return current with { Runs = [updated with { Artifacts = SarifBuilder.CollectArtifacts(updated) }] };
    }

    private static (string, string?, string, string)? Key(Result result)
    {
        if (result.PartialFingerprints is null || !result.PartialFingerprints.TryGetValue(Fingerprints.Key, out var fingerprint)) return null;
        var artifact = result.Locations?.FirstOrDefault()?.PhysicalLocation?.ArtifactLocation;
        return (result.RuleId, artifact?.UriBaseId, artifact?.Uri ?? "", fingerprint);
    }

    /// <summary>What a result says apart from its line's text and its figures: rule, file, function, message with numbers blanked.</summary>
    private static (string, string?, string, string, string) Shape(Result result)
    {
        var artifact = result.Locations?.FirstOrDefault()?.PhysicalLocation?.ArtifactLocation;
        return (result.RuleId, artifact?.UriBaseId, artifact?.Uri ?? "", result.Properties?.Function ?? "", Fingerprints.BlankNumbers(result.Message.Text));
    }

    private static string? UriOf(Result result) => result.Locations?.FirstOrDefault()?.PhysicalLocation?.ArtifactLocation?.Uri;
}

/// <summary>Exit-code decisions over a finished log: --fail-on LEVEL and --fail-on-new-only.</summary>
public static class SarifGate
{
    /// <summary>"error" > "warning" > "note" > "none"; unknown levels count as "warning", SARIF's default.</summary>
    public static int Rank(string? level) => level switch
    {
        "error" => 3,
        "warning" or null => 2,
        "note" => 1,
        "none" => 0,
        _ => 2,
    };

    /// <summary>
    /// True when a result at or above failOn ("error", "warning", "note"; "none" never fails) is present, not
    /// suppressed and not absent; with newOnly, only results whose baselineState is "new" count (results of a
    /// log that was not compared with a baseline have no state and count as new).
    /// </summary>
    public static bool HasResultsAtOrAbove(SarifLog log, string failOn, bool newOnly)
    {
        if (ThresholdRank(failOn) is not { } threshold) return false;
        return log.Runs.SelectMany(r => r.Results ?? []).Any(r =>
            r.BaselineState != "absent"
            && (r.Suppressions is null || r.Suppressions.Count == 0)
            && (!newOnly || r.BaselineState is null or "new")
            && Rank(r.Level) >= threshold);
    }

    /// <summary>
    /// The same question asked of findings, without building a log: for a run with no baseline (so every result
    /// counts as new) that writes no SARIF. Hidden findings are not results, and suppressed ones do not count.
    /// </summary>
    public static bool HasFindingsAtOrAbove(IEnumerable<StackLint.Rules.Finding> findings, string failOn)
    {
        if (ThresholdRank(failOn) is not { } threshold) return false;
        return findings.Any(f => f.Severity != Microsoft.CodeAnalysis.DiagnosticSeverity.Hidden
            && f.Suppression is null
            && Rank(SarifBuilder.ToLevel(f.Severity)) >= threshold);
    }

    /// <summary>The rank a result needs to fail the gate; null for "none", which never fails.</summary>
    private static int? ThresholdRank(string failOn)
    {
        if (failOn is not ("error" or "warning" or "note" or "none"))
            throw new ArgumentException($"'{failOn}' is not one of error, warning, note, none.", nameof(failOn));
        return failOn == "none" ? null : Rank(failOn);
    }

    /// <summary>The --fail-on-new-only question: is there any NEW, unsuppressed result at or above the level?</summary>
    public static bool HasNewResultsAtOrAbove(SarifLog log, string failOn) => HasResultsAtOrAbove(log, failOn, newOnly: true);
}
