using Appliance.Catalog.Manifests;
using Appliance.Contracts.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace Appliance.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class ModelsAndHealthTests(ServerFixture server)
{
    private readonly Contracts.V1.Models.ModelsClient _models = new(server.Channel);
    private readonly Health.HealthClient _health = new(server.Channel);

    [Fact]
    public async Task ListModels_ShowsReadyAndFailedModelsWithReasons()
    {
        var list = await _models.ListModelsAsync(new ListModelsRequest());

        var ready = Assert.Single(list.Models, m => m.Id == ServerFixture.ModelId);
        Assert.Equal(ModelState.Ready, ready.State);
        Assert.Equal(ModelKind.TextGeneration, ready.Kind);
        Assert.Equal("gguf", ready.Format);
        Assert.Equal("Q8_0", ready.Quantization);
        Assert.Equal(ServerFixture.ContextLength, ready.ContextLength);
        Assert.Equal(await Sha256Hex.OfFileAsync(server.ModelPath, CancellationToken.None), ready.Sha256);
        Assert.Contains("llama.cpp", ready.Backend, StringComparison.Ordinal);

        var badSha = Assert.Single(list.Models, m => m.Id == ServerFixture.BadShaModelId);
        Assert.Equal(ModelState.Failed, badSha.State);
        Assert.Contains("sha256 mismatch", badSha.FailureReason, StringComparison.Ordinal);

        var missing = Assert.Single(list.Models, m => m.Id == ServerFixture.MissingModelId);
        Assert.Equal(ModelState.Failed, missing.State);
        Assert.NotEmpty(missing.FailureReason);
    }

    [Fact]
    public async Task GetModel_UnknownId_NotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _models.GetModelAsync(new GetModelRequest { ModelId = "nope" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task GetModel_EmptyId_InvalidArgumentNamingTheField()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _models.GetModelAsync(new GetModelRequest()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("model_id", error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", HealthCheckResponse.Types.ServingStatus.Serving)]
    [InlineData("appliance.v1.Generation", HealthCheckResponse.Types.ServingStatus.Serving)]
    [InlineData("model/" + ServerFixture.ModelId, HealthCheckResponse.Types.ServingStatus.Serving)]
    [InlineData("model/" + ServerFixture.BadShaModelId, HealthCheckResponse.Types.ServingStatus.NotServing)]
    [InlineData("model/" + ServerFixture.MissingModelId, HealthCheckResponse.Types.ServingStatus.NotServing)]
    public async Task Health_PerModelAndOverall(string service, HealthCheckResponse.Types.ServingStatus expected)
    {
        var response = await _health.CheckAsync(new HealthCheckRequest { Service = service });

        Assert.Equal(expected, response.Status);
    }

    [Fact]
    public async Task Reflection_WhenEnabled_ListsTheApplianceServices()
    {
        var client = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(server.Channel);
        using var call = client.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Contains("appliance.v1.Generation", names);
        Assert.Contains("appliance.v1.Models", names);
        Assert.Contains("grpc.health.v1.Health", names);
    }
}
