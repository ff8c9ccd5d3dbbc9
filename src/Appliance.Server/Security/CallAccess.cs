using Grpc.Core;

namespace Appliance.Server.Security;

/// <summary>
/// The access decision for one call, made once (by whichever interceptor asks first) and kept
/// in the call's <see cref="ServerCallContext.UserState"/>: who the caller is, the client id
/// that metrics, the scheduler and the audit log use, and whether the call may proceed.
/// </summary>
internal sealed class CallAccess
{
    /// <summary>Key in <see cref="ServerCallContext.UserState"/>.</summary>
    public const string UserStateKey = "appliance.access";

    public required CallerIdentity Caller { get; init; }

    /// <summary>The client the call runs as: the authenticated client, else the declared or <c>anonymous</c> one (development).</summary>
    public required string ClientId { get; init; }

    /// <summary>The configured client, null for anonymous and unregistered callers.</summary>
    public ClientRegistration? Registration { get; init; }

    /// <summary>Unauthenticated or PermissionDenied, with a caller-safe message; null when allowed.</summary>
    public (StatusCode Code, string Message)? Denial { get; init; }

    /// <summary>Set when a quota refused the call after it was authorised.</summary>
    public string? QuotaDenial { get; set; }

    /// <summary>The decision as the audit log records it.</summary>
    public string AuditText => (Denial, QuotaDenial) switch
    {
        ({ Code: StatusCode.Unauthenticated } d, _) => $"denied: unauthenticated ({Caller.Credential}): {d.Message}",
        ({ } d, _) => $"denied: {Caller.Credential}: {d.Message}",
        (null, { } q) => $"denied: quota ({Caller.Credential}): {q}",
        _ when Caller.IsAuthenticated => $"allowed: {Caller.Credential}",
        _ => "allowed: anonymous (Appliance:Security:AllowAnonymous)",
    };

    /// <summary>The decision made earlier in this call, if any.</summary>
    public static CallAccess? Cached(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.UserState.TryGetValue(UserStateKey, out var value) ? value as CallAccess : null;
    }
}
