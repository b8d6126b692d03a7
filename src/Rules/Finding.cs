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

    /// <summary>
    /// The formatted message, formatted once: findings are grouped, sorted, fingerprinted and rendered by message,
    /// and a large driver has tens of thousands of them. A copy made with 'with' keeps the text only while it still
    /// has the same descriptor and arguments.
    /// </summary>
    public string Message
    {
        get
        {
            var cached = _message;
            if (cached is not null && ReferenceEquals(cached.Descriptor, Descriptor) && cached.Args == MessageArgs) return cached.Text;
            var text = string.Format(CultureInfo.InvariantCulture, Descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture), [.. MessageArgs]);
            _message = new FormattedMessage(Descriptor, MessageArgs, text);
            return text;
        }
    }

    private sealed record FormattedMessage(DiagnosticDescriptor Descriptor, ImmutableArray<object?> Args, string Text);

    private FormattedMessage? _message;

    // Equality as the compiler would generate it for the positional members, leaving out the formatted-message cache
    // (two equal findings stay equal whether or not one has been formatted yet).
    public bool Equals(Finding? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || EqualityComparer<DiagnosticDescriptor>.Default.Equals(Descriptor, other.Descriptor)
            && Severity == other.Severity
            && Location == other.Location
            && FunctionName == other.FunctionName
            && Chain == other.Chain
            && MessageArgs == other.MessageArgs
            && Suppression == other.Suppression);

    public override int GetHashCode() => HashCode.Combine(Descriptor, Severity, Location, FunctionName, Chain, MessageArgs, Suppression);

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
