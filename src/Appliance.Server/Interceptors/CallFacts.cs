using Appliance.Contracts.V1;
using Appliance.Scheduling;
using Appliance.Server.Services;
using Grpc.Core;
using DomainPriority = Appliance.Core.Generation.Priority;

namespace Appliance.Server.Interceptors;

/// <summary>
/// What the metrics and audit interceptors need of a call, read once from its request message:
/// the model it names, the calling system, the caller's correlation id and the effective
/// priority (after the client's ceiling). Never any text the caller sent beyond those ids.
/// </summary>
/// <param name="ModelId">The model named by the request; null when it names none (ListModels, health).</param>
/// <param name="ClientId">The calling system (field, else x-appliance-client, else anonymous).</param>
/// <param name="ClientRequestId">The caller's correlation id; null when absent.</param>
/// <param name="Priority">Effective priority class; null for calls without one.</param>
internal sealed record CallFacts(string? ModelId, string ClientId, string? ClientRequestId, DomainPriority? Priority)
{
    public static CallFacts Of(object? request, ServerCallContext context, SchedulerOptions scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        return request switch
        {
            GenerateRequest r => Model(r.ModelId, r.Client, r.ClientRequestId, r.Priority, context, scheduler),
            EmbedRequest r => Model(r.ModelId, r.Client, r.ClientRequestId, r.Priority, context, scheduler),
            InferRequest r => Model(r.ModelId, r.Client, r.ClientRequestId, r.Priority, context, scheduler),
            GetModelRequest r => new CallFacts(NullIfEmpty(r.ModelId), ProtoMapper.ClientId(null, context), null, null),
            ModelMetadataRequest r => new CallFacts(NullIfEmpty(r.ModelId), ProtoMapper.ClientId(null, context), null, null),
            _ => new CallFacts(null, ProtoMapper.ClientId(null, context), null, null),
        };
    }

    private static CallFacts Model(
        string modelId, string clientField, string clientRequestId, Contracts.V1.Priority priority, ServerCallContext context, SchedulerOptions scheduler)
    {
        var client = ProtoMapper.ClientId(clientField, context);
        var effective = scheduler.PolicyFor(client).Cap(ProtoMapper.ToDomain(priority));
        return new CallFacts(NullIfEmpty(modelId), client, NullIfEmpty(clientRequestId), effective);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
