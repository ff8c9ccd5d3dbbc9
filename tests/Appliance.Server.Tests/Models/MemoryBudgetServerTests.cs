using System.Globalization;
using Appliance.Catalog.Memory;
using Appliance.Contracts.V1;

namespace Appliance.Server.Tests.Models;

/// <summary>The real server with two synthetic models and a host budget that holds one: GetModel tells IT why the second did not load.</summary>
public sealed class MemoryBudgetServerTests : IAsyncLifetime
{
    private readonly TempFolder _probe = new("memory-probe");
    private ApplianceServerFixture _server = null!;
    private long _one;

    public async Task InitializeAsync()
    {
        // The estimate of one staged model, from the same file and manifest settings the fixture writes.
        var staged = new StagedModel("first");
        var manifest = await Appliance.Catalog.Demo.SyntheticModelFiles.WriteAsync(_probe.Path, "probe", staged.Weights, staged.MaxSequences, staged.BatchTokens, CancellationToken.None);
        _one = ModelMemoryEstimator.Estimate(manifest, gpuOffload: false).TotalBytes;

        _server = new ApplianceServerFixture { Models = [new StagedModel("first"), new StagedModel("second")], AwaitModels = false };
        _server.Settings["Appliance:Memory:Host"] = (_one * 3 / 2).ToString(CultureInfo.InvariantCulture);
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _probe.Dispose();
    }

    [Fact]
    public async Task GetModel_SecondModelBeyondTheBudget_FailedWithTheFiguresAndTheEstimate()
    {
        var models = new Contracts.V1.Models.ModelsClient(_server.Channel);
        await Bounded.UntilAsync(
            async token => (await models.ListModelsAsync(new ListModelsRequest(), cancellationToken: token)).Models.All(m => m.State != ModelState.Loading),
            "both models to finish loading", Bounded.StartTimeout);

        var first = (await models.GetModelAsync(new GetModelRequest { ModelId = "first" })).Model;
        var second = (await models.GetModelAsync(new GetModelRequest { ModelId = "second" })).Model;

        Assert.Equal(ModelState.Ready, first.State);
        Assert.Equal(ModelState.Failed, second.State);
        Assert.Contains($"host needs an estimated {MemoryText.Bytes(_one)}", second.FailureReason, StringComparison.Ordinal);
        Assert.Contains($"(first {MemoryText.Bytes(_one)})", second.FailureReason, StringComparison.Ordinal);
        Assert.Contains("Appliance:Memory:Host", second.FailureReason, StringComparison.Ordinal);
        var estimate = Assert.Single(second.MemoryEstimate);
        Assert.Equal("host", estimate.Device);
        Assert.Equal(_one, estimate.TotalBytes);
        Assert.Equal(estimate.TotalBytes, estimate.WeightsBytes + estimate.KvCacheBytes + estimate.ComputeBytes);
        Assert.True(estimate.KvCacheBytes > 0 && estimate.WeightsBytes > 0 && estimate.ComputeBytes > 0);

        var metrics = await _server.Server.ScrapeAsync();
        Assert.Contains($"appliance_model_memory_bytes{{model=\"first\",device=\"host\"}} {_one}", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("appliance_model_memory_bytes{model=\"second\"", metrics, StringComparison.Ordinal);
        Assert.Contains($"appliance_memory_budget_bytes{{device=\"host\"}} {_one * 3 / 2}", metrics, StringComparison.Ordinal);
        Assert.Contains($"appliance_memory_budget_used_bytes{{device=\"host\"}} {_one}", metrics, StringComparison.Ordinal);
    }
}
