namespace Appliance.Core.Inference;

/// <summary>
/// A loaded tensor model (ONNX): classifiers, OCR, imaging. The scheduler's batch worker
/// decides which requests run together; the engine executes them as one run.
/// </summary>
/// <remarks>
/// Threading: <see cref="Signature"/> and <see cref="Backend"/> are safe from any thread;
/// <see cref="Run"/> is called by the model's batch worker only.
/// </remarks>
public interface ITensorEngine : IDisposable
{
    /// <summary>The model's inputs and outputs.</summary>
    ModelSignature Signature { get; }

    /// <summary>Execution provider description (CPU, CUDA device n, fallback), for logs and ListModels.</summary>
    string Backend { get; }

    /// <summary>
    /// Runs the requests as one batch: their inputs are stacked along the first dimension (all
    /// requests of a batch have equal other dimensions; a model that is not
    /// <see cref="ModelSignature.Batchable"/> gets one request at a time), the model runs once,
    /// and each request gets its rows of every output it asked for, in order.
    /// </summary>
    /// <param name="batch">The requests.</param>
    /// <param name="cancellationToken">Cancelled when no caller waits any more: the run is terminated.</param>
    IReadOnlyList<IReadOnlyList<NamedTensor>> Run(IReadOnlyList<TensorRequest> batch, CancellationToken cancellationToken);
}
