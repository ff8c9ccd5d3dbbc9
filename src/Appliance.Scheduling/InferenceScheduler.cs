using Appliance.Core.Errors;
using Appliance.Core.Inference;
using Appliance.Core.Models;
using Appliance.Scheduling.Batching;

namespace Appliance.Scheduling;

/// <summary>
/// Entry point for tensor models: validates a call against the model's signature, and queues
/// it on the model's batcher keyed by its trailing dimensions (only equal shapes share a run).
/// </summary>
public sealed class InferenceScheduler
{
    private readonly IModelWorkerDirectory _models;
    private readonly SchedulerOptions _options;
    private readonly ISchedulerObserver _observer;

    /// <summary>Creates the scheduler.</summary>
    public InferenceScheduler(IModelWorkerDirectory models, SchedulerOptions options, ISchedulerObserver? observer = null)
    {
        _models = models;
        _options = options;
        _observer = observer ?? NullSchedulerObserver.Instance;
    }

    /// <summary>Runs the call. Throws a domain error naming the tensor before anything is queued.</summary>
    public async Task<IReadOnlyList<NamedTensor>> InferAsync(InferRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Task<IReadOnlyList<NamedTensor>[]> pending;
        try
        {
            if (string.IsNullOrWhiteSpace(request.ModelId))
            {
                throw new InvalidRequestException("model_id", "is required");
            }

            var worker = ModelLookup.Ready<TensorWorker>(_models, request.ModelId, ModelKind.Tensor);
            var (tensors, key, rows) = TensorValidator.Validate(request, worker.Engine.Signature, _options.MaxTensorElements);
            var info = new RequestInfo(request.ModelId, request.ClientId, request.Priority, rows);
            pending = worker.SubmitAsync([new BatchInput<TensorRequest>(tensors, rows, key)], info, cancellationToken);
        }
        catch (ApplianceException error)
        {
            _observer.OnRejected(new RequestInfo(request.ModelId, request.ClientId, request.Priority, 0), RejectionReasons.Of(error));
            throw;
        }

        return (await pending)[0];
    }
}
