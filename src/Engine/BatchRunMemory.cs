using System.Runtime;

namespace StackLint.Engine;

/// <summary>
/// A batch run (analyze, link, precommit) is one short process that keeps most of what it allocates until it ends:
/// facts, the program model, findings, the SARIF log. Collecting that heap while it grows only marks the same live
/// objects again and again: on the 1,000-file benchmark the collector paused a one-edit run for 100-170 ms of its
/// 700-800 ms. So a batch run asks the runtime for a budget without collections up front. Past the budget (a larger
/// driver) the runtime collects once and carries on as usual, and where it cannot grant the budget (a container with
/// a memory limit below it) the run never leaves the usual mode. The language server, which lives for a session,
/// does not use it.
/// </summary>
public static class BatchRunMemory
{
    /// <summary>About what a one-edit run over 1,000 files allocates in all (260 MB), with room to spare.</summary>
    public const long NoCollectionBudget = 384L << 20;

    /// <summary>Starts the budget; disposing the result ends it when the run stayed within it. Never throws.</summary>
    public static IDisposable Begin(long budget = NoCollectionBudget)
    {
        try
        {
            if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion && GC.TryStartNoGCRegion(budget))
                return new Region();
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
        {
            // More than this process may allocate, or a region already open: collect as usual.
        }
        return new Region(started: false);
    }

    private sealed class Region(bool started = true) : IDisposable
    {
        private bool _open = started;

        public void Dispose()
        {
            if (!_open) return;
            _open = false;
            try
            {
                // Past the budget the runtime has already collected and left the mode; ending it again would throw.
                if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
            }
            catch (InvalidOperationException)
            {
                // The region ended by itself (a collection was induced or the budget was exceeded): nothing to end.
            }
        }
    }
}
