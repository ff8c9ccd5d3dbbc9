namespace Appliance.Core.Errors;

/// <summary>The model exists but cannot serve now: loading, failed, or shutting down (gRPC <c>Unavailable</c>).</summary>
public sealed class ModelUnavailableException : ApplianceException
{
    /// <summary>
    /// Creates the error; <paramref name="reason"/> is operator-facing text without user content,
    /// <paramref name="errorReason"/> the <see cref="ErrorReasons"/> value (loading, failed, draining...).
    /// </summary>
    public ModelUnavailableException(string modelId, string reason, string errorReason = ErrorReasons.ModelUnavailable)
        : base(errorReason, $"model '{modelId}' is unavailable: {reason}")
    {
        ModelId = modelId;
        Reason = reason;
    }

    /// <summary>Why, without the model id (e.g. for the model's failure reason).</summary>
    public string Reason { get; }

    /// <summary>The model concerned.</summary>
    public string ModelId { get; }
}
