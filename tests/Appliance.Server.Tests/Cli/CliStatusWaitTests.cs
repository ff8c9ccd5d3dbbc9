using Appliance.Cli.Commands;
using Appliance.Core.Engines;
using Appliance.Core.Models;
using Appliance.Engines.Llama;
using Appliance.Server.Tests.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Server.Tests.Cli;

/// <summary>
/// <c>appliancectl status --wait</c> against a real server whose model load is held back by a gate
/// until the test has seen appliancectl ask while the model was still loading.
/// </summary>
public sealed class CliStatusWaitTests : IAsyncLifetime
{
    private const string ModelId = "slow";
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ApplianceServerFixture _server;

    public CliStatusWaitTests()
    {
        _server = new ApplianceServerFixture
        {
            Models = [new StagedModel(ModelId) { MaxSequences = 1 }],
            AwaitModels = false,
            ConfigureServer = builder => builder.Services.AddSingleton<ITextGenerationEngineLoader>(
                sp => new GatedLoader(ActivatorUtilities.CreateInstance<LlamaEngineLoader>(sp), _release.Task)),
        };
    }

    /// <summary>Starts the server without waiting for the model: its load is held back until the test releases it.</summary>
    public Task InitializeAsync() => _server.InitializeAsync();

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task StatusWait_ModelStillLoading_ShowsTheProgressBarThenTheScreenAndExitsSuccess()
    {
        var cli = new CliRunner();
        var status = cli.RunAsync("status", "--server", _server.Address, "--metrics", _server.MetricsAddress.ToString(), "--wait", "90", "--interval", "0.5");

        // Once the server has answered one ListModels the model was loading (the gate is shut), and
        // appliancectl draws its progress line before it asks again.
        await Bounded.UntilAsync(
            async _ =>
            {
                Assert.False(status.IsCompleted, cli.All);
                return Scrape.Parse(await _server.Server.ScrapeAsync()).Sum("appliance_requests_total", ("method", "/appliance.v1.Models/ListModels")) >= 1;
            },
            "the server to answer one ListModels",
            Bounded.CallTimeout,
            TimeSpan.FromMilliseconds(50));

        Assert.False(status.IsCompleted, "status --wait returned while the model was loading: " + cli.All);
        _release.SetResult();
        var exit = await status;

        Assert.True(exit == ExitCodes.Success, cli.All);
        Assert.StartsWith("loading models 0/1 [....................] ", cli.Error, StringComparison.Ordinal);
        Assert.Contains(" s of 90 s: slow", cli.Error, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^slow\s+text-generation\s+READY\s", cli.Output);
    }

    /// <summary>Loads for real once <paramref name="gate"/> completes.</summary>
    private sealed class GatedLoader(ITextGenerationEngineLoader real, Task gate) : ITextGenerationEngineLoader
    {
        public async Task<ITextGenerationEngine> LoadAsync(ModelManifest manifest, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken);
            return await real.LoadAsync(manifest, cancellationToken);
        }
    }
}
