using System.Text;
using Microsoft.CodeAnalysis;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using StackLint.Rules;
using StackLint.Rules.Documentation;
using StackLint.Sarif;
using StackLint.Sarif.Model;
using Xunit;

namespace StackLint.Tests.Sarif;

public sealed class SarifBuilderTests
{
    private static Run Run(SarifLog log) => Assert.Single(log.Runs);

    private static Result ResultFor(SarifLog log, string ruleId, string messageFragment) =>
        Assert.Single(Run(log).Results!, r => r.RuleId == ruleId && r.Message.Text.Contains(messageFragment, StringComparison.Ordinal));

    [Fact]
    public void Log_header_tool_and_run_metadata()
    {
        var log = SarifSamples.Build();
        Assert.Equal("2.1.0", log.Version);
        Assert.Equal(SarifBuilder.SchemaUri, log.Schema);
        var driver = Run(log).Tool.Driver;
        Assert.Equal("StackLint", driver.Name);
        Assert.Equal("0.1.0", driver.SemanticVersion);
        Assert.Equal(SarifBuilder.InformationUri, driver.InformationUri);
        Assert.Equal("file:///work/drv/", Run(log).OriginalUriBaseIds![SarifUris.SourceRootBaseId].Uri);
        Assert.Equal("drivers/", Run(log).AutomationDetails!.Id);
        Assert.True(Assert.Single(Run(log).Invocations!).ExecutionSuccessful);
    }

    [Fact]
    public void Rules_carry_descriptor_and_documentation_metadata()
    {
        var log = SarifSamples.Build();
        var rules = Run(log).Tool.Driver.Rules!;
        Assert.Equal(rules.Select(r => r.Id).Order(StringComparer.Ordinal), rules.Select(r => r.Id));
        var buffer = Assert.Single(rules, r => r.Id == "SL1002");
        var rule = RuleCatalog.Find("SL1002")!;
        Assert.Equal("LargeStackBuffer", buffer.Name);
        Assert.Equal("Large stack buffer", buffer.ShortDescription!.Text);
        Assert.Equal(rule.Descriptor.Description.ToString(), buffer.FullDescription!.Text);
        Assert.Equal("warning", buffer.DefaultConfiguration!.Level);
        Assert.Equal(RuleDescriptors.HelpUri("SL1002"), buffer.HelpUri);
        Assert.Equal(RuleDocsGenerator.RenderHelpMarkdown(rule), buffer.Help!.Markdown);
        Assert.Contains("12 KB", buffer.Help.Text, StringComparison.Ordinal);
        Assert.Equal("very-high", buffer.Properties!.Precision);
        Assert.Contains("stack", buffer.Properties.Tags!);

        // A rule that was not passed in (only its findings were) still gets metadata, help included (GitHub requires it).
        var frame = Assert.Single(rules, r => r.Id == "SL1901");
        Assert.Equal("error", frame.DefaultConfiguration!.Level);
        Assert.NotNull(frame.Help);
    }

    [Fact]
    public void Results_point_at_their_rule_and_carry_level_message_and_location()
    {
        var log = SarifSamples.Build();
        var rules = Run(log).Tool.Driver.Rules!;
        foreach (var result in Run(log).Results!)
            Assert.Equal(result.RuleId, rules[result.RuleIndex!.Value].Id);

        var path = ResultFor(log, "SL1002", "'path'");
        Assert.Equal("warning", path.Level);
        Assert.Equal("'path' in 'QueryName' is a 520-byte array on the stack (limit 512); allocate it from pool (ExAllocatePool2) or a lookaside list", path.Message.Text);
        var location = Assert.Single(path.Locations!).PhysicalLocation!;
        Assert.Equal("filter.c", location.ArtifactLocation.Uri);
        Assert.Equal("%SRCROOT%", location.ArtifactLocation.UriBaseId);
        Assert.Equal(new Region { StartLine = 6, StartColumn = 11, EndLine = 6, EndColumn = 15 }, location.Region);
        Assert.Equal("QueryName", path.Properties!.Function);

        Assert.Equal("error", ResultFor(log, "SL1901", "QueryName").Level);
        Assert.Equal("note", ResultFor(log, "SL3901", "KeBugCheckEx").Level);
    }

