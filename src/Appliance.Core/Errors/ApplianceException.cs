namespace Appliance.Core.Errors;

/// <summary>
/// Base of the domain errors that the server maps to gRPC status codes. The message is
/// written for the caller and goes on the wire: it names fields and models, never echoes
/// request content (prompts carry patient data).
/// </summary>
public abstract class ApplianceException : Exception
{
    /// <summary>Creates the error with its <see cref="ErrorReasons"/> value, a caller-safe message and the underlying cause (kept for logs only).</summary>
    protected ApplianceException(string errorReason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorReason = errorReason;
    }

    /// <summary>The stable machine-readable reason (one of <see cref="ErrorReasons"/>), sent beside the message.</summary>
    public string ErrorReason { get; }
}
