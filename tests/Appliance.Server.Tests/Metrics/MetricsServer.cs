using Appliance.Contracts.V1;
using Appliance.Server.Metrics.Gpu;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Server.Tests.Metrics;

/// <summary>
/// The real server on loopback with one real synthetic GGUF model ("tiny": one sequence slot,
/// 4096-token context), one configured client ("his"), a waiting queue of one request, and
/// optionally a fake GPU. <see cref="DriveLoadAsync"/> produces every kind of outcome.
/// </summary>
public sealed class MetricsServer : ApplianceServerFixture
{
    public const string ConfiguredClient = "his";
    private const string Prompt = "Patient reports chest pain since this morning.";

    private MetricsServer(bool fakeGpu)
    {
        Models = [new StagedModel(ModelId) { ContextLength = 4096, MaxSequences = 1 }];

        // TLS, so the certificate expiry gauge is exported (and documented, alerted on) like every other family.
        Transport = ServerTransport.Tls;
        Settings["Appliance:Scheduler:MaxWaitingRequests"] = "1";
        Settings["Appliance:Clients:his:Weight"] = "2";
        Settings["Appliance:Clients:his:AllowedModels:0"] = "*";
        Settings["Appliance:Clients:his:PriorityCeiling"] = "Urgent";

        // The OpenAI-compatible door too, so its dashboard row has traffic.
        Settings["Appliance:OpenAi:Enabled"] = "true";
        Settings["Appliance:OpenAi:Url"] = "http://127.0.0.1:0";
        // Memory budgets, so the dashboard's "Model memory" row has data (the fake GPU's total makes a GPU percentage valid).
        Settings["Appliance:Memory:Host"] = "95%";
        if (fakeGpu)
        {
            Settings["Appliance:Memory:Gpu0"] = "90%";
            ConfigureServer = builder => builder.Services.AddSingleton<IGpuMonitor>(new FakeGpuMonitor());
        }
    }

    public Generation.GenerationClient Client => new(Channel);

    public static Task<MetricsServer> StartAsync(bool fakeGpu) => new MetricsServer(fakeGpu).StartAsync();

    /// <summary>A greedy, seeded request: the same prompt always yields the same tokens (and finish reason).</summary>
    public static GenerateRequest Request(string model, string client, int maxTokens, Priority priority = Priority.Normal) => new()
    {
        ModelId = model,
        Client = client,
        Prompt = Prompt,
        Priority = priority,
        Sampling = new SamplingParams { MaxTokens = maxTokens, Temperature = 0, Seed = 1 },
    };

    /// <summary>
    /// Successes from two clients and three priorities, an invalid request, an unknown model, and a
    /// queue-full rejection (one request running, one waiting, the third refused), then waits until idle.
    /// </summary>
    public async Task DriveLoadAsync()
    {
        using var timeout = new CancellationTokenSource(Bounded.CallTimeout);
        var client = Client;
        await client.CompleteAsync(Request(ModelId, ConfiguredClient, 8, Priority.Urgent), cancellationToken: timeout.Token);
        await client.CompleteAsync(Request(ModelId, "", 8), cancellationToken: timeout.Token);
        await client.CompleteAsync(Request(ModelId, ConfiguredClient, 8, Priority.Batch), cancellationToken: timeout.Token);
        using (var door = new OpenAiApi.OpenAiHttp(OpenAiAddress, key: null))
        {
            var chat = await door.PostAsync(
                "chat/completions", $$"""{"model":"{{ModelId}}","messages":[{"role":"user","content":"{{Prompt}}"}],"max_tokens":8}""", timeout.Token);
            Assert.Equal(200, chat.Status);
        }

        var invalid = Request(ModelId, ConfiguredClient, 8);
        invalid.Prompt = "";
        await ExpectAsync(StatusCode.InvalidArgument, client.CompleteAsync(invalid, cancellationToken: timeout.Token).ResponseAsync);
        await ExpectAsync(StatusCode.NotFound, client.CompleteAsync(Request("no-such-model", ConfiguredClient, 8), cancellationToken: timeout.Token).ResponseAsync);

        using (var hold = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token))
        {
            using var running = client.Generate(Request(ModelId, ConfiguredClient, 4000), cancellationToken: hold.Token);
            Assert.True(await running.ResponseStream.MoveNext(timeout.Token));
            using var waiting = client.Generate(Request(ModelId, ConfiguredClient, 4000), cancellationToken: hold.Token);
            var worker = Host.Get(ModelId)!.State.Worker!;
            await Bounded.UntilAsync(() => worker.WaitingCount > 0, "the second long call to wait", Bounded.CallTimeout, TimeSpan.FromMilliseconds(10));

            await ExpectAsync(StatusCode.ResourceExhausted, client.CompleteAsync(Request(ModelId, ConfiguredClient, 8), cancellationToken: timeout.Token).ResponseAsync);
            await hold.CancelAsync();
        }

        await WaitForIdleAsync();
    }

    private static async Task ExpectAsync(StatusCode code, Task call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(code, error.StatusCode);
    }
}