    [Fact]
    public void Unknown_end_is_left_out_and_byte_columns_become_character_columns()
    {
        var log = SarifSamples.Build();
        // SourceSpan.At has end == start: no end is written rather than an empty region.
        var frame = Assert.Single(ResultFor(log, "SL1901", "QueryName").Locations!).PhysicalLocation!.Region!;
        Assert.Equal(new Region { StartLine = 4, StartColumn = 1 }, frame);
        // "    char été[1024]; char b[600];": clang's byte column 28 of 'b' is character column 26.
        var b = Assert.Single(ResultFor(log, "SL1002", "'b'").Locations!).PhysicalLocation!.Region!;
        Assert.Equal(new Region { StartLine = 3, StartColumn = 26, EndLine = 3, EndColumn = 27 }, b);
        var ete = Assert.Single(ResultFor(log, "SL1002", "'\u00e9t\u00e9'").Locations!).PhysicalLocation!.Region!;
        Assert.Equal(new Region { StartLine = 3, StartColumn = 10, EndLine = 3, EndColumn = 13 }, ete);
        Assert.All(Run(log).Results!.SelectMany(r => r.Locations!).Select(l => l.PhysicalLocation!.Region!).Where(r => r.EndColumn is not null),
            r => Assert.True(r.EndLine > r.StartLine || r.EndColumn > r.StartColumn));
    }

    [Fact]
    public void Chain_becomes_one_code_flow_and_is_not_repeated_as_related_locations()
    {
        var log = SarifSamples.Build();
        var result = ResultFor(log, "SL2901", "Walk");
        var steps = Assert.Single(Assert.Single(result.CodeFlows!).ThreadFlows).Locations.Select(l => l.Location!).ToList();
        Assert.Equal(["'QueryName' calls 'Walk' here", "'Walk' calls itself here", "declared in 'wdm.h'"], steps.Select(l => l.Message!.Text));
        Assert.Equal("file:///opt/wdk/inc/km/wdm.h", steps[2].PhysicalLocation!.ArtifactLocation.Uri);
        Assert.Null(steps[2].PhysicalLocation!.ArtifactLocation.UriBaseId);
        Assert.All(steps, l => Assert.Null(l.Id));
        Assert.Null(result.RelatedLocations);
        Assert.Null(ResultFor(log, "SL1901", "QueryName").CodeFlows);
    }

    [Fact]
    public void A_file_only_a_code_flow_names_is_listed_among_the_artifacts()
    {
        static StackLint.Sarif.Model.Location At(string uri) => new() { PhysicalLocation = new PhysicalLocation { ArtifactLocation = new ArtifactLocation { Uri = uri, UriBaseId = "%SRCROOT%" } } };
        var run = new StackLint.Sarif.Model.Run
        {
            Tool = Run(SarifSamples.Build()).Tool,
            Results =
            [
                new Result
                {
                    RuleId = "SL2002",
                    Message = new Message { Text = "deep" },
                    Locations = [At("a.c")],
                    CodeFlows = [new CodeFlow { ThreadFlows = [new ThreadFlow { Locations = [new ThreadFlowLocation { Location = At("b.c") }] }] }],
                },
            ],
        };
        Assert.Equal(["a.c", "b.c"], SarifBuilder.CollectArtifacts(run)!.Select(a => a.Location!.Uri));
    }

    [Fact]
    public void Suppressed_finding_is_kept_with_an_in_source_suppression()
    {
        var log = SarifSamples.Build();
        var sense = ResultFor(log, "SL1002", "'sense'");
        var suppression = Assert.Single(sense.Suppressions!);
        Assert.Equal("inSource", suppression.Kind);
        Assert.Equal("bounded by the miniport's contract", suppression.Justification);
        Assert.Null(ResultFor(log, "SL1002", "'path'").Suppressions);
        Assert.All(Run(log).Results!, r => Assert.Null(r.BaselineState));
    }

    [Fact]
    public void Findings_in_any_order_give_the_same_log()
    {
        var findings = SarifSamples.Findings();
        var inOrder = SarifSerializer.SerializeToString(SarifBuilder.Build([.. findings.OrderBy(f => f, FindingOrder.Instance)], RuleCatalog.All, SarifSamples.Options()));
        Assert.Equal(inOrder, SarifSerializer.SerializeToString(SarifBuilder.Build([.. findings.AsEnumerable().Reverse()], RuleCatalog.All, SarifSamples.Options())));
        Assert.Equal(inOrder, SarifSerializer.SerializeToString(SarifBuilder.Build(findings, RuleCatalog.All, SarifSamples.Options())));
    }

