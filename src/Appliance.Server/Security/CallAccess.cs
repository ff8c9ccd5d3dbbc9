using Appliance.Core.Errors;

namespace Appliance.Server.Security;

/// <summary>
/// The access decision for one call, made once when its <see cref="Calls.CallContext"/> is
/// built: who the caller is, the client id that metrics, the scheduler and the audit log use,
/// and whether the call may proceed.
/// </summary>
internal sealed class CallAccess
{
    public required CallerIdentity Caller { get; init; }

    /// <summary>The client the call runs as: the authenticated client, else the declared or <c>anonymous</c> one (development).</summary>
    public required string ClientId { get; init; }

    /// <summary>The configured client, null for anonymous and unregistered callers.</summary>
    public ClientRegistration? Registration { get; init; }

    /// <summary>
    /// Why the call may not proceed (<see cref="UnauthenticatedException"/> or
    /// <see cref="PermissionDeniedException"/>, with a caller-safe message); null when allowed.
    /// The authorisation step throws it; each door maps it to its status once.
    /// </summary>
    public ApplianceException? Denial { get; init; }

    /// <summary>Whether the client may use the model (every model for anonymous and unregistered callers in development).</summary>
    public bool MayUse(string modelId) => Registration?.AllowedModels is not { } allowed || allowed.Contains("*") || allowed.Contains(modelId);

    /// <summary>The call's source address (a refusal is audited with it, so IT can find who still uses a revoked key); null when unknown.</summary>
    public string? Source { get; init; }

    /// <summary>
    /// Refused without checking its credentials: the address failed authentication too often
    /// (<see cref="FailedAuthenticationThrottle"/>). Counted in metrics, not logged or audited one by
    /// one: <see cref="FailedAuthenticationReporter"/> summarises such calls per address.
    /// </summary>
    public bool Throttled { get; init; }

    /// <summary>How long the door holds the refusal back before sending it (throttled calls); zero otherwise.</summary>
    public TimeSpan RefusalDelay { get; init; }

    /// <summary>
    /// The decision as the log and the audit log record it; <paramref name="quotaDenial"/> when a
    /// quota refused the call after it was authorised. <paramref name="withSource"/>: every refusal
    /// names its source address (the audit log's copy; in the log an address is a caller identifier,
    /// hashed, and travels as its own field, so the log's copy leaves it out).
    /// </summary>
    public string Describe(string? quotaDenial, bool withSource = false)
    {
        var from = withSource && Source is { } source ? $" from {source}" : "";
        return (Denial, quotaDenial) switch
        {
            (UnauthenticatedException d, _) => $"denied: unauthenticated ({Caller.Credential}{from}): {d.Message}",
            ({ } d, _) => $"denied: {Caller.Credential}{from}: {d.Message}",
            (null, { } q) => $"denied: quota ({Caller.Credential}{from}): {q}",
            _ when Caller.IsAuthenticated => $"allowed: {Caller.Credential}",
            _ => "allowed: anonymous (Appliance:Security:AllowAnonymous)",
        };
    }
}
