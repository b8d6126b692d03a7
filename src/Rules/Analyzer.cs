using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using StackLint.Frontend.Facts;
using StackLint.Rules.Model;

namespace StackLint.Rules;

/// <summary>
/// Runs every enabled rule over every program and returns the findings in a stable order:
/// path, line, column, rule id, message. Configured severities are applied here, once, for all rules.
/// </summary>
public static class Analyzer
{
    /// <param name="parallelism">
    /// How many rules may run at once. Rules are independent and share the program's models (built once, thread-safe),
    /// so on a large driver the slowest model decides the time rather than the sum of all rules. The findings do not
    /// depend on it: each rule's findings keep their rule's place, and all are sorted at the end.
    /// </param>
    public static ImmutableArray<Finding> Run(IEnumerable<ProgramAnalysis> programs, IRuleOptions options, IEnumerable<StackRule>? rules = null, int parallelism = 1)
    {
        var active = (rules ?? RuleCatalog.All).ToArray();
        var findings = new List<Finding>();
        foreach (var program in programs)
            findings.AddRange(RunProgram(program, options, active, parallelism));
        return Finish(findings, options);
    }

    /// <summary>
    /// One program's findings as the rules report them, before configured severities, ordering and duplicates are
    /// dealt with (<see cref="Finish"/>): they depend on that program's facts and the options alone, so a run may
    /// reuse them for a driver whose files did not change.
    /// </summary>
    /// <param name="units">
    /// Where the function rules' findings are kept per translation unit (only with the catalog's rules): a unit found
    /// there is not analyzed by them again. The findings are the same with or without it.
    /// </param>
    public static List<Finding> RunProgram(ProgramAnalysis program, IRuleOptions options, IReadOnlyList<StackRule>? rules = null, int parallelism = 1,
        IUnitFindingsStore? units = null)
    {
        IReadOnlyList<StackRule> active = rules ?? [.. RuleCatalog.All];
        if (rules is not null) units = null;
        var context = new RuleContext(options, program.Arch, program);
        var perRule = new List<Finding>[active.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) };
        try
        {
            if (units is not null)
                ByUnit(program, context, active, units, parallel, perRule);
            Parallel.For(0, active.Count, parallel, r => perRule[r] ??= RunRule(active[r], program, context));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        // Nothing is reported inside a system header: its functions are in the facts for their frames and calls
        // (a WDK helper's locals are the caller's frame), not as code the user can change.
        var systemFiles = program.Functions.Where(f => f.Function.IsInSystemHeader).Select(f => f.Function.Location.Path).ToHashSet(StringComparer.Ordinal);
        var findings = new List<Finding>();
        foreach (var ruleFindings in perRule)
            foreach (var finding in ruleFindings)
                if (systemFiles.Count == 0 || !systemFiles.Contains(finding.Location.Path)) findings.Add(finding);
        return findings;
    }

    /// <summary>
    /// The findings of every program (<see cref="RunProgram"/>, in program order) as reported: configured severities
    /// applied, sorted, each once.
    /// </summary>
    public static ImmutableArray<Finding> Finish(IEnumerable<Finding> findings, IRuleOptions options)
    {
        var result = new List<Finding>();
        foreach (var finding in findings)
        {
            var configured = options.GetSeverity(finding.Location.Path, finding.RuleId);
            if (configured is ReportDiagnostic.Suppress) continue;
            var severity = configured switch
            {
                ReportDiagnostic.Error => DiagnosticSeverity.Error,
                ReportDiagnostic.Warn => DiagnosticSeverity.Warning,
                ReportDiagnostic.Info => DiagnosticSeverity.Info,
                ReportDiagnostic.Hidden => DiagnosticSeverity.Hidden,
                _ => finding.Severity,
            };
            result.Add(finding with { Severity = severity });
        }

        return SortedOnce(result);
    }

    /// <summary>
    /// The findings in report order, each once: header-defined functions are seen once per file that includes them.
    /// Of equal findings (rule, location, message) the first stays, and findings the order ranks alike keep the order
    /// they came in. One sort, then a look at neighbours: findings that are equal sort next to each other.
    /// </summary>
    public static ImmutableArray<Finding> SortedOnce(List<Finding> findings)
    {
        var ranked = new (Finding Finding, int Index)[findings.Count];
        for (int i = 0; i < ranked.Length; i++) ranked[i] = (findings[i], i);
        Array.Sort(ranked, static (x, y) =>
        {
            int c = FindingOrder.Instance.Compare(x.Finding, y.Finding);
            return c != 0 ? c : x.Index.CompareTo(y.Index);
        });

        var unique = ImmutableArray.CreateBuilder<Finding>(ranked.Length);
        int runStart = 0;
        for (int i = 0; i < ranked.Length; i++)
        {
            var finding = ranked[i].Finding;
            if (i > 0 && FindingOrder.Instance.Compare(ranked[i - 1].Finding, finding) != 0) runStart = unique.Count;
            // Within a run the order ranks alike (path, start, rule, message), only the full location can still differ.
            bool seen = false;
            for (int k = runStart; k < unique.Count && !seen; k++) seen = unique[k].Location == finding.Location;
            if (!seen) unique.Add(finding);
        }
        return unique.ToImmutable();
    }

