using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules;
using StackLint.Rules.Documentation;
using StackLint.Rules.Suppressions;
using StackLint.Sarif.Model;
using Location = StackLint.Sarif.Model.Location;

namespace StackLint.Sarif;

/// <summary>
/// A problem with a file that is not a finding: it could not be parsed, was skipped, or holds an unused
/// suppression. Level is "error", "warning" or "note"; Line and Column are 1-based when the problem has them;
/// Code is one of the <see cref="ToolNotification"/> codes (SL0001…SL0004), so that text output is an
/// MSBuild-canonical line problem matchers pick up and SARIF names the notification's descriptor.
/// </summary>
public sealed record ToolNotification(string Path, string Level, string Message, int? Line = null, int? Column = null, string? Code = null)
{
    /// <summary>Parsed with errors (a missing header, a syntax error): the facts, and so the findings, may be incomplete.</summary>
    public const string ParsedWithErrors = "SL0001";

    /// <summary>Not analyzed at all: unreadable, missing, or binary.</summary>
    public const string NotAnalyzed = "SL0002";

    /// <summary>C++ sources: analyzed in part (functions, methods, lambdas and template instances are; temporaries' destructors and virtual-call targets are not yet).</summary>
    public const string CppPartlyCovered = "SL0003";

    /// <summary>A suppression comment that covered no finding.</summary>
    public const string UnusedSuppressionCode = "SL0004";

    /// <summary>The notification descriptors, in code order: SARIF's tool.driver.notifications (id, name, description).</summary>
    public static IReadOnlyList<(string Id, string Name, string Description, string Help)> Descriptors { get; } =
    [
        (ParsedWithErrors, "ParsedWithErrors",
            "The file was analyzed, but clang reported errors (a missing header, a syntax error), so the findings for it may be incomplete.",
            "Make the headers the driver's build uses visible: pass a compile_commands.json with -p, or -I and --wdk; the message names the first errors."),
        (NotAnalyzed, "NotAnalyzed",
            "The file could not be analyzed at all: it is missing, unreadable or not C source.",
            "Check that the file exists, is readable and is C source; the message names the cause."),
        (CppPartlyCovered, "CppSourcesPartlyCovered",
            "C++ sources were analyzed in part: functions, members, lambdas, template instances, the destructor and operator new/delete calls C++ adds and the overrides a virtual call may run are; compiler-generated members and member constructors run without an initializer are not yet.",
            "The rules' Limitations list what C++ code is not covered; the message names the C++ files."),
        (UnusedSuppressionCode, "UnusedSuppression",
            "A stacklint-disable comment covers no finding: the rule id is stale or misspelled.",
            "Remove the comment, or correct the rule id it names."),
    ];

    /// <summary>A suppression comment that covered no finding: a note on its line.</summary>
    public static ToolNotification ForUnusedSuppression(UnusedSuppression unused) =>
        new(unused.Path, "note", $"Unused suppression: no {unused.RuleId} finding is covered by this stacklint-disable comment; remove it or fix the rule id", unused.Line, null, UnusedSuppressionCode);

    /// <summary>The C++ sources of a run: one note, on the first of them, naming them (up to 10) and what is not covered.</summary>
    public static ToolNotification ForCppSources(IReadOnlyList<string> paths, Func<string, string> show)
    {
        var names = string.Join(", ", paths.Take(10).Select(show));
        var more = paths.Count > 10 ? $" and {paths.Count - 10} more" : "";
        return new(paths[0], "note",
            $"{paths.Count} C++ source file(s) analyzed without compiler-generated members and the member constructors run without an initializer (the rules' Limitations list the gaps): {names}{more}", null, null, CppPartlyCovered);
    }

