namespace Appliance.Server.Security;

/// <summary>
/// Who a call comes from, decided from its transport and metadata alone: a client
/// certificate or API key that a configured client holds, anonymous (when allowed), or a
/// failure. Never holds the credential itself.
/// </summary>
/// <param name="ClientId">The configured client the credential belongs to; null when anonymous or failed.</param>
/// <param name="Credential">How it was identified, for the audit log: <c>certificate SHA1</c>, <c>api-key 3f9a02c1</c> (the stored hash's fingerprint), <c>none</c>.</param>
/// <param name="Failure">Why authentication failed (safe to send to the caller); null when it did not.</param>
internal sealed record CallerIdentity(string? ClientId, string Credential, string? Failure)
{
    public static CallerIdentity Anonymous { get; } = new(null, "none", null);

    public static CallerIdentity Failed(string credential, string why) => new(null, credential, why);

    public bool IsAuthenticated => ClientId is not null;
}
