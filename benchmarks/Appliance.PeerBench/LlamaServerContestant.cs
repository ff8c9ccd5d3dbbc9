using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Appliance.PeerBench;

/// <summary>
/// llama.cpp's own server: continuous batching with <c>--parallel</c> = the most streams, the same
/// KV cells per slot, threads and batch size as the appliance; streamed <c>/completion</c> calls,
/// greedy, <c>ignore_eos</c> (so every call yields exactly max_tokens, as the appliance's on a
/// random-weight model) and <c>cache_prompt: false</c> (the prompts are distinct anyway), true in a
/// hospital mix with a shared template. It has no priority classes: urgent calls queue like the rest.
/// </summary>
internal sealed class LlamaServerContestant(PeerOptions options, string model) : IContestant
{
    public string Name => "llama-server";

    public async Task<IReadOnlyList<LevelRun>> RunRoundAsync(int round, IReadOnlyList<LevelPrompts> levels, CancellationToken cancellationToken)
    {
        var port = ChildProcess.FreePort();
        var parallel = options.MaxStreams;
        string[] arguments =
        [
            "-m", model, "-t", Text(options.Threads), "-tb", Text(options.Threads), "-np", Text(parallel),
            "-c", Text(options.ContextPerSequence * parallel), "-b", Text(options.BatchTokens), "-ub", Text(options.BatchTokens),
            "-ngl", "0", "--host", "127.0.0.1", "--port", Text(port), "--no-webui",
        ];
        await using var server = ChildProcess.Start(options.LlamaServer!, arguments, new Dictionary<string, string>());
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(30) };
        await server.WaitReadyAsync("llama-server", async () => (await http.GetAsync("health", cancellationToken)).IsSuccessStatusCode, TimeSpan.FromMinutes(3));
        for (var i = 0; i < options.WarmupRequests; i++)
        {
            await SendAsync(http, $"Warm up {i}.", options.MaxTokens, false, cancellationToken);
        }

        var runs = new List<LevelRun>();
        try
        {
            foreach (var level in levels)
            {
                runs.Add((await RunnableThreads.MeasureAsync(server.Process.Id, async () => await ClosedLoop.RunAsync(Name, round, level, (prompt, urgent, ct) => SendAsync(http, prompt, urgent ? options.UrgentMaxTokens : options.MaxTokens, options.SharedPrefixTokens > 0, ct), cancellationToken)))!);
            }
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException($"llama-server failed a request ({e.Message}); its last output:\n{server.Tail()}", e);
        }

        return runs;
    }

    /// <summary>One streamed /completion; <paramref name="cachePrompt"/> (a hospital mix with a shared template) lets llama-server reuse a slot's prefix as the appliance does.</summary>
    private static async Task<RequestTiming> SendAsync(HttpClient http, string prompt, int maxTokens, bool cachePrompt, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["prompt"] = prompt, ["n_predict"] = maxTokens, ["temperature"] = 0, ["stream"] = true,
            ["cache_prompt"] = cachePrompt, ["ignore_eos"] = true,
        };
        var start = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, "completion") { Content = JsonContent.Create(body) };
        // llama-server's HTTP library closes a kept-alive connection after a few requests or seconds; a
        // pooled connection reused just then ends the response prematurely. One connection per call
        // (loopback: a fraction of a millisecond) is what keeps the comparison free of that race.
        request.Headers.ConnectionClose = true;
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            await Console.Error.WriteLineAsync($"llama-server: call failed with HTTP {(int)response.StatusCode}");
            return RequestTiming.Failed;
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        double? first = null;
        var streamed = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }

            first ??= Stopwatch.GetElapsedTime(start).TotalSeconds;
            using var chunk = JsonDocument.Parse(line.AsMemory(6));
            if (chunk.RootElement.TryGetProperty("stop", out var stop) && stop.GetBoolean())
            {
                var completion = chunk.RootElement.GetProperty("tokens_predicted").GetInt32();
                var promptTokens = chunk.RootElement.TryGetProperty("tokens_evaluated", out var evaluated) ? evaluated.GetInt32() : 0;
                return new RequestTiming(true, first.Value, completion, promptTokens);
            }

            if (chunk.RootElement.TryGetProperty("error", out var error))
            {
                // llama-server 815a2a59 ends about 1 stream in 10 of the random-weight model this way after
                // generating ("The model produced output that does not match the expected Content-only
                // format": its output parser). Its tokens were generated: counted, so its tokens/s is not
                // understated, and the call is reported as failed.
                await Console.Error.WriteLineAsync($"llama-server: stream ended with an error after {streamed} tokens: {error.GetRawText()[..Math.Min(error.GetRawText().Length, 200)]}");
                return RequestTiming.Failed with { TimeToFirstToken = first.Value, CompletionTokens = streamed };
            }

            streamed++;
        }

        await Console.Error.WriteLineAsync($"llama-server: stream ended without its final chunk after {streamed} tokens");
        return RequestTiming.Failed;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
