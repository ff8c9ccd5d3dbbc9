using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Cli.CommandLine;

/// <summary>Credentials loaded from <see cref="ConnectionSettings"/>, ready for <see cref="ServerChannel"/>.</summary>
internal sealed class ClientCredentials
{
    /// <summary>The API key to send as <c>x-api-key</c>; null sends none.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Trust anchors for the server's certificate (the hospital CA); null uses the system's trust store.</summary>
    public X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>Where <see cref="TrustedRoots"/> came from (option and path), for the message when the server's certificate is refused.</summary>
    public string TrustedRootsSource { get; init; } = "";

    /// <summary>Client certificate, key and intermediates for mutual TLS; null presents none.</summary>
    public SslStreamCertificateContext? ClientCertificate { get; init; }

    /// <summary>What the calls carry, for hints after a refusal: sources and subjects, never a secret.</summary>
    public required string Description { get; init; }
}