    /// <summary>
    /// The function rules' findings, unit by unit through the store: each rule's findings in the order of the program's
    /// functions, as <see cref="RunRule"/> gives them.
    /// </summary>
    private static void ByUnit(ProgramAnalysis program, RuleContext context, IReadOnlyList<StackRule> active, IUnitFindingsStore store,
        ParallelOptions parallel, List<Finding>[] perRule)
    {
        var functionRules = active.OfType<FunctionRule>().ToArray();
        var byUnit = new UnitFindings[program.Units.Length];
        Parallel.For(0, program.Units.Length, parallel, u =>
        {
            var unit = program.Units[u];
            if (store.Find(unit) is { } kept)
            {
                byUnit[u] = kept;
                return;
            }
            var functions = ImmutableArray.CreateBuilder<int>();
            var ruleIndexes = ImmutableArray.CreateBuilder<int>();
            var findings = ImmutableArray.CreateBuilder<Finding>();
            for (int f = 0; f < unit.Functions.Length; f++)
            {
                if (unit.Functions[f].IsInSystemHeader) continue;
                var function = new FunctionInProgram(unit.Functions[f], unit);
                for (int r = 0; r < functionRules.Length; r++)
                    foreach (var finding in functionRules[r].Analyze(function, context))
                    {
                        _ = finding.Message;
                        functions.Add(f);
                        ruleIndexes.Add(r);
                        findings.Add(finding);
                    }
            }
            byUnit[u] = new UnitFindings(functions.ToImmutable(), ruleIndexes.ToImmutable(), findings.ToImmutable());
            store.Store(unit, byUnit[u]);
        });

        // Where each function's findings start in its unit's list.
        var starts = new Dictionary<FunctionFacts, (UnitFindings Findings, int Start)>(ReferenceEqualityComparer.Instance);
        for (int u = 0; u < program.Units.Length; u++)
        {
            var kept = byUnit[u];
            for (int k = 0; k < kept.Functions.Length; k++)
                if (k == 0 || kept.Functions[k] != kept.Functions[k - 1])
                    starts.TryAdd(program.Units[u].Functions[kept.Functions[k]], (kept, k));
        }
        for (int r = 0, index = -1; r < active.Count; r++)
        {
            if (active[r] is not FunctionRule) continue;
            index++;
            var findings = new List<Finding>();
            foreach (var function in program.Functions)
            {
                if (!starts.TryGetValue(function.Function, out var at)) continue;
                for (int k = at.Start; k < at.Findings.Functions.Length && at.Findings.Functions[k] == at.Findings.Functions[at.Start]; k++)
                    if (at.Findings.Rules[k] == index) findings.Add(at.Findings.Findings[k]);
            }
            perRule[r] = findings;
        }
    }

    private static List<Finding> RunRule(StackRule rule, ProgramAnalysis program, RuleContext context)
    {
        var findings = new List<Finding>();
        switch (rule)
        {
            case FunctionRule functionRule:
                foreach (var function in program.Functions)
                    if (!function.Function.IsInSystemHeader) findings.AddRange(functionRule.Analyze(function, context));
                break;
            case ProgramRule programRule:
                findings.AddRange(programRule.Analyze(program, context));
                break;
        }
        // Format the messages here, where rules run in parallel: sorting and grouping need them next, on one thread.
        foreach (var finding in findings) _ = finding.Message;
        return findings;
    }
}

/// <summary>The one order findings are reported in, everywhere: path, line, column, rule, message.</summary>
public sealed class FindingOrder : IComparer<Finding>
{
    public static readonly FindingOrder Instance = new();

    public int Compare(Finding? x, Finding? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int c = string.CompareOrdinal(x.Location.Path, y.Location.Path);
        if (c != 0) return c;
        c = x.Location.Line.CompareTo(y.Location.Line);
        if (c != 0) return c;
        c = x.Location.Column.CompareTo(y.Location.Column);
        if (c != 0) return c;
        c = string.CompareOrdinal(x.RuleId, y.RuleId);
        return c != 0 ? c : string.CompareOrdinal(x.Message, y.Message);
    }
}
