namespace Appliance.Core.Errors;

/// <summary>
/// Base of the domain errors that the server maps to gRPC status codes. The message is
/// written for the caller and goes on the wire: it names fields and models, never echoes
/// request content (prompts carry patient data).
/// </summary>
public abstract class ApplianceException : Exception
{
    /// <summary>Creates the error with a caller-safe message.</summary>
    protected ApplianceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a caller-safe message and the underlying cause (kept for logs only).</summary>
    protected ApplianceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
