using Appliance.Core.Models;
using Appliance.Scheduling;

namespace Appliance.Server.Models;

/// <summary>Snapshot of a model's life-cycle state.</summary>
/// <param name="State">Available, loading, ready, draining or failed.</param>
/// <param name="FailureReason">Why it failed (operator-facing; no user content).</param>
/// <param name="Worker">The running worker when ready, whatever the model's kind.</param>
/// <param name="Backend">Engine backend description once loaded.</param>
/// <param name="LoadDuration">Time it took to verify and load, once ready.</param>
/// <param name="Traits">What the loaded engine reports of its model, once ready.</param>
/// <param name="CallerReason">
/// What a calling system is told when the model failed: a summary without the server's paths,
/// hashes or exception text (those stay in <paramref name="FailureReason"/>, for IT: GetModel,
/// appliancectl status, the log). Null: the failure reason is safe to show as it is.
/// </param>
/// <param name="LoadPercent">While loading: 0..100 (the sha256 check is the first half, the engine's load the second).</param>
/// <param name="BudgetRefused">Failed (or left available) because the memory budget refused the load.</param>
/// <param name="Serving">The manifest of the version the worker runs (it may differ from the file on disk until a reload).</param>
public sealed record ModelRuntimeState(
    ModelState State,
    string? FailureReason = null,
    IModelWorker? Worker = null,
    string? Backend = null,
    TimeSpan? LoadDuration = null,
    string? CallerReason = null,
    ModelTraits? Traits = null,
    int? LoadPercent = null,
    ModelManifest? Serving = null,
    bool BudgetRefused = false)
{
    /// <summary>The reason a calling system may see (see <c>CallerReason</c>).</summary>
    public string? ReasonForCallers => CallerReason ?? FailureReason;

    /// <summary>Requests (or batched inputs) waiting, whatever the worker kind.</summary>
    public int WaitingCount => Worker?.WaitingCount ?? 0;

    /// <summary>Requests (or batched inputs) running, whatever the worker kind.</summary>
    public int RunningCount => Worker?.RunningCount ?? 0;
}
