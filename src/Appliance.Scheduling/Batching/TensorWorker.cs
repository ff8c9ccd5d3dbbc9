using Appliance.Core.Inference;
using Microsoft.Extensions.Logging;

namespace Appliance.Scheduling.Batching;

/// <summary>A tensor model's engine and its dynamic batcher. Owns the engine.</summary>
public sealed class TensorWorker : IAsyncDisposable
{
    /// <summary>Creates the worker; <see cref="Start"/> runs it. A model that cannot batch runs one request at a time.</summary>
    public TensorWorker(string modelId, ITensorEngine engine, BatchLimits limits, SchedulerOptions options, TimeProvider time, ILogger logger, ISchedulerObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(limits);
        Engine = engine;
        var effective = engine.Signature.Batchable ? limits : limits with { MaxBatchSize = 1, MaxQueueDelay = TimeSpan.Zero };
        Batcher = new BatchWorker<TensorRequest, IReadOnlyList<NamedTensor>>(modelId, engine.Run, effective, options, time, logger, observer);
    }

    /// <summary>The engine (thread-safe members: signature).</summary>
    public ITensorEngine Engine { get; }

    /// <summary>The batcher.</summary>
    public BatchWorker<TensorRequest, IReadOnlyList<NamedTensor>> Batcher { get; }

    /// <summary>Starts the batcher's thread.</summary>
    public void Start() => Batcher.Start();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Batcher.DisposeAsync();
        Engine.Dispose();
    }
}
