using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Appliance.Server.Tests.Security;

/// <summary>The real server in the production profile on an https loopback endpoint, with the test PKI and captured logs.</summary>
public class TlsServerFixture : IAsyncLifetime
{
    private readonly string _models = Path.Combine(Path.GetTempPath(), "appliance-tls-models-" + Guid.NewGuid().ToString("N")[..8]);

    public TlsServerFixture()
        : this(intermediate: false)
    {
    }

    /// <param name="intermediate">Certificates from an issuing CA under the root (see <see cref="TestCertificates.Create"/>).</param>
    protected TlsServerFixture(bool intermediate)
    {
        Pki = TestCertificates.Create(intermediate);
    }

    public TestCertificates Pki { get; }

    public ConcurrentQueue<string> Logs { get; } = new();

    public TestServer Server { get; private set; } = null!;

    /// <summary>The https address of the gRPC endpoint.</summary>
    public string Address => Server.Address;

    /// <summary>Require (default) or Allow.</summary>
    protected virtual string ClientCertificateMode => "Require";

    public virtual async Task InitializeAsync()
    {
        Directory.CreateDirectory(_models);
        var settings = Pki.Settings(ClientCertificateMode);
        settings["Appliance:Models:ManifestDirectories:0"] = _models;

        // Kestrel logs a failed TLS handshake at Debug: the server-side proof that a refusal happened in TLS.
        settings["Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel.Https"] = "Debug";
        Configure(settings);
        Server = await TestServer.StartAsync("Production", settings, builder => builder.Logging.AddProvider(new CapturingLoggerProvider(Logs)), https: true);
    }

    /// <summary>Lets a derived fixture add settings (clients, anonymous access) before the server starts.</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Pki.Dispose();
        Directory.Delete(_models, recursive: true);
    }
}

/// <summary>The same server with <c>ClientCertificateMode</c> Allow.</summary>
public sealed class AllowModeTlsServerFixture : TlsServerFixture
{
    protected override string ClientCertificateMode => "Allow";
}

/// <summary>Server and client certificates from an issuing CA under the root; <see cref="TestCertificates.ClientCaFile"/> holds the root only unless a test adds more.</summary>
public sealed class IntermediateCaTlsServerFixture() : TlsServerFixture(intermediate: true);
