using Grpc.Core;
using Grpc.Health.V1;

namespace Appliance.Server.Tests.Security;

/// <summary><c>ClientCertificateMode</c> Allow: systems without a certificate connect (they will use an API key); a presented certificate is still validated.</summary>
public sealed class TlsAllowModeTests(AllowModeTlsServerFixture fixture) : IClassFixture<AllowModeTlsServerFixture>
{
    [Fact]
    public async Task Handshake_NoClientCertificateInAllowMode_Connects()
    {
        var response = await TlsClient.CheckHealthAsync(fixture.Address, fixture.Pki, clientCertificate: null);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, response.Status);
    }

    [Fact]
    public async Task Handshake_GoodClientCertificateInAllowMode_Connects()
    {
        var response = await TlsClient.CheckHealthAsync(fixture.Address, fixture.Pki, fixture.Pki.GoodClient);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, response.Status);
    }

    [Fact]
    public async Task Handshake_ExpiredClientCertificateInAllowMode_StillRefused()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => TlsClient.CheckHealthAsync(fixture.Address, fixture.Pki, fixture.Pki.ExpiredClient));

        TlsClient.AssertHandshakeRefused(error);
        Assert.Contains(fixture.Logs, l => l.Contains("TLS client certificate refused: expired on", StringComparison.Ordinal)
            && l.Contains(fixture.Pki.ExpiredClient.Thumbprint, StringComparison.Ordinal));
        Assert.NotNull(await TlsClient.CheckHealthAsync(fixture.Address, fixture.Pki, clientCertificate: null));
    }

    [Fact]
    public void StartupLog_AllowMode_Named()
    {
        Assert.Contains(fixture.Logs, l => l.Contains("client certificates Allow, revocation NoCheck", StringComparison.Ordinal));
    }
}
