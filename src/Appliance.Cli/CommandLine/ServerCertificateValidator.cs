using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Cli.CommandLine;

/// <summary>
/// Accepts the server's certificate only if it chains to one of the given CA certificates
/// (<c>--ca-file</c>: the hospital CA, instead of the system's trust store), is meant for TLS
/// servers, and names the host the CLI connected to (the check SslStream already did).
/// </summary>
internal sealed class ServerCertificateValidator
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    private readonly X509Certificate2Collection _roots;
    private readonly TextWriter _errors;
    private readonly string _caSource;

    /// <param name="roots">The CA bundle.</param>
    /// <param name="caSource">The option the bundle came from, for the message when a certificate is refused.</param>
    /// <param name="errors">Where the reason for a refusal goes; the handshake's own error says only "rejected".</param>
    public ServerCertificateValidator(X509Certificate2Collection roots, string caSource, TextWriter errors)
    {
        _roots = roots;
        _caSource = caSource;
        _errors = errors;
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return Refuse("the server presented no certificate");
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return Refuse($"the server's certificate ({leaf.Subject}) is not issued for the host name in the server address");
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);

        // A hospital network is offline: no CRL or OCSP responder is reachable from the box.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthentication));
        if (presented is not null)
        {
            // Intermediates the server sent; they help build the path but are not trusted themselves.
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (chain.Build(leaf))
        {
            return true;
        }

        var reasons = chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct();
        return Refuse($"the server's certificate ({leaf.Subject}) is not trusted by {_caSource}: {string.Join("; ", reasons)}");
    }

    private bool Refuse(string reason)
    {
        _errors.WriteLine($"error: TLS: {reason}");
        return false;
    }
}
