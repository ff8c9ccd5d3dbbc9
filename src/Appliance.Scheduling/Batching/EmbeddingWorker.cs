using Appliance.Core.Inference;
using Microsoft.Extensions.Logging;

namespace Appliance.Scheduling.Batching;

/// <summary>An embedding model's engine and its dynamic batcher. Owns the engine.</summary>
public sealed class EmbeddingWorker : IAsyncDisposable
{
    /// <summary>Creates the worker; <see cref="Start"/> runs it.</summary>
    public EmbeddingWorker(string modelId, IEmbeddingEngine engine, BatchLimits limits, SchedulerOptions options, TimeProvider time, ILogger logger, ISchedulerObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Engine = engine;
        Batcher = new BatchWorker<EmbeddingInput, float[]>(modelId, engine.Embed, limits, options, time, logger, observer);
    }

    /// <summary>The engine (thread-safe members: tokenisation, sizes).</summary>
    public IEmbeddingEngine Engine { get; }

    /// <summary>The batcher.</summary>
    public BatchWorker<EmbeddingInput, float[]> Batcher { get; }

    /// <summary>Starts the batcher's thread.</summary>
    public void Start() => Batcher.Start();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Batcher.DisposeAsync();
        Engine.Dispose();
    }
}
