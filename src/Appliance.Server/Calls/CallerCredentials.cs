using System.Security.Cryptography.X509Certificates;

namespace Appliance.Server.Calls;

/// <summary>
/// The credentials a call presented, as its door read them from the transport: the TLS client
/// certificate (already validated against the hospital CA) and an API key. Held only while the
/// call's context is built; never logged or recorded.
/// </summary>
/// <param name="Certificate">The client certificate; null when none was presented.</param>
/// <param name="ApiKey">The API key; null or empty when none was sent.</param>
internal sealed record CallerCredentials(X509Certificate2? Certificate, string? ApiKey)
{
    /// <summary>No credentials.</summary>
    public static CallerCredentials None { get; } = new(null, null);
}
