namespace Appliance.Core.Errors;

/// <summary>The call carried no credentials, or credentials no configured client holds (gRPC <c>Unauthenticated</c>).</summary>
public sealed class UnauthenticatedException : ApplianceException
{
    /// <summary>
    /// Creates the error; the message says what was missing or wrong, never the credential itself;
    /// <paramref name="errorReason"/> is <see cref="ErrorReasons.AuthThrottled"/> for an address refused unchecked.
    /// </summary>
    public UnauthenticatedException(string message, string errorReason = ErrorReasons.Unauthenticated)
        : base(errorReason, message)
    {
    }
}
