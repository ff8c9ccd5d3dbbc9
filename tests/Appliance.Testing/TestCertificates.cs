using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Testing;

/// <summary>
/// The in-test PKI (ECDSA P-256), generated in the test and written as PEM files to a folder: a
/// hospital CA (optionally with an issuing CA under it), a server certificate for 127.0.0.1 only
/// (so "localhost" is a wrong host name), client certificates (good, expired, from another CA,
/// server-only usage), another CA, and a key that belongs to no certificate.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    /// <summary>The server certificate's subject, as TLS errors and the server's log name it.</summary>
    public const string ServerSubject = "CN=appliance-test, O=Test Hospital";

    /// <summary>The client id <see cref="Settings"/> registers for <see cref="GoodClient"/>'s thumbprint.</summary>
    public const string GoodClientId = "tls-test";

    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private readonly bool _ownsFolder;

    private TestCertificates(string? folder, bool intermediate)
    {
        _ownsFolder = folder is null;
        Folder = folder ?? Path.Combine(Path.GetTempPath(), "appliance-tls-" + Guid.NewGuid().ToString("N")[..12]);
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
        File.WriteAllText(CaFile, Ca.ExportCertificatePem() + "\n");
        File.WriteAllText(OtherCaFile, OtherCa.ExportCertificatePem() + "\n");
        File.WriteAllText(ClientCertFile, GoodClient.ExportCertificatePem() + "\n");
        SecretFile.Write(ClientKeyFile, KeyPem(GoodClient) + "\n");
        using var stray = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        SecretFile.Write(StrayKeyFile, stray.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Where the PEM files are.</summary>
    public string Folder { get; }

    /// <summary>The hospital (root) CA.</summary>
    public X509Certificate2 Ca { get; }

    public X509Certificate2 OtherCa { get; }

    /// <summary>With <c>Create(intermediate: true)</c>: an issuing CA under <see cref="Ca"/> that issues the server and client certificates; else null.</summary>
    public X509Certificate2? Intermediate { get; }

    /// <summary>The CA that issues the server and the hospital's client certificates.</summary>
    public X509Certificate2 Issuer => Intermediate ?? Ca;

    /// <summary>The server certificate in <see cref="CertificateFile"/> at creation (<see cref="ServerSubject"/>, SAN 127.0.0.1).</summary>
    public X509Certificate2 Server { get; }

    /// <summary>Issued by <see cref="Issuer"/>, clientAuth, valid now; its PEM files are <see cref="ClientCertFile"/> and <see cref="ClientKeyFile"/>.</summary>
    public X509Certificate2 GoodClient { get; }

    /// <summary>Issued by <see cref="Issuer"/>, clientAuth, expired yesterday.</summary>
    public X509Certificate2 ExpiredClient { get; }

    /// <summary>Issued by <see cref="OtherCa"/>, clientAuth, valid now.</summary>
    public X509Certificate2 OtherCaClient { get; }

    /// <summary>Issued by <see cref="Issuer"/>, valid now, but its extended key usage is serverAuth only.</summary>
    public X509Certificate2 ServerUsageClient { get; }

    /// <summary>The server's certificate (followed by the issuing CA, when there is one).</summary>
    public string CertificateFile => Path.Combine(Folder, "server.crt");

    /// <summary>The server's private key.</summary>
    public string KeyFile => Path.Combine(Folder, "server.key");

    /// <summary>The hospital CA: the server's <c>ClientCaFile</c> and a client's <c>--ca-file</c>.</summary>
    public string CaFile => Path.Combine(Folder, "hospital-ca.crt");

    public string OtherCaFile => Path.Combine(Folder, "other-ca.crt");

    public string ClientCertFile => Path.Combine(Folder, "client.crt");

    public string ClientKeyFile => Path.Combine(Folder, "client.key");

    /// <summary>An EC key that belongs to no certificate.</summary>
    public string StrayKeyFile => Path.Combine(Folder, "stray.key");

    /// <summary>
    /// Generates the PKI into a new temp folder (deleted on dispose), or into <paramref name="folder"/>
    /// (left to its owner). <paramref name="intermediate"/>: certificates come from an issuing CA under
    /// the root; the certificate file then holds the server certificate and that CA; the CA file holds
    /// the root only.
    /// </summary>
    public static TestCertificates Create(bool intermediate = false, string? folder = null) => new(folder, intermediate);

    /// <summary>The <c>Appliance:Security:Tls</c> settings for these files, and <see cref="GoodClient"/> registered as <see cref="GoodClientId"/> (every model).</summary>
    public Dictionary<string, string?> Settings(string clientCertificateMode = "Require") => new()
    {
        ["Appliance:Security:Tls:CertificateFile"] = CertificateFile,
        ["Appliance:Security:Tls:KeyFile"] = KeyFile,
        ["Appliance:Security:Tls:ClientCaFile"] = CaFile,
        ["Appliance:Security:Tls:ClientCertificateMode"] = clientCertificateMode,
        [$"Appliance:Clients:{GoodClientId}:CertificateThumbprints:0"] = GoodClient.Thumbprint,
        [$"Appliance:Clients:{GoodClientId}:AllowedModels:0"] = "*",
    };

    /// <summary>A new server certificate (new key, new thumbprint) for 127.0.0.1, issued by <see cref="Issuer"/>.</summary>
    public X509Certificate2 IssueServer(DateTimeOffset? notAfter = null)
    {
        var now = DateTimeOffset.UtcNow;
        return Issue(Issuer, ServerSubject, ServerAuth, now.AddDays(-1), notAfter ?? now.AddDays(90), request =>
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
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
        ArgumentNullException.ThrowIfNull(server);
        Replace(KeyFile, KeyPem(server));
        Replace(CertificateFile, server.ExportCertificatePem() + (Intermediate is null ? string.Empty : "\n" + Intermediate.ExportCertificatePem()));
    }

    /// <summary>The PEM private key of <paramref name="certificate"/>.</summary>
    public static string KeyPem(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();
    }

    public void Dispose()
    {
        foreach (var certificate in new[] { Ca, OtherCa, Intermediate, Server, GoodClient, ExpiredClient, OtherCaClient, ServerUsageClient })
        {
            certificate?.Dispose();
        }

        if (_ownsFolder && Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private static void Replace(string path, string contents)
    {
        var temporary = path + ".new";
        SecretFile.Write(temporary, contents);
        File.Move(temporary, path, overwrite: true);
    }

    private static X509Certificate2 CreateCa(string subject, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        AddCaExtensions(request, pathLength: null);
        return request.CreateSelfSigned(now.AddDays(-60), now.AddYears(5));
    }

    private static X509Certificate2 CreateIntermediate(X509Certificate2 root, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Appliance Test Hospital Issuing CA", key, HashAlgorithmName.SHA256);
        AddCaExtensions(request, pathLength: 0);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var certificate = request.Create(root, now.AddDays(-30), now.AddYears(2), [0x01, .. RandomNumberGenerator.GetBytes(8)]);
        return certificate.CopyWithPrivateKey(key);
    }

    private static void AddCaExtensions(CertificateRequest request, int? pathLength)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(
            certificateAuthority: true, hasPathLengthConstraint: pathLength is not null, pathLengthConstraint: pathLength ?? 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
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
