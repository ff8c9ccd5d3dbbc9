using Appliance.Catalog.Demo;
using Appliance.Catalog.Gguf;
using Appliance.Cli.Commands;
using Appliance.Core.Security;
using Microsoft.AspNetCore.Builder;

namespace Appliance.Server.Tests.Cli;

/// <summary>
/// The real server with authentication on (no anonymous callers) and a tiny synthetic model,
/// three registered clients and their credential files: <c>cli-test</c> (an API key, every model),
/// <c>cli-limited</c> (an API key, another model only) and <c>cli-mtls</c> (the client certificate
/// of <see cref="Certificates"/>, every model).
/// </summary>
public abstract class SecuredServerFixture : IAsyncLifetime
{
    public const string ModelId = "tiny";
    public const string ClientId = "cli-test";

    private TestServer? _server;

    protected SecuredServerFixture()
    {
        Certificates = new TestCertificates(Path.Combine(Directory, "pki"));
    }

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "appliance-cli-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public string Address => _server!.Address;

    /// <summary>Base address of the server's metrics port.</summary>
    public Uri MetricsAddress => _server!.MetricsAddress!;

    public TestCertificates Certificates { get; }

    /// <summary>cli-test's key, in a file only the owner can read.</summary>
    public string KeyFile => Path.Combine(Directory, "cli-test.key");

    /// <summary>cli-limited's key: accepted, but not for <see cref="ModelId"/>.</summary>
    public string LimitedKeyFile => Path.Combine(Directory, "cli-limited.key");

    /// <summary>A well-formed key the server does not know.</summary>
    public string WrongKeyFile => Path.Combine(Directory, "wrong.key");

    public string WrongKey { get; } = ApiKeyHash.NewKey();

    /// <summary>The options that present this fixture's credentials besides the API key (the https fixture adds TLS ones).</summary>
    public abstract string[] TransportOptions { get; }

    protected abstract void ConfigureServer(WebApplicationBuilder builder);

    public async Task InitializeAsync()
    {
        var models = Path.Combine(Directory, "models");
        await SyntheticModelFiles.WriteAsync(models, ModelId, new SyntheticModelOptions { WeightType = GgmlType.Q8_0, ContextLength = 256 },
            maxSequences: 2, batchTokens: 64, CancellationToken.None);
        var key = ApiKeyHash.NewKey();
        var limitedKey = ApiKeyHash.NewKey();
        SecretFile.Write(KeyFile, key + "\n");
        SecretFile.Write(LimitedKeyFile, limitedKey);
        SecretFile.Write(WrongKeyFile, WrongKey);

        _server = await TestServer.StartAsync("Testing", new Dictionary<string, string?>
        {
            ["Appliance:Models:ManifestDirectories:0"] = models,
            ["Appliance:Models:DemoModel"] = "false",
            ["Appliance:Llama:Threads"] = "2",
            ["Appliance:Security:AllowAnonymous"] = "false",
            [$"Appliance:Clients:{ClientId}:ApiKeyHashes:0"] = ApiKeyHash.Hash(key),
            [$"Appliance:Clients:{ClientId}:AllowedModels:0"] = "*",
            ["Appliance:Clients:cli-limited:ApiKeyHashes:0"] = ApiKeyHash.Hash(limitedKey),
            ["Appliance:Clients:cli-limited:AllowedModels:0"] = "some-other-model",
            ["Appliance:Clients:cli-mtls:CertificateThumbprints:0"] = Certificates.ClientThumbprint,
            ["Appliance:Clients:cli-mtls:AllowedModels:0"] = "*",
        }, ConfigureServer);

        // The test server's own channel has no credentials, so wait through appliancectl itself.
        var cli = new CliRunner();
        var exit = await cli.RunAsync(["health", "--server", Address, "--api-key-file", KeyFile, .. TransportOptions, "--model", ModelId, "--wait", "120"]);
        Assert.True(exit == ExitCodes.Success, $"the model did not become SERVING (exit {exit}): {cli.All}");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
