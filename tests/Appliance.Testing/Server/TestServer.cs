using Appliance.Server.Audit;
using Appliance.Server.Hosting;
using Appliance.Server.Metrics;
using Appliance.Server.OpenAiApi;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Appliance.Testing.Server;

/// <summary>
/// The real server on 127.0.0.1:0 with test settings, and a channel to it. Fixtures build on it
/// (<see cref="ApplianceServerFixture"/>); tests that only check a start-up refusal use <see cref="Create"/>.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    /// <summary>Name prefix of the default per-server audit folder under the temp folder.</summary>
    public const string TempAuditPrefix = "appliance-audit-";

    private readonly GrpcChannel _channel;

    private TestServer(WebApplication app, string address, HttpMessageHandler? handler)
    {
        App = app;
        Address = address;
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        Channel = _channel.Intercept(new DefaultDeadlineInterceptor(Bounded.CallTimeout));
    }

    public WebApplication App { get; }

    public string Address { get; }

    /// <summary>Calls to the server; a call made without a deadline gets <see cref="Bounded.CallTimeout"/>, so none can hang a test.</summary>
    public CallInvoker Channel { get; }

    /// <summary>Base address of the metrics port (null when disabled).</summary>
    public Uri? MetricsAddress { get; private init; }

    /// <summary>Base address of the OpenAI-compatible door, ending in <c>/v1/</c> (null when it is off).</summary>
    public Uri? OpenAiAddress { get; private init; }

    private static bool OnPort(string address, int? port) => port is not null && address.EndsWith($":{port}", StringComparison.Ordinal);

    /// <summary>
    /// Builds (does not start) the server: profile <paramref name="environment"/>, a free loopback port
    /// (<c>https://</c> when <paramref name="https"/>: the test then sets <c>Appliance:Security:Tls</c>),
    /// <paramref name="settings"/> on top.
    /// </summary>
    public static WebApplication Create(string environment, IReadOnlyDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null, bool https = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ApplianceApp.Create(["--environment", environment], builder =>
        {
            // Defaults a test may override: a free metrics port; no default embedding model (tests that want it turn it on);
            // the audit log in a fresh temp folder (deleted on dispose), never /var/log; anonymous callers
            // (the security tests turn it off and register clients); plaintext allowed on the loopback
            // endpoint outside Development (the production profile otherwise insists on TLS); no shutdown grace period
            // (the drain tests set one); failed authentications never throttled (the flood tests set their own limits).
            var merged = new Dictionary<string, string?>
            {
                ["Appliance:Security:AllowAnonymous"] = "true",
                ["Appliance:Metrics:Port"] = "0",
                ["Appliance:Models:EmbeddingModel"] = "false",
                ["Appliance:Audit:Directory"] = Path.Combine(Path.GetTempPath(), TempAuditPrefix + Guid.NewGuid().ToString("N")[..12]),
                ["Appliance:Security:AllowLoopbackPlaintext"] = "true",
                ["Appliance:Server:ShutdownGracePeriod"] = "00:00:00",
                // Every test call comes from 127.0.0.1 and many fail on purpose: throttling only where a test sets a limit.
                ["Appliance:Security:FailedAuthentication:MaxFailures"] = "1000000",
            };
            foreach (var (key, value) in settings)
            {
                merged[key] = value;
            }

            merged["Kestrel:Endpoints:Grpc:Url"] = https ? "https://127.0.0.1:0" : "http://127.0.0.1:0";
            builder.Configuration.AddInMemoryCollection(merged);
            configure?.Invoke(builder);
        });
    }

    /// <summary>
    /// Builds and starts the server (see <see cref="Create"/>); its <see cref="Channel"/> goes through
    /// <paramref name="handler"/> when given (TLS: see <see cref="TlsClient.Handler"/>).
    /// </summary>
    public static async Task<TestServer> StartAsync(
        string environment, IReadOnlyDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null, bool https = false,
        HttpMessageHandler? handler = null)
    {
        var app = Create(environment, settings, configure, https);
        await app.StartAsync().Within(Bounded.StartTimeout);
        var metricsPort = app.Services.GetRequiredService<MetricsEndpoint>().BoundPort;
        var doorPort = app.Services.GetRequiredService<OpenAiListener>().BoundPort;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var grpc = addresses.Single(a => !OnPort(a, metricsPort) && !OnPort(a, doorPort));
        return new TestServer(app, grpc, handler)
        {
            MetricsAddress = metricsPort is { } port ? new Uri($"http://127.0.0.1:{port}") : null,
            OpenAiAddress = doorPort is null ? null : new Uri(addresses.Single(a => OnPort(a, doorPort)) + "/v1/"),
        };
    }

    /// <summary>GETs the metrics page.</summary>
    public async Task<string> ScrapeAsync()
    {
        using var http = new HttpClient { BaseAddress = MetricsAddress ?? throw new InvalidOperationException("metrics are disabled"), Timeout = Bounded.CallTimeout };
        return await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
    }

    /// <summary>Polls grpc.health.v1 (with <paramref name="credentials"/>) until <paramref name="service"/> is SERVING; fails after <paramref name="limit"/>.</summary>
    public Task WaitForServingAsync(string service, TimeSpan limit, Metadata? credentials = null)
    {
        var client = new Health.HealthClient(Channel);
        return Bounded.UntilAsync(
            async token => (await client.CheckAsync(new HealthCheckRequest { Service = service }, credentials, cancellationToken: token)).Status
                == HealthCheckResponse.Types.ServingStatus.Serving,
            $"{service} to be SERVING",
            limit,
            TimeSpan.FromMilliseconds(50));
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await App.StopAsync();
        var audit = App.Services.GetRequiredService<IOptions<AuditOptions>>().Value.Directory;
        await App.DisposeAsync();
        if (audit is not null && Path.GetFileName(audit).StartsWith(TempAuditPrefix, StringComparison.Ordinal) && Directory.Exists(audit))
        {
            Directory.Delete(audit, recursive: true);
        }
    }
}
