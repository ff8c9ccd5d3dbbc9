using Appliance.Core.Models;
using Appliance.Scheduling;
using Appliance.Scheduling.Batching;

namespace Appliance.Server.Models;

/// <summary>Snapshot of a model's life-cycle state.</summary>
/// <param name="State">Loading, ready or failed.</param>
/// <param name="FailureReason">Why it failed (operator-facing; no user content).</param>
/// <param name="Worker">The running worker when ready.</param>
/// <param name="Backend">Engine backend description once loaded.</param>
/// <param name="LoadDuration">Time it took to verify and load, once ready.</param>
/// <param name="Embeddings">The running embedding worker when an embedding model is ready.</param>
/// <param name="Tensors">The running tensor worker when a tensor model is ready.</param>
public sealed record ModelRuntimeState(
    ModelState State,
    string? FailureReason = null,
    ModelWorker? Worker = null,
    string? Backend = null,
    TimeSpan? LoadDuration = null,
    EmbeddingWorker? Embeddings = null,
    TensorWorker? Tensors = null)
{
    /// <summary>Requests waiting, whatever the worker kind.</summary>
    public int WaitingCount => Worker?.WaitingCount ?? Embeddings?.Batcher.WaitingCount ?? Tensors?.Batcher.WaitingCount ?? 0;

    /// <summary>Requests (or batched inputs) running, whatever the worker kind.</summary>
    public int RunningCount => Worker?.RunningCount ?? Embeddings?.Batcher.RunningCount ?? Tensors?.Batcher.RunningCount ?? 0;
}
