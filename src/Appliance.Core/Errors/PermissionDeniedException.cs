namespace Appliance.Core.Errors;

/// <summary>The calling system is known but may not call this method or model (gRPC <c>PermissionDenied</c>).</summary>
public sealed class PermissionDeniedException : ApplianceException
{
    /// <summary>
    /// Creates the error; the message names the field and the configuration key that would allow the call,
    /// <paramref name="errorReason"/> is <see cref="ErrorReasons.MethodNotAllowed"/> or <see cref="ErrorReasons.ModelNotAllowed"/>.
    /// </summary>
    public PermissionDeniedException(string message, string errorReason)
        : base(errorReason, message)
    {
    }
}
