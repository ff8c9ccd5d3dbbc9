namespace Appliance.Testing.Server;

/// <summary>How an <see cref="ApplianceServerFixture"/> listens and how its <see cref="ApplianceServerFixture.Channel"/> connects.</summary>
public enum ServerTransport
{
    /// <summary>http:// (h2c) on loopback, as the development profile listens.</summary>
    Plain,

    /// <summary>
    /// https:// with the in-test PKI's server certificate; client certificates allowed, not required
    /// (<c>ClientCertificateMode</c> Allow): API-key callers connect without one, a presented one is
    /// validated. The fixture's channel presents none.
    /// </summary>
    Tls,

    /// <summary>https:// and every connection presents a client certificate from the hospital CA (Require). The fixture's channel presents the PKI's good client.</summary>
    MutualTls,
}
