using Appliance.Core.Models;
using Appliance.Scheduling;

namespace Appliance.Server.Models;

/// <summary>Snapshot of a model's life-cycle state.</summary>
/// <param name="State">Loading, ready or failed.</param>
/// <param name="FailureReason">Why it failed (operator-facing; no user content).</param>
/// <param name="Worker">The running worker when ready, whatever the model's kind.</param>
/// <param name="Backend">Engine backend description once loaded.</param>
/// <param name="LoadDuration">Time it took to verify and load, once ready.</param>
public sealed record ModelRuntimeState(
    ModelState State,
    string? FailureReason = null,
    IModelWorker? Worker = null,
    string? Backend = null,
    TimeSpan? LoadDuration = null)
{
    /// <summary>Requests (or batched inputs) waiting, whatever the worker kind.</summary>
    public int WaitingCount => Worker?.WaitingCount ?? 0;

    /// <summary>Requests (or batched inputs) running, whatever the worker kind.</summary>
    public int RunningCount => Worker?.RunningCount ?? 0;
}
