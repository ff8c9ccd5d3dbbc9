using Appliance.Core.Errors;

namespace Appliance.Core;

/// <summary>
/// The one rule for a caller's correlation id (<c>client_request_id</c>), whatever the method or
/// door: optional, at most <see cref="MaxLength"/> characters (it goes to logs and the audit log).
/// </summary>
public static class ClientRequestIds
{
    /// <summary>Longest correlation id accepted.</summary>
    public const int MaxLength = 128;

    /// <summary>Throws <see cref="InvalidRequestException"/> naming <c>client_request_id</c> when <paramref name="clientRequestId"/> is too long.</summary>
    public static void Check(string? clientRequestId)
    {
        if (clientRequestId is { Length: > MaxLength })
        {
            throw new InvalidRequestException("client_request_id", $"must be at most {MaxLength} characters");
        }
    }
}
