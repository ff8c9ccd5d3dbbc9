using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace Appliance.Server.Tests;

/// <summary>The production profile as shipped (appsettings.json, no overrides but the port and an empty models folder).</summary>
public sealed class ProductionProfileTests : IAsyncLifetime
{
    private readonly string _models = Path.Combine(Path.GetTempPath(), "appliance-prod-" + Guid.NewGuid().ToString("N")[..8]);
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_models);
        _server = await TestServer.StartAsync("Production", new Dictionary<string, string?> { ["Appliance:Models:ManifestDirectories:0"] = _models });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_models, recursive: true);
    }

    [Fact]
    public async Task Reflection_InProduction_IsNotServed()
    {
        var client = new ServerReflection.ServerReflectionClient(_server.Channel);
        using var call = client.ServerReflectionInfo();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task Health_NoModelsStaged_OverallNotServing()
    {
        var response = await new Health.HealthClient(_server.Channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, response.Status);
    }
}
