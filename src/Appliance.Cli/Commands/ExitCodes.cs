namespace Appliance.Cli.Commands;

/// <summary>Process exit codes of appliancectl, one per class of outcome so scripts can branch on them.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>Any failure without a more specific code (internal error, deadline, busy server...).</summary>
    public const int Failure = 1;

    /// <summary>The server rejected a field of the request (gRPC INVALID_ARGUMENT or OUT_OF_RANGE).</summary>
    public const int InvalidArgument = 2;

    /// <summary>The model or health service does not exist (gRPC NOT_FOUND).</summary>
    public const int NotFound = 3;

    /// <summary>The server is unreachable, draining, or the model is loading or failed (gRPC UNAVAILABLE).</summary>
    public const int Unavailable = 4;

    /// <summary>The health check answered, but not SERVING (or the wait timed out).</summary>
    public const int NotServing = 5;

    /// <summary>The user pressed Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
