using Appliance.Contracts.V1;
using Appliance.Server.Metrics;
using Grpc.Core;

namespace Appliance.Server.GrpcApi;

/// <summary>appliance.v1.Server: which build answers and which contract it speaks.</summary>
internal sealed class ServerService : Contracts.V1.Server.ServerBase
{
    private readonly GetServerInfoResponse _info;

    public ServerService()
    {
        var build = BuildInfo.FromAssembly(typeof(ServerService).Assembly);
        _info = new GetServerInfoResponse { Version = build.Version, Commit = build.Commit, ContractVersion = ApplianceContract.Version };
        _info.Methods.AddRange(ApplianceContract.Methods);
    }

    public override Task<GetServerInfoResponse> GetServerInfo(GetServerInfoRequest request, ServerCallContext context) =>
        Task.FromResult(_info.Clone());
}
