using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules.Configuration;
using StackLint.Rules.Model;

namespace StackLint.Rules;

/// <summary>
/// The documentation of a rule, with the fixed headings every page in rules-docs/ has. It lives in the rule's
/// file beside its descriptor, and is the single source of the page, SARIF's help text and the LSP hover link.
/// </summary>
public sealed record RuleDocumentation(
    string WhatItFinds,
    string WhyItMatters,
    string BadExample,
    string FixedExample,
    string Configuration,
    string Limitations,
    string References,
    ImmutableArray<string> Tags,
    string Precision);

/// <summary>A rule: its descriptor and documentation. Rules are stateless and discovered by reflection (RuleCatalog).</summary>
public abstract class StackRule
{
    public abstract DiagnosticDescriptor Descriptor { get; }
    public abstract RuleDocumentation Documentation { get; }
    public string Id => Descriptor.Id;

    /// <summary>The 'stacklint.*' options this rule reads, for validation and documentation.</summary>
    public virtual ImmutableArray<RuleOption> Options => [];
}

/// <summary>
/// A rule that needs to see one function at a time. Its findings on a function may depend on that function, the
/// translation unit it was defined in (its frame estimate reads the unit's force-inlined helpers) and the options, and
/// on nothing else of the program: a run keeps them per unit between runs (<see cref="IUnitFindingsStore"/>).
/// </summary>
public abstract class FunctionRule : StackRule
{
    public abstract IEnumerable<Finding> Analyze(FunctionInProgram function, RuleContext context);
}

/// <summary>A rule that needs the whole program (call graph, entry points, contexts).</summary>
public abstract class ProgramRule : StackRule
{
    public abstract IEnumerable<Finding> Analyze(ProgramAnalysis program, RuleContext context);
}

/// <summary>What every rule may read besides the facts: options resolved per source file.</summary>
public sealed class RuleContext(IRuleOptions options, TargetArch arch, ProgramAnalysis? program = null)
{
    public IRuleOptions Options { get; } = options;
    public TargetArch Arch { get; } = arch;

    /// <summary>The program being analyzed, whose shared models (frame estimates, call graph) rules use; null for a function analyzed alone.</summary>
    public ProgramAnalysis? Program { get; } = program;
}

/// <summary>
/// The function rules' findings on the functions of one translation unit, in the order <see cref="Analyzer"/> makes them:
/// by function (its index in the unit's functions), then by rule in catalog order. <see cref="Functions"/> gives each
/// finding's function index, <see cref="Rules"/> the index of the rule that reported it among the catalog's function rules.
/// </summary>
public sealed record UnitFindings(ImmutableArray<int> Functions, ImmutableArray<int> Rules, ImmutableArray<Finding> Findings);

/// <summary>
/// Where <see cref="Analyzer.RunProgram"/> keeps the function rules' findings per translation unit, so that a unit whose
/// facts did not change is not analyzed again, in this run (a unit two drivers share) or the next one.
/// </summary>
public interface IUnitFindingsStore
{
    /// <summary>The findings kept for a unit, or null.</summary>
    UnitFindings? Find(TranslationUnitFacts unit);

    void Store(TranslationUnitFacts unit, UnitFindings findings);
}
