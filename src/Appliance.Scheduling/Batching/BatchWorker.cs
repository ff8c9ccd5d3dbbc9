using Appliance.Core.Errors;
using Appliance.Core.Generation;
using Microsoft.Extensions.Logging;

namespace Appliance.Scheduling.Batching;

/// <summary>
/// The dynamic batcher of one embedding or tensor model, the counterpart of
/// <see cref="GenerationWorker"/> over the same <see cref="ModelWorkerBase"/> life cycle:
/// callers' inputs wait in the same <see cref="AdmissionQueue{T}"/> (urgent first, batch-class
/// minimum share, weighted fair share by tokens, caps); a dedicated thread gathers them until
/// <see cref="BatchLimits.MaxBatchSize"/> inputs wait or <see cref="BatchLimits.MaxQueueDelay"/>
/// has passed since the first (urgent work does not wait), takes compatible ones in admission
/// order, runs them as one engine call and hands each caller its own output. Cancelled inputs are skipped; a run whose every caller
/// cancelled is terminated. <see cref="EmbeddingWorker"/> and <see cref="TensorWorker"/> are
/// its typed instances that also own their engine.
/// </summary>
/// <typeparam name="TInput">One input (a tokenised text, a tensor request).</typeparam>
/// <typeparam name="TOutput">Its output (a vector, tensors).</typeparam>
public partial class BatchWorker<TInput, TOutput> : ModelWorkerBase
{
    private readonly Func<IReadOnlyList<TInput>, CancellationToken, IReadOnlyList<TOutput>> _run;
    private readonly BatchLimits _limits;
    private readonly SchedulerOptions _options;
    private readonly AdmissionQueue<BatchItem<TInput, TOutput>> _waiting;
    private readonly DrainRate _drainRate;
    private int _runningCount;
    private int _lastBatchSize = int.MaxValue; // no evidence yet: the first input waits as configured

    /// <summary>Creates the worker; call <see cref="ModelWorkerBase.Start"/> to run it.</summary>
    /// <param name="modelId">The model.</param>
    /// <param name="run">The engine call: runs a batch, returns one output per input in order. Called on the worker thread only.</param>
    /// <param name="limits">Batch size and queue delay.</param>
    /// <param name="options">Admission rules (batch share) and <see cref="SchedulerOptions.MaxWaitingInputs"/>.</param>
    /// <param name="time">Clock.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="observer">Metrics port.</param>
    /// <param name="policies">Per-client weights and caps (every client the default policy when null).</param>
    public BatchWorker(
        string modelId,
        Func<IReadOnlyList<TInput>, CancellationToken, IReadOnlyList<TOutput>> run,
        BatchLimits limits,
        SchedulerOptions options,
        TimeProvider time,
        ILogger logger,
        ISchedulerObserver? observer = null,
        IClientPolicies? policies = null)
        : base(modelId, "batch-worker", options, time, logger, observer)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _run = run;
        _limits = limits;
        _options = options;
        _waiting = new AdmissionQueue<BatchItem<TInput, TOutput>>(options, policies, options.MaxWaitingInputs, options.MaxWaitingPromptTokens, "inputs");
        _drainRate = new DrainRate(time, options.InitialRetryAfter);
    }

    /// <summary>Inputs waiting for a run.</summary>
    public override int WaitingCount => _waiting.Count;

    /// <summary>Inputs in the run under way.</summary>
    public override int RunningCount => Volatile.Read(ref _runningCount);

    /// <summary>
    /// Queues one call's inputs (all or none) and completes with their outputs in order.
    /// Throws <see cref="ModelUnavailableException"/> when stopping and
    /// <see cref="CapacityExceededException"/> when the queue is full, before anything is queued.
    /// Cancelling <paramref name="cancellationToken"/> removes inputs that have not run yet.
    /// </summary>
    /// <param name="inputs">Each input with its cost (tokens, charged for fair share) and batching key (null: any batch).</param>
    /// <param name="request">The caller's labels, its priority already capped by the call pipeline.</param>
    /// <param name="cancellationToken">The call's token.</param>
    public Task<TOutput[]> SubmitAsync(IReadOnlyList<BatchInput<TInput>> inputs, RequestInfo request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ThrowIfNotAccepting();
        cancellationToken.ThrowIfCancellationRequested();
        var now = Time.GetTimestamp();
        var items = inputs.Select(i => new BatchItem<TInput, TOutput>(i.Input, request, i.Cost, i.Key, now, cancellationToken)).ToList();
        if (_waiting.TryAddRange(items) is { } full)
        {
            throw Busy(full, _drainRate.TimeToDrain(_waiting.Count));
        }

        Observer.OnQueued(request);
        var registration = cancellationToken.UnsafeRegister(static state =>
        {
            var (all, worker) = ((List<BatchItem<TInput, TOutput>>, BatchWorker<TInput, TOutput>))state!;
            foreach (var item in all)
            {
                item.Cancel();
            }

            worker.Nudge();
        }, (items, this));
        Queued();
        return CollectAsync(items, registration);
    }

    private protected override void FailWaiting(Exception error) => _waiting.FailAll(error);

    private protected override void LogStarted() =>
        ModelWorkerLog.BatchStarted(Logger, ModelId, _limits.MaxBatchSize, _limits.MaxQueueDelay.TotalMilliseconds);

    private protected override void LogCrashed(Exception error) => ModelWorkerLog.BatchCrashed(Logger, error, ModelId);

    private static async Task<TOutput[]> CollectAsync(List<BatchItem<TInput, TOutput>> items, CancellationTokenRegistration registration)
    {
        try
        {
            return await Task.WhenAll(items.Select(i => i.Result));
        }
        finally
        {
            await registration.DisposeAsync();
        }
    }
}
