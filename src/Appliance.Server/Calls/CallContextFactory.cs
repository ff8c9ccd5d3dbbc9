using Appliance.Core;
using Appliance.Scheduling;
using Appliance.Server.Security;

namespace Appliance.Server.Calls;

/// <summary>
/// Decides a call once, at its start: authenticates it, checks what its client may call and
/// use (<see cref="CallAccessResolver"/>), and applies the client's priority ceiling — the one
/// place the ceiling is applied; a task call's variant, model and default priority (<see cref="Tasks.TaskResolver"/>); a <c>client_request_id</c> that breaks <see cref="ClientRequestIds"/>
/// becomes the call's field error and never enters it, as does an <c>x-appliance-model</c> header naming another model than the call runs on (<see cref="ModelRoutes"/>). Pure: refusing is the steps' business.
/// </summary>
internal sealed class CallContextFactory(CallAccessResolver access, IClientPolicies policies, TimeProvider time, Tasks.TaskResolver? tasks = null)
{
    public CallContext Create(CallStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var task = start.Task is { } named
            ? tasks?.Resolve(named) ?? new Tasks.TaskSelection(null, null, new Core.Errors.TaskNotFoundException(named.Task))
            : null;
        var modelId = task is null ? start.ModelId : task.ModelId;
        var decision = access.Resolve(start.Credentials, start.Source, start.Method, modelId, start.DeclaredClient, task?.Template);
        var asked = task?.Template is { } template && start.Task is { PriorityGiven: false }
            ? template.Priority // the template's default priority, under the same ceiling
            : start.Priority ?? Core.Generation.Priority.Normal;
        var idProblem = ClientRequestIds.Problem(start.ClientRequestId);
        var routeProblem = ModelRoutes.Problem(start, modelId, queuesWork: start.Priority is not null || task is not null);
        return new CallContext
        {
            Method = start.Method,
            Access = decision,
            ModelId = modelId,
            Task = task,
            ClientRequestId = idProblem is null ? start.ClientRequestId : null, // free text never enters the call: not audited, not logged
            Priority = policies.For(decision.ClientId).Cap(asked),
            CarriesPriority = start.Priority is not null,
            RequestId = NewRequestId(),
            FieldError = start.FieldError ?? idProblem ?? routeProblem,
            StartedAt = time.GetTimestamp(),
        };
    }

    /// <summary>A new server request id.</summary>
    private static string NewRequestId() => $"req_{Guid.NewGuid():N}";
}
