using Appliance.Contracts.V1;
using Appliance.Core.Audit;
using Grpc.Core;
using static Appliance.Server.Tests.Security.SecureServerFixture;

namespace Appliance.Server.Tests.Security;

/// <summary>CountTokens and GetServerInfo pass the call pipeline like every method: AllowedMethods, AllowedModels, audit.</summary>
public sealed class NewMethodsAuthorizationTests(SecureServerFixture fixture) : IClassFixture<SecureServerFixture>
{
    private readonly Generation.GenerationClient _generation = new(fixture.Server.Channel);
    private readonly Contracts.V1.Server.ServerClient _server = new(fixture.Server.Channel);

    private static DateTime Deadline() => DateTime.UtcNow.Add(GrpcTestExtensions.CallLimit);

    private static CountTokensRequest Count(string modelId) => new() { ModelId = modelId, Prompt = "Summarise the admission note" };

    [Fact]
    public async Task NewMethods_NotInTheClientsAllowedMethods_PermissionDeniedAndAudited()
    {
        var count = await Assert.ThrowsAsync<RpcException>(() => _generation.CountTokensAsync(Count(ModelId), Key(fixture.LisKey), deadline: Deadline()).ResponseAsync);
        var info = await Assert.ThrowsAsync<RpcException>(() => _server.GetServerInfoAsync(new GetServerInfoRequest(), Key(fixture.LisKey), deadline: Deadline()).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, count.StatusCode);
        Assert.Contains("client 'lis' may not call appliance.v1.Generation/CountTokens (Appliance:Clients:lis:AllowedMethods)", count.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, info.StatusCode);
        Assert.Contains("client 'lis' may not call appliance.v1.Server/GetServerInfo (Appliance:Clients:lis:AllowedMethods)", info.Status.Detail, StringComparison.Ordinal);
        await EndRecordAsync("/appliance.v1.Generation/CountTokens", "lis", "PermissionDenied");
        await EndRecordAsync("/appliance.v1.Server/GetServerInfo", "lis", "PermissionDenied");
    }

    [Fact]
    public async Task NewMethods_AllowedClient_AnsweredAndAudited_AllowedModelsStillApply()
    {
        var count = await _generation.CountTokensAsync(Count(ModelId), Key(fixture.HisNewKey), deadline: Deadline());
        var info = await _server.GetServerInfoAsync(new GetServerInfoRequest(), Key(fixture.HisNewKey), deadline: Deadline());
        var otherModel = await Assert.ThrowsAsync<RpcException>(() => _generation.CountTokensAsync(Count(OtherModelId), Key(fixture.HisNewKey), deadline: Deadline()).ResponseAsync);

        Assert.True(count.PromptTokens > 1);
        Assert.Equal("appliance.v1", info.ContractVersion);
        Assert.Equal(StatusCode.PermissionDenied, otherModel.StatusCode);
        Assert.Equal($"model_id: client 'his' may not use the model '{OtherModelId}' (Appliance:Clients:his:AllowedModels)", otherModel.Status.Detail);
        var counted = await EndRecordAsync("/appliance.v1.Generation/CountTokens", "his", "OK");
        Assert.Equal(ModelId, counted.ModelId);
        await EndRecordAsync("/appliance.v1.Server/GetServerInfo", "his", "OK");
    }

    private Task<AuditRecord> EndRecordAsync(string method, string client, string status) =>
        Bounded.ObjectAsync(
            async _ => (await AuditRecords.ReadAsync(fixture.AuditDirectory)).LastOrDefault(r => r.Event == "end" && r.Method == method && r.Client == client && r.Status == status),
            $"the end record of {client}'s {method} ({status})",
            interval: TimeSpan.FromMilliseconds(100));
}
