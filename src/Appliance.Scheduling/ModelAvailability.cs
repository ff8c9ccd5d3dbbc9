using Appliance.Core.Models;

namespace Appliance.Scheduling;

/// <summary>A configured model's state as the scheduler needs it.</summary>
/// <param name="State">Loading, ready or failed.</param>
/// <param name="FailureReason">Operator-facing reason when failed.</param>
/// <param name="Worker">The model's worker once ready.</param>
public sealed record ModelAvailability(ModelState State, string? FailureReason, ModelWorker? Worker);
