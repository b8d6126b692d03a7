namespace StackLint.Engine;

/// <summary>
/// What the process has allocated so far and how often it collected, for --verbose. Allocation is much of what a
/// short run costs (every fresh page of the heap is faulted in and cleared), and unlike time it hardly varies from one
/// run to the next, so it is what a change to the hot paths is measured by (bench/speed/ab.sh reads this line).
/// </summary>
public static class MemoryTally
{
    public static string Describe() =>
        $"{GC.GetTotalAllocatedBytes() / (1024.0 * 1024.0):F0} MiB allocated, {GC.CollectionCount(0)} collection(s) "
        + $"({GC.CollectionCount(1)} of generation 1, {GC.CollectionCount(2)} of generation 2), "
        + $"working set {Environment.WorkingSet / (1024.0 * 1024.0):F0} MiB";
}
