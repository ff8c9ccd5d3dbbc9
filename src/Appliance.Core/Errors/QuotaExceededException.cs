namespace Appliance.Core.Errors;

/// <summary>The calling system is over one of its quotas (gRPC <c>ResourceExhausted</c> with a retry hint).</summary>
public sealed class QuotaExceededException : ApplianceException
{
    /// <summary>Creates the error with the time after which the quota allows the next call.</summary>
    public QuotaExceededException(string message, TimeSpan retryAfter)
        : base(message)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>Suggested wait before retrying (sent as <c>grpc-retry-pushback-ms</c>).</summary>
    public TimeSpan RetryAfter { get; }
}
