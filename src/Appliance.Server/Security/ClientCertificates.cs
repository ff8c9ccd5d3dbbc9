using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Server.Security;

/// <summary>How a client certificate is matched to <c>Appliance:Clients</c>: thumbprints, subjects and SAN DNS names, normalised.</summary>
internal static class ClientCertificates
{
    /// <summary>Upper-case hex without separators, or null when it is not a SHA-1 or SHA-256 fingerprint.</summary>
    public static string? NormaliseThumbprint(string? text)
    {
        var hex = new string((text ?? "").Where(c => c is not (':' or ' ' or '-')).ToArray()).ToUpperInvariant();
        return hex.Length is 40 or 64 && hex.All(Uri.IsHexDigit) ? hex : null;
    }

    /// <summary>The distinguished name in one canonical spelling, or null when it does not parse.</summary>
    public static string? NormaliseSubject(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !text.Contains('=', StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return Canonical(new X500DistinguishedName(text));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Canonical form of a parsed name: one attribute per line, as .NET formats it.</summary>
    public static string Canonical(X500DistinguishedName name) => name.Format(multiLine: true).Trim();

    /// <summary>SHA-1 and SHA-256 fingerprints of the certificate, upper-case hex.</summary>
    public static (string Sha1, string Sha256) Thumbprints(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return (certificate.Thumbprint.ToUpperInvariant(), Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)));
    }

    /// <summary>The DNS names of the subject alternative name extension, upper-case.</summary>
    public static IEnumerable<string> DnsNames(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                foreach (var name in san.EnumerateDnsNames())
                {
                    yield return name.ToUpperInvariant();
                }
            }
        }
    }
}
