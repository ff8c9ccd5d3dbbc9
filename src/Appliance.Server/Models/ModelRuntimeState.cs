using Appliance.Core.Models;
using Appliance.Scheduling;

namespace Appliance.Server.Models;

/// <summary>Snapshot of a model's life-cycle state.</summary>
/// <param name="State">Loading, ready or failed.</param>
/// <param name="FailureReason">Why it failed (operator-facing; no user content).</param>
/// <param name="Worker">The running worker when ready.</param>
/// <param name="Backend">Engine backend description once loaded.</param>
/// <param name="LoadDuration">Time it took to verify and load, once ready.</param>
public sealed record ModelRuntimeState(
    ModelState State, string? FailureReason = null, ModelWorker? Worker = null, string? Backend = null, TimeSpan? LoadDuration = null);
