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

    /// <summary>The decision as the audit log records it; <paramref name="quotaDenial"/> when a quota refused the call after it was authorised.</summary>
    public string Describe(string? quotaDenial) => (Denial, quotaDenial) switch
    {
        (UnauthenticatedException d, _) => $"denied: unauthenticated ({Caller.Credential}): {d.Message}",
        ({ } d, _) => $"denied: {Caller.Credential}: {d.Message}",
        (null, { } q) => $"denied: quota ({Caller.Credential}): {q}",
        _ when Caller.IsAuthenticated => $"allowed: {Caller.Credential}",
        _ => "allowed: anonymous (Appliance:Security:AllowAnonymous)",
    };
}
