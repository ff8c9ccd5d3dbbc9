using Appliance.Contracts.V1;
using Appliance.Core.Errors;
using Appliance.Server.Models;
using Appliance.Server.Models.Memory;
using Grpc.Core;

namespace Appliance.Server.GrpcApi;

/// <summary>
/// appliance.v1.ModelAdmin: load, unload and swap models while serving. Thin: the call pipeline
/// has already checked the admin role and audits the call; <see cref="ModelHost"/> does the work.
/// </summary>
internal sealed class ModelAdminService(ModelHost host, ModelMemoryEstimates estimates) : ModelAdmin.ModelAdminBase
{
    /// <summary>Longest drain an unload may ask for.</summary>
    private static readonly TimeSpan MaxDrainTimeout = TimeSpan.FromHours(1);

    public override async Task<LoadModelResponse> LoadModel(LoadModelRequest request, ServerCallContext context)
    {
        var loaded = await host.LoadAsync(Required(request.ModelId), context.CancellationToken);
        return new LoadModelResponse { Model = ModelsService.ToProto(loaded.Model, estimates), LoadSeconds = loaded.LoadDuration.TotalSeconds };
    }

    public override async Task<UnloadModelResponse> UnloadModel(UnloadModelRequest request, ServerCallContext context)
    {
        var id = Required(request.ModelId);
        var timeout = TimeSpan.FromMilliseconds(request.DrainTimeoutMs);
        if (timeout > MaxDrainTimeout)
        {
            throw new InvalidRequestException("drain_timeout_ms", $"must be at most {(long)MaxDrainTimeout.TotalMilliseconds} (one hour; got {request.DrainTimeoutMs})");
        }

        var outcome = await host.UnloadAsync(id, request.DrainTimeoutMs == 0 ? null : timeout, context.CancellationToken);
        return new UnloadModelResponse
        {
            Model = ModelsService.ToProto(host.Get(id)!, estimates),
            WaitingRefused = outcome.WaitingRefused,
            RunningFailed = outcome.RunningFailed,
        };
    }

    public override async Task<ReloadModelResponse> ReloadModel(ReloadModelRequest request, ServerCallContext context)
    {
        var swapped = await host.ReloadAsync(Required(request.ModelId), context.CancellationToken);
        return new ReloadModelResponse
        {
            Model = ModelsService.ToProto(swapped.Model, estimates),
            PreviousSha256 = swapped.PreviousSha256 ?? string.Empty,
            DrainedFirst = swapped.DrainedFirst,
            BudgetRefusal = swapped.BudgetRefusal ?? string.Empty,
            GapMs = (long)swapped.Gap.TotalMilliseconds,
            LoadSeconds = swapped.LoadDuration.TotalSeconds,
        };
    }

    private static string Required(string modelId) =>
        string.IsNullOrWhiteSpace(modelId) ? throw new InvalidRequestException("model_id", "is required") : modelId;
}
