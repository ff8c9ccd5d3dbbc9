using Appliance.Core.Errors;
using Appliance.Core.Generation;

namespace Appliance.Scheduling.Batching;

/// <summary>The worker thread: gather, take a compatible batch in admission order, run, hand out. Worker thread only.</summary>
public partial class BatchWorker<TInput, TOutput>
{
    private protected override bool RunOnce()
    {
        if (_waiting.Count == 0)
        {
            return false;
        }

        Gather();
        var batch = TakeBatch();
        if (batch.Count > 0)
        {
            Execute(batch);
        }

        return true;
    }

    /// <summary>
    /// Waits until a full batch waits, urgent work waits, or the queue delay has passed since
    /// this batch's first input was noticed; a timer on the injected clock ends the wait. A lone
    /// caller does not wait: when the previous run held a single input (no sign of concurrent
    /// callers) the batch runs at once, so the delay costs nothing at low load; inputs that
    /// arrive while a run is under way form the next batch anyway.
    /// </summary>
    private void Gather()
    {
        if (_lastBatchSize <= 1 && _waiting.Count == 1)
        {
            return;
        }

        var deadline = Time.GetUtcNow() + _limits.MaxQueueDelay;
        while (!StopRequested && _waiting.Count < _limits.MaxBatchSize && !_waiting.UrgentWaiting && Accepting)
        {
            var remaining = deadline - Time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            using var timer = Time.CreateTimer(static state => ((BatchWorker<TInput, TOutput>)state!).Nudge(), this, remaining, Timeout.InfiniteTimeSpan);
            WaitForWake();
        }
    }

    /// <summary>Takes up to a batch of inputs in admission order whose key matches the first; cancelled ones are dropped unrun.</summary>
    private List<BatchItem<TInput, TOutput>> TakeBatch()
    {
        var batch = new List<BatchItem<TInput, TOutput>>(Math.Min(_limits.MaxBatchSize, _waiting.Count));
        object? key = null;
        while (batch.Count < _limits.MaxBatchSize
               && _waiting.TryTake(batch.Count == 0 ? null : item => item.IsDone || Equals(item.Key, key), out var item))
        {
            if (item.IsDone)
            {
                // Cancelled while waiting: never runs, never charged.
                _waiting.Release(item.ClientId);
                continue;
            }

            key = batch.Count == 0 ? item.Key : key;
            batch.Add(item);
        }

        return batch;
    }

    private void Execute(List<BatchItem<TInput, TOutput>> batch)
    {
        var started = Time.GetTimestamp();
        foreach (var item in batch)
        {
            Observer.OnAdmitted(item.Info, Time.GetElapsedTime(item.SubmittedAt, started));
        }

        Volatile.Write(ref _runningCount, batch.Count);
        _drainRate.InUse(batch.Count, _limits.MaxBatchSize);
        IReadOnlyList<TOutput>? outputs = null;
        using (var run = new CancellationTokenSource())
        {
            var live = batch.Count;
            var registrations = batch.Select(item => item.CancellationToken.UnsafeRegister(_ =>
            {
                if (Interlocked.Decrement(ref live) == 0)
                {
                    run.Cancel();
                }
            }, null)).ToList();
            try
            {
                outputs = _run([.. batch.Select(i => i.Input)], run.Token);
                if (outputs.Count != batch.Count)
                {
                    throw new InvalidOperationException($"the engine returned {outputs.Count} outputs for {batch.Count} inputs");
                }
            }
            catch (OperationCanceledException) when (run.IsCancellationRequested)
            {
                ModelWorkerLog.Terminated(Logger, ModelId, batch.Count);
            }
            catch (Exception ex)
            {
                ModelWorkerLog.RunFailed(Logger, ex, ModelId, batch.Count);
                foreach (var item in batch)
                {
                    item.Fail(new EngineFailureException($"model '{ModelId}' failed to run the batch"));
                }
            }
            finally
            {
                foreach (var registration in registrations)
                {
                    registration.Dispose();
                }
            }
        }

        Finish(batch, outputs, started);
    }

    private void Finish(List<BatchItem<TInput, TOutput>> batch, IReadOnlyList<TOutput>? outputs, long started)
    {
        var end = Time.GetTimestamp();
        var cost = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var item = batch[i];
            cost += item.Cost;
            _waiting.Charge(item.ClientId, item.Cost);
            _waiting.Release(item.ClientId);
            _drainRate.Completed();
            if (outputs is not null)
            {
                item.Complete(outputs[i]);
            }
            else
            {
                item.Cancel();
            }

            var total = Time.GetElapsedTime(item.SubmittedAt, end);
            var reason = outputs is not null ? FinishReason.Stop : item.CancellationToken.IsCancellationRequested ? FinishReason.Cancelled : FinishReason.Error;
            Observer.OnFinished(item.Info, reason, new TokenUsage(item.Cost, 0), new GenerationTimings(Time.GetElapsedTime(item.SubmittedAt, started), total, total));
        }

        Volatile.Write(ref _runningCount, 0);
        _drainRate.InUse(0, _limits.MaxBatchSize);
        _lastBatchSize = batch.Count;
        Observer.OnStep(ModelId, batch.Count, cost, Time.GetElapsedTime(started, end));
    }
}
