using Appliance.Core.Models;

namespace Appliance.Scheduling;

/// <summary>A configured model's state as the scheduler needs it.</summary>
/// <param name="State">Loading, ready or failed.</param>
/// <param name="FailureReason">Operator-facing reason when failed.</param>
/// <param name="Worker">The model's worker once ready, of the type its kind needs.</param>
/// <param name="Kind">What the model does, which decides the RPCs that may use it (known from the manifest before any worker exists).</param>
public sealed record ModelAvailability(
    ModelState State,
    string? FailureReason,
    IModelWorker? Worker,
    ModelKind Kind = ModelKind.TextGeneration);
