using Appliance.Server.Tests.Metrics;

namespace Appliance.Server.Tests.Security;

/// <summary>
/// Issue 21, item 4: <c>appliance_certificate_expiry_seconds</c> tells how long the server certificate and the
/// client CA have left, as the certificates themselves say (the in-test PKI: server 90 days, CA longer).
/// </summary>
public sealed class CertificateExpiryMetricTests(TlsServerFixture server) : IClassFixture<TlsServerFixture>
{
    [Fact]
    public async Task Scrape_TlsOn_ReportsSecondsLeftOfServerCertificateAndClientCa()
    {
        var scrape = Scrape.Parse(await server.Server.ScrapeAsync());
        var now = DateTimeOffset.UtcNow;

        var serverLeft = scrape.Sum("appliance_certificate_expiry_seconds", ("certificate", "server"));
        var caLeft = scrape.Sum("appliance_certificate_expiry_seconds", ("certificate", "client_ca"));

        var expectedServer = (server.Pki.Server.NotAfter.ToUniversalTime() - now).TotalSeconds;
        var expectedCa = (server.Pki.Ca.NotAfter.ToUniversalTime() - now).TotalSeconds;
        Assert.InRange(serverLeft, expectedServer - 3600, expectedServer + 3600);
        Assert.InRange(caLeft, expectedCa - 3600, expectedCa + 3600);
        Assert.NotEqual(serverLeft, caLeft, 1000.0);
    }
}
