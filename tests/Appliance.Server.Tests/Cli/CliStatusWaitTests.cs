using Appliance.Catalog.Demo;
using Appliance.Catalog.Gguf;
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
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "appliance-status-wait-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        await SyntheticModelFiles.WriteAsync(_directory, ModelId, new SyntheticModelOptions { WeightType = GgmlType.Q8_0, ContextLength = 256 },
            maxSequences: 1, batchTokens: 64, CancellationToken.None);
        _server = await TestServer.StartAsync("Testing", new Dictionary<string, string?>
        {
            ["Appliance:Models:ManifestDirectories:0"] = _directory,
            ["Appliance:Models:DemoModel"] = "false",
            ["Appliance:Llama:Threads"] = "2",
        }, builder => builder.Services.AddSingleton<ITextGenerationEngineLoader>(
            sp => new GatedLoader(ActivatorUtilities.CreateInstance<LlamaEngineLoader>(sp), _release.Task)));
    }

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task StatusWait_ModelStillLoading_ShowsTheProgressBarThenTheScreenAndExitsSuccess()
    {
        var cli = new CliRunner();
        var status = cli.RunAsync("status", "--server", _server.Address, "--metrics", _server.MetricsAddress!.ToString(), "--wait", "90", "--interval", "0.5");

        // Once the server has answered one ListModels the model was loading (the gate is shut), and
        // appliancectl draws its progress line before it asks again.
        using (var limit = new CancellationTokenSource(GrpcTestExtensions.CallLimit))
        {
            while (Scrape.Parse(await _server.ScrapeAsync()).Sum("appliance_requests_total", ("method", "/appliance.v1.Models/ListModels")) < 1)
            {
                Assert.False(status.IsCompleted, cli.All);
                await Task.Delay(50, limit.Token);
            }
        }

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
