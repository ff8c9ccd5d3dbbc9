using Appliance.Scheduling;
using Appliance.Server.Security;
using Appliance.Server.Services;
using Grpc.Core;
using DomainPriority = Appliance.Core.Generation.Priority;

namespace Appliance.Server.Interceptors;

/// <summary>
/// What the metrics and audit interceptors need of a call, read once from its request message
/// and its access decision: the model it names, the calling system, the caller's correlation
/// id and the effective priority (after the client's ceiling). Never any text the caller sent
/// beyond those ids.
/// </summary>
/// <param name="ModelId">The model named by the request; null when it names none (ListModels, health).</param>
/// <param name="Access">Who the caller is and whether the call may proceed (<see cref="CallAccess"/>).</param>
/// <param name="ClientRequestId">The caller's correlation id; null when absent.</param>
/// <param name="Priority">Effective priority class; null for calls without one.</param>
internal sealed record CallFacts(string? ModelId, CallAccess Access, string? ClientRequestId, DomainPriority? Priority)
{
    /// <summary>The client id metrics, the scheduler and the audit log use.</summary>
    public string ClientId => Access.ClientId;

    public static CallFacts Of(object? request, ServerCallContext context, SchedulerOptions scheduler, CallAccessResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(resolver);
        var fields = RequestFields.Of(request);
        var access = resolver.Resolve(context, fields.ModelId, fields.DeclaredClient);
        var priority = fields.Priority is { } asked ? scheduler.PolicyFor(access.ClientId).Cap(ProtoMapper.ToDomain(asked)) : (DomainPriority?)null;
        return new CallFacts(fields.ModelId, access, fields.ClientRequestId, priority);
    }
}
