using Appliance.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Appliance.Scheduling;

/// <summary>
/// The life cycle every model worker shares: a dedicated thread that runs the kind's loop
/// iteration after iteration and sleeps on a wake semaphore when there is nothing to do;
/// stop admitting, drain within <see cref="SchedulerOptions.DrainTimeout"/> on the injected
/// clock, then fail what is left with Unavailable; a loop that dies of a bug is logged
/// Critical, refuses new work and fails everything it held (<see cref="Crashed"/>). A kind
/// supplies one iteration (<see cref="RunOnce"/>), how to fail its waiting and running work,
/// its log events and the engine it owns. Threading: the host calls the public members from
/// any thread; <see cref="RunOnce"/> and <see cref="FailRunning"/> run on the worker thread only.
/// </summary>
public abstract class ModelWorkerBase : IModelWorker
{
    private readonly string _threadName;
    private readonly SchedulerOptions _options;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _accepting = true;
    private volatile bool _unloading;
    private int _disposed;
    private Thread? _thread;

    /// <summary>Creates the worker; <see cref="Start"/> runs it.</summary>
    /// <param name="modelId">The model.</param>
    /// <param name="threadName">Thread name prefix (the model id is appended), as operators see it in thread dumps.</param>
    /// <param name="options">Read for <see cref="SchedulerOptions.DrainTimeout"/> when stopping.</param>
    /// <param name="time">Clock (the drain deadline, and the kind's own timings).</param>
    /// <param name="logger">Logger.</param>
    /// <param name="observer">Metrics port; null for none.</param>
    private protected ModelWorkerBase(string modelId, string threadName, SchedulerOptions options, TimeProvider time, ILogger logger, ISchedulerObserver? observer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ModelId = modelId;
        _threadName = threadName;
        _options = options;
        Time = time;
        Logger = logger;
        Observer = observer ?? NullSchedulerObserver.Instance;
    }

    /// <inheritdoc />
    public string ModelId { get; }

    /// <inheritdoc />
    public Task Completion => _exited.Task;

    /// <inheritdoc />
    public bool Crashed { get; private set; }

    /// <inheritdoc />
    public abstract int WaitingCount { get; }

    /// <inheritdoc />
    public abstract int RunningCount { get; }

    /// <inheritdoc />
    public virtual double KvCacheUsage => 0;

    /// <summary>Clock; tests inject a fake one.</summary>
    private protected TimeProvider Time { get; }

    /// <summary>The worker's logger.</summary>
    private protected ILogger Logger { get; }

    /// <summary>Metrics port.</summary>
    private protected ISchedulerObserver Observer { get; }

    /// <summary>False once stopping began or the loop crashed.</summary>
    private protected bool Accepting => _accepting;

    /// <summary>True once the drain is over and the loop must end.</summary>
    private protected bool StopRequested => _stop.IsCancellationRequested;

    /// <inheritdoc />
    public void Start()
    {
        if (_thread is not null)
        {
            throw new InvalidOperationException("worker already started");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = $"{_threadName}:{ModelId}" };
        _thread.Start();
    }

    /// <inheritdoc />
    public void StopAccepting() => _accepting = false;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => DrainAndStopAsync(_options.DrainTimeout, cancellationToken);

    /// <inheritdoc />
    public async Task<UnloadOutcome> UnloadAsync(TimeSpan drainTimeout, bool refuseWaiting, CancellationToken cancellationToken)
    {
        _unloading = true;
        _accepting = false;
        var refused = 0;
        if (refuseWaiting)
        {
            refused = WaitingCount;
            FailWaiting(StoppingError());
        }

        var failed = await DrainAndStopAsync(drainTimeout, cancellationToken);
        return new UnloadOutcome(refused, failed);
    }

