using System.Collections.Concurrent;
using Appliance.Contracts.V1;
using Appliance.Server.Tests.Metrics;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;
using Xunit.Abstractions;

namespace Appliance.Server.Tests.GrpcApi;

/// <summary>
/// A caller with a standard gRPC retry policy (grpc-dotnet's, from a service config) gets through
/// a full queue by the server's <c>grpc-retry-pushback-ms</c> alone: the policy's own backoff is
/// an hour, so only a pushback the client honoured can bring the retry within the test's minute.
/// </summary>
public sealed class RetryPolicyTests(ITestOutputHelper output)
{
    private const string ModelId = "one-slot";
    private const string Refused = "Trailers-Only 8 with pushback";
    private const string Started = "headers without a status";

    [Fact]
    public async Task Complete_QueueFullUntilALongGenerationEnds_RetryPolicyGetsThroughByThePushback()
    {
        await using var server = await new ApplianceServerFixture
        {
            Models = [new StagedModel(ModelId) { MaxSequences = 1, ContextLength = 8192 }],
            Settings =
            {
                ["Appliance:Scheduler:MaxWaitingRequests"] = "1",
                ["Appliance:Scheduler:InitialRetryAfter"] = "00:00:00.500",
            },
        }.StartAsync();
        var plain = new Generation.GenerationClient(server.Channel);

        // A long generation holds the only slot; a short call fills the one place in the queue.
        using var stopLong = new CancellationTokenSource();
        using var running = plain.Generate(Request(maxTokens: 8000), cancellationToken: stopLong.Token);
        Assert.True(await running.ResponseStream.MoveNext(CancellationToken.None).Within(Bounded.CallTimeout));
        var queued = plain.CompleteAsync(Request(maxTokens: 4)).ResponseAsync;
        var worker = server.Host.Get(ModelId)!.State.Worker!;
        await Bounded.UntilAsync(() => worker.WaitingCount == 1, "the short call to wait", Bounded.CallTimeout);

        using var attempts = new AttemptRecorder();
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions
        {
            HttpHandler = attempts,
            MaxRetryAttempts = 10,
            ServiceConfig = new ServiceConfig { MethodConfigs = { RetryOnResourceExhausted() } },
        });
        var retrying = new Generation.GenerationClient(channel).CompleteAsync(Request(maxTokens: 4), deadline: DateTime.UtcNow.Add(Bounded.CallTimeout)).ResponseAsync;

        // Refused Trailers-Only (queue full); the long generation then ends and the pushback brings the retry in.
        Assert.Equal(Refused, await attempts.First.Within(Bounded.CallTimeout));
        await stopLong.CancelAsync();
        var response = await retrying.Within(Bounded.CallTimeout);
        await queued.Within(Bounded.CallTimeout);

        Assert.Equal(FinishReason.Length, response.Final.FinishReason);
        var seen = attempts.Statuses.ToList();
        output.WriteLine($"attempts: {string.Join(", ", seen)}");
        Assert.True(seen.Count >= 2, $"attempts: {string.Join(", ", seen)}");
        Assert.All(seen[..^1], s => Assert.Equal(Refused, s));
        Assert.Equal(Started, seen[^1]);
        var refusedOnServer = Scrape.Parse(await server.Server.ScrapeAsync()).Sum(
            "appliance_requests_total", ("method", "/appliance.v1.Generation/Complete"), ("model", ModelId), ("grpc_code", "ResourceExhausted"));
        Assert.Equal(seen.Count - 1, refusedOnServer);
    }

    private static GenerateRequest Request(int maxTokens) => new()
    {
        ModelId = ModelId,
        Prompt = "a long answer please",
        Sampling = new SamplingParams { Temperature = 0, MaxTokens = maxTokens },
    };

    private static MethodConfig RetryOnResourceExhausted() => new()
    {
        Names = { MethodName.Default },
        RetryPolicy = new RetryPolicy
        {
            MaxAttempts = 10,
            InitialBackoff = TimeSpan.FromHours(1),
            MaxBackoff = TimeSpan.FromHours(1),
            BackoffMultiplier = 1,
            RetryableStatusCodes = { StatusCode.ResourceExhausted },
        },
    };

    /// <summary>Each attempt's HTTP response as the client saw it: a Trailers-Only status (with or without a pushback), or a response that started.</summary>
    private sealed class AttemptRecorder() : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly TaskCompletionSource<string> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<string> Statuses { get; } = new();

        /// <summary>How the first attempt was answered.</summary>
        public Task<string> First => _first.Task;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var seen = response.Headers.TryGetValues("grpc-status", out var status)
                ? $"Trailers-Only {string.Concat(status)}{(response.Headers.Contains("grpc-retry-pushback-ms") ? " with pushback" : "")}"
                : Started;
            Statuses.Enqueue(seen);
            _first.TrySetResult(seen);
            return response;
        }
    }
}
