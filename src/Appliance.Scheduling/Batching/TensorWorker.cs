using Appliance.Core.Inference;
using Microsoft.Extensions.Logging;

namespace Appliance.Scheduling.Batching;

/// <summary>The worker of a tensor model: a dynamic batcher over its engine's <see cref="ITensorEngine.Run"/>. Owns the engine.</summary>
public sealed class TensorWorker : BatchWorker<TensorRequest, IReadOnlyList<NamedTensor>>
{
    /// <summary>Creates the worker; <see cref="ModelWorkerBase.Start"/> runs it. A model that cannot batch runs one request at a time.</summary>
    public TensorWorker(string modelId, ITensorEngine engine, BatchLimits limits, SchedulerOptions options, TimeProvider time, ILogger logger, ISchedulerObserver? observer = null, IClientPolicies? policies = null)
        : base(modelId, (engine ?? throw new ArgumentNullException(nameof(engine))).Run, Effective(engine, limits), options, time, logger, observer, policies)
    {
        Engine = engine;
    }

    /// <summary>The engine (thread-safe members: signature).</summary>
    public ITensorEngine Engine { get; }

    private protected override void DisposeEngine() => Engine.Dispose();

    private static BatchLimits Effective(ITensorEngine engine, BatchLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return engine.Signature.Batchable ? limits : limits with { MaxBatchSize = 1, MaxQueueDelay = TimeSpan.Zero };
    }
}
