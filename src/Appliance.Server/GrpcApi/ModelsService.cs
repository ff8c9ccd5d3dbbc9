using Appliance.Contracts.V1;
using Appliance.Core.Errors;
using Appliance.Core.Generation;
using Appliance.Server.Models;
using Appliance.Server.Models.Memory;
using Grpc.Core;
using DomainKind = Appliance.Core.Models.ModelKind;
using DomainState = Appliance.Core.Models.ModelState;

namespace Appliance.Server.GrpcApi;

/// <summary>appliance.v1.Models: what is configured and in which state.</summary>
internal sealed class ModelsService(ModelHost host, ModelMemoryEstimates estimates) : Contracts.V1.Models.ModelsBase
{
    /// <summary>Every model the calling system may use (all of them for anonymous callers in development).</summary>
    public override Task<ListModelsResponse> ListModels(ListModelsRequest request, ServerCallContext context)
    {
        var access = GrpcCalls.Of(context).Access;
        var visible = host.Models.Where(m => access.MayUse(m.Id));
        var response = new ListModelsResponse();
        response.Models.AddRange(visible.Select(m => ToProto(m, estimates)));
        return Task.FromResult(response);
    }

    public override Task<GetModelResponse> GetModel(GetModelRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.ModelId))
        {
            throw new InvalidRequestException("model_id", "is required");
        }

        var entry = host.Get(request.ModelId) ?? throw new ModelNotFoundException(request.ModelId);
        return Task.FromResult(new GetModelResponse { Model = ToProto(entry, estimates) });
    }

    /// <summary>The model as ListModels, GetModel and ModelAdmin describe it: the version serving (or the configured one when none is loaded).</summary>
    internal static ModelInfo ToProto(ModelEntry entry, ModelMemoryEstimates estimates)
    {
        var state = entry.State;
        var info = new ModelInfo
        {
            Id = entry.Id,
            State = state.State switch
            {
                DomainState.Loading => ModelState.Loading,
                DomainState.Ready => ModelState.Ready,
                DomainState.Available => ModelState.Available,
                DomainState.Draining => ModelState.Draining,
                _ => ModelState.Failed,
            },
            FailureReason = state.State == DomainState.Failed ? state.FailureReason ?? string.Empty : string.Empty,
            Backend = BackendText.ForCallers(state.Backend),
        };
        if (state.State == DomainState.Loading)
        {
            info.LoadPercent = state.LoadPercent ?? 0;
        }

        if ((state.Serving ?? entry.Manifest) is { } m)
        {
            info.Load = m.Load == Core.Models.ModelLoadPolicy.OnDemand ? "on_demand" : "on_start";
            info.Evictable = m.Evictable;
            info.Kind = m.Kind switch
            {
                DomainKind.TextGeneration => ModelKind.TextGeneration,
                DomainKind.Embedding => ModelKind.Embedding,
                _ => ModelKind.Tensor,
            };
            info.Format = m.Format.ToString().ToLowerInvariant();
            info.Quantization = m.Quantization ?? string.Empty;
            info.ContextLength = m.ContextLength;
            info.Sha256 = m.Sha256;
            info.MaxSequences = m.MaxSequences;
            info.GpuLayers = m.GpuLayers;
            info.License = m.License ?? string.Empty;
            info.Source = m.Source ?? string.Empty;
            info.Description = m.Description ?? string.Empty;
            if (m.Kind == DomainKind.TextGeneration)
            {
                info.DefaultMaxTokens = SamplingParameters.DefaultMaxTokens;
            }

            if (estimates.For(m) is { } estimate)
            {
                info.MemoryEstimate.AddRange(estimate.Devices.Select(d => new DeviceMemory
                {
                    Device = d.Device.Name, WeightsBytes = d.WeightsBytes, KvCacheBytes = d.KvBytes, ComputeBytes = d.ComputeBytes, TotalBytes = d.TotalBytes,
                }));
            }

            if (m.Reasoning is { } reasoning)
            {
                info.Reasoning = new ReasoningInfo { StartMarker = reasoning.Start, EndMarker = reasoning.End, MaxTokens = reasoning.MaxTokens };
            }
        }

        ModelTraitsMapper.AddTo(info, state.Traits);
        return info;
    }
}
