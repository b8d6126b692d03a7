using Microsoft.CodeAnalysis;
using StackLint.Rules;
using StackLint.Sarif.Model;

namespace StackLint.Sarif;

/// <summary>The baseline state SARIF gave each finding, for the outputs that are not SARIF (text lines, the pre-commit hook, Markdown).</summary>
public static class BaselineStates
{
    /// <summary>
    /// The findings whose result in <paramref name="compared"/> (a log built by <see cref="SarifBuilder.Build"/> from
    /// exactly these findings, then given to <see cref="Baseline.Apply"/>) is "new". SarifBuilder writes one result per
    /// finding that is not hidden, in <see cref="FindingOrder"/>, and Apply keeps that order and appends the absent ones.
    /// </summary>
    public static IReadOnlySet<Finding> NewFindings(IEnumerable<Finding> findings, SarifLog compared)
    {
        var reported = findings.Where(f => f.Severity != DiagnosticSeverity.Hidden).OrderBy(f => f, FindingOrder.Instance).ToList();
        var results = compared.Runs[0].Results ?? [];
        var current = results.Where(r => r.BaselineState != "absent").ToList();
        if (current.Count != reported.Count)
            throw new ArgumentException($"The log has {current.Count} current results for {reported.Count} findings: it was not built from them.", nameof(compared));
        var fresh = new HashSet<Finding>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < reported.Count; i++)
            if (current[i].BaselineState is null or "new") fresh.Add(reported[i]);
        return fresh;
    }
}
