using Appliance.Cli.Commands;
using Appliance.Contracts.V1;
using Appliance.Core.Errors;
using Appliance.Server.Tests.Security;
using Grpc.Core;
using static Appliance.Server.Tests.GrpcTestExtensions;

namespace Appliance.Server.Tests.Models;

/// <summary>
/// ModelAdmin over real gRPC on the real engine (the tiny synthetic GGUF; two seeds are two
/// versions): a version swap under load, an unload with a drain timeout, who may call it, and the
/// audit chain it leaves.
/// </summary>
public sealed class ModelAdminTests
{
    private const string Tiny = ApplianceServerFixture.ModelId;

    [Fact]
    public async Task ReloadModel_16StreamsOnV1_NoCallFails_OldStreamsFinishOnV1_NewCallsRunOnV2()
    {
        await using var server = await new ModelLifecycleServer().StartAsync();
        var generation = server.GenerationClient;
        var v1 = server.CurrentSha();
        string[] prompts = ["The patient was admitted with", "Blood pressure on discharge"];
        const int Tokens = 160;

        // Compared on their first tokens: llama.cpp's kernels for a batch of 16 differ in the low bits
        // from a batch of one, and on random weights a near-tie flips the argmax after a few dozen
        // tokens (GenerationTests compares 12); a stream that moved to v2 would differ at once.
        const int Compared = 12;
        var alone = new List<string>();
        foreach (var prompt in prompts)
        {
            // The first half of its pieces: whole characters whatever the last token held back.
            var pieces = (await generation.StreamAsync(Greedy(prompt, Compared))).Pieces;
            alone.Add(string.Concat(pieces.Take(pieces.Count / 2).Select(p => p.Text)));
        }

        var streams = Enumerable.Range(0, 16).Select(i => new RunningStream(generation, Request(prompts[i % 2], Tokens, $"before-{i}"))).ToList();
        await Task.WhenAll(streams.Select(s => s.FirstPiece)).Within();
        var (v2File, v2) = await server.WriteVersionAsync(seed: 7);
        server.WriteManifest(Tiny, v2File, v2);

        var reload = server.AdminClient.ReloadModelAsync(new ReloadModelRequest { ModelId = Tiny }, server.Admin.Header, Deadline()).ResponseAsync;
        await Bounded.UntilAsync(() => server.Host.Get(Tiny)!.State.Serving!.Sha256 == v2, "new calls to go to v2", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(5));
        var oldStillRunning = streams.Count(s => !s.Done.IsCompleted);
        var after = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            generation.CompleteAsync(Request(prompts[i % 2], 8, $"after-{i}"), deadline: Deadline()).ResponseAsync));
        var swapped = await reload.Within();
        var finished = await Task.WhenAll(streams.Select(s => s.Done)).Within();

        Assert.True(oldStillRunning > 0, "the swap should have happened while v1 streams were running");
        Assert.Equal(v1, swapped.PreviousSha256);
        Assert.False(swapped.DrainedFirst);
        Assert.Equal(v2, swapped.Model.Sha256);
        Assert.All(after, r => Assert.True(r.Final.Usage.CompletionTokens > 0));
        for (var i = 0; i < finished.Length; i++)
        {
            Assert.NotEmpty(alone[i % 2]);
            Assert.StartsWith(alone[i % 2], string.Concat(finished[i]), StringComparison.Ordinal); // same greedy tokens as alone, on v1
        }

        var entry = server.Host.Get(Tiny)!;
        Assert.Equal(v2, entry.State.Serving!.Sha256);
        Assert.Equal(0, entry.State.Worker!.RunningCount);
        var audit = await AuditEndsAsync(server, [.. Enumerable.Range(0, 4).Select(i => $"after-{i}"), "before-0", "before-15"]);
        Assert.All(audit.Where(r => r.ClientRequestId!.StartsWith("after-", StringComparison.Ordinal)), r => Assert.Equal(v2, r.ModelSha256));
        Assert.All(audit.Where(r => r.ClientRequestId!.StartsWith("before-", StringComparison.Ordinal)), r => Assert.Equal(v1, r.ModelSha256));
        Assert.Contains("appliance_model_reloads_total{model=\"tiny\",outcome=\"beside\"} 1", await server.Server.ScrapeAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnloadModel_DrainTimeout_RunningEndsOkOrUnavailable_WaitingRefusedUnavailable_ThenLoadServesAgain()
    {
        await using var server = await new ModelLifecycleServer(contextLength: 2048, maxSequences: 1).StartAsync();
        var generation = server.GenerationClient;
        var running = new RunningStream(generation, Request("A long discharge summary", 2000, "long"));
        await running.FirstPiece.Within();
        // Patient text in the calls the unload refuses: no error message, log line or audit record may show it.
        const string Marker = "PHI-CANARY-unload 张三 身份证 110101199003077777";
        var waiting = Enumerable.Range(0, 2).Select(i => generation.CompleteAsync(Request($"queued {Marker}", 4, $"waiting-{i}"), deadline: Deadline()).ResponseAsync).ToList();
        await Bounded.UntilAsync(() => server.Host.Get(Tiny)!.State.WaitingCount == 2, "two calls to wait", TimeSpan.FromSeconds(20));

        var unloaded = await server.AdminClient.UnloadModelAsync(new UnloadModelRequest { ModelId = Tiny, DrainTimeoutMs = 300 }, server.Admin.Header, Deadline());
        var runningOutcome = await Record(running.Done);
        var waitingErrors = await Task.WhenAll(waiting.Select(w => Assert.ThrowsAsync<RpcException>(() => w)));
        var waitingOutcomes = waitingErrors.Select(e => e.StatusCode).ToList();
        Assert.All(waitingErrors, e => Assert.DoesNotContain("PHI-CANARY", e.Status.Detail, StringComparison.Ordinal));
        var afterUnload = await Assert.ThrowsAsync<RpcException>(() => generation.CompleteAsync(Request("x", 4, "after"), deadline: Deadline()).ResponseAsync);

        // Its only model unloaded, the box leaves a balancer's pool (health NOT_SERVING, /healthz 503) and rejoins after the load.
        var health = new Grpc.Health.V1.Health.HealthClient(server.Channel);
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), server.Admin.Header, Deadline())).Status);
        Assert.Equal(ModelState.Available, unloaded.Model.State);
        Assert.Equal(2, unloaded.WaitingRefused);
        Assert.Contains(runningOutcome, new[] { StatusCode.OK, StatusCode.Unavailable });
        Assert.All(waitingOutcomes, s => Assert.Equal(StatusCode.Unavailable, s));
        Assert.Equal(StatusCode.Unavailable, afterUnload.StatusCode);
        Assert.Equal(ErrorReasons.ModelNotLoaded, GrpcErrorReason(afterUnload));

        var loaded = await server.AdminClient.LoadModelAsync(new LoadModelRequest { ModelId = Tiny }, server.Admin.Header, Deadline());
        Assert.Equal(ModelState.Ready, loaded.Model.State);
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), server.Admin.Header, Deadline())).Status);
        Assert.True((await generation.CompleteAsync(Request("again", 4, "again"), deadline: Deadline())).Final.Usage.CompletionTokens > 0);
        Assert.DoesNotContain(server.Logs, line => line.Contains("PHI-CANARY", StringComparison.Ordinal));
        Assert.All(TestAuditChain.Files(server.AuditDirectory), f => Assert.DoesNotContain("PHI-CANARY", File.ReadAllText(f), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ModelAdmin_OnlyTheAdminRole_EveryCallAudited_ChainVerifies_CliShowsTheSwap()
    {
        await using var server = await new ModelLifecycleServer(maxSequences: 2).StartAsync();
        var request = new UnloadModelRequest { ModelId = Tiny };

        var his = await Assert.ThrowsAsync<RpcException>(() => server.AdminClient.UnloadModelAsync(request, server.His.Header, Deadline()).ResponseAsync);
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => server.AdminClient.UnloadModelAsync(request, deadline: Deadline()).ResponseAsync);
        var cli = new CliRunner();
        var unload = await cli.RunAsync("models", "unload", Tiny, "--drain-timeout", "5", "--server", server.Address, "--api-key-file", server.Admin.KeyFile);
        var load = await cli.RunAsync("models", "load", Tiny, "--server", server.Address, "--api-key-file", server.Admin.KeyFile);
        var (v2File, v2) = await server.WriteVersionAsync(seed: 9);
        server.WriteManifest(Tiny, v2File, v2);
        var reload = await cli.RunAsync("models", "reload", Tiny, "--server", server.Address, "--api-key-file", server.Admin.KeyFile);
        var refusedCli = new CliRunner();
        var refused = await refusedCli.RunAsync("models", "reload", Tiny, "--server", server.Address, "--api-key-file", server.His.KeyFile);

        Assert.Equal(StatusCode.PermissionDenied, his.StatusCode);
        Assert.Equal(ErrorReasons.AdminRequired, GrpcErrorReason(his));
        Assert.Contains("admin role", his.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, anonymous.StatusCode);
        Assert.Equal(Core.Models.ModelState.Ready, server.Host.Get(Tiny)!.State.State);
        Assert.Equal((ExitCodes.Success, ExitCodes.Success, ExitCodes.Success), (unload, load, reload));
        Assert.Contains($"{Tiny}: unloaded", cli.Output, StringComparison.Ordinal);
        Assert.Contains($"{Tiny}: ready", cli.Output, StringComparison.Ordinal);
        Assert.Contains("without a gap", cli.Output, StringComparison.Ordinal);
        Assert.NotEqual(ExitCodes.Success, refused);
        Assert.Contains("admin role", refusedCli.All, StringComparison.Ordinal);

        var admin = await Bounded.ObjectAsync(
            async _ => (await AuditRecords.ReadAsync(server.AuditDirectory)).Where(r => r.Event == "end" && r.Method.StartsWith("/appliance.v1.ModelAdmin/", StringComparison.Ordinal)).ToList() is { Count: 6 } all ? all : null,
            "the six ModelAdmin end records");
        Assert.Equal(3, admin.Count(r => r.Authorization!.StartsWith("denied", StringComparison.Ordinal)));
        var reloadEnd = admin.Single(r => r.Method.EndsWith("/ReloadModel", StringComparison.Ordinal) && r.Status == "OK");
        Assert.Equal(v2, reloadEnd.ModelSha256); // the version it left serving
        foreach (var file in TestAuditChain.Files(server.AuditDirectory))
        {
            var (code, report) = await AuditRecords.VerifyAsync(file);
            Assert.True(code == ExitCodes.Success, report);
        }
    }

    private static GenerateRequest Request(string prompt, int maxTokens, string clientRequestId)
    {
        var request = Greedy(prompt, maxTokens);
        request.ClientRequestId = clientRequestId;
        return request;
    }

    private static DateTime Deadline() => DateTime.UtcNow.Add(CallLimit);

    private static string? GrpcErrorReason(RpcException error) => GrpcApi.RichErrors.Of(error).GetDetail<Google.Rpc.ErrorInfo>()?.Reason;

    /// <summary>A call's final status, whatever it is (INTERNAL would show here as itself).</summary>
    private static async Task<StatusCode> Record<T>(Task<T> call)
    {
        try
        {
            await call.Within();
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private static Task<List<Core.Audit.AuditRecord>> AuditEndsAsync(ModelLifecycleServer server, IReadOnlyList<string> clientRequestIds) =>
        Bounded.ObjectAsync(
            async _ => (await AuditRecords.ReadAsync(server.AuditDirectory)).Where(r => r.Event == "end" && clientRequestIds.Contains(r.ClientRequestId)).ToList() is { } ends
                && ends.Count == clientRequestIds.Count ? ends : null,
            "the calls' end records",
            interval: TimeSpan.FromMilliseconds(100));

    /// <summary>A streamed generation read to its end in the background: its first piece, then its whole text.</summary>
    private sealed class RunningStream
    {
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RunningStream(Generation.GenerationClient client, GenerateRequest request)
        {
            Done = ReadAsync(client, request);
        }

        public Task FirstPiece => Task.WhenAny(_first.Task, Done);

        /// <summary>The pieces' texts, once the stream ended OK.</summary>
        public Task<List<string>> Done { get; }

        private async Task<List<string>> ReadAsync(Generation.GenerationClient client, GenerateRequest request)
        {
            using var call = client.Generate(request, deadline: Deadline());
            var pieces = new List<string>();
            await foreach (var response in call.ResponseStream.ReadAllAsync())
            {
                if (response.EventCase == GenerateResponse.EventOneofCase.Piece)
                {
                    pieces.Add(response.Piece.Text);
                    _first.TrySetResult();
                }
            }

            return pieces;
        }
    }
}
