using Appliance.Contracts.V1;
using Appliance.Server.GrpcApi;
using Appliance.Server.Metrics;

namespace Appliance.Server.Tests.GrpcApi;

/// <summary>Server/GetServerInfo over the real server.</summary>
[Collection(ServerCollection.Name)]
public sealed class ServerInfoTests(ServerFixture server)
{
    [Fact]
    public async Task GetServerInfo_VersionCommitContractAndEveryMethod()
    {
        var client = new Contracts.V1.Server.ServerClient(server.Channel);

        var info = await client.GetServerInfoAsync(new GetServerInfoRequest(), deadline: DateTime.UtcNow.Add(GrpcTestExtensions.CallLimit));

        var build = BuildInfo.FromAssembly(typeof(ServerService).Assembly); // what appliance_build_info shows
        Assert.Equal(build.Version, info.Version);
        Assert.Equal(build.Commit, info.Commit);
        Assert.NotEmpty(info.Version);
        Assert.Equal("appliance.v1", info.ContractVersion);
        Assert.Contains("Generation/CountTokens", info.Methods);
        Assert.Contains("Server/GetServerInfo", info.Methods);
        Assert.Contains("Inference/GetModelMetadata", info.Methods);
        Assert.Equal(info.Methods.Order(StringComparer.Ordinal), info.Methods);
    }
}
