using Appliance.Catalog.Gguf;
using Appliance.Catalog.Manifests;
using Appliance.Catalog.Memory;
using Appliance.Core.Models;
using Appliance.Engines.Llama;
using Appliance.Scheduling;
using Appliance.Server.Models;
using Appliance.Server.Models.Memory;
using Grpc.HealthCheck;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Tests.Models;

/// <summary>The memory budget on real manifests and synthetic GGUF files: refusals with figures, and room again once a model is gone.</summary>
public sealed class ModelMemoryBudgetTests : TempFolderTest
{
    private readonly ModelManifest _first;
    private readonly ModelManifest _second;
    private readonly long _one;

    public ModelMemoryBudgetTests()
        : base("memory-budget")
    {
        var weights = Folder.Combine("tiny.gguf");
        SyntheticModel.WriteFile(weights, new SyntheticModelOptions { WeightType = GgmlType.Q8_0, Seed = 7 });
        var sha = Sha256Hex.OfFileAsync(weights, CancellationToken.None).GetAwaiter().GetResult();
        _first = Stage("first", weights, sha);
        _second = Stage("second", weights, sha);
        _one = ModelMemoryEstimator.Estimate(_first, gpuOffload: false).TotalBytes;
    }

    [Fact]
    public void Check_SecondModelBeyondHostBudget_RefusedNamingModelFiguresAndWhatIsResident()
    {
        var budget = Budget(new MemoryOptions { Host = Bytes(_one * 3 / 2) });

        Assert.True(budget.Check(_first, []).Fits);
        var refused = budget.Check(_second, [_first]);

        Assert.False(refused.Fits);
        var reason = refused.Refusal!;
        Assert.Contains($"host needs an estimated {MemoryText.Bytes(_one)} (weights ", reason, StringComparison.Ordinal);
        Assert.Contains("KV ", reason, StringComparison.Ordinal);
        Assert.Contains($"the host budget is {MemoryText.Bytes(_one * 3 / 2)} (Appliance:Memory:Host", reason, StringComparison.Ordinal);
        Assert.Contains($"models resident there (first {MemoryText.Bytes(_one)})", reason, StringComparison.Ordinal);
        Assert.Contains($"short by {MemoryText.Bytes(_one / 2)}", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AfterTheResidentModelIsUnloaded_Fits()
    {
        var budget = Budget(new MemoryOptions { Host = Bytes(_one * 3 / 2) });

        Assert.False(budget.Check(_second, [_first]).Fits);
        Assert.True(budget.Check(_second, []).Fits);
    }

    [Fact]
    public void Check_ReserveAndPercentage_TakenOffTheHostsMemory()
    {
        // 10 x one model of memory; 50 % is 5 models' worth, the reserve takes 4: room for one, not two.
        var budget = Budget(new MemoryOptions { Host = "50%", Reserve = Bytes(_one * 4) }, hostTotal: _one * 10);

        Assert.True(budget.Check(_first, []).Fits);
        var refused = budget.Check(_second, [_first]);
        Assert.False(refused.Fits);
        Assert.Contains("\"50%\" less the reserve", refused.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NoBudgetForTheDevice_Fits()
    {
        var budget = Budget(new MemoryOptions { Gpu0 = "1GiB" });

        Assert.True(budget.Check(_second, [_first]).Fits); // CPU-only models use no GPU
    }

    [Fact]
    public async Task LoadAll_BudgetForOneModel_FirstServesSecondFailsWithTheFigures()
    {
        var options = new LlamaOptions { Threads = 2 };
        var loader = new LlamaEngineLoader(new LlamaNativeRuntime(options, NullLogger<LlamaNativeRuntime>.Instance), options, NullLogger<LlamaEngineLoader>.Instance);
        await using var host = new ModelHost(
            Options.Create(new SchedulerOptions()), [ModelWorkerFactories.Generation(loader)], new HealthReporter(new HealthServiceImpl()),
            TimeProvider.System, NullLoggerFactory.Instance, budget: Budget(new MemoryOptions { Host = Bytes(_one * 3 / 2) }));
        host.Discover([Folder.Path]);

        await host.LoadAllAsync(CancellationToken.None).Within(Bounded.StartTimeout);

        Assert.Equal(ModelState.Ready, host.Get("first")!.State.State);
        var second = host.Get("second")!.State;
        Assert.Equal(ModelState.Failed, second.State);
        Assert.Contains("does not fit in the memory budget: host needs an estimated", second.FailureReason, StringComparison.Ordinal);
        Assert.Contains("(first ", second.FailureReason, StringComparison.Ordinal);
        Assert.DoesNotContain("first", second.CallerReason, StringComparison.Ordinal); // calling systems are sent to IT for the figures
    }

    [Theory]
    [InlineData("Host", "lots", "Appliance:Memory:Host: \"lots\" is not an amount")]
    [InlineData("Host", "120%", "Appliance:Memory:Host: \"120%\" is not an amount")]
    [InlineData("Gpu1", "80%", "Appliance:Memory:Gpu1: a percentage needs gpu1's memory, and NVML reports no such GPU")]
    [InlineData("Reserve", "2 parsecs", "Appliance:Memory:Reserve: \"2 parsecs\" is not an amount")]
    public void Validate_BadValue_NamesTheKey(string key, string value, string expected)
    {
        var options = new MemoryOptions { Host = "8GiB" };
        typeof(MemoryOptions).GetProperty(key)!.SetValue(options, value);

        var result = new MemoryOptionsValidator(new FixedMemoryTotals(16L << 30)).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReserveLeavesNothing_Refused()
    {
        var result = new MemoryOptionsValidator(new FixedMemoryTotals(16L << 30)).Validate(null, new MemoryOptions { Host = "4GiB", Reserve = "25%" });

        Assert.Contains("Appliance:Memory:Host: \"4GiB\" (4.0 GiB) leaves nothing once Appliance:Memory:Reserve (4.0 GiB) is held back", result.FailureMessage, StringComparison.Ordinal);
    }

    private static string Bytes(long bytes) => bytes.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static ModelMemoryBudget Budget(MemoryOptions options, long hostTotal = 64L << 30)
    {
        var totals = new FixedMemoryTotals(hostTotal);
        return new ModelMemoryBudget(
            new MemoryBudgets(Options.Create(options), totals), new ModelMemoryEstimates(totals, NullLogger<ModelMemoryEstimates>.Instance));
    }

    private ModelManifest Stage(string id, string weights, string sha)
    {
        var manifest = TestManifests.TextGeneration(id, weights, Folder.Combine(id + ".json")) with { Sha256 = sha, ContextLength = 256, MaxSequences = 2, BatchTokens = 64 };
        return TestManifests.Write(manifest);
    }
}
