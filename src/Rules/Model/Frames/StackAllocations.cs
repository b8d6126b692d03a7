using StackLint.Frontend.Facts;

namespace StackLint.Rules.Model.Frames;

/// <summary>
/// alloca calls that are fixed-size allocations in disguise. LLVM lays out an alloca of a constant size in the entry
/// block as a fixed frame object, exactly like an array: '_alloca(64)' at the top of a function reports the same
/// -fstack-usage figure as 'char p[64]' (x64 .su 104 at -O0 and -O2, "static", not "dynamic"). In a loop or a branch
/// the allocation happens where the call runs, and the frame is dynamic again.
/// </summary>
public static class StackAllocations
{
    /// <summary>The bytes an alloca-family allocation takes when they are known at compile time and taken once; null otherwise.</summary>
    public static long? FixedSize(FunctionFacts function, DynamicAllocation allocation)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(allocation);
        if (allocation.Kind != DynamicAllocationKind.Alloca || allocation.InLoop) return null;
        var calls = function.Calls.IsDefault ? [] : function.Calls;
        foreach (var call in calls)
        {
            if (call.CalleeName != allocation.Name || call.Location != allocation.Location) continue;
            if (call.Arguments.IsDefaultOrEmpty || call.Arguments[0].ConstantValue is not long size || size < 0) return null;
            return RunsOnce(function, call.Index) ? size : null;
        }
        return null;
    }

    /// <summary>The fixed-size allocations of a function, in call order (see <see cref="FixedSize"/>).</summary>
    public static IEnumerable<(DynamicAllocation Allocation, long Size)> Fixed(FunctionFacts function)
    {
        ArgumentNullException.ThrowIfNull(function);
        foreach (var allocation in function.DynamicAllocations.IsDefault ? [] : function.DynamicAllocations)
            if (FixedSize(function, allocation) is long size) yield return (allocation, size);
    }

    /// <summary>
    /// Whether a call sits in the function's entry block: no branch, loop, jump or label comes before it in the body
    /// (clang -O0 emits the alloca where the call is, and after any control flow that is another block).
    /// </summary>
    private static bool RunsOnce(FunctionFacts function, int callIndex)
    {
        var body = function.Body.IsDefault ? [] : function.Body;
        for (int i = 0; i < body.Length; i++)
        {
            var node = body[i];
            if (node.Kind == BodyNodeKind.Call && node.CallIndex == callIndex) return true;
            if (node.Kind is not (BodyNodeKind.Compound or BodyNodeKind.Call or BodyNodeKind.Other)) return false;
        }
        return false;
    }
}
