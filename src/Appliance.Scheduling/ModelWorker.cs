using Appliance.Core.Engines;
using Appliance.Core.Errors;
using Appliance.Core.Generation;
using Microsoft.Extensions.Logging;

namespace Appliance.Scheduling;

/// <summary>
/// The only owner of one model's engine. Runs a first-come, first-served continuous-batching
/// loop on a dedicated thread: admit waiting requests into free sequence slots, plan one step
/// (one token per decoding sequence, then prefill chunks within the step's token budget),
/// run it, route the sampled pieces to each request's stream, and free finished, cancelled
/// and expired sequences in the same iteration.
/// </summary>
public sealed partial class ModelWorker : IAsyncDisposable
{
    private readonly ITextGenerationEngine _engine;
    private readonly SchedulerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AdmissionQueue<GenerationSequence> _waiting;
    private readonly DrainRate _drainRate;
    private readonly List<GenerationSequence> _running = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StepPlanner _planner;
    private readonly ISchedulerObserver _observer;
    private int _runningCount;
    private int _kvCells;
    private volatile bool _accepting = true;
    private int _disposed;
    private Thread? _thread;

    /// <summary>Creates the worker; call <see cref="Start"/> to run it.</summary>
    public ModelWorker(
        string modelId, ITextGenerationEngine engine, SchedulerOptions options, TimeProvider time, ILogger logger, ISchedulerObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ModelId = modelId;
        _engine = engine;
        _options = options;
        _time = time;
        _logger = logger;
        _planner = new StepPlanner(engine.Limits.BatchTokens, options.PrefillChunkTokens);
        _waiting = new AdmissionQueue<GenerationSequence>(options);
        _drainRate = new DrainRate(time);
        _observer = observer ?? NullSchedulerObserver.Instance;
    }

    /// <summary>The model this worker serves.</summary>
    public string ModelId { get; }

    /// <summary>The engine (for thread-safe calls: tokenisation, chat rendering, limits).</summary>
    public ITextGenerationEngine Engine => _engine;

    /// <summary>Completes when the worker thread has exited (after shutdown, or a crash: see <see cref="Crashed"/>).</summary>
    public Task Completion => _exited.Task;

    /// <summary>True if the loop died of an unexpected error rather than a shutdown.</summary>
    public bool Crashed { get; private set; }

    /// <summary>Requests waiting for a sequence slot.</summary>
    public int WaitingCount => _waiting.Count;

    /// <summary>Requests holding a sequence slot.</summary>
    public int RunningCount => Volatile.Read(ref _runningCount);

    /// <summary>
    /// Share of the model's KV cache (context_length x max_sequences cells) held by running
    /// sequences after the last step, 0..1. Prefixes kept in idle slots for reuse are not counted.
    /// </summary>
    public double KvCacheUsage => (double)Volatile.Read(ref _kvCells) / ((long)_engine.Limits.ContextLength * _engine.Limits.MaxSequences);

    /// <summary>Starts the dedicated worker thread.</summary>
    public void Start()
    {
        if (_thread is not null)
        {
            throw new InvalidOperationException("worker already started");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = $"model-worker:{ModelId}" };
        _thread.Start();
    }

    /// <summary>Queues a sequence, or refuses it when the waiting queue is full or the worker is stopping.</summary>
    internal void Enqueue(GenerationSequence sequence)
    {
        if (!_accepting)
        {
            throw new ModelUnavailableException(ModelId, "the appliance is shutting down");
        }

        sequence.Priority = _options.PolicyFor(sequence.Request.ClientId).Cap(sequence.Request.Priority);
        if (_waiting.TryAdd(sequence) is { } full)
        {
            var retry = _drainRate.TimeToDrain(_waiting.Count, _engine.Limits.MaxSequences);
            throw new CapacityExceededException($"model '{ModelId}' is busy ({full}); retry later", retry);
        }

        _observer.OnQueued(sequence.Info);
        Nudge();
        if (_exited.Task.IsCompleted)
        {
            // The loop ended between the admission check and the enqueue: nobody will run it.
            _waiting.FailAll(ExitError());
        }
    }

    /// <summary>Wakes the loop so it notices new work or a cancellation at once, even when idle.</summary>
    internal void Nudge()
    {
        try
        {
            _wake.Release();
        }
        catch (ObjectDisposedException)
        {
            // The worker is gone; whatever the caller wanted woken has been failed already.
        }
    }

    /// <summary>Refuses new requests (Unavailable) from now on; in-flight and queued work continues.</summary>
    public void StopAccepting() => _accepting = false;

    /// <summary>
    /// Stops admitting, lets in-flight and queued work finish within the drain timeout, then
    /// fails what is left with Unavailable and stops the thread.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _accepting = false;
        if (_thread is null)
        {
            // Never started: nothing runs, so nothing can drain.
            FailEverything(new ModelUnavailableException(ModelId, "the appliance is shutting down"));
            return;
        }

        // Wake the loop so it notices it may already be drained; the deadline runs on the
        // injected clock, so tests drive it with a fake one.
        Nudge();
        await DrainWait.UntilDrainedAsync(_drained.Task, _exited.Task, _options.DrainTimeout, _time, cancellationToken);

        await _stop.CancelAsync();
        _wake.Release();
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

        _engine.Dispose();
        _stop.Dispose();
        _wake.Dispose();
    }

    private void Run()
    {
        ModelWorkerLog.WorkerStarted(_logger, ModelId, _engine.Limits.MaxSequences, _engine.Limits.BatchTokens);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (!_accepting && _running.Count == 0 && _waiting.Count == 0)
                {
                    _drained.TrySetResult();
                }

                ReapFinished();
                Admit();
                if (_running.Count == 0)
                {
                    Volatile.Write(ref _kvCells, 0);
                    _wake.Wait(_stop.Token);
                    continue;
                }

                RunOneStep();
                Volatile.Write(ref _kvCells, _running.Sum(s => s.InKv));
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Normal shutdown.
        }
        catch (Exception ex)
        {
            Crashed = true;
            _accepting = false;
            ModelWorkerLog.WorkerCrashed(_logger, ex, ModelId);
        }
        finally
        {
            FailEverything(ExitError());
            _exited.TrySetResult();
        }
    }

    private ModelUnavailableException ExitError() => Crashed
        ? new ModelUnavailableException(ModelId, "its worker stopped after an internal error (see the appliance log)")
        : new ModelUnavailableException(ModelId, "the appliance is shutting down");

    /// <summary>Worker thread only (or after it exited): fails running and waiting requests.</summary>
    private void FailEverything(Exception error)
    {
        foreach (var sequence in _running)
        {
            if (sequence.Slot is { } slot)
            {
                _engine.Release(slot);
            }

            _waiting.Release(sequence.Request.ClientId);
            sequence.Fail(error);
        }

        Interlocked.Add(ref _runningCount, -_running.Count);
        _running.Clear();
        Volatile.Write(ref _kvCells, 0);
        _waiting.FailAll(error);
    }
}