    [Fact]
    public void Hidden_findings_are_not_written()
    {
        var hidden = SarifSamples.Findings()[0] with { Severity = DiagnosticSeverity.Hidden };
        var log = SarifBuilder.Build([hidden], RuleCatalog.All, SarifSamples.Options());
        Assert.Empty(Run(log).Results!);
    }

    [Fact]
    public void Notifications_are_sorted_and_located()
    {
        var invocation = Assert.Single(Run(SarifSamples.Build()).Invocations!);
        var notes = invocation.ToolExecutionNotifications!;
        Assert.Equal(["binary.c", "broken.c", "filter.c", "skipped.cpp"], notes.Select(n => Assert.Single(n.Locations!).PhysicalLocation!.ArtifactLocation.Uri));
        Assert.Equal(["error", "warning", "note", "warning"], notes.Select(n => n.Level));
        Assert.Equal(2, notes[2].Locations![0].PhysicalLocation!.Region!.StartLine);
        Assert.Equal(new Region { StartLine = 3, StartColumn = 10 }, notes[1].Locations![0].PhysicalLocation!.Region);
        // Each names its descriptor in tool.driver.notifications, by id and index.
        var descriptors = Run(SarifSamples.Build()).Tool.Driver.Notifications!;
        Assert.Equal(["SL0001", "SL0002", "SL0003", "SL0004"], descriptors.Select(d => d.Id));
        Assert.Equal(["SL0002", "SL0001", "SL0004", "SL0003"], notes.Select(n => n.Descriptor!.Id));
        Assert.All(notes, n => Assert.Equal(n.Descriptor!.Id, descriptors[n.Descriptor.Index!.Value].Id));
        Assert.Throws<ArgumentException>(() => SarifBuilder.Build([], [], SarifSamples.Options() with { Notifications = [new("/work/drv/a.c", "fatal", "x")] }));
    }

    [Fact]
    public void Artifacts_list_every_file_once()
    {
        var artifacts = Run(SarifSamples.Build()).Artifacts!.Select(a => a.Location!.Uri).ToList();
        Assert.Equal(["binary.c", "broken.c", "filter.c", "skipped.cpp", "sub%20dir/n%C3%A4me%20%231.c", "file:///opt/wdk/inc/km/wdm.h"], artifacts);
    }

