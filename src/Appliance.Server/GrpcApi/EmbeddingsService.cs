using Appliance.Contracts.V1;
using Appliance.Scheduling;
using Appliance.Server.Calls;
using Grpc.Core;
using DomainEmbedRequest = Appliance.Core.Inference.EmbedRequest;

namespace Appliance.Server.GrpcApi;

/// <summary>appliance.v1.Embeddings: proto ⇄ domain adapter over the embedding scheduler.</summary>
internal sealed class EmbeddingsService(EmbeddingScheduler scheduler) : Embeddings.EmbeddingsBase
{
    public override async Task<EmbedResponse> Embed(EmbedRequest request, ServerCallContext context)
    {
        var call = GrpcCalls.Of(context);
        var domain = new DomainEmbedRequest
        {
            RequestId = call.RequestId,
            ModelId = request.ModelId,
            Texts = request.Texts,
            Normalize = !request.HasNormalize || request.Normalize,
            Truncate = !request.HasTruncate || request.Truncate,
            Priority = call.Priority,
            ClientId = call.ClientId,
        };
        var result = await scheduler.EmbedAsync(domain, context.CancellationToken);
        var response = new EmbedResponse
        {
            Dimension = result.Dimension,
            Usage = new EmbedUsage { PromptTokens = result.PromptTokens, TruncatedTexts = result.TruncatedTexts },
            RequestId = domain.RequestId,
            ClientRequestId = request.ClientRequestId,
            ModelId = request.ModelId,
        };
        foreach (var vector in result.Vectors)
        {
            var embedding = new Embedding();
            embedding.Values.AddRange(vector);
            response.Embeddings.Add(embedding);
        }

        call.Complete(new CallOutcome { PromptTokens = result.PromptTokens });
        return response;
    }
}