    /// <summary>Drains within <paramref name="drainTimeout"/>, stops the thread; returns how much work was still running at the timeout (failed Unavailable).</summary>
    private async Task<int> DrainAndStopAsync(TimeSpan drainTimeout, CancellationToken cancellationToken)
    {
        _accepting = false;
        if (_thread is null)
        {
            // Never started: nothing runs, so nothing can drain.
            FailEverything(StoppingError());
            return 0;
        }

        // Wake the loop so it notices it may already be drained; the deadline runs on the
        // injected clock, so tests drive it with a fake one.
        Nudge();
        await DrainWait.UntilDrainedAsync(_drained.Task, _exited.Task, drainTimeout, Time, cancellationToken);

        // Read once the drain wait is over: what the stop below fails (approximate off the worker thread).
        var left = _drained.Task.IsCompleted ? 0 : RunningCount + WaitingCount;
        await _stop.CancelAsync();
        Nudge();
        await _exited.Task;
        return left;
    }

    /// <summary>Stops the worker if it runs (draining as <see cref="StopAsync"/>), then releases its engine.</summary>
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

        DisposeEngine();
        _stop.Dispose();
        _wake.Dispose();
        GC.SuppressFinalize(this);
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

    /// <summary>One loop iteration on the worker thread; false when there was nothing to do (the loop then sleeps until woken).</summary>
    private protected abstract bool RunOnce();

    /// <summary>Fails the work waiting to run. Any thread.</summary>
    private protected abstract void FailWaiting(Exception error);

    /// <summary>Fails the work under way. Worker thread only (or after it exited, or when it never started).</summary>
    private protected virtual void FailRunning(Exception error)
    {
    }

    /// <summary>Logs that the thread started.</summary>
    private protected abstract void LogStarted();

    /// <summary>Logs the bug that ended the loop.</summary>
    private protected abstract void LogCrashed(Exception error);

    /// <summary>Releases the engine the worker owns, once its thread has stopped.</summary>
    private protected virtual void DisposeEngine()
    {
    }

    /// <summary>Sleeps until <see cref="Nudge"/>; throws <see cref="OperationCanceledException"/> when the loop must end. Worker thread only.</summary>
    private protected void WaitForWake() => _wake.Wait(_stop.Token);

    /// <summary>Refuses new work once stopping began or the loop crashed.</summary>
    private protected void ThrowIfNotAccepting()
    {
        if (!_accepting)
        {
            throw Crashed ? new ModelUnavailableException(ModelId, "the appliance is shutting down", ErrorReasons.ModelFailed) : StoppingError();
        }
    }

    /// <summary>The error of a call refused because the waiting queue is full.</summary>
    private protected CapacityExceededException Busy(string full, TimeSpan retryAfter) =>
        new($"model '{ModelId}' is busy ({full}); retry later", retryAfter);

    /// <summary>Wakes the loop for work just queued; if the loop ended meanwhile, nobody will run it, so it fails now.</summary>
    private protected void Queued()
    {
        Nudge();
        if (_exited.Task.IsCompleted)
        {
            // The loop ended between the admission check and the enqueue.
            FailWaiting(ExitError());
        }
    }

    private void Run()
    {
        LogStarted();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                // RunningCount is exact on this thread: only it changes what runs.
                if (!_accepting && RunningCount == 0 && WaitingCount == 0)
                {
                    _drained.TrySetResult();
                }

                if (!RunOnce())
                {
                    WaitForWake();
                }
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
            LogCrashed(ex);
        }
        finally
        {
            FailEverything(ExitError());
            _exited.TrySetResult();
        }
    }

    private void FailEverything(Exception error)
    {
        FailRunning(error);
        FailWaiting(error);
    }

    private ModelUnavailableException ExitError() => Crashed
        ? new ModelUnavailableException(ModelId, "its worker stopped after an internal error (see the appliance log)", ErrorReasons.ModelFailed)
        : StoppingError();

    /// <summary>Why work is refused or failed while stopping: an administrator's unload, or shutdown.</summary>
    private ModelUnavailableException StoppingError() => _unloading
        ? new ModelUnavailableException(ModelId, "an administrator is unloading it; retry once it is loaded again", ErrorReasons.ModelUnloading)
        : new ModelUnavailableException(ModelId, "the appliance is shutting down", ErrorReasons.Draining);
}
