using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Health.V1;

namespace Appliance.Server.Tests.Security;

/// <summary>mTLS on a real Kestrel https endpoint (production profile), client certificates required.</summary>
public sealed class TlsTransportTests(TlsServerFixture fixture) : IClassFixture<TlsServerFixture>
{
    private TestCertificates Pki => fixture.Pki;

    [Fact]
    public async Task Health_GoodClientCertificate_HandshakeSucceedsAndAnswers()
    {
        string? seen = null;

        var response = await TlsClient.CheckHealthAsync(fixture.Address, Pki, Pki.GoodClient, thumbprint => seen = thumbprint);

        Assert.StartsWith("https://127.0.0.1:", fixture.Address, StringComparison.Ordinal);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, response.Status); // no model staged: the call itself answered
        Assert.Equal(Pki.Server.Thumbprint, seen);
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Handshake_ExpiredClientCertificate_RefusedAndServerKeepsServing(SslProtocols protocol)
    {
        await AssertRefusedAsync(Pki.ExpiredClient, protocol, "TLS client certificate refused: expired on");
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Handshake_ClientCertificateFromOtherCa_RefusedAndServerKeepsServing(SslProtocols protocol)
    {
        await AssertRefusedAsync(Pki.OtherCaClient, protocol, "TLS client certificate refused: no valid chain to a hospital CA in Appliance:Security:Tls:ClientCaFile");
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Handshake_ClientCertificateWithoutClientAuthUsage_RefusedAndServerKeepsServing(SslProtocols protocol)
    {
        await AssertRefusedAsync(Pki.ServerUsageClient, protocol, "TLS client certificate refused: its extended key usage does not allow client authentication");
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Handshake_NoClientCertificateWhenRequired_RefusedAndServerKeepsServing(SslProtocols protocol)
    {
        await AssertRefusedAsync(null, protocol, logged: null);
    }

    [Fact]
    public async Task MetricsPort_WithTlsOnGrpc_StaysPlaintextHttp()
    {
        var page = await fixture.Server.ScrapeAsync();

        Assert.Equal("http", fixture.Server.MetricsAddress!.Scheme);
        Assert.Contains("appliance_build_info", page, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupLog_Tls_NamesEndpointCertificateAndModes()
    {
        var logs = fixture.Logs.ToArray();

        Assert.Contains(logs, l => l.Contains("gRPC endpoint Kestrel:Endpoints:Grpc:Url = https://127.0.0.1:0: TLS 1.2+", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains($"thumbprint {Pki.Server.Thumbprint}", StringComparison.Ordinal)
            && l.Contains("client certificates Require, revocation NoCheck", StringComparison.Ordinal)
            && l.Contains("CN=Appliance Test Hospital CA", StringComparison.Ordinal));
    }

    /// <summary>
    /// The call fails in the TLS handshake (client side), Kestrel logged a failed handshake (server
    /// side), the reason is logged at Warning with the thumbprint, and a good client still gets in.
    /// </summary>
    private async Task AssertRefusedAsync(X509Certificate2? certificate, SslProtocols protocol, string? logged)
    {
        var failuresBefore = TlsClient.ServerHandshakeFailures(fixture.Logs);

        var error = await Assert.ThrowsAsync<RpcException>(() => TlsClient.CheckHealthAsync(fixture.Address, Pki, certificate, protocols: protocol));

        TlsClient.AssertHandshakeRefused(error);
        await Bounded.UntilAsync(
            () => TlsClient.ServerHandshakeFailures(fixture.Logs) > failuresBefore,
            () => "Kestrel to log the failed TLS handshake; its TLS log: " + string.Join(" | ", fixture.Logs.Where(l => l.Contains("Kestrel.Https", StringComparison.Ordinal))),
            interval: TimeSpan.FromMilliseconds(20));
        if (logged is not null)
        {
            Assert.Contains(fixture.Logs, l => l.Contains("[Warning]", StringComparison.Ordinal)
                && l.Contains(logged, StringComparison.Ordinal) && l.Contains($"thumbprint {certificate!.Thumbprint}", StringComparison.Ordinal));
        }

        Assert.NotNull(await TlsClient.CheckHealthAsync(fixture.Address, Pki, Pki.GoodClient, protocols: protocol));
    }
}