    /// <summary>
    /// What the front end could not do with a file: not parsed at all is an error (the file was skipped), parsed
    /// with errors a warning (facts may be incomplete); each names the first problem, and sits on its line and column
    /// when that is in the file itself.
    /// </summary>
    public static IEnumerable<ToolNotification> ForUnit(TranslationUnitFacts unit)
    {
        var errors = unit.Problems.Where(p => p.Severity >= ProblemSeverity.Error).ToList();
        if (!unit.Parsed)
        {
            var cause = errors.FirstOrDefault()?.Message ?? unit.Problems.FirstOrDefault()?.Message ?? "unknown cause";
            yield return new(unit.Path, "error", $"'{System.IO.Path.GetFileName(unit.Path)}' was not analyzed: {cause}", null, null, NotAnalyzed);
        }
        else if (errors.Count > 0)
        {
            var first = string.Join("; ", errors.Take(3).Select(p => p.Location is { } l
                ? $"{System.IO.Path.GetFileName(l.Path)}({l.Line},{l.Column}): {p.Message}"
                : p.Message));
            var more = errors.Count > 3 ? $" (and {errors.Count - 3} more)" : "";
            // The first error in the file itself (a missing header is reported on its #include line).
            var inFile = errors.Select(e => e.Location).FirstOrDefault(l => l is not null && l.Path == unit.Path && l.Line >= 1);
            yield return new(
                unit.Path,
                "warning",
                $"'{System.IO.Path.GetFileName(unit.Path)}' was analyzed with {errors.Count} parse error(s); results may be incomplete: {first}{more}",
                inFile?.Line,
                inFile is { Column: >= 1 } ? inFile.Column : null,
                ParsedWithErrors);
        }
    }
}

/// <summary>Everything about a SARIF log that does not come from the findings.</summary>
public sealed record SarifOptions
{
    /// <summary>Paths under it are written relative to %SRCROOT%; others as absolute file:// URIs. Default: the current directory.</summary>
    public string? SourceRoot { get; init; }

    /// <summary>runs[0].automationDetails.id: GitHub code scanning's category (a '/' is appended when missing).</summary>
    public string? Category { get; init; }

    /// <summary>tool.driver.semanticVersion; default: this assembly's version.</summary>
    public string? ToolVersion { get; init; }

    public IReadOnlyList<ToolNotification> Notifications { get; init; } = [];

    /// <summary>False when the analysis could not run (the CLI's exit code 3).</summary>
    public bool ExecutionSuccessful { get; init; } = true;

    /// <summary>Written only when set (--timestamps): without them, the same input gives byte-identical logs.</summary>
    public DateTimeOffset? StartTimeUtc { get; init; }

    public DateTimeOffset? EndTimeUtc { get; init; }

    /// <summary>Source files by path, for fingerprints, snippets and column conversion; default: read from disk, null when unreadable. Must be thread-safe when Parallelism is above 1.</summary>
    public Func<string, SourceFile?>? ReadSource { get; init; }

    /// <summary>How many results are built at once; the log does not depend on it.</summary>
    public int Parallelism { get; init; } = 1;
}

