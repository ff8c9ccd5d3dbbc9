namespace Appliance.Server.Tests.Security;

/// <summary>
/// The real server in the production profile on an https loopback endpoint with the in-test PKI,
/// client certificates required, no models staged, and Kestrel's TLS log at Debug: the
/// server-side proof that a refusal happened in TLS.
/// </summary>
public class TlsServerFixture : ApplianceServerFixture
{
    public TlsServerFixture()
        : this(ServerTransport.MutualTls)
    {
    }

    /// <param name="transport"><see cref="ServerTransport.MutualTls"/> (Require) or <see cref="ServerTransport.Tls"/> (Allow).</param>
    /// <param name="intermediate">Certificates from an issuing CA under the root (see <see cref="TestCertificates.Create"/>).</param>
    protected TlsServerFixture(ServerTransport transport, bool intermediate = false)
    {
        Environment = "Production";
        Transport = transport;
        IntermediateCa = intermediate;
        Models = [];
        Settings["Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel.Https"] = "Debug";
    }
}
