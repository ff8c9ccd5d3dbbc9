using Appliance.Core;
using Appliance.Core.Audit;
using Appliance.Server.Calls;
using Appliance.Server.Models;

namespace Appliance.Server.Audit;

/// <summary>
/// Writes a start and an end record to the <see cref="AuditLog"/> for every appliance.v1 call and every call of the OpenAI-compatible door.
/// Second in the pipeline, so denied calls are recorded with the decision and the end record
/// has the final status. Only identifiers, counts, timings and codes: never prompt text,
/// outputs, embeddings or tensors (see <see cref="AuditRecord"/>).
/// </summary>
internal sealed class AuditStep(AuditLog log, ModelHost models) : ICallStep
{
    public void Begin(CallContext call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (IsAudited(call))
        {
            // The version the call runs on, decided once: a swap later in the call leaves its records on the old version's sha256.
            call.ModelSha256 = Sha256(call);
            log.Write(Record(call) with { Event = "start" });
        }
    }

    public void End(CallContext call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (IsAudited(call))
        {
            if (Security.ApplianceMethods.IsAdminMethod(call.Method))
            {
                call.ModelSha256 = Sha256(call); // an admin call's end record shows the version it left serving
            }

            log.Write(WithOutcome(Record(call) with { Event = "end", Status = call.Status.ToString() }, call));
        }
    }

    /// <summary>Appliance calls (both doors), except those refused unchecked after too many failed authentications: a summary record per address counts them.</summary>
    private static bool IsAudited(CallContext call) => Security.ApplianceMethods.IsApplianceMethod(call.Method) && !call.Access.Throttled;

    /// <summary>What both records hold: the call's ids, model, priority and the decision (a quota may have refused the call by the end).</summary>
    private static AuditRecord Record(CallContext call) => new()
    {
        Event = "start",
        RequestId = call.RequestId, // every record, so a caller's x-request-id finds its call whatever the outcome
        Method = call.Method,
        Client = call.ClientId,
        ClientRequestId = call.ClientRequestId,
        ModelId = Identifiers.OrPlaceholder(call.ModelId), // free text sent as a model id is never recorded
        ModelSha256 = call.ModelSha256,
        Priority = call.CarriesPriority ? call.Priority.ToString().ToLowerInvariant() : null,
        Authorization = call.AuditedAuthorization,
        TaskId = call.Task?.Template?.Id,
        TaskVersion = call.Task?.Template?.Version,
        TaskSha256 = call.Task?.Template?.Sha256,
    };

    /// <summary>The sha256 of the model version new calls run on now (the loaded one, else the configured one).</summary>
    private string? Sha256(CallContext call) => call.ModelId is { } id ? models.Get(id)?.ServingSha256 : null;

    /// <summary>
    /// The handler's outcome: token counts, timings, finish reason. Nothing else. A
    /// generation cut short (cancelled, deadline, failure after admission) has no outcome: its
    /// prompt tokens and the tokens generated before it stopped are recorded.
    /// </summary>
    private static AuditRecord WithOutcome(AuditRecord record, CallContext call)
    {
        if (call.Outcome is { } outcome)
        {
            return record with
            {
                PromptTokens = outcome.PromptTokens,
                CompletionTokens = outcome.CompletionTokens,
                QueueMilliseconds = outcome.Queue is { } queue ? (long)Math.Round(queue.TotalSeconds * 1000) : null,
                TotalMilliseconds = outcome.Total is { } total ? (long)Math.Round(total.TotalSeconds * 1000) : null,
                FinishReason = outcome.FinishReason?.ToString().ToLowerInvariant(),
                TaskAttempts = outcome.TaskAttempts,
                UngroundedItems = outcome.UngroundedItems,
            };
        }

        return call.PromptTokens is { } prompt
            ? record with { PromptTokens = prompt, CompletionTokens = (int)call.GeneratedTokens }
            : record;
    }
}
