namespace Appliance.Scheduling;

/// <summary>
/// One loaded model's worker, whatever its kind: the only owner of the model's engine, running
/// its loop on a dedicated thread. The host starts, drains and stops workers and reads their
/// load through this; each RPC's entry point finds the typed worker it needs through
/// <see cref="IModelWorkerDirectory"/>.
/// </summary>
public interface IModelWorker : IAsyncDisposable
{
    /// <summary>The model this worker serves.</summary>
    string ModelId { get; }

    /// <summary>Completes when the worker thread has exited (after shutdown, or a crash: see <see cref="Crashed"/>).</summary>
    Task Completion { get; }

    /// <summary>True if the loop died of an unexpected error rather than a shutdown.</summary>
    bool Crashed { get; }

    /// <summary>Requests (or inputs, for a batched model) waiting to run.</summary>
    int WaitingCount { get; }

    /// <summary>Requests holding a sequence slot, or inputs in the batch under way.</summary>
    int RunningCount { get; }

    /// <summary>Share of the model's KV cache held by running sequences, 0..1; 0 for a model without one.</summary>
    double KvCacheUsage { get; }

    /// <summary>Starts the dedicated worker thread.</summary>
    void Start();

    /// <summary>Refuses new work (Unavailable) from now on; in-flight and queued work continues.</summary>
    void StopAccepting();

    /// <summary>
    /// Stops admitting, lets in-flight and queued work finish within
    /// <see cref="SchedulerOptions.DrainTimeout"/>, then fails what is left with Unavailable and
    /// stops the thread.
    /// </summary>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Unloading while the appliance keeps running (an administrator's unload, a removed manifest,
    /// idle eviction, the old version after a swap): refuses new work (Unavailable,
    /// MODEL_UNLOADING); with <paramref name="refuseWaiting"/> fails the work still waiting at once,
    /// else lets it run; lets running work finish within <paramref name="drainTimeout"/>, then
    /// fails what is left with Unavailable and stops the thread.
    /// </summary>
    Task<UnloadOutcome> UnloadAsync(TimeSpan drainTimeout, bool refuseWaiting, CancellationToken cancellationToken);
}
