namespace Appliance.Scheduling.Tests;

/// <summary>
/// What a fake engine does on every run: signals that a run began, optionally holds it on a
/// gate (released by the test, or ended by the run's cancellation, which it reports), and
/// optionally fails it.
/// </summary>
internal sealed class RunControl : IDisposable
{
    private readonly TaskCompletionSource _cancellationObserved = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _failNext;

    /// <summary>When set, every run waits on it (or on its cancellation token).</summary>
    public SemaphoreSlim? Gate { get; set; }

    /// <summary>Released once per run as it begins.</summary>
    public SemaphoreSlim Entered { get; } = new(0);

    /// <summary>Completes when a gated run saw its cancellation token cancelled.</summary>
    public Task CancellationObserved => _cancellationObserved.Task;

    /// <summary>Makes the next run throw.</summary>
    public void FailNextRun() => _failNext = true;

    /// <summary>Called by the fake at the start of a run, on the worker thread.</summary>
    public void Enter(CancellationToken cancellationToken)
    {
        Entered.Release();
        if (Gate is { } gate)
        {
            try
            {
                gate.Wait(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                _cancellationObserved.TrySetResult();
                throw;
            }
        }

        if (_failNext)
        {
            _failNext = false;
            throw new InvalidOperationException("injected engine failure");
        }
    }

    /// <summary>Waits (bounded) until a run has begun.</summary>
    public async Task WaitForRunAsync()
    {
        Assert.True(await Entered.WaitAsync(Bounded.Timeout), "no engine run began within the timeout");
    }

    public void Dispose()
    {
        Entered.Dispose();
        Gate?.Dispose();
    }
}
