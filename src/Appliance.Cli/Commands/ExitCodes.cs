namespace Appliance.Cli.Commands;

/// <summary>Process exit codes of appliancectl, one per class of outcome so scripts can branch on them.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>Any failure without a more specific code (internal error, deadline, busy server...).</summary>
    public const int Failure = 1;

    /// <summary>
    /// The server rejected a field of the request (gRPC INVALID_ARGUMENT or OUT_OF_RANGE), or
    /// appliancectl refused an input before sending anything (a credential file that cannot be
    /// used, a key that is too short).
    /// </summary>
    public const int InvalidArgument = 2;

    /// <summary>The model or health service does not exist (gRPC NOT_FOUND).</summary>
    public const int NotFound = 3;

    /// <summary>
    /// The server is unreachable (refused, timed out, or the TLS handshake failed), draining, or
    /// the model is loading or failed (gRPC UNAVAILABLE).
    /// </summary>
    public const int Unavailable = 4;

    /// <summary>
    /// The health check answered, but not SERVING (or the wait timed out). For <c>status</c>: a model is
    /// still loading (or <c>--wait</c> timed out), no model is configured, or the server is not SERVING
    /// (draining); no model failed.
    /// </summary>
    public const int NotServing = 5;

    /// <summary>The server did not accept the credentials, or none were sent (gRPC UNAUTHENTICATED).</summary>
    public const int Unauthenticated = 6;

    /// <summary>The server knows the caller, but it may not make this call or use this model (gRPC PERMISSION_DENIED).</summary>
    public const int PermissionDenied = 7;

    /// <summary><c>status</c>: at least one model FAILED to load (the screen shows its reason).</summary>
    public const int ModelFailed = 8;

    /// <summary>
    /// <c>status</c>: every model is ready, but the metrics page (<c>--metrics</c>) could not be read, so
    /// the screen lacks queues, request rates, GPUs, version and uptime (it says why).
    /// </summary>
    public const int MetricsUnavailable = 9;

    /// <summary>The user pressed Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
