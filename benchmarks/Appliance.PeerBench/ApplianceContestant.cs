using System.Diagnostics;
using Appliance.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Appliance.PeerBench;

/// <summary>
/// The appliance server (<c>dotnet Appliance.Server.dll</c>) on a temporary models folder holding
/// a manifest for the same file, loopback plaintext as the tests run it, with everything of the
/// product on (prefix cache, metrics, audit, quotas, priorities). Streamed Generate calls with
/// the raw prompt (no chat template), greedy, no repeat penalty, max_tokens.
/// </summary>
internal sealed class ApplianceContestant(
    PeerOptions options, string serverDll, string manifestDirectory, string modelId, string name = "appliance", IReadOnlyList<string>? variantSettings = null) : IContestant
{
    public string Name => name;

    /// <summary>The server's step profile, one per round (read from its metrics endpoint after the round's last level).</summary>
    public List<StepProfile> Profiles { get; } = [];

    public async Task<IReadOnlyList<LevelRun>> RunRoundAsync(int round, IReadOnlyList<LevelPrompts> levels, CancellationToken cancellationToken)
    {
        var port = ChildProcess.FreePort();
        var metricsPort = ChildProcess.FreePort();
        var audit = Path.Combine(options.Work, $"audit-{name}-{round}");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{port}",
            ["Appliance__Models__ManifestDirectories__0"] = manifestDirectory,
            ["Appliance__Models__DemoModel"] = "false",
            ["Appliance__Models__EmbeddingModel"] = "false",
            ["Appliance__Metrics__Port"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Appliance__Audit__Directory"] = audit,
            ["Appliance__Llama__Threads"] = options.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Appliance__Security__AllowLoopbackPlaintext"] = "true",
            ["Appliance__Security__AllowAnonymous"] = "true",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (options.NativeLibrary is { } library)
        {
            environment["Appliance__Llama__NativeLibraryPath"] = library;
        }

        foreach (var setting in options.ServerSettings.Concat(variantSettings ?? []).Where(s => !s.StartsWith(RpcSetting, StringComparison.Ordinal)))
        {
            // Key=Value: a configuration key (colons become __) or a plain environment variable.
            var (key, value) = (setting[..setting.IndexOf('=', StringComparison.Ordinal)], setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        await using var server = ChildProcess.Start("dotnet", [serverDll], environment, workingDirectory: Path.GetDirectoryName(serverDll));
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var models = new Models.ModelsClient(channel);
        await server.WaitReadyAsync("appliance server", async () =>
            (await models.GetModelAsync(new GetModelRequest { ModelId = modelId }, cancellationToken: cancellationToken)).Model.State == ModelState.Ready,
            TimeSpan.FromMinutes(3));
        var generation = new Generation.GenerationClient(channel);
        // A fresh .NET server JITs its hot paths again over its first calls (tiered compilation: 0.56 s
        // of a core during 12 calls after one warm-up call, 0.07 s after 30): warm up like a server
        // that has been running, with --warmup-requests full-length calls.
        for (var i = 0; i < options.WarmupRequests; i++)
        {
            await SendAsync(generation, $"Warm up {i}.", urgent: false, cancellationToken);
        }

        var runs = new List<LevelRun>();
        foreach (var level in levels)
        {
            runs.Add((await RunnableThreads.MeasureAsync(server.Process.Id, async () => await ClosedLoop.RunAsync(Name, round, level, (prompt, urgent, ct) => SendAsync(generation, prompt, urgent, ct), cancellationToken)))!);
        }

        using var http = new HttpClient();
        Profiles.Add(StepProfile.Parse(round, await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics", cancellationToken)));
        return runs;
    }

    /// <summary>
    /// The variant setting <c>rpc=complete</c> sends unary Complete calls instead of streamed
    /// Generate (one message per answer instead of one per token: what per-token streaming costs);
    /// its time to first token is then the server's own measurement (Timings).
    /// </summary>
    private const string RpcSetting = "rpc=";

    private bool Unary => (variantSettings ?? []).Contains(RpcSetting + "complete");

    /// <summary>In a hospital mix the urgent streams' calls are URGENT and the others BATCH (the appliance's classes).</summary>
    private Priority PriorityOf(bool urgent) => urgent ? Priority.Urgent : options.UrgentStreams > 0 ? Priority.Batch : Priority.Unspecified;

    private async Task<RequestTiming> SendAsync(Generation.GenerationClient client, string prompt, bool urgent, CancellationToken cancellationToken)
    {
        var maxTokens = urgent ? options.UrgentMaxTokens : options.MaxTokens;
        if (Unary)
        {
            return await CompleteAsync(client, prompt, maxTokens, PriorityOf(urgent), cancellationToken);
        }

        var request = new GenerateRequest
        {
            ModelId = modelId, Prompt = prompt, Client = "peerbench", Priority = PriorityOf(urgent),
            Sampling = new SamplingParams { MaxTokens = maxTokens, Temperature = 0, RepeatPenalty = 1 },
        };
        var start = Stopwatch.GetTimestamp();
        double? first = null;
        try
        {
            using var call = client.Generate(request, cancellationToken: cancellationToken);
            await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                if (response.EventCase == GenerateResponse.EventOneofCase.Piece)
                {
                    first ??= Stopwatch.GetElapsedTime(start).TotalSeconds;
                }
                else if (response.EventCase == GenerateResponse.EventOneofCase.Final && first is { } ttft)
                {
                    return new RequestTiming(true, ttft, response.Final.Usage.CompletionTokens, response.Final.Usage.PromptTokens);
                }
            }
        }
        catch (RpcException) when (!cancellationToken.IsCancellationRequested)
        {
            // Counted as failed.
        }

        return RequestTiming.Failed;
    }

    private async Task<RequestTiming> CompleteAsync(Generation.GenerationClient client, string prompt, int maxTokens, Priority priority, CancellationToken cancellationToken)
    {
        var request = new CompleteRequest
        {
            ModelId = modelId, Prompt = prompt, Client = "peerbench", Priority = priority,
            Sampling = new SamplingParams { MaxTokens = maxTokens, Temperature = 0, RepeatPenalty = 1 },
        };
        try
        {
            var response = await client.CompleteAsync(request, cancellationToken: cancellationToken);
            return new RequestTiming(true, response.Final.Timings.TimeToFirstTokenSeconds, response.Final.Usage.CompletionTokens, response.Final.Usage.PromptTokens);
        }
        catch (RpcException) when (!cancellationToken.IsCancellationRequested)
        {
            return RequestTiming.Failed;
        }
    }
}
