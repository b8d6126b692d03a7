using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using StackLint.Frontend.Facts;

namespace StackLint.Rules;

/// <summary>One step of a multi-function explanation: "'PreCreate' calls 'BuildPath' here (1,600 bytes)".</summary>
public sealed record ChainStep(SourceSpan Location, string Message);

public sealed record InSourceSuppression(string Justification);

/// <summary>
/// A finding: a rule's descriptor, where, how severe, and the message figures; plus what SARIF needs beyond a
/// Roslyn Diagnostic: the function it is about (for fingerprints) and, for findings that span functions, the chain
/// that explains them. ToDiagnostic() gives the Roslyn view (location, related locations, formatted message).
/// </summary>
public sealed record Finding(
    DiagnosticDescriptor Descriptor,
    DiagnosticSeverity Severity,
    SourceSpan Location,
    string? FunctionName,
    ImmutableArray<ChainStep> Chain,
    ImmutableArray<object?> MessageArgs,
    InSourceSuppression? Suppression = null)
{
    public string RuleId => Descriptor.Id;

    public string Message => string.Format(CultureInfo.InvariantCulture, Descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture), [.. MessageArgs]);

    public static Finding Create(DiagnosticDescriptor descriptor, SourceSpan location, string? functionName, params object?[] messageArgs) =>
        new(descriptor, descriptor.DefaultSeverity, location, functionName, [], [.. messageArgs]);

    public static Finding Create(
        DiagnosticDescriptor descriptor,
        SourceSpan location,
        string? functionName,
        DiagnosticSeverity severity,
        ImmutableArray<ChainStep> chain,
        params object?[] messageArgs) =>
        new(descriptor, severity, location, functionName, chain.IsDefault ? [] : chain, [.. messageArgs]);

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(
            Descriptor,
            ToLocation(Location),
            Severity,
            Chain.Select(s => ToLocation(s.Location)),
            properties: null,
            [.. MessageArgs]);

    public static Microsoft.CodeAnalysis.Location ToLocation(SourceSpan span)
    {
        var start = new LinePosition(Math.Max(0, span.Line - 1), Math.Max(0, span.Column - 1));
        var end = new LinePosition(Math.Max(0, span.EndLine - 1), Math.Max(0, span.EndColumn - 1));
        if (end < start) end = start;
        return Microsoft.CodeAnalysis.Location.Create(span.Path, default, new LinePositionSpan(start, end));
    }
}
