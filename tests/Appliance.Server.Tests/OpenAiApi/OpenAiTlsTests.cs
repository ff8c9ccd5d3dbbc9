using System.Net;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Tests.OpenAiApi;

/// <summary>
/// The door under the gRPC port's TLS rules: the same server certificate and client-certificate
/// requirement (mutual TLS: no certificate, no connection; the certificate identifies the client),
/// HTTP/2 over TLS; and the same start-up refusal of a plaintext network address in production.
/// </summary>
public sealed class OpenAiTlsTests : IAsyncLifetime
{
    private readonly ApplianceServerFixture _server = new()
    {
        Environment = "Production",
        Transport = ServerTransport.MutualTls,
        AllowAnonymous = false,
        Models = [],
    };

    public OpenAiTlsTests()
    {
        _server.Settings["Appliance:OpenAi:Enabled"] = "true";
        _server.Settings["Appliance:OpenAi:Url"] = "https://127.0.0.1:0";
    }

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task MutualTls_ClientCertificateIdentifies_OverHttp2()
    {
        using var http = new HttpClient(TlsClient.Handler(_server.Pki, _server.Pki.GoodClient))
        {
            BaseAddress = _server.OpenAiAddress,
            Timeout = Bounded.CallTimeout,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await http.GetAsync(new Uri("models", UriKind.Relative));

        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (response.StatusCode, response.Version));
        Assert.StartsWith("https://", _server.OpenAiAddress.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MutualTls_NoClientCertificate_NoConnection()
    {
        using var http = new HttpClient(TlsClient.Handler(_server.Pki, clientCertificate: null)) { BaseAddress = _server.OpenAiAddress, Timeout = Bounded.CallTimeout };

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync(new Uri("models", UriKind.Relative)));
    }

    [Fact]
    public async Task Production_PlaintextNetworkUrl_RefusedAtStartNamingTheKey()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Appliance:Models:ManifestDirectories:0"] = _server.ModelsDirectory,
            ["Appliance:OpenAi:Enabled"] = "true",
            ["Appliance:OpenAi:Url"] = "http://0.0.0.0:0",
        };
        await using var app = TestServer.Create("Production", settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Appliance:OpenAi:Url: http://0.0.0.0:0 is plaintext on a network address", error.Message, StringComparison.Ordinal);
    }
}
