namespace Appliance.Core.Errors;

/// <summary>The calling system is over one of its quotas (gRPC <c>ResourceExhausted</c> with a retry hint).</summary>
public sealed class QuotaExceededException : ApplianceException
{
    /// <summary>
    /// Creates the error with the time after which the quota allows the next call;
    /// <paramref name="errorReason"/> is <see cref="ErrorReasons.QuotaCalls"/> or <see cref="ErrorReasons.QuotaTokens"/>.
    /// </summary>
    public QuotaExceededException(string message, TimeSpan retryAfter, string errorReason)
        : base(errorReason, message)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>Suggested wait before retrying (sent as <c>grpc-retry-pushback-ms</c>).</summary>
    public TimeSpan RetryAfter { get; }
}
