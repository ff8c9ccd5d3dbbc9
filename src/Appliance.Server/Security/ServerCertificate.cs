using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Server.Security;

/// <summary>A loaded server certificate with its private key, and the TLS context that sends it with its intermediates.</summary>
/// <param name="Certificate">The leaf certificate, with its private key.</param>
/// <param name="Context">What SslStream presents: the leaf and the intermediates from the certificate file.</param>
internal sealed record ServerCertificate(X509Certificate2 Certificate, SslStreamCertificateContext Context);
