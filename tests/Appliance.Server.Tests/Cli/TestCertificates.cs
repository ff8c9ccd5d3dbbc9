using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Server.Tests.Cli;

/// <summary>
/// A throwaway PKI written as PEM files: a hospital CA, a server certificate for 127.0.0.1 and a
/// client certificate it issued, plus an unrelated CA and a key that belongs to no certificate.
/// </summary>
public sealed class TestCertificates
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    public TestCertificates(string directory)
    {
        Directory.CreateDirectory(directory);
        CaFile = Path.Combine(directory, "hospital-ca.pem");
        OtherCaFile = Path.Combine(directory, "other-ca.pem");
        ServerCertFile = Path.Combine(directory, "server.pem");
        ServerKeyFile = Path.Combine(directory, "server.key");
        ClientCertFile = Path.Combine(directory, "client.pem");
        ClientKeyFile = Path.Combine(directory, "client.key");
        StrayKeyFile = Path.Combine(directory, "stray.key");

        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Ca = CreateCa("CN=Test Hospital CA, O=Test Hospital", caKey, now);
        File.WriteAllText(CaFile, Ca.ExportCertificatePem() + "\n");
        using (var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        using (var other = CreateCa("CN=Some Other CA", otherKey, now))
        {
            File.WriteAllText(OtherCaFile, other.ExportCertificatePem() + "\n");
        }

        Issue("CN=appliance-test", ServerAuthentication, ServerCertFile, ServerKeyFile, now, ipAddress: IPAddress.Loopback).Dispose();
        using var client = Issue("CN=cli-mtls, O=Test Hospital", ClientAuthentication, ClientCertFile, ClientKeyFile, now, ipAddress: null);
        ClientThumbprint = client.Thumbprint;
        using var stray = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        SecretFile.Write(StrayKeyFile, stray.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The hospital CA (public part), for the server's client certificate check.</summary>
    public X509Certificate2 Ca { get; }

    public string CaFile { get; }

    public string OtherCaFile { get; }

    public string ServerCertFile { get; }

    public string ServerKeyFile { get; }

    public string ClientCertFile { get; }

    public string ClientKeyFile { get; }

    /// <summary>An EC key that belongs to no certificate.</summary>
    public string StrayKeyFile { get; }

    /// <summary>SHA-1 thumbprint of the client certificate, as Appliance:Clients:&lt;id&gt;:CertificateThumbprints takes it.</summary>
    public string ClientThumbprint { get; }

    /// <summary>Whether <paramref name="certificate"/> chains to <see cref="Ca"/> (the server's client certificate check in the tests).</summary>
    public bool IssuedByCa(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static X509Certificate2 CreateCa(string subject, ECDsa key, DateTimeOffset now)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
    }

    private X509Certificate2 Issue(string subject, string usage, string certFile, string keyFile, DateTimeOffset now, IPAddress? ipAddress)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (ipAddress is not null)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(ipAddress);
            request.CertificateExtensions.Add(names.Build());
        }

        var certificate = request.Create(Ca, now.AddDays(-1), now.AddDays(7), RandomNumberGenerator.GetBytes(12));
        File.WriteAllText(certFile, certificate.ExportCertificatePem() + "\n");
        SecretFile.Write(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        return certificate;
    }
}
