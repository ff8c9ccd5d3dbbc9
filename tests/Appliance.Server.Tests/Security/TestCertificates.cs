using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Server.Tests.Security;

/// <summary>
/// A throw-away PKI generated in the test (ECDSA P-256): a test CA, a server certificate for
/// localhost/127.0.0.1, client certificates (good, expired, from another CA, server-only usage), and
/// their PEM files in a temp folder that is deleted on dispose.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private TestCertificates(bool intermediate)
    {
        var now = DateTimeOffset.UtcNow;
        Ca = CreateCa("CN=Appliance Test Hospital CA", now);
        OtherCa = CreateCa("CN=Some Other CA", now);
        Intermediate = intermediate ? CreateIntermediate(Ca, now) : null;
        Server = IssueServer();
        GoodClient = Issue(Issuer, "CN=tls-test-client, O=Test Hospital", ClientAuth, now.AddDays(-1), now.AddDays(30));
        ExpiredClient = Issue(Issuer, "CN=expired-client, O=Test Hospital", ClientAuth, now.AddDays(-30), now.AddDays(-1));
        OtherCaClient = Issue(OtherCa, "CN=other-ca-client", ClientAuth, now.AddDays(-1), now.AddDays(30));
        ServerUsageClient = Issue(Issuer, "CN=server-usage-client, O=Test Hospital", ServerAuth, now.AddDays(-1), now.AddDays(30));
        Directory.CreateDirectory(Folder);
        WriteServer(Server);
        File.WriteAllText(ClientCaFile, Ca.ExportCertificatePem());
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "appliance-tls-" + Guid.NewGuid().ToString("N")[..12]);

    public X509Certificate2 Ca { get; }

    public X509Certificate2 OtherCa { get; }

    /// <summary>With <c>Create(intermediate: true)</c>: an issuing CA under <see cref="Ca"/> that issues the server and client certificates; else null.</summary>
    public X509Certificate2? Intermediate { get; }

    /// <summary>The CA that issues the server and the hospital's client certificates.</summary>
    public X509Certificate2 Issuer => Intermediate ?? Ca;

    /// <summary>The server certificate in <see cref="CertificateFile"/> at creation.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>Issued by <see cref="Ca"/>, clientAuth, valid now.</summary>
    public X509Certificate2 GoodClient { get; }

    /// <summary>Issued by <see cref="Ca"/>, clientAuth, expired yesterday.</summary>
    public X509Certificate2 ExpiredClient { get; }

    /// <summary>Issued by <see cref="OtherCa"/>, clientAuth, valid now.</summary>
    public X509Certificate2 OtherCaClient { get; }

    /// <summary>Issued by <see cref="Ca"/>, valid now, but its extended key usage is serverAuth only.</summary>
    public X509Certificate2 ServerUsageClient { get; }

    public string CertificateFile => Path.Combine(Folder, "server.crt");

    public string KeyFile => Path.Combine(Folder, "server.key");

    public string ClientCaFile => Path.Combine(Folder, "hospital-ca.crt");

    /// <summary>
    /// Generates the PKI. <paramref name="intermediate"/>: certificates come from an issuing CA under
    /// the root; the certificate file then holds the server certificate and that CA; the CA file
    /// holds the root only.
    /// </summary>
    public static TestCertificates Create(bool intermediate = false) => new(intermediate);

    /// <summary>The <c>Appliance:Security:Tls</c> settings for these files, and the good client registered as <c>tls-test</c>.</summary>
    public Dictionary<string, string?> Settings(string clientCertificateMode = "Require") => new()
    {
        ["Appliance:Security:Tls:CertificateFile"] = CertificateFile,
        ["Appliance:Security:Tls:KeyFile"] = KeyFile,
        ["Appliance:Security:Tls:ClientCaFile"] = ClientCaFile,
        ["Appliance:Security:Tls:ClientCertificateMode"] = clientCertificateMode,

        // For the client registry and authorisation (issue 6): ignored until they exist.
        ["Appliance:Clients:tls-test:CertificateThumbprints:0"] = GoodClient.Thumbprint,
        ["Appliance:Clients:tls-test:AllowedModels:0"] = "*",
    };

    /// <summary>A new server certificate (new key, new thumbprint) for localhost and 127.0.0.1, issued by <see cref="Ca"/>.</summary>
    public X509Certificate2 IssueServer(DateTimeOffset? notAfter = null)
    {
        var now = DateTimeOffset.UtcNow;
        return Issue(Issuer, "CN=localhost, O=Test Hospital", ServerAuth, now.AddDays(-1), notAfter ?? now.AddDays(90), request =>
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        });
    }

    /// <summary>A valid client certificate from the hospital CA with <paramref name="subject"/> and, when given, a SAN DNS name.</summary>
    public X509Certificate2 IssueClient(string subject, string? dnsName = null)
    {
        var now = DateTimeOffset.UtcNow;
        return Issue(Issuer, subject, ClientAuth, now.AddDays(-1), now.AddDays(30), request =>
        {
            if (dnsName is not null)
            {
                var names = new SubjectAlternativeNameBuilder();
                names.AddDnsName(dnsName);
                request.CertificateExtensions.Add(names.Build());
            }
        });
    }

    /// <summary>Replaces the server certificate and key files (each written to a temp file and moved over, as an operator's <c>install</c> would).</summary>
    public void WriteServer(X509Certificate2 server)
    {
        Replace(KeyFile, KeyPem(server));
        Replace(CertificateFile, server.ExportCertificatePem() + (Intermediate is null ? string.Empty : "\n" + Intermediate.ExportCertificatePem()));
    }

    /// <summary>The PEM private key of <paramref name="certificate"/>.</summary>
    public static string KeyPem(X509Certificate2 certificate) => certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();

    public void Dispose()
    {
        foreach (var certificate in new[] { Ca, OtherCa, Intermediate, Server, GoodClient, ExpiredClient, OtherCaClient, ServerUsageClient })
        {
            certificate?.Dispose();
        }

        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private static void Replace(string path, string contents)
    {
        var temporary = path + ".new";
        File.WriteAllText(temporary, contents);
        File.Move(temporary, path, overwrite: true);
    }

    private static X509Certificate2 CreateCa(string subject, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(now.AddDays(-60), now.AddYears(5));
    }

    private static X509Certificate2 CreateIntermediate(X509Certificate2 root, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Appliance Test Hospital Issuing CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var certificate = request.Create(root, now.AddDays(-30), now.AddYears(2), [0x01, .. RandomNumberGenerator.GetBytes(8)]);
        return certificate.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 Issue(
        X509Certificate2 issuer, string subject, string usage, DateTimeOffset notBefore, DateTimeOffset notAfter, Action<CertificateRequest>? extend = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        extend?.Invoke(request);
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var certificate = request.Create(issuer, notBefore, notAfter, serial);
        return certificate.CopyWithPrivateKey(key);
    }
}
