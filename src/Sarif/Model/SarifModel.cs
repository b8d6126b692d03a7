using System.Text.Json.Serialization;

namespace StackLint.Sarif.Model;

// The subset of SARIF 2.1.0 (OASIS) that StackLint writes and reads back as a baseline.
// Property declaration order is the JSON order: keep it as the spec lists it, so the output reads naturally
// and stays byte-stable. Optional members are null and left out (JsonIgnoreCondition.WhenWritingNull);
// lists are IReadOnlyList so logs written by other versions deserialize too (unknown members are ignored).

public sealed record SarifLog
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    public required string Version { get; init; }

    public required IReadOnlyList<Run> Runs { get; init; }
}

public sealed record Run
{
    public required Tool Tool { get; init; }

    public IReadOnlyList<Invocation>? Invocations { get; init; }

    public IReadOnlyDictionary<string, ArtifactLocation>? OriginalUriBaseIds { get; init; }

    public IReadOnlyList<Artifact>? Artifacts { get; init; }

    public RunAutomationDetails? AutomationDetails { get; init; }

    /// <summary>"unicodeCodePoints": columns are counted in characters (the writer converts clang's byte columns).</summary>
    public string? ColumnKind { get; init; }

    public IReadOnlyList<Result>? Results { get; init; }

    public PropertyBag? Properties { get; init; }
}

public sealed record Tool
{
    public required ToolComponent Driver { get; init; }
}

public sealed record ToolComponent
{
    public required string Name { get; init; }

    public string? FullName { get; init; }

    public string? Version { get; init; }

    public string? SemanticVersion { get; init; }

    public string? InformationUri { get; init; }

    public IReadOnlyList<ReportingDescriptor>? Rules { get; init; }

    /// <summary>Descriptors of the notifications (toolExecutionNotifications) the tool can emit.</summary>
    public IReadOnlyList<ReportingDescriptor>? Notifications { get; init; }
}

public sealed record ReportingDescriptor
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public MultiformatMessageString? ShortDescription { get; init; }

    public MultiformatMessageString? FullDescription { get; init; }

    public ReportingConfiguration? DefaultConfiguration { get; init; }

    public string? HelpUri { get; init; }

    public MultiformatMessageString? Help { get; init; }

    public PropertyBag? Properties { get; init; }
}

public sealed record ReportingConfiguration
{
    /// <summary>"error", "warning", "note" or "none".</summary>
    public string? Level { get; init; }
}

public sealed record ReportingDescriptorReference
{
    public required string Id { get; init; }

    /// <summary>The descriptor's index in the tool component's rules or notifications array.</summary>
    public int? Index { get; init; }
}

public sealed record MultiformatMessageString
{
    public required string Text { get; init; }

    public string? Markdown { get; init; }
}

public sealed record Message
{
    public required string Text { get; init; }
}

public sealed record Result
{
    public required string RuleId { get; init; }

    public int? RuleIndex { get; init; }

    public string? Level { get; init; }

    public required Message Message { get; init; }

    public IReadOnlyList<Location>? Locations { get; init; }

    public IReadOnlyList<Location>? RelatedLocations { get; init; }

    public IReadOnlyList<CodeFlow>? CodeFlows { get; init; }

    public IReadOnlyDictionary<string, string>? PartialFingerprints { get; init; }

    public IReadOnlyList<Suppression>? Suppressions { get; init; }

    /// <summary>"new", "unchanged", "updated" or "absent"; only when the log was compared with a baseline.</summary>
    public string? BaselineState { get; init; }

    public PropertyBag? Properties { get; init; }
}

public sealed record Location
{
    public int? Id { get; init; }

    public PhysicalLocation? PhysicalLocation { get; init; }

    public Message? Message { get; init; }
}

public sealed record PhysicalLocation
{
    public required ArtifactLocation ArtifactLocation { get; init; }

    public Region? Region { get; init; }
}

public sealed record ArtifactLocation
{
    public string? Uri { get; init; }

    public string? UriBaseId { get; init; }

    public int? Index { get; init; }
}

public sealed record Region
{
    public int? StartLine { get; init; }

    public int? StartColumn { get; init; }

    public int? EndLine { get; init; }

    /// <summary>Exclusive, as SARIF defines it: the column just past the region's last character.</summary>
    public int? EndColumn { get; init; }
}

public sealed record CodeFlow
{
    public Message? Message { get; init; }

    public required IReadOnlyList<ThreadFlow> ThreadFlows { get; init; }
}

public sealed record ThreadFlow
{
    public required IReadOnlyList<ThreadFlowLocation> Locations { get; init; }
}

public sealed record ThreadFlowLocation
{
    public Location? Location { get; init; }

    public int? NestingLevel { get; init; }
}

public sealed record Suppression
{
    /// <summary>"inSource" or "external".</summary>
    public required string Kind { get; init; }

    public string? Justification { get; init; }
}

public sealed record Artifact
{
    public ArtifactLocation? Location { get; init; }

    public string? SourceLanguage { get; init; }
}

public sealed record RunAutomationDetails
{
    public string? Id { get; init; }
}

public sealed record Invocation
{
    public required bool ExecutionSuccessful { get; init; }

    public string? StartTimeUtc { get; init; }

    public string? EndTimeUtc { get; init; }

    public IReadOnlyList<Notification>? ToolExecutionNotifications { get; init; }
}

public sealed record Notification
{
    public IReadOnlyList<Location>? Locations { get; init; }

    public required Message Message { get; init; }

    /// <summary>"error", "warning", "note" or "none".</summary>
    public string? Level { get; init; }

    public ReportingDescriptorReference? Descriptor { get; init; }
}

/// <summary>The property bag members StackLint uses; other members of logs read back are ignored.</summary>
public sealed record PropertyBag
{
    public IReadOnlyList<string>? Tags { get; init; }

    public string? Precision { get; init; }

    /// <summary>The function a result is about (results only): lets a reader group results without parsing messages.</summary>
    public string? Function { get; init; }
}