/// <summary>Builds the SARIF 2.1.0 log for one analysis: rule metadata from descriptors and docs, one result per finding.</summary>
public static class SarifBuilder
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string ToolName = "StackLint";
    public const string InformationUri = "https://github.com/stacklint/stacklint";

    public static SarifLog Build(IReadOnlyList<Finding> findings, IReadOnlyList<StackRule> rules, SarifOptions? options = null)
    {
        options ??= new SarifOptions();
        string root = options.SourceRoot ?? Directory.GetCurrentDirectory();
        if (!SarifUris.IsAbsolute(root)) root = Path.GetFullPath(root);
        var sources = new SourceFiles(options.ReadSource ?? SourceFiles.ReadFromDisk);

        // Hidden findings are IDE-only in Roslyn's model; a code-scanning alert for them would be noise.
        var reported = findings.Where(f => f.Severity != DiagnosticSeverity.Hidden).ToList();
        // The analyzer hands findings over in this order already; only a list that is not gets sorted (stably).
        if (!InOrder(reported)) reported = [.. reported.OrderBy(f => f, FindingOrder.Instance)];
        var descriptors = BuildRules(rules, reported);
        var ruleIndex = descriptors.Select((d, i) => (d.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);

        var uris = new ArtifactUris(root);
        var occurrences = new Dictionary<(string, string), int>();
        // Anchors and results (locations, columns, code flows) are independent and built in parallel, each into its own
        // slot; only the occurrence numbers are counted in result order.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism) };
        var anchors = new string[reported.Count];
        Parallel.For(0, reported.Count, parallel, i =>
        {
            var finding = reported[i];
            string? lineText = sources.GetLine(finding.Location.Path, finding.Location.Line);
            anchors[i] = Fingerprints.Anchor(finding.RuleId, finding.FunctionName, lineText, finding.Message);
        });
        var occurrence = new int[reported.Count];
        for (int i = 0; i < reported.Count; i++)
            occurrence[i] = System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(occurrences, (reported[i].Location.Path, anchors[i]), out _)++;
        var built = new Result[reported.Count];
        Parallel.For(0, reported.Count, parallel, i =>
            built[i] = BuildResult(reported[i], ruleIndex[reported[i].RuleId], Fingerprints.FromAnchor(anchors[i], occurrence[i]), uris, sources));
        var results = new List<Result>(built);

        var notifications = options.Notifications
            .OrderBy(n => n.Path, StringComparer.Ordinal).ThenBy(n => n.Line ?? 0).ThenBy(n => n.Message, StringComparer.Ordinal)
            .Select(n => BuildNotification(n, root, sources))
            .ToList();

        string version = options.ToolVersion ?? DefaultToolVersion();
        var run = new Run
        {
            Tool = new Tool
            {
                Driver = new ToolComponent
                {
                    Name = ToolName,
                    FullName = ToolName + " " + version,
                    Version = version,
                    SemanticVersion = version,
                    InformationUri = InformationUri,
                    Rules = descriptors,
                    Notifications = notifications.Count > 0 ? NotificationDescriptors() : null,
                },
            },
            Invocations =
            [
                new Invocation
                {
                    ExecutionSuccessful = options.ExecutionSuccessful,
                    StartTimeUtc = FormatTime(options.StartTimeUtc),
                    EndTimeUtc = FormatTime(options.EndTimeUtc),
                    ToolExecutionNotifications = notifications.Count > 0 ? notifications : null,
                },
            ],
            OriginalUriBaseIds = new Dictionary<string, ArtifactLocation>
            {
                [SarifUris.SourceRootBaseId] = new ArtifactLocation { Uri = SarifUris.ToFileUri(root, directory: true) },
            },
            AutomationDetails = NormalizeCategory(options.Category) is { } id ? new RunAutomationDetails { Id = id } : null,
            ColumnKind = "unicodeCodePoints",
            Results = results,
        };
        return new SarifLog
        {
            Schema = SchemaUri,
            Version = "2.1.0",
            Runs = [run with { Artifacts = CollectArtifacts(run) }],
        };
    }

    private static bool InOrder(List<Finding> findings)
    {
        for (int i = 1; i < findings.Count; i++)
            if (FindingOrder.Instance.Compare(findings[i - 1], findings[i]) > 0) return false;
        return true;
    }

    /// <summary>GitHub reads automationDetails.id up to its last '/' as the category: a bare "drivers" would be a run id.</summary>
    public static string? NormalizeCategory(string? category)
    {
        if (string.IsNullOrWhiteSpace(category)) return null;
        var id = category.Trim();
        return id.EndsWith('/') ? id : id + "/";
    }

    /// <summary>Every file a result, its related locations and code flows, or a notification names, once, sorted (absolute URIs last).</summary>
    public static IReadOnlyList<Artifact>? CollectArtifacts(Run run)
    {
        // A large driver's log names hundreds of thousands of locations in a few thousand files.
        var named = new HashSet<(string Uri, string? BaseId)>();
        void AddOne(Location? location)
        {
            if (location?.PhysicalLocation?.ArtifactLocation is { Uri: { } uri } artifact) named.Add((uri, artifact.UriBaseId));
        }
        void Add(IReadOnlyList<Location>? locations)
        {
            foreach (var location in locations ?? []) AddOne(location);
        }
        foreach (var result in run.Results ?? [])
        {
            Add(result.Locations);
            Add(result.RelatedLocations);
            foreach (var flow in result.CodeFlows ?? [])
                foreach (var thread in flow.ThreadFlows)
                    foreach (var step in thread.Locations) AddOne(step.Location);
        }
        foreach (var invocation in run.Invocations ?? [])
            foreach (var notification in invocation.ToolExecutionNotifications ?? [])
                Add(notification.Locations);
        var artifacts = named
            .OrderBy(a => a.BaseId is null ? 1 : 0)
            .ThenBy(a => a.BaseId, StringComparer.Ordinal)
            .ThenBy(a => a.Uri, StringComparer.Ordinal)
            .Select(a => new Artifact
            {
                Location = new ArtifactLocation { Uri = a.Uri, UriBaseId = a.BaseId },
                SourceLanguage = IsCSource(a.Uri) ? "c" : null,
            })
            .ToList();
        return artifacts.Count > 0 ? artifacts : null;
    }

    public static string ToLevel(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "note",
        _ => "none",
    };

    /// <summary>"Large stack buffer" -> "LargeStackBuffer": SARIF's rule name is an identifier-like form of the title.</summary>
    public static string ToRuleName(string title)
    {
        var words = title.Split((char[])[' ', '-', '_', '/', '(', ')', ',', '.', '\''], StringSplitOptions.RemoveEmptyEntries);
        return string.Concat(words.Select(w => char.ToUpperInvariant(w[0]) + w[1..]).Select(w => new string([.. w.Where(char.IsLetterOrDigit)])));
    }

    private static List<ReportingDescriptor> BuildRules(IReadOnlyList<StackRule> rules, IReadOnlyList<Finding> findings)
    {
        var byId = new SortedDictionary<string, ReportingDescriptor>(StringComparer.Ordinal);
        foreach (var rule in rules) byId[rule.Id] = BuildRule(rule.Descriptor, rule);
        // A finding whose rule was not passed in still needs its metadata (ruleIndex must point somewhere).
        foreach (var finding in findings)
        {
            if (!byId.ContainsKey(finding.RuleId)) byId[finding.RuleId] = BuildRule(finding.Descriptor, null);
        }
        return [.. byId.Values];
    }

    private static ReportingDescriptor BuildRule(DiagnosticDescriptor descriptor, StackRule? rule)
    {
        string title = descriptor.Title.ToString(CultureInfo.InvariantCulture);
        string description = descriptor.Description.ToString(CultureInfo.InvariantCulture);
        var docs = rule?.Documentation;
        return new ReportingDescriptor
        {
            Id = descriptor.Id,
            Name = ToRuleName(title),
            ShortDescription = new MultiformatMessageString { Text = title },
            FullDescription = new MultiformatMessageString { Text = string.IsNullOrEmpty(description) ? title : description },
            DefaultConfiguration = new ReportingConfiguration { Level = ToLevel(descriptor.DefaultSeverity) },
            HelpUri = string.IsNullOrEmpty(descriptor.HelpLinkUri) ? null : descriptor.HelpLinkUri,
            // GitHub code scanning requires help on every rule; one without documentation gets its description and link.
            Help = rule is not null
                ? new MultiformatMessageString { Text = RuleDocsGenerator.RenderHelpText(rule), Markdown = RuleDocsGenerator.RenderHelpMarkdown(rule) }
                : new MultiformatMessageString
                {
                    Text = FallbackHelp(description, title, descriptor.HelpLinkUri, markdown: false),
                    Markdown = FallbackHelp(description, title, descriptor.HelpLinkUri, markdown: true),
                },
            Properties = docs is null ? null : new PropertyBag
            {
                Tags = [.. docs.Tags.Append(descriptor.Category).Distinct(StringComparer.Ordinal)],
                Precision = docs.Precision,
            },
        };
    }

    private static string FallbackHelp(string description, string title, string? helpUri, bool markdown)
    {
        var text = string.IsNullOrEmpty(description) ? title : description;
        if (string.IsNullOrEmpty(helpUri)) return text;
        return markdown ? $"{text}\n\n[Documentation]({helpUri})" : $"{text}\n\nDocumentation: {helpUri}";
    }

    private static Result BuildResult(Finding finding, int ruleIndex, string fingerprint, ArtifactUris uris, SourceFiles sources)
    {
        var chain = finding.Chain.IsDefault ? [] : finding.Chain;
        // A chain (a cycle, a deep path, the route to a stack-hungry call) is written once, as a code flow: GitHub shows
        // it as the alert's path and SARIF viewers as its steps. It is not repeated as relatedLocations, which GitHub
        // shows only where the message links to them: the second copy was more than a third of a large driver's log.
        var steps = new ThreadFlowLocation[chain.Length];
        for (int i = 0; i < chain.Length; i++)
            steps[i] = new ThreadFlowLocation { Location = BuildLocation(chain[i].Location, uris, sources, chain[i].Message) };
        return new Result
        {
            RuleId = finding.RuleId,
            RuleIndex = ruleIndex,
            Level = ToLevel(finding.Severity),
            Message = new Message { Text = finding.Message },
            Locations = [BuildLocation(finding.Location, uris, sources, message: null)],
            CodeFlows = steps.Length > 0 ? [new CodeFlow { ThreadFlows = [new ThreadFlow { Locations = steps }] }] : null,
            PartialFingerprints = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                [Fingerprints.Key] = fingerprint,
            },
            Suppressions = finding.Suppression is { } s
                ? [new Suppression { Kind = "inSource", Justification = string.IsNullOrWhiteSpace(s.Justification) ? null : s.Justification }]
                : null,
            Properties = finding.FunctionName is { } function ? new PropertyBag { Function = function } : null,
        };
    }

    /// <summary>
    /// Artifact URIs by path, worked out once per file: a deep-path result names dozens of locations, mostly in a
    /// handful of files, and a large driver's log has hundreds of thousands of them.
    /// </summary>
    private sealed class ArtifactUris(string root)
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Uri, string? BaseId)> _known = new(StringComparer.Ordinal);

        public (string Uri, string? BaseId) Of(string path) => _known.GetOrAdd(path, static (p, r) => SarifUris.ToArtifactUri(p, r), root);
    }

    private static Location BuildLocation(SourceSpan span, ArtifactUris uris, SourceFiles sources, string? message)
    {
        var (uri, baseId) = uris.Of(span.Path);
        return new Location
        {
            PhysicalLocation = new PhysicalLocation
            {
                ArtifactLocation = new ArtifactLocation { Uri = uri, UriBaseId = baseId },
                Region = BuildRegion(span, sources),
            },
            Message = message is null ? null : new Message { Text = message },
        };
    }

    /// <summary>
    /// SARIF lines and columns are 1-based and endColumn is exclusive. An end that is unknown (equal to the start,
    /// as SourceSpan.At makes it) or before the start is left out rather than written as an empty or inverted region.
    /// </summary>
    private static Region? BuildRegion(SourceSpan span, SourceFiles sources)
    {
        if (span.Line < 1) return null;
        int? startColumn = span.Column >= 1 ? sources.ToCharacterColumn(span.Path, span.Line, span.Column) : null;
        bool hasEnd = startColumn is not null && span.EndColumn >= 1
            && (span.EndLine > span.Line || (span.EndLine == span.Line && span.EndColumn > span.Column));
        return new Region
        {
            StartLine = span.Line,
            StartColumn = startColumn,
            EndLine = hasEnd ? span.EndLine : null,
            EndColumn = hasEnd ? sources.ToCharacterColumn(span.Path, span.EndLine, span.EndColumn) : null,
        };
    }

    /// <summary>tool.driver.notifications: one descriptor per notification code, in code order.</summary>
    private static IReadOnlyList<ReportingDescriptor> NotificationDescriptors() =>
        [.. ToolNotification.Descriptors.Select(d => new ReportingDescriptor
        {
            Id = d.Id,
            Name = d.Name,
            ShortDescription = new MultiformatMessageString { Text = d.Description },
            FullDescription = new MultiformatMessageString { Text = d.Description },
            Help = new MultiformatMessageString { Text = d.Help },
        })];

    private static Notification BuildNotification(ToolNotification notification, string root, SourceFiles sources)
    {
        if (notification.Level is not ("error" or "warning" or "note" or "none"))
            throw new ArgumentException($"Notification level '{notification.Level}' is not one of error, warning, note, none.", nameof(notification));
        var (uri, baseId) = SarifUris.ToArtifactUri(notification.Path, root);
        return new Notification
        {
            Locations =
            [
                new Location
                {
                    PhysicalLocation = new PhysicalLocation
                    {
                        ArtifactLocation = new ArtifactLocation { Uri = uri, UriBaseId = baseId },
                        Region = notification.Line is >= 1 and var line
                            ? new Region
                            {
                                StartLine = line,
                                StartColumn = notification.Column is >= 1 and var column ? sources.ToCharacterColumn(notification.Path, line, column) : null,
                            }
                            : null,
                    },
                },
            ],
            Message = new Message { Text = notification.Message },
            Level = notification.Level,
            Descriptor = notification.Code is { } code && IndexOfNotification(code) is >= 0 and var index
                ? new ReportingDescriptorReference { Id = code, Index = index }
                : null,
        };
    }

    private static int IndexOfNotification(string code)
    {
        for (int i = 0; i < ToolNotification.Descriptors.Count; i++)
            if (ToolNotification.Descriptors[i].Id == code) return i;
        return -1;
    }

    private static string? FormatTime(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static bool IsCSource(string uri) =>
        uri.EndsWith(".c", StringComparison.OrdinalIgnoreCase) || uri.EndsWith(".h", StringComparison.OrdinalIgnoreCase);

    private static string DefaultToolVersion()
    {
        var informational = typeof(SarifBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // "0.1.0+<commit>": the commit suffix would make logs differ between builds of the same version.
        return informational?.Split('+')[0] ?? "0.0.0";
    }
}
