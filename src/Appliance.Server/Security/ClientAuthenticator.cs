using System.Security.Cryptography.X509Certificates;
using Appliance.Server.Calls;

namespace Appliance.Server.Security;

/// <summary>
/// Identifies the calling system from the TLS client certificate (already validated against
/// the hospital CA by Kestrel) and the API key, as the call's door read them. A certificate wins; when it
/// maps to no client, an API key may still identify the caller. Both present and naming
/// different clients is a failure. No credentials: anonymous if allowed, else a failure.
/// </summary>
internal sealed class ClientAuthenticator
{
    private readonly ClientDirectory _directory;

    public ClientAuthenticator(ClientDirectory directory) => _directory = directory;

    public bool AllowAnonymous => _directory.AllowAnonymous;

    public CallerIdentity Authenticate(CallerCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var snapshot = _directory.Current;
        var (certificate, apiKey) = credentials;
        var byCertificate = certificate is null ? null : FromCertificate(snapshot, certificate);
        var byKey = string.IsNullOrEmpty(apiKey) ? null : FromKey(snapshot, apiKey);

        if (byCertificate is { IsAuthenticated: true })
        {
            return byKey is { IsAuthenticated: true } && byKey.ClientId != byCertificate.ClientId
                ? CallerIdentity.Failed("certificate and api-key", "the client certificate and the API key belong to different clients")
                : byCertificate;
        }

        if (byKey is not null)
        {
            return byKey;
        }

        if (byCertificate is not null)
        {
            return byCertificate;
        }

        return _directory.AllowAnonymous
            ? CallerIdentity.Anonymous
            : CallerIdentity.Failed("none", "no credentials: present a client certificate registered with the appliance or an x-api-key");
    }

    internal static CallerIdentity FromCertificate(ClientSnapshot snapshot, X509Certificate2 certificate)
    {
        var (sha1, sha256) = ClientCertificates.Thumbprints(certificate);
        var credential = $"certificate {sha1}";
        string? id = null;
        var found = snapshot.Certificates.TryGetValue("thumbprint " + sha1, out id)
            || snapshot.Certificates.TryGetValue("thumbprint " + sha256, out id)
            || snapshot.Certificates.TryGetValue("subject " + ClientCertificates.Canonical(certificate.SubjectName), out id);
        if (!found)
        {
            foreach (var name in ClientCertificates.DnsNames(certificate))
            {
                if (snapshot.Certificates.TryGetValue("dns " + name, out id))
                {
                    found = true;
                    break;
                }
            }
        }

        return found
            ? new CallerIdentity(id, credential, null)
            : CallerIdentity.Failed(credential, $"the client certificate (SHA-1 {sha1}) is not registered for any client under Appliance:Clients");
    }

    /// <summary>
    /// A key verified before (this snapshot) is found by its SHA-256; any other is checked against
    /// every stored hash (all of them, so timing does not tell which client came close) and
    /// remembered when it matches.
    /// </summary>
    internal static CallerIdentity FromKey(ClientSnapshot snapshot, string apiKey)
    {
        var digest = Digest(apiKey);
        if (snapshot.VerifiedKeys.TryGetValue(digest, out var known))
        {
            return new CallerIdentity(known.ClientId, $"api-key {known.Fingerprint}", null);
        }

        (string ClientId, string Fingerprint)? match = null;
        foreach (var (hash, clientId, _) in snapshot.Keys)
        {
            if (hash.Matches(apiKey) && match is null)
            {
                match = (clientId, hash.Fingerprint);
            }
        }

        if (match is not { } found)
        {
            return CallerIdentity.Failed("api-key", "the API key is not valid (unknown, revoked or mistyped)");
        }

        snapshot.VerifiedKeys.TryAdd(digest, found);
        return new CallerIdentity(found.ClientId, $"api-key {found.Fingerprint}", null);
    }

    private static string Digest(string apiKey)
    {
        var length = System.Text.Encoding.UTF8.GetByteCount(apiKey);
        var bytes = length <= 256 ? stackalloc byte[length] : new byte[length];
        System.Text.Encoding.UTF8.GetBytes(apiKey, bytes);
        Span<byte> digest = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(bytes, digest);
        return Convert.ToHexString(digest);
    }
}
