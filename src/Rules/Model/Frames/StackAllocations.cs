using StackLint.Frontend.Facts;

namespace StackLint.Rules.Model.Frames;

/// <summary>
/// alloca calls that are fixed-size allocations in disguise: a size known at compile time, taken at most once per
/// call of the function (not in a loop). Such an allocation takes a bounded amount of stack, however the compiler
/// lays it out, so the frame model counts it like an array and SL1004 does not report it.
/// <para>
/// What clang-19 -fstack-usage makes of the shapes (x64 -O0 unless said; probes compiled as bench/frames-accuracy
/// does): '_alloca(4096)' in the entry block is a fixed object of the frame, "static" 4,136 like 'char p[4096]'; so
/// is '_alloca(Helper())' when the force-inlined Helper's body is 'return 4096;' and returns the size type itself
/// (the always-inliner folds the returned constant into the call: 4,136 static). A force-inlined helper that calls
/// '_alloca(512)' in its own entry block gives each copy a fixed object in the caller's entry block, wherever the
/// call is, in a branch or a loop too (568 static for one copy, 1,080 for two). The same constant amounts taken in a
/// branch, or through a helper whose value needs a conversion first (a ULONG widened to the 64-bit size), are laid
/// out at run time ("dynamic", the fixed part 24 plus the allocation), which takes the same bytes give or take the
/// frame pointer and the 16-byte rounding: counted the same way here. In a loop each iteration allocates again,
/// and only there is the amount not bounded.
/// </para>
/// </summary>
public static class StackAllocations
{
    /// <summary>The bytes an alloca-family allocation takes when they are known at compile time and taken once; null otherwise.</summary>
    /// <param name="inlines">The force-inlined definitions of the function's unit, whose constant results count as constants; null: none.</param>
    public static long? FixedSize(FunctionFacts function, DynamicAllocation allocation, InlineDefinitions? inlines = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(allocation);
        if (allocation.Kind != DynamicAllocationKind.Alloca || allocation.InLoop) return null;
        var calls = function.Calls.IsDefault ? [] : function.Calls;
        foreach (var call in calls)
        {
            if (call.CalleeName != allocation.Name || call.Location != allocation.Location) continue;
            if (call.Arguments.IsDefaultOrEmpty) return null;
            var argument = call.Arguments[0];
            long? size = argument.ConstantValue;
            if (size is null && argument.ResultOf >= 0 && argument.ResultOf < calls.Length)
                size = inlines?.Resolve(calls[argument.ResultOf])?.ReturnsConstant;
            return size is long bytes && bytes >= 0 ? bytes : null;
        }
        return null;
    }

    /// <summary>The fixed-size allocations of a function, in call order (see <see cref="FixedSize"/>).</summary>
    public static IEnumerable<(DynamicAllocation Allocation, long Size)> Fixed(FunctionFacts function, InlineDefinitions? inlines = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        // Asked of every function and every inlined copy, and almost none allocates: no iterator for those.
        return function.DynamicAllocations.IsDefaultOrEmpty ? [] : FixedOf(function, inlines);
    }

    private static IEnumerable<(DynamicAllocation Allocation, long Size)> FixedOf(FunctionFacts function, InlineDefinitions? inlines)
    {
        foreach (var allocation in function.DynamicAllocations)
            if (FixedSize(function, allocation, inlines) is long size) yield return (allocation, size);
    }

    /// <summary>Whether a function allocates an amount of stack known only at run time (an alloca that is not fixed, a VLA).</summary>
    public static bool HasDynamic(FunctionFacts function, InlineDefinitions? inlines = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (!function.DynamicAllocations.IsDefaultOrEmpty && function.DynamicAllocations.Any(a => FixedSize(function, a, inlines) is null)) return true;
        return !function.Locals.IsDefaultOrEmpty && function.Locals.Any(l => l.IsVariableLengthArray);
    }
}
