using System.Collections.Concurrent;
using System.Collections.Frozen;
using Appliance.Core.Security;
using Appliance.Scheduling;

namespace Appliance.Server.Security;

/// <summary>One immutable generation of the configured clients, with lookup tables for credentials.</summary>
internal sealed class ClientSnapshot
{
    private ClientSnapshot(
        FrozenDictionary<string, ClientRegistration> byId, IReadOnlyList<(ParsedApiKeyHash Hash, string ClientId, int Index)> keys,
        FrozenDictionary<string, string> certificates)
    {
        ById = byId;
        Policies = byId.ToFrozenDictionary(c => c.Key, c => c.Value.ToPolicy(), StringComparer.Ordinal);
        Keys = keys;
        Certificates = certificates;
    }

    public FrozenDictionary<string, ClientRegistration> ById { get; }

    /// <summary>How scheduling treats each configured client (weight, concurrency cap, priority ceiling).</summary>
    public FrozenDictionary<string, ClientPolicy> Policies { get; }

    /// <summary>Every stored key hash with its client and position (1 or 2, for the audit log).</summary>
    public IReadOnlyList<(ParsedApiKeyHash Hash, string ClientId, int Index)> Keys { get; }

    /// <summary>
    /// Keys this snapshot has verified, by the SHA-256 of the key (memory only, never stored):
    /// a known key is found with one SHA-256 instead of an HMAC per stored hash. Holds at most
    /// one entry per configured key (only matches are added); a reload starts a new snapshot.
    /// </summary>
    public ConcurrentDictionary<string, (string ClientId, string Fingerprint)> VerifiedKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>"thumbprint HEX", "subject DN" and "dns NAME" to client id.</summary>
    public FrozenDictionary<string, string> Certificates { get; }

    public static ClientSnapshot Build(ClientsOptions options)
    {
        var keys = new List<(ParsedApiKeyHash, string, int)>();
        var certificates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, client) in options.Clients)
        {
            for (var i = 0; i < client.ApiKeyHashes.Count; i++)
            {
                keys.Add((ApiKeyHash.Parse(client.ApiKeyHashes[i], out _)!, id, i + 1));
            }

            foreach (var thumbprint in client.CertificateThumbprints)
            {
                certificates["thumbprint " + ClientCertificates.NormaliseThumbprint(thumbprint)] = id;
            }

            foreach (var subject in client.CertificateSubjects)
            {
                certificates["subject " + ClientCertificates.NormaliseSubject(subject)] = id;
            }

            foreach (var name in client.CertificateDnsNames)
            {
                certificates["dns " + name.ToUpperInvariant()] = id;
            }
        }

        return new ClientSnapshot(options.Clients.ToFrozenDictionary(StringComparer.Ordinal), keys, certificates.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
