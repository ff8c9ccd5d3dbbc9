namespace Appliance.Server.Tests.Cli;

/// <summary>
/// <see cref="SecuredServerFixture"/> over https:// with the in-test PKI's server certificate, client
/// certificates allowed (API-key callers connect without one) and the PKI's good client registered
/// (<see cref="TestCertificates.GoodClientId"/>).
/// </summary>
public sealed class ApiKeyTlsServerFixture() : SecuredServerFixture(ServerTransport.Tls)
{
    /// <summary>Options that present the PKI's good client certificate.</summary>
    public string[] ClientCertificateOptions => ["--cert-file", Pki.ClientCertFile, "--key-file", Pki.ClientKeyFile];
}
