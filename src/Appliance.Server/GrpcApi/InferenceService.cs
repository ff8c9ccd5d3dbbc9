using Appliance.Contracts.V1;
using Appliance.Core.Errors;
using Appliance.Core.Inference;
using Appliance.Scheduling;
using Appliance.Server.Calls;
using Appliance.Server.Models;
using Grpc.Core;
using DomainInferRequest = Appliance.Core.Inference.InferRequest;
using ProtoInferRequest = Appliance.Contracts.V1.InferRequest;

namespace Appliance.Server.GrpcApi;

/// <summary>appliance.v1.Inference: tensor models, proto ⇄ domain adapter over the inference scheduler.</summary>
internal sealed class InferenceService(InferenceScheduler scheduler, ModelHost host) : Contracts.V1.Inference.InferenceBase
{
    public override Task<GetModelMetadataResponse> GetModelMetadata(GetModelMetadataRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.ModelId))
        {
            throw new InvalidRequestException("model_id", "is required");
        }

        var entry = host.Get(request.ModelId) ?? throw new ModelNotFoundException(request.ModelId);
        var worker = entry.State.Worker as Scheduling.Batching.TensorWorker ?? (entry.Manifest is { Kind: not Core.Models.ModelKind.Tensor }
            ? throw new InvalidRequestException("model_id", $"model '{request.ModelId}' is not a tensor model")
            : throw new ModelUnavailableException(
                request.ModelId,
                entry.State.ReasonForCallers ?? "it is still loading",
                entry.State.ReasonForCallers is null ? ErrorReasons.ModelLoading : ErrorReasons.ModelFailed));
        var signature = worker.Engine.Signature;
        var response = new GetModelMetadataResponse { ModelId = request.ModelId, Batchable = signature.Batchable, Backend = worker.Engine.Backend };
        response.Inputs.AddRange(signature.Inputs.Select(TensorMapper.ToProto));
        response.Outputs.AddRange(signature.Outputs.Select(TensorMapper.ToProto));
        return Task.FromResult(response);
    }

    public override async Task<InferResponse> Infer(ProtoInferRequest request, ServerCallContext context)
    {
        var call = GrpcCalls.Of(context);
        var domain = new DomainInferRequest
        {
            RequestId = call.RequestId,
            ModelId = request.ModelId,
            Inputs = [.. request.Inputs.Select((tensor, i) => TensorMapper.ToDomain(tensor, $"inputs[{i}]"))],
            Outputs = [.. request.Outputs],
            Priority = call.Priority,
            ClientId = call.ClientId,
        };
        var outputs = await scheduler.InferAsync(domain, context.CancellationToken);
        var response = new InferResponse { RequestId = domain.RequestId, ClientRequestId = request.ClientRequestId, ModelId = request.ModelId };
        response.Outputs.AddRange(outputs.Select(TensorMapper.ToProto));
        call.Complete(new CallOutcome());
        return response;
    }
}
