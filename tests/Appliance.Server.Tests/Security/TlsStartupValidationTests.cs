using Microsoft.Extensions.Options;

namespace Appliance.Server.Tests.Security;

/// <summary>Bad TLS settings and plaintext endpoints stop the start with a message naming the configuration key.</summary>
public sealed class TlsStartupValidationTests : IDisposable
{
    private readonly TestCertificates _pki = TestCertificates.Create();
    private readonly string _models = Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => _pki.Dispose();

    [Fact]
    public async Task Start_MissingKeyFile_FailsNamingKeyFile()
    {
        var missing = Path.Combine(_pki.Folder, "missing.key");
        var settings = Settings();
        settings["Appliance:Security:Tls:KeyFile"] = missing;

        var message = await StartFailureAsync(settings, https: true);

        Assert.Contains($"Appliance:Security:Tls:KeyFile: file {missing} not found", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_KeyOfAnotherCertificate_FailsNamingKeyFile()
    {
        File.WriteAllText(_pki.KeyFile, TestCertificates.KeyPem(_pki.GoodClient));

        var message = await StartFailureAsync(Settings(), https: true);

        Assert.Contains($"Appliance:Security:Tls:KeyFile: the private key in {_pki.KeyFile} does not match the certificate in {_pki.CertificateFile}", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ExpiredServerCertificate_FailsNamingCertificateFile()
    {
        using var expired = _pki.IssueServer(notAfter: DateTimeOffset.UtcNow.AddMinutes(-1));
        _pki.WriteServer(expired);

        var message = await StartFailureAsync(Settings(), https: true);

        Assert.Contains($"Appliance:Security:Tls:CertificateFile: certificate '{TestCertificates.ServerSubject}' expired on", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CaFileWithoutCertificate_FailsNamingClientCaFile()
    {
        File.WriteAllText(_pki.CaFile, "no certificate here\n");

        var message = await StartFailureAsync(Settings(), https: true);

        Assert.Contains($"Appliance:Security:Tls:ClientCaFile: file {_pki.CaFile} holds no certificate", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_HttpsEndpointWithoutTlsSettings_FailsNamingEndpoint()
    {
        var message = await StartFailureAsync(new Dictionary<string, string?> { ["Appliance:Models:ManifestDirectories:0"] = _models }, https: true);

        Assert.Contains("Kestrel:Endpoints:Grpc:Url: https://127.0.0.1:0 is https but Appliance:Security:Tls:CertificateFile is not set", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PlaintextNetworkEndpointInProduction_FailsNamingEndpoint()
    {
        var settings = Settings();
        settings["Kestrel:Endpoints:His:Url"] = "http://0.0.0.0:0";

        var message = await StartFailureAsync(settings, https: true);

        Assert.Contains(
            "Kestrel:Endpoints:His:Url: http://0.0.0.0:0 is plaintext on a network address; the production profile serves gRPC only over TLS; set Appliance:Security:Tls",
            message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PlaintextLoopbackInProductionWithoutAllowLoopbackPlaintext_FailsNamingEndpoint()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Appliance:Models:ManifestDirectories:0"] = _models,
            ["Appliance:Security:AllowLoopbackPlaintext"] = "false",
        };

        var message = await StartFailureAsync(settings, https: false);

        Assert.Contains("Kestrel:Endpoints:Grpc:Url: http://127.0.0.1:0 is plaintext; the production profile serves gRPC only over TLS", message, StringComparison.Ordinal);
        Assert.Contains("Appliance:Security:AllowLoopbackPlaintext=true", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_KestrelTlsOverrides_FailNamingEachKey()
    {
        var settings = Settings();
        settings["Kestrel:Endpoints:Grpc:ClientCertificateMode"] = "NoCertificate";
        settings["Kestrel:EndpointDefaults:SslProtocols:0"] = "Tls12";

        var message = await StartFailureAsync(settings, https: true);

        Assert.Contains("Kestrel:Endpoints:Grpc:ClientCertificateMode must not be set: TLS is configured under Appliance:Security:Tls only", message, StringComparison.Ordinal);
        Assert.Contains("Kestrel:EndpointDefaults:SslProtocols must not be set", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ServerCertificateExpiringWithin30Days_StartsAndWarns()
    {
        await using var server = new ApplianceServerFixture { Environment = "Production", Transport = ServerTransport.MutualTls, Models = [] };
        using var soon = server.Pki.IssueServer(notAfter: DateTimeOffset.UtcNow.AddDays(10));
        server.Pki.WriteServer(soon);

        await server.StartAsync();

        Assert.Contains(server.Logs, l => l.Contains($"[Warning] TLS server certificate {TestCertificates.ServerSubject}", StringComparison.Ordinal)
            && l.Contains(soon.Thumbprint, StringComparison.Ordinal) && l.Contains("in 9 days", StringComparison.Ordinal));
        Assert.NotNull(await TlsClient.CheckHealthAsync(server.Address, server.Pki, server.Pki.GoodClient));
    }

    private Dictionary<string, string?> Settings()
    {
        var settings = _pki.Settings();
        settings["Appliance:Models:ManifestDirectories:0"] = _models;
        return settings;
    }

    private static async Task<string> StartFailureAsync(Dictionary<string, string?> settings, bool https)
    {
        await using var app = TestServer.Create("Production", settings, https: https);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        return error.Message;
    }
}
