using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Security;

/// <summary>
/// Validates a presented client certificate during the TLS handshake: valid now, allowed for client
/// authentication, and chaining to a root of <see cref="TlsOptions.ClientCaFile"/> (a custom trust
/// store; the system store is never consulted), with the configured revocation mode. Everything
/// else is refused and logged at Warning with the reason, subject and thumbprint.
/// </summary>
internal sealed class ClientCertificateValidator
{
    private readonly ClientAuthorities _authorities;
    private readonly X509RevocationMode _revocation;
    private readonly TimeProvider _time;
    private readonly ILogger<ClientCertificateValidator> _logger;

    public ClientCertificateValidator(IOptions<SecurityOptions> options, TimeProvider time, ILogger<ClientCertificateValidator> logger)
    {
        var tls = options.Value.Tls;
        if (!TlsFiles.TryLoadClientAuthorities(tls, out var authorities, out var error))
        {
            // Start-up validation reports this first; reaching here means the file changed since.
            throw new InvalidOperationException(error);
        }

        _authorities = authorities;
        _revocation = tls.RevocationMode;
        _time = time;
        _logger = logger;
    }

    /// <summary>The trust anchors in use.</summary>
    public X509Certificate2Collection Roots => _authorities.Roots;

    /// <summary>The whole CA bundle in use (roots and intermediates).</summary>
    public ClientAuthorities Authorities => _authorities;

    /// <summary>
    /// The handshake's verdict on the client's certificate for the connection from <paramref name="peer"/>
    /// (SslStream's validation callback, set per connection by <see cref="TlsSetup"/>). None presented: refused
    /// in Require mode (logged with the peer: the likeliest setup mistake is an API-key system on a box still
    /// in Require). The system's verdict is ignored: the hospital CA is not in the system store.
    /// </summary>
    public bool Validate(X509Certificate? presented, X509Chain? chain, ClientCertificateRequirement mode, string peer)
    {
        if (presented is null)
        {
            if (mode != ClientCertificateRequirement.Require)
            {
                return true;
            }

            TlsLog.ClientCertificateMissing(_logger, peer);
            return false;
        }

        using var owned = presented as X509Certificate2 is null ? new X509Certificate2(presented) : null;
        var certificate = owned ?? (X509Certificate2)presented;
        var reason = Check(certificate, chain);
        if (reason is null)
        {
            return true;
        }

        TlsLog.ClientCertificateRefused(_logger, reason, certificate.Subject, certificate.Thumbprint, peer);
        return false;
    }

    /// <summary>Null when <paramref name="certificate"/> is acceptable, else why not.</summary>
    public string? Check(X509Certificate2 certificate, X509Chain? presented)
    {
        var now = _time.GetUtcNow();
        if (now < certificate.NotBefore.ToUniversalTime())
        {
            return string.Create(CultureInfo.InvariantCulture, $"not valid before {certificate.NotBefore.ToUniversalTime():u}");
        }

        if (now > certificate.NotAfter.ToUniversalTime())
        {
            return string.Create(CultureInfo.InvariantCulture, $"expired on {certificate.NotAfter.ToUniversalTime():u}");
        }

        if (!TlsFiles.AllowsUsage(certificate, TlsFiles.ClientAuthOid))
        {
            return $"its extended key usage does not allow client authentication ({TlsFiles.ClientAuthOid})";
        }

        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(_authorities.Roots);
        policy.ExtraStore.AddRange(_authorities.Intermediates);
        if (presented is not null)
        {
            // Intermediates the client sent; never trust anchors (only CustomTrustStore is).
            policy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
        }

        policy.RevocationMode = _revocation;
        policy.RevocationFlag = X509RevocationFlag.ExcludeRoot;

        // No AIA fetches unless the site chose Online revocation (the network may reach the CA then).
        policy.DisableCertificateDownloads = _revocation != X509RevocationMode.Online;
        policy.UrlRetrievalTimeout = TimeSpan.FromSeconds(5);
        policy.ApplicationPolicy.Add(new Oid(TlsFiles.ClientAuthOid));
        policy.VerificationTimeIgnored = false;
        policy.VerificationTime = now.UtcDateTime;
        if (chain.Build(certificate))
        {
            return null;
        }

        var problems = chain.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct();
        return $"no valid chain to a hospital CA in {TlsFiles.ClientCaKey} ({string.Join(", ", problems)})";
    }
}