    [Fact]
    public void Same_input_gives_identical_bytes_whatever_the_input_order()
    {
        var first = SarifSerializer.Serialize(SarifSamples.Build());
        var shuffled = SarifSamples.Findings().AsEnumerable().Reverse().ToList();
        var options = SarifSamples.Options() with { Notifications = [.. SarifSamples.Notifications.Reverse()] };
        var second = SarifSerializer.Serialize(SarifBuilder.Build(shuffled, RuleCatalog.All, options));
        Assert.Equal(first, second);

        Assert.False(first.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]), "no BOM");
        var text = Encoding.UTF8.GetString(first);
        Assert.DoesNotContain('\r', text);
        // Compact JSON, as the SARIF SDK writes it, with one final newline.
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n'), l => l.Length > 0);
        Assert.Contains(",\"version\":\"2.1.0\",", text, StringComparison.Ordinal);
        Assert.DoesNotContain("startTimeUtc", text, StringComparison.Ordinal);
        // Property order follows the model: $schema first, then version, then runs.
        Assert.StartsWith("{\"$schema\":", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamps_only_when_asked()
    {
        var start = new DateTimeOffset(2026, 11, 21, 8, 30, 0, TimeSpan.FromHours(2));
        var log = SarifBuilder.Build([], [], SarifSamples.Options() with { StartTimeUtc = start, EndTimeUtc = start.AddSeconds(1.5) });
        var invocation = Assert.Single(Run(log).Invocations!);
        Assert.Equal("2026-11-21T06:30:00.000Z", invocation.StartTimeUtc);
        Assert.Equal("2026-11-21T06:30:01.500Z", invocation.EndTimeUtc);
    }

    [Fact]
    public void Failed_execution_and_no_category()
    {
        var log = SarifBuilder.Build([], [], SarifSamples.Options(category: null) with { ExecutionSuccessful = false });
        Assert.False(Assert.Single(Run(log).Invocations!).ExecutionSuccessful);
        Assert.Null(Run(log).AutomationDetails);
        Assert.Contains("\"executionSuccessful\":false", SarifSerializer.SerializeToString(log), StringComparison.Ordinal);
        Assert.Equal("a/b/", SarifBuilder.NormalizeCategory(" a/b/ "));
    }

    [Fact]
    public void Round_trips_through_json()
    {
        var log = SarifSamples.BuildWithBaseline();
        var bytes = SarifSerializer.Serialize(log);
        Assert.Equal(bytes, SarifSerializer.Serialize(SarifSerializer.Deserialize(bytes)));
    }

    [Fact]
    public void Rule_names_are_pascal_case_titles()
    {
        Assert.Equal("LargeStackBuffer", SarifBuilder.ToRuleName("Large stack buffer"));
        Assert.Equal("UnguardedIoCallDriverInRecursion", SarifBuilder.ToRuleName("Unguarded IoCallDriver in recursion"));
        Assert.Equal("DeepCallPath", SarifBuilder.ToRuleName("Deep call-path"));
    }

    [Fact]
    public void Unreadable_source_still_gives_locations_and_fingerprints()
    {
        var finding = Finding.Create(SarifSamples.BufferRule, new SourceSpan("/work/drv/gone.c", 3, 7, 3, 9), "F", "'x'", "F", 600L, "array", 512L);
        var log = SarifBuilder.Build([finding], RuleCatalog.All, SarifSamples.Options() with { ReadSource = _ => null });
        var result = Assert.Single(Run(log).Results!);
        Assert.Equal(new Region { StartLine = 3, StartColumn = 7, EndLine = 3, EndColumn = 9 }, result.Locations![0].PhysicalLocation!.Region);
        Assert.Equal(64, result.PartialFingerprints![Fingerprints.Key].Length);
    }
}

public sealed class ToolNotificationTests
{
    private static TranslationUnitFacts Unit(bool parsed, params ParseProblem[] problems) =>
        new("/work/drv/a.c", TargetArch.X64, "wdk", parsed, [], [], [.. problems], []);

    [Fact]
    public void Units_that_did_not_parse_or_parsed_with_errors_become_notifications()
    {
        Assert.Empty(ToolNotification.ForUnit(Unit(true, new ParseProblem(ProblemSeverity.Warning, "unused", null))));

        var skipped = Assert.Single(ToolNotification.ForUnit(Unit(false, new ParseProblem(ProblemSeverity.Fatal, "'wdm.h' file not found", SourceSpan.At("/work/drv/a.c", 1, 10)))));
        Assert.Equal(("error", "'a.c' was not analyzed: 'wdm.h' file not found"), (skipped.Level, skipped.Message));

        var partial = Assert.Single(ToolNotification.ForUnit(Unit(true, new ParseProblem(ProblemSeverity.Error, "unknown type 'FOO'", SourceSpan.At("/work/drv/a.h", 7, 1)))));
        // The notification is about the analyzed file (a.c), even when its first error is in a header.
        Assert.Equal(("warning", "/work/drv/a.c", (int?)null, "SL0001"), (partial.Level, partial.Path, partial.Line, partial.Code));
        Assert.Equal("SL0002", skipped.Code);

        // A missing header is reported on its #include line in the file: the notice sits there, line and column.
        var include = Assert.Single(ToolNotification.ForUnit(Unit(true,
            new ParseProblem(ProblemSeverity.Error, "unknown type 'FOO'", SourceSpan.At("/work/drv/a.h", 7, 1)),
            new ParseProblem(ProblemSeverity.Fatal, "'gen.h' file not found", SourceSpan.At("/work/drv/a.c", 5, 10)))));
        Assert.Equal(((int?)5, (int?)10), (include.Line, include.Column));
        Assert.Contains("a.h(7,1): unknown type 'FOO'", partial.Message);
    }

    [Fact]
    public void Unused_suppressions_become_notes_on_their_line()
    {
        var note = ToolNotification.ForUnusedSuppression(new StackLint.Rules.Suppressions.UnusedSuppression("/work/drv/a.c", 12, "SL1003"));
        Assert.Equal(("note", 12), (note.Level, note.Line));
        Assert.Contains("SL1003", note.Message, StringComparison.Ordinal);
    }
}
