namespace Appliance.Scheduling;

/// <summary>The shared part of a worker's graceful stop: wait for it to drain, at most the drain timeout.</summary>
internal static class DrainWait
{
    /// <summary>
    /// Completes when <paramref name="drained"/> or <paramref name="exited"/> completes, when
    /// <paramref name="timeout"/> has passed on the injected clock (tests drive it with a fake
    /// one), or when <paramref name="cancellationToken"/> is cancelled; never throws for those.
    /// </summary>
    public static async Task UntilDrainedAsync(Task drained, Task exited, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await Task.WhenAny(drained, exited).WaitAsync(drain.Token);
        }
        catch (OperationCanceledException) when (drain.IsCancellationRequested)
        {
            // Drain time is up: the caller fails what is left with Unavailable.
        }
    }
}
