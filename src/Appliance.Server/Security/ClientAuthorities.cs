using System.Security.Cryptography.X509Certificates;

namespace Appliance.Server.Security;

/// <summary>The hospital CA bundle of <see cref="TlsOptions.ClientCaFile"/>.</summary>
/// <param name="Roots">Self-signed CA certificates: the only trust anchors for client certificates.</param>
/// <param name="Intermediates">Other CA certificates from the bundle, used to build chains (never trusted on their own).</param>
internal sealed record ClientAuthorities(X509Certificate2Collection Roots, X509Certificate2Collection Intermediates);
