using System.Text.RegularExpressions;
using Appliance.Core.Errors;

namespace Appliance.Core;

/// <summary>
/// The one rule for a caller's correlation id (<c>client_request_id</c>), whatever the method or
/// door: optional; 1 to <see cref="MaxLength"/> characters of <see cref="AllowedCharacters"/>. It
/// goes to logs and the audit log, so it must be an id, never patient data: the charset enforces
/// what the contract states (a name or free text is refused, never recorded).
/// </summary>
public static partial class ClientRequestIds
{
    /// <summary>Longest correlation id accepted.</summary>
    public const int MaxLength = 128;

    /// <summary>The characters allowed, as the refusal names them.</summary>
    public const string AllowedCharacters = "ASCII letters, digits and . _ - :";

    /// <summary>
    /// Throws <see cref="InvalidRequestException"/> naming <c>client_request_id</c>, its limit and its
    /// charset when <paramref name="clientRequestId"/> is too long or not id-shaped (the value is never quoted).
    /// </summary>
    public static void Check(string? clientRequestId)
    {
        if (Problem(clientRequestId) is { } problem)
        {
            throw problem;
        }
    }

    /// <summary>The refusal of <paramref name="clientRequestId"/>, or null when it is absent or id-shaped.</summary>
    public static InvalidRequestException? Problem(string? clientRequestId) =>
        string.IsNullOrEmpty(clientRequestId) || (clientRequestId.Length <= MaxLength && Shape().IsMatch(clientRequestId))
            ? null
            : new InvalidRequestException("client_request_id", $"must be at most {MaxLength} characters of {AllowedCharacters} (an id, never patient data)");

    [GeneratedRegex(@"^[A-Za-z0-9._:-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
