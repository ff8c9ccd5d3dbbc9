using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace Appliance.Server.Tests;

/// <summary>The production profile as shipped (appsettings.json, no overrides but the test defaults and an empty models folder).</summary>
public sealed class ProductionProfileTests(ProductionProfileTests.ProductionServer server) : IClassFixture<ProductionProfileTests.ProductionServer>
{
    [Fact]
    public async Task Reflection_InProduction_IsNotServed()
    {
        var client = new ServerReflection.ServerReflectionClient(server.Channel);
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
        var response = await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, response.Status);
    }

    /// <summary>The production profile with no model.</summary>
    public sealed class ProductionServer : ApplianceServerFixture
    {
        public ProductionServer()
        {
            Environment = "Production";
            Models = [];
        }
    }
}
