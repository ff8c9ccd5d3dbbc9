using Appliance.Core.Models;

namespace Appliance.Scheduling;

/// <summary>A configured model's state as the scheduler needs it.</summary>
/// <param name="State">Loading, ready or failed.</param>
/// <param name="FailureReason">Operator-facing reason when failed.</param>
/// <param name="Worker">The text-generation worker once ready.</param>
/// <param name="Kind">What the model does, which decides the RPCs that may use it.</param>
/// <param name="Embeddings">The embedding worker once ready (embedding models).</param>
/// <param name="Tensors">The tensor worker once ready (tensor models).</param>
public sealed record ModelAvailability(
    ModelState State,
    string? FailureReason,
    ModelWorker? Worker,
    ModelKind Kind = ModelKind.TextGeneration,
    Batching.EmbeddingWorker? Embeddings = null,
    Batching.TensorWorker? Tensors = null);
