using System.Collections.Immutable;
using StackLint.Frontend;
using StackLint.Frontend.Facts;

namespace StackLint.Rules.Model.Frames;

/// <summary>Which frame figure rules use: every local in its own slot (-O0, /Od) or the optimizer's sharing (-O2, /O2).</summary>
public enum FrameModelKind { Unoptimized, Optimized }

/// <summary>What a frame contributor is: a local of the function, or the inlined copies of a force-inlined helper.</summary>
public enum FrameContributorKind { Local, InlinedCopies, CompoundLiteral }

/// <summary>
/// A share of a frame, for messages ("largest: 'path' (520 bytes)", "3 inlined copies of 'X' (1,200 bytes)") and the
/// frames report. For inlined copies, Name is the helper, Location the first call, Count the copies.
/// </summary>
public sealed record FrameContributor(string Name, long Bytes, SourceSpan Location, bool IsSizeKnown,
    FrameContributorKind Kind = FrameContributorKind.Local, int Count = 1)
{
    /// <summary>How a message names it: "'buffer'" or "3 inlined copies of 'Helper'".</summary>
    public string Describe() => Kind switch
    {
        FrameContributorKind.InlinedCopies when Count == 1 => $"an inlined copy of '{Name}'",
        FrameContributorKind.InlinedCopies => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Count:N0} inlined copies of '{Name}'"),
        FrameContributorKind.CompoundLiteral => $"a compound literal '({Name}){{...}}'",
        _ when MacroName is not null => $"'{Name}' (from {MacroName})",
        _ => $"'{Name}'",
    };

    /// <summary>A local a macro declared: the macro's name (the message says "'name_buffer' (from DECLARE_UNICODE_STRING_SIZE)").</summary>
    public string? MacroName { get; init; }
}

/// <summary>
/// The terms a frame figure is made of, in bytes; Total is their sum. Kept so tests pin each term and a
/// reader can see why a figure is what it is.
/// </summary>
public sealed record FrameBreakdown(
    long ReturnAddress,
    long SavedRegisters,
    long Parameters,
    long Locals,
    long Temporaries,
    long HomeArea,
    long OutgoingArguments,
    long Padding,
    long Inlined = 0)
{
    /// <summary>Inlined: the slots of force-inlined helpers' copies (their parameters, locals and temporaries).</summary>
    public long Total => ReturnAddress + SavedRegisters + Parameters + Locals + Temporaries + HomeArea + OutgoingArguments + Padding + Inlined;
}

/// <summary>
/// The estimated stack one activation of a function takes, return address included (so frames along a call path
/// add up to the stack the path uses). clang's -fstack-usage figure is this minus the return address.
/// When IsDynamic, the figures are the fixed part: alloca and variable-length arrays come on top.
/// When IsApproximate, some local or parameter had an unknown size and was counted as a pointer.
/// </summary>
public sealed record FrameEstimate(
    TargetArch Arch,
    FrameBreakdown UnoptimizedTerms,
    FrameBreakdown OptimizedTerms,
    bool IsDynamic,
    bool IsApproximate,
    ImmutableArray<FrameContributor> Contributors)
{
    public long Unoptimized => UnoptimizedTerms.Total;
    public long Optimized => OptimizedTerms.Total;

    /// <summary>The biggest local (ties: name, ordinal), or null for a function without fixed-size locals.</summary>
    public FrameContributor? LargestLocal => Contributors.IsDefaultOrEmpty ? null : Contributors[0];

    public long Size(FrameModelKind kind) => kind == FrameModelKind.Optimized ? Optimized : Unoptimized;
}
