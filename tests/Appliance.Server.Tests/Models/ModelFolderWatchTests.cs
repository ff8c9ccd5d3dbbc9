using Appliance.Contracts.V1;
using Grpc.Core;
using static Appliance.Server.Tests.GrpcTestExtensions;

namespace Appliance.Server.Tests.Models;

/// <summary>The manifest folder watched while the server serves: a manifest added, changed and removed, with calls on another model all the while.</summary>
public sealed class ModelFolderWatchTests
{
    private const string Extra = "extra";

    /// <summary>Patient text in the call that waits for the on-demand load: it must reach no log, audit record or error.</summary>
    private static readonly string Marker = $"PHI-CANARY-{Guid.NewGuid():N} 张三 身份证 110101199003077777";

    [Fact]
    public async Task FolderWatch_AddChangeRemoveWhileServing_OnDemandModelComesAndGoes_OtherCallsNeverFail()
    {
        await using var server = await new ModelLifecycleServer(watchFolders: true, contextLength: 256, maxSequences: 2).StartAsync();
        var models = server.ModelsClient;
        using var stop = new CancellationTokenSource();
        var background = CallTinyUntilAsync(server.GenerationClient, stop.Token);
        var tiny = server.Host.Get(ApplianceServerFixture.ModelId)!.Manifest!;

        server.WriteManifest(Extra, tiny.FilePath, tiny.Sha256, Core.Models.ModelLoadPolicy.OnDemand);
        var added = await WaitForAsync(models, m => m?.State == ModelState.Available, "extra to appear AVAILABLE");
        var first = await server.GenerationClient.CompleteAsync(ForExtra(), deadline: DateTime.UtcNow.Add(CallLimit));
        var loaded = (await models.GetModelAsync(new GetModelRequest { ModelId = Extra })).Model;

        var (v2File, v2) = await server.WriteVersionAsync(seed: 11);
        server.WriteManifest(Extra, v2File, v2, Core.Models.ModelLoadPolicy.OnDemand);
        var changed = await WaitForAsync(models, m => m?.State == ModelState.Ready && m.Sha256 == v2, "extra to run v2");

        File.Delete(Path.Combine(server.ModelsDirectory, Extra + ".json"));
        await WaitForAsync(models, m => m is null, "extra to be gone");
        await stop.CancelAsync();
        var (calls, failures) = await background.Within();

        Assert.Equal("on_demand", added.Load);
        Assert.True(first.Final.Usage.CompletionTokens > 0);
        Assert.Equal(ModelState.Ready, loaded.State);
        Assert.Equal(v2, changed.Sha256);
        Assert.True(calls > 0);
        Assert.Empty(failures);
        Assert.Equal([ApplianceServerFixture.ModelId], (await models.ListModelsAsync(new ListModelsRequest())).Models.Select(m => m.Id));
        Assert.DoesNotContain(server.Logs, line => line.Contains("PHI-CANARY", StringComparison.Ordinal) || line.Contains("张三", StringComparison.Ordinal));
        Assert.All(TestAuditChain.Files(server.AuditDirectory), f => Assert.DoesNotContain("PHI-CANARY", File.ReadAllText(f), StringComparison.Ordinal));
    }

    private static GenerateRequest ForExtra()
    {
        var request = Greedy($"Discharge note of {Marker}", 4);
        request.ModelId = Extra;
        return request;
    }

    /// <summary>Polls GetModel (null: NOT_FOUND) until <paramref name="done"/>.</summary>
    private static Task<ModelInfo> WaitForAsync(Contracts.V1.Models.ModelsClient models, Func<ModelInfo?, bool> done, string what) =>
        Bounded.ObjectAsync(
            async token =>
            {
                ModelInfo? model;
                try
                {
                    model = (await models.GetModelAsync(new GetModelRequest { ModelId = Extra }, cancellationToken: token)).Model;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
                {
                    model = null;
                }

                return done(model) ? model ?? new ModelInfo() : null;
            },
            what,
            TimeSpan.FromSeconds(30),
            TimeSpan.FromMilliseconds(50));

    /// <summary>Short calls on the staged model until stopped: how many, and every failure's status.</summary>
    private static async Task<(int Calls, List<StatusCode> Failures)> CallTinyUntilAsync(Generation.GenerationClient client, CancellationToken stop)
    {
        var calls = 0;
        var failures = new List<StatusCode>();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await client.CompleteAsync(Greedy("Blood pressure", 3), deadline: DateTime.UtcNow.Add(CallLimit), cancellationToken: CancellationToken.None); // a call under way finishes
                calls++;
            }
            catch (RpcException e)
            {
                failures.Add(e.StatusCode);
            }
        }

        return (calls, failures);
    }
}
