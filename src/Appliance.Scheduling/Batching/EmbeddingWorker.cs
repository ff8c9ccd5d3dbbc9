using Appliance.Core.Inference;
using Microsoft.Extensions.Logging;

namespace Appliance.Scheduling.Batching;

/// <summary>The worker of an embedding model: a dynamic batcher over its engine's <see cref="IEmbeddingEngine.Embed"/>. Owns the engine.</summary>
public sealed class EmbeddingWorker : BatchWorker<EmbeddingInput, float[]>
{
    /// <summary>Creates the worker; <see cref="ModelWorkerBase.Start"/> runs it.</summary>
    public EmbeddingWorker(string modelId, IEmbeddingEngine engine, BatchLimits limits, SchedulerOptions options, TimeProvider time, ILogger logger, ISchedulerObserver? observer = null, IClientPolicies? policies = null)
        : base(modelId, (engine ?? throw new ArgumentNullException(nameof(engine))).Embed, limits, options, time, logger, observer, policies)
    {
        Engine = engine;
    }

    /// <summary>The engine (thread-safe members: tokenisation, sizes).</summary>
    public IEmbeddingEngine Engine { get; }

    private protected override void DisposeEngine() => Engine.Dispose();
}
