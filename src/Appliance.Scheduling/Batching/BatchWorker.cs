using Appliance.Core.Errors;
using Appliance.Core.Generation;
using Microsoft.Extensions.Logging;

namespace Appliance.Scheduling.Batching;

/// <summary>
/// The dynamic batcher of one embedding or tensor model, the counterpart of
/// <see cref="ModelWorker"/>: callers' inputs wait in the same <see cref="AdmissionQueue{T}"/>
/// (urgent first, batch-class minimum share, weighted fair share by tokens, caps); a dedicated
/// thread gathers them until <see cref="BatchLimits.MaxBatchSize"/> inputs wait or
/// <see cref="BatchLimits.MaxQueueDelay"/> has passed since the first (urgent work does not
/// wait), takes compatible ones in admission order, runs them as one engine call and hands
/// each caller its own output. Cancelled inputs are skipped; a run whose every caller
/// cancelled is terminated.
/// </summary>
/// <typeparam name="TInput">One input (a tokenised text, a tensor request).</typeparam>
/// <typeparam name="TOutput">Its output (a vector, tensors).</typeparam>
public sealed partial class BatchWorker<TInput, TOutput> : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<TInput>, CancellationToken, IReadOnlyList<TOutput>> _run;
    private readonly BatchLimits _limits;
    private readonly SchedulerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ISchedulerObserver _observer;
    private readonly AdmissionQueue<BatchItem<TInput, TOutput>> _waiting;
    private readonly DrainRate _drainRate;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _accepting = true;
    private int _runningCount;
    private int _lastBatchSize = int.MaxValue; // no evidence yet: the first input waits as configured
    private int _disposed;
    private Thread? _thread;

    /// <summary>Creates the worker; call <see cref="Start"/> to run it.</summary>
    /// <param name="modelId">The model.</param>
    /// <param name="run">The engine call: runs a batch, returns one output per input in order. Called on the worker thread only.</param>
    /// <param name="limits">Batch size and queue delay.</param>
    /// <param name="options">Admission rules (clients, shares) and <see cref="SchedulerOptions.MaxWaitingInputs"/>.</param>
    /// <param name="time">Clock.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="observer">Metrics port.</param>
    public BatchWorker(
        string modelId,
        Func<IReadOnlyList<TInput>, CancellationToken, IReadOnlyList<TOutput>> run,
        BatchLimits limits,
        SchedulerOptions options,
        TimeProvider time,
        ILogger logger,
        ISchedulerObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(options);
        ModelId = modelId;
        _run = run;
        _limits = limits;
        _options = options;
        _time = time;
        _logger = logger;
        _observer = observer ?? NullSchedulerObserver.Instance;
        _waiting = new AdmissionQueue<BatchItem<TInput, TOutput>>(options, options.MaxWaitingInputs, options.MaxWaitingPromptTokens, "inputs");
        _drainRate = new DrainRate(time);
    }

    /// <summary>The model this worker serves.</summary>
    public string ModelId { get; }

    /// <summary>Inputs waiting for a run.</summary>
    public int WaitingCount => _waiting.Count;

    /// <summary>Inputs in the run under way.</summary>
    public int RunningCount => Volatile.Read(ref _runningCount);

    /// <summary>Completes when the worker thread has exited.</summary>
    public Task Completion => _exited.Task;

    /// <summary>True if the loop died of an unexpected error rather than a shutdown.</summary>
    public bool Crashed { get; private set; }

    /// <summary>Starts the dedicated worker thread.</summary>
    public void Start()
    {
        if (_thread is not null)
        {
            throw new InvalidOperationException("worker already started");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = $"batch-worker:{ModelId}" };
        _thread.Start();
    }

    /// <summary>
    /// Queues one call's inputs (all or none) and completes with their outputs in order.
    /// Throws <see cref="ModelUnavailableException"/> when stopping and
    /// <see cref="CapacityExceededException"/> when the queue is full, before anything is queued.
    /// Cancelling <paramref name="cancellationToken"/> removes inputs that have not run yet.
    /// </summary>
    /// <param name="inputs">Each input with its cost (tokens, charged for fair share) and batching key (null: any batch).</param>
    /// <param name="request">The caller's labels; its priority is capped by the client's ceiling here.</param>
    /// <param name="cancellationToken">The call's token.</param>
    public Task<TOutput[]> SubmitAsync(IReadOnlyList<BatchInput<TInput>> inputs, RequestInfo request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (!_accepting)
        {
            throw new ModelUnavailableException(ModelId, "the appliance is shutting down");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var info = request with { Priority = _options.PolicyFor(request.ClientId).Cap(request.Priority) };
        var now = _time.GetTimestamp();
        var items = inputs.Select(i => new BatchItem<TInput, TOutput>(i.Input, info, i.Cost, i.Key, now, cancellationToken)).ToList();
        if (_waiting.TryAddRange(items) is { } full)
        {
            var retry = _drainRate.TimeToDrain(_waiting.Count, _limits.MaxBatchSize);
            throw new CapacityExceededException($"model '{ModelId}' is busy ({full}); retry later", retry);
        }

        _observer.OnQueued(info);
        var registration = cancellationToken.UnsafeRegister(static state =>
        {
            var (all, worker) = ((List<BatchItem<TInput, TOutput>>, BatchWorker<TInput, TOutput>))state!;
            foreach (var item in all)
            {
                item.Cancel();
            }

            worker.Nudge();
        }, (items, this));
        Nudge();
        if (_exited.Task.IsCompleted)
        {
            _waiting.FailAll(ExitError());
        }

        return CollectAsync(items, registration);
    }

    /// <summary>Refuses new inputs (Unavailable) from now on; queued and running work continues.</summary>
    public void StopAccepting() => _accepting = false;

    /// <summary>Stops admitting, lets queued work run within the drain timeout, then fails the rest with Unavailable.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _accepting = false;
        if (_thread is null)
        {
            _waiting.FailAll(new ModelUnavailableException(ModelId, "the appliance is shutting down"));
            return;
        }

        Nudge();
        await DrainWait.UntilDrainedAsync(_drained.Task, _exited.Task, _options.DrainTimeout, _time, cancellationToken);

        await _stop.CancelAsync();
        Nudge();
        await _exited.Task;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_thread is not null && !_exited.Task.IsCompleted)
        {
            await StopAsync(CancellationToken.None);
        }

        _stop.Dispose();
        _wake.Dispose();
    }

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

    private void Nudge()
    {
        try
        {
            _wake.Release();
        }
        catch (ObjectDisposedException)
        {
            // The worker is gone; its work has been failed already.
        }
    }

    private ModelUnavailableException ExitError() => Crashed
        ? new ModelUnavailableException(ModelId, "its worker stopped after an internal error (see the appliance log)")
        : new ModelUnavailableException(ModelId, "the appliance is shutting down");
}
