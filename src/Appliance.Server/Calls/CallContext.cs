using Appliance.Core.Generation;
using Appliance.Server.Security;

namespace Appliance.Server.Calls;

/// <summary>
/// One call, decided once at its start (<see cref="CallContextFactory"/>) and read by every
/// step of the <see cref="CallPipeline"/> (metrics, audit, authorisation, quotas) and by the
/// handler: who the caller is and how that was proven, whether it may proceed, the model, the
/// effective priority, the ids. The handler records the outcome on it; the door records the
/// status. Transport-free: no step re-reads the request or the transport.
/// </summary>
internal sealed class CallContext
{
    private long _generatedTokens;

    /// <summary>The method as a path (<c>/appliance.v1.Generation/Generate</c>).</summary>
    public required string Method { get; init; }

    /// <summary>Identity, how it was proven, and the authorisation decision.</summary>
    public required CallAccess Access { get; init; }

    /// <summary>The client the call runs as (metrics, scheduler, audit log).</summary>
    public string ClientId => Access.ClientId;

    /// <summary>The model the request names; null when it names none (ListModels, health).</summary>
    public string? ModelId { get; init; }

    /// <summary>The caller's correlation id; null when absent.</summary>
    public string? ClientRequestId { get; init; }

    /// <summary>
    /// The priority the call runs at: what it asked for (normal when it carries none) after the
    /// client's ceiling. The one place the ceiling is applied is <see cref="CallContextFactory"/>.
    /// </summary>
    public required Priority Priority { get; init; }

    /// <summary>Whether the method carries a priority (Generate, Complete, Embed, Infer); audit and metrics leave it blank otherwise.</summary>
    public bool CarriesPriority { get; init; }

    /// <summary>The server's id of this call, unique; sent back in responses and written to the audit log.</summary>
    public required string RequestId { get; init; }

    /// <summary>A field the door could not accept (<see cref="CallStart.FieldError"/>); the pipeline refuses the call with it.</summary>
    public Core.Errors.InvalidRequestException? FieldError { get; init; }

    /// <summary>The task variant and model a RunTask call was decided to run (or why not); null for other methods.</summary>
    public Tasks.TaskSelection? Task { get; init; }

    /// <summary>When the call started (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long StartedAt { get; init; }

    /// <summary>The sha256 of the model version the call runs on, as the audit step decided it at the start; null when it names no model.</summary>
    public string? ModelSha256 { get; set; }

    /// <summary>Set by the quota step when a quota refused the call after it was authorised.</summary>
    public string? QuotaDenial { get; set; }

    /// <summary>The quota step's hold on the client's quotas, released when the call ends.</summary>
    public ClientQuotas.Lease QuotaLease { get; set; }

    /// <summary>What the handler reported; null when no response was produced.</summary>
    public CallOutcome? Outcome { get; private set; }

    /// <summary>How the call ended; <see cref="CallStatus.Unknown"/> until the door records it.</summary>
    public CallStatus Status { get; set; } = CallStatus.Unknown;

    /// <summary>How many steps of the pipeline began (and so end); the pipeline's bookkeeping.</summary>
    public int StepsBegun { get; set; }

    /// <summary>Tokens generated for the call so far (its pieces), for a call that ends without its final message.</summary>
    public long GeneratedTokens => Interlocked.Read(ref _generatedTokens);

    /// <summary>Prompt tokens of a generation once the scheduler admitted it; null before (or for other methods).</summary>
    public int? PromptTokens { get; private set; }

    /// <summary>Tokens the call used, for the token-rate quota: the outcome's count, else the pieces generated before it stopped.</summary>
    public long TokensUsed => Outcome?.Tokens ?? GeneratedTokens;

    /// <summary>The decision as the log records it (quota refusals included).</summary>
    public string AuthorizationText => Access.Describe(QuotaDenial);

    /// <summary>The decision as the audit log records it: a failed authentication with its source address too.</summary>
    public string AuditedAuthorization => Access.Describe(QuotaDenial, withSource: true);

    /// <summary>Counts the tokens a generated piece carried.</summary>
    public void AddGeneratedTokens(int count) => Interlocked.Add(ref _generatedTokens, count);

    /// <summary>Records the prompt's size once the scheduler admitted the generation (so a call cut short is still audited with it).</summary>
    public void Admitted(int promptTokens) => PromptTokens = promptTokens;

    /// <summary>Records what the response reported; called by the handler just before it sends the response (or the final message).</summary>
    public void Complete(CallOutcome outcome) => Outcome = outcome;
}
