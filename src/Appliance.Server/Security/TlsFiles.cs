using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Server.Security;

/// <summary>
/// Reads the TLS files of <see cref="TlsOptions"/>. Every error names the configuration key and the
/// file, e.g. <c>Appliance:Security:Tls:KeyFile: file /x not found</c>; nothing is thrown.
/// </summary>
internal static class TlsFiles
{
    /// <summary>Extended key usage for TLS server authentication.</summary>
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>Extended key usage for TLS client authentication.</summary>
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    public const string CertificateKey = TlsOptions.SectionName + ":" + nameof(TlsOptions.CertificateFile);
    public const string KeyKey = TlsOptions.SectionName + ":" + nameof(TlsOptions.KeyFile);
    public const string ClientCaKey = TlsOptions.SectionName + ":" + nameof(TlsOptions.ClientCaFile);

    /// <summary>Loads the server certificate, its chain and its key; refuses a key that does not match, or a certificate that is not valid at <paramref name="now"/> or not for server authentication.</summary>
    public static bool TryLoadServerCertificate(TlsOptions options, DateTimeOffset now, [NotNullWhen(true)] out ServerCertificate? loaded, [NotNullWhen(false)] out string? error)
    {
        loaded = null;
        var certificateFile = options.CertificateFile;
        if (!TryReadCertificates(CertificateKey, certificateFile, out var chain, out error))
        {
            return false;
        }

        var leaf = chain[0];
        if (string.IsNullOrWhiteSpace(options.KeyFile))
        {
            error = $"{KeyKey} must be set when {CertificateKey} is (the server certificate's private key)";
            return false;
        }

        if (!File.Exists(options.KeyFile))
        {
            error = $"{KeyKey}: file {options.KeyFile} not found";
            return false;
        }

        if (!TryAttachKey(leaf, options.KeyFile, certificateFile!, out var withKey, out error))
        {
            return false;
        }

        error = CheckValidity(CertificateKey, withKey, now) ?? CheckUsage(CertificateKey, withKey, ServerAuthOid, "server");
        if (error is not null)
        {
            withKey.Dispose();
            return false;
        }

        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < chain.Count; i++)
        {
            intermediates.Add(chain[i]);
        }

        // offline: never fetch missing intermediates over the network (air-gapped sites).
        loaded = new ServerCertificate(withKey, SslStreamCertificateContext.Create(withKey, intermediates, offline: true));
        return true;
    }

    /// <summary>
    /// Loads the client CA bundle: self-signed CA certificates become the trust anchors, other CA
    /// certificates are intermediates that help build chains. At least one root is required.
    /// </summary>
    public static bool TryLoadClientAuthorities(TlsOptions options, [NotNullWhen(true)] out ClientAuthorities? authorities, [NotNullWhen(false)] out string? error)
    {
        authorities = null;
        if (string.IsNullOrWhiteSpace(options.ClientCaFile))
        {
            error = $"{ClientCaKey} must be set when TLS is on: the hospital CA certificate(s) that issue client certificates (the only trust anchors for them)";
            return false;
        }

        if (!TryReadCertificates(ClientCaKey, options.ClientCaFile, out var all, out error))
        {
            return false;
        }

        var roots = new X509Certificate2Collection();
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in all)
        {
            var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
            if (constraints is not { CertificateAuthority: true })
            {
                error = $"{ClientCaKey}: certificate '{certificate.Subject}' in {options.ClientCaFile} is not a CA certificate (basicConstraints CA:TRUE)";
                return false;
            }

            (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) ? roots : intermediates).Add(certificate);
        }

        if (roots.Count == 0)
        {
            error = $"{ClientCaKey}: file {options.ClientCaFile} holds no self-signed root CA certificate; add the hospital's root CA (intermediate CAs may follow it)";
            return false;
        }

        authorities = new ClientAuthorities(roots, intermediates);
        return true;
    }

    /// <summary>Null when <paramref name="certificate"/> is valid at <paramref name="now"/>, else the problem.</summary>
    public static string? CheckValidity(string key, X509Certificate2 certificate, DateTimeOffset now)
    {
        if (now < certificate.NotBefore.ToUniversalTime())
        {
            return string.Create(CultureInfo.InvariantCulture, $"{key}: certificate '{certificate.Subject}' is not valid before {certificate.NotBefore.ToUniversalTime():u}");
        }

        return now > certificate.NotAfter.ToUniversalTime()
            ? string.Create(CultureInfo.InvariantCulture, $"{key}: certificate '{certificate.Subject}' expired on {certificate.NotAfter.ToUniversalTime():u}")
            : null;
    }

    /// <summary>True when <paramref name="certificate"/> has no extended key usage extension or one that lists <paramref name="oid"/>.</summary>
    public static bool AllowsUsage(X509Certificate2 certificate, string oid)
    {
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().ToList();
        return usages.Count == 0 || usages.Any(u => u.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == oid));
    }

    private static string? CheckUsage(string key, X509Certificate2 certificate, string oid, string role) =>
        AllowsUsage(certificate, oid)
            ? null
            : $"{key}: certificate '{certificate.Subject}' is not allowed for TLS {role} authentication (its extended key usage lacks {oid})";

    private static bool TryReadCertificates(string key, string? file, [NotNullWhen(true)] out X509Certificate2Collection? certificates, [NotNullWhen(false)] out string? error)
    {
        certificates = null;
        if (!File.Exists(file))
        {
            error = $"{key}: file {file} not found";
            return false;
        }

        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPemFile(file);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            error = $"{key}: file {file} could not be read as PEM certificates ({e.Message})";
            return false;
        }

        if (collection.Count == 0)
        {
            error = $"{key}: file {file} holds no certificate (expected PEM '-----BEGIN CERTIFICATE-----')";
            return false;
        }

        certificates = collection;
        error = null;
        return true;
    }

    private static bool TryAttachKey(X509Certificate2 certificate, string keyFile, string certificateFile, [NotNullWhen(true)] out X509Certificate2? withKey, [NotNullWhen(false)] out string? error)
    {
        withKey = null;
        string pem;
        try
        {
            pem = File.ReadAllText(keyFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"{KeyKey}: file {keyFile} could not be read ({e.Message}); it must be readable by the service user";
            return false;
        }

        if (pem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
        {
            error = $"{KeyKey}: the key in {keyFile} is encrypted; store it unencrypted, readable only by the service user (mode 0600)";
            return false;
        }

        if (!pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            error = $"{KeyKey}: file {keyFile} holds no PEM private key";
            return false;
        }

        try
        {
            withKey = Attach(certificate, pem);
            error = withKey is null ? $"{CertificateKey}: the certificate in {certificateFile} has an unsupported key algorithm (RSA or ECDSA expected)" : null;
            return withKey is not null;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            error = $"{KeyKey}: the private key in {keyFile} does not match the certificate in {certificateFile}";
            return false;
        }
    }

    /// <summary>The certificate with the key from <paramref name="pem"/>; throws when the key does not match.</summary>
    private static X509Certificate2? Attach(X509Certificate2 certificate, string pem)
    {
        using (var publicRsa = certificate.GetRSAPublicKey())
        {
            if (publicRsa is not null)
            {
                using var rsa = RSA.Create();
                rsa.ImportFromPem(pem);
                return certificate.CopyWithPrivateKey(rsa);
            }
        }

        using var publicEcdsa = certificate.GetECDsaPublicKey();
        if (publicEcdsa is null)
        {
            return null;
        }

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(pem);
        return certificate.CopyWithPrivateKey(ecdsa);
    }
}
