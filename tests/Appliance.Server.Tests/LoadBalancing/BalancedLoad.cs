using System.Collections.Concurrent;
using System.Diagnostics;
using Appliance.Catalog.Demo;
using Appliance.Contracts.Balancing;
using Appliance.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Appliance.Server.Tests.LoadBalancing;

/// <summary>
/// Generate calls for <paramref name="model"/> through one channel, each recorded as a <see cref="BalancedCall"/> on one
/// clock; <paramref name="routed"/>: with the x-appliance-model header (<see cref="ModelRouting.WithModelRouting"/>), as appliancectl sends them.
/// </summary>
internal sealed class BalancedLoad(GrpcChannel channel, string model = DemoModel.Id, bool routed = false)
{
    /// <summary>Written like patient data into every prompt: no box's log and no balancer log may show it.</summary>
    public const string Canary = "PHI-CANARY-FLEET 张三 身份证 110101199003077777";

    private readonly Generation.GenerationClient _client = routed ? new(channel.WithModelRouting()) : new(channel);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TimeSpan Now => _clock.Elapsed;

    public ConcurrentBag<BalancedCall> Calls { get; } = [];

    /// <summary>One streamed call; <paramref name="onFirstMessage"/> runs when its first message arrives.</summary>
    public async Task<BalancedCall> CallAsync(int maxTokens, Action<BalancedCall>? onFirstMessage = null)
    {
        var started = Now;
        string? box = null;
        var messages = 0;
        BalancedCall Record(StatusCode status)
        {
            var call = new BalancedCall(box, status, started, Now, messages);
            Calls.Add(call);
            return call;
        }

        try
        {
            using var call = _client.Generate(
                new GenerateRequest { ModelId = model, Prompt = "Summarise the ward round of " + Canary, Sampling = new SamplingParams { MaxTokens = maxTokens, Seed = 7 } },
                deadline: DateTime.UtcNow.Add(Bounded.CallTimeout));
            box = (await call.ResponseHeadersAsync).GetValue("x-appliance-box");
            await foreach (var _ in call.ResponseStream.ReadAllAsync())
            {
                if (++messages == 1)
                {
                    onFirstMessage?.Invoke(new BalancedCall(box, StatusCode.OK, started, Now, messages));
                }
            }

            return Record(StatusCode.OK);
        }
        catch (RpcException e)
        {
            return Record(e.StatusCode);
        }
    }

    /// <summary><paramref name="workers"/> loops of back-to-back calls until <paramref name="stop"/> fires.</summary>
    public Task RunAsync(int workers, int maxTokens, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                await CallAsync(maxTokens);
            }
        }));
}
