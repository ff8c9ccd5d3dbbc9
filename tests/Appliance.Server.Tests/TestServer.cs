using Appliance.Server.Hosting;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Server.Tests;

/// <summary>The real server on 127.0.0.1:0 with test settings, and a channel to it.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private TestServer(WebApplication app, string address)
    {
        App = app;
        Address = address;
        Channel = GrpcChannel.ForAddress(address);
    }

    public WebApplication App { get; }

    public string Address { get; }

    public GrpcChannel Channel { get; }

    /// <summary>Builds (does not start) the server: profile <paramref name="environment"/>, a free loopback port, <paramref name="settings"/> on top.</summary>
    public static WebApplication Create(string environment, IReadOnlyDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null) =>
        ApplianceApp.Create(["--environment", environment], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings) { ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0" });
            configure?.Invoke(builder);
        });

    public static async Task<TestServer> StartAsync(string environment, IReadOnlyDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        var app = Create(environment, settings, configure);
        await app.StartAsync();
        return new TestServer(app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    /// <summary>Polls grpc.health.v1 until <paramref name="service"/> is SERVING; fails after <paramref name="limit"/>.</summary>
    public async Task WaitForServingAsync(string service, TimeSpan limit)
    {
        var client = new Health.HealthClient(Channel);
        using var timeout = new CancellationTokenSource(limit);
        while ((await client.CheckAsync(new HealthCheckRequest { Service = service }, cancellationToken: timeout.Token)).Status
               != HealthCheckResponse.Types.ServingStatus.Serving)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
