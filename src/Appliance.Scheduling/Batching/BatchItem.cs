using Appliance.Core.Generation;

namespace Appliance.Scheduling.Batching;

/// <summary>
/// One input waiting in a <see cref="BatchWorker{TInput, TOutput}"/>: a text to embed or one
/// caller's tensors. Its result completes when its batch has run, or at once when its caller
/// cancels (it is then skipped, never run).
/// </summary>
internal sealed class BatchItem<TInput, TOutput> : IQueuedWork
{
    private readonly TaskCompletionSource<TOutput> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public BatchItem(TInput input, RequestInfo info, int cost, object? key, long submittedAt, CancellationToken cancellationToken)
    {
        Input = input;
        Info = info;
        Cost = cost;
        Key = key;
        SubmittedAt = submittedAt;
        CancellationToken = cancellationToken;
    }

    public TInput Input { get; }

    public RequestInfo Info { get; }

    public string ClientId => Info.ClientId;

    public Priority Priority => Info.Priority;

    public int Cost { get; }

    /// <summary>Inputs with equal keys can share a run (equal trailing tensor dimensions); null keys are all compatible.</summary>
    public object? Key { get; }

    public long SubmittedAt { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>True once the caller cancelled or the item completed.</summary>
    public bool IsDone => _result.Task.IsCompleted;

    public Task<TOutput> Result => _result.Task;

    public void Complete(TOutput output) => _result.TrySetResult(output);

    public void Cancel() => _result.TrySetCanceled(CancellationToken);

    public void Fail(Exception error) => _result.TrySetException(error);
}
