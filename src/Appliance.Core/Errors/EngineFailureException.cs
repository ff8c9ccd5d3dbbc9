namespace Appliance.Core.Errors;

/// <summary>The engine failed on a step (native decode error). The worker ends the affected requests with finish reason error.</summary>
public sealed class EngineFailureException : ApplianceException
{
    /// <summary>Creates the error.</summary>
    public EngineFailureException(string message, Exception? innerException = null)
        : base(ErrorReasons.Internal, message, innerException)
    {
    }
}
