namespace Appliance.Core.Errors;

/// <summary>The appliance is full for now (gRPC <c>ResourceExhausted</c> with a retry hint).</summary>
public sealed class CapacityExceededException : ApplianceException
{
    /// <summary>Creates the error with the time after which a retry is likely to be admitted.</summary>
    public CapacityExceededException(string message, TimeSpan retryAfter)
        : base(ErrorReasons.QueueFull, message)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>Suggested wait before retrying (sent as <c>grpc-retry-pushback-ms</c>).</summary>
    public TimeSpan RetryAfter { get; }
}
