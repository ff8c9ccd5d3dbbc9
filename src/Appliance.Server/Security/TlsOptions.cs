using System.Security.Cryptography.X509Certificates;

namespace Appliance.Server.Security;

/// <summary>
/// TLS for every <c>https://</c> gRPC endpoint (configuration section <c>Appliance:Security:Tls</c>).
/// TLS is on when <see cref="CertificateFile"/> is set. Relative paths are relative to the content
/// root (the server's folder).
/// </summary>
public sealed class TlsOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = SecurityOptions.SectionName + ":Tls";

    /// <summary>PEM server certificate, optionally followed by its intermediate CA certificates (sent to clients). Reloaded when it changes.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>PEM private key of the server certificate (unencrypted; file mode 0600, owned by the service user). Reloaded when it changes.</summary>
    public string? KeyFile { get; set; }

    /// <summary>
    /// PEM bundle of the hospital CA certificate(s) that issue client certificates: its self-signed
    /// roots are the only trust anchors for client certificates (never the system store); any
    /// intermediate CA certificates in it help build chains. Read at start.
    /// </summary>
    public string? ClientCaFile { get; set; }

    /// <summary>Whether a client must present a certificate (default <see cref="ClientCertificateRequirement.Require"/>).</summary>
    public ClientCertificateRequirement ClientCertificateMode { get; set; } = ClientCertificateRequirement.Require;

    /// <summary>
    /// Revocation check of client certificates. Default <see cref="X509RevocationMode.NoCheck"/>:
    /// hospital networks are air-gapped, so a CRL distribution point is usually unreachable and
    /// <c>Online</c> would refuse every client; a client is revoked by removing its certificate from
    /// the client registry. <c>Online</c> suits a CA that publishes its CRL on the hospital network;
    /// <c>Offline</c> uses only CRLs already cached on the box and refuses when none is.
    /// </summary>
    public X509RevocationMode RevocationMode { get; set; } = X509RevocationMode.NoCheck;

    /// <summary>True when TLS is configured (<see cref="CertificateFile"/> is set).</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(CertificateFile);
}
