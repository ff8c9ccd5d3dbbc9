using Appliance.Contracts.V1;
using Grpc.Core;

namespace Appliance.Server.GrpcApi;

/// <summary>appliance.v1.Generation/CountTokens: the prompt's tokens as Generate would count them.</summary>
internal sealed partial class GenerationService
{
    public override Task<CountTokensResponse> CountTokens(CountTokensRequest request, ServerCallContext context)
    {
        var call = GrpcCalls.Of(context);
        var domain = ProtoMapper.ToDomain(request, sampling: null, call, context.Deadline);
        var count = scheduler.CountTokens(domain, context.CancellationToken);
        return Task.FromResult(new CountTokensResponse
        {
            PromptTokens = count.Tokens,
            ContextLength = count.ContextLength,
            Fits = count.Fits,
            MaxOutputTokens = count.MaxOutputTokens,
            ModelId = domain.ModelId,
        });
    }
}
