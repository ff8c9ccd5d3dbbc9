using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Appliance.Contracts.Balancing;
using Appliance.Contracts.V1;

namespace Appliance.LoadGen;

/// <summary>
/// Runs one stream through the OpenAI-compatible door: the same prompt, system prefix, client,
/// priority and sampling as <see cref="RequestRunner"/> sends over gRPC, as a streamed chat completion
/// (<c>stream_options.include_usage</c> for the token counts). Each content event counts as one token
/// for the inter-token latency (the door sends one event per piece; gRPC pieces carry their count).
/// </summary>
internal sealed class OpenAiRequestRunner(HttpClient http, LoadGenOptions options) : IStreamRunner
{
    private readonly PromptBuilder _prompts = new(options.Seed, options.PromptTokens);
    private readonly SharedPrefix _prefix = new(options.Seed, options.SharedPrefixTokens);
    private readonly RequestMix _mix = new(options);

    public async Task<RequestResult> RunAsync(int index, bool warmup, string? client, CancellationToken cancellationToken)
    {
        var who = client ?? _mix.ClientOf(index);
        var priority = _mix.PriorityOf(index);
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = new StringContent(Body(index, warmup), Encoding.UTF8, "application/json") };
        request.Headers.Add("x-appliance-client", who);
        request.Headers.Add(ModelRouting.Header, options.Model); // a balancer routes by it (appliance/lb); the door checks it against "model"
        request.Headers.Add("x-appliance-priority", priority switch { Priority.Urgent => "urgent", Priority.Batch => "batch", _ => "normal" });
        var result = await MeasureAsync(request, cancellationToken);
        return result with { Priority = priority, Client = who };
    }

    private async Task<RequestResult> MeasureAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        long? first = null;
        var previous = start;
        var latencies = new List<double>(options.MaxTokens);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return Refused(response, start);
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
            string? finish = null;
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (!line.StartsWith("data: {", StringComparison.Ordinal))
                {
                    continue;
                }

                var now = Stopwatch.GetTimestamp();
                using var chunk = JsonDocument.Parse(line.AsMemory(6));
                var root = chunk.RootElement;
                if (root.TryGetProperty("usage", out var usage))
                {
                    return Finished(finish, start, first, now, latencies, usage);
                }

                var choice = root.GetProperty("choices")[0];
                if (choice.GetProperty("delta").TryGetProperty("content", out var content) && content.GetString() is { Length: > 0 })
                {
                    if (first is null)
                    {
                        first = now;
                    }
                    else
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(previous, now).TotalSeconds);
                    }

                    previous = now;
                }

                finish ??= choice.TryGetProperty("finish_reason", out var reason) ? reason.GetString() : null;
            }

            return new RequestResult { Outcome = RequestOutcome.Failed, Failure = "no usage event", EndToEnd = Elapsed(start) };
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new RequestResult { Outcome = RequestOutcome.Failed, Failure = exception.GetType().Name, EndToEnd = Elapsed(start) };
        }
    }

    private string Body(int index, bool warmup)
    {
        var messages = new JsonArray();
        if ((warmup ? _prefix.Warmup : _prefix.Measured) is { } system)
        {
            messages.Add(new JsonObject { ["role"] = "system", ["content"] = system });
        }

        messages.Add(new JsonObject { ["role"] = "user", ["content"] = _prompts.Build(index) });
        return new JsonObject
        {
            ["model"] = options.Model,
            ["messages"] = messages,
            ["max_tokens"] = options.MaxTokens,
            ["temperature"] = options.Temperature,
            ["seed"] = unchecked(options.Seed + (uint)index),
            ["stream"] = true,
            ["stream_options"] = new JsonObject { ["include_usage"] = true },
        }.ToJsonString();
    }

    private static RequestResult Finished(string? finish, long start, long? first, long end, List<double> latencies, JsonElement usage)
    {
        var ok = finish is "stop" or "length";
        return new RequestResult
        {
            Outcome = ok ? RequestOutcome.Ok : RequestOutcome.Failed,
            Failure = ok ? null : "finish " + finish,
            TimeToFirstToken = first is { } f ? Stopwatch.GetElapsedTime(start, f).TotalSeconds : null,
            EndToEnd = Stopwatch.GetElapsedTime(start, end).TotalSeconds,
            InterTokenLatencies = latencies,
            PromptTokens = usage.GetProperty("prompt_tokens").GetInt32(),
            CompletionTokens = usage.GetProperty("completion_tokens").GetInt32(),
            CachedPromptTokens = usage.TryGetProperty("prompt_tokens_details", out var details) ? details.GetProperty("cached_tokens").GetInt32() : 0,
        };
    }

    private static RequestResult Refused(HttpResponseMessage response, long start)
    {
        var rejected = response.StatusCode == HttpStatusCode.TooManyRequests;
        var pushback = response.Headers.TryGetValues("retry-after-ms", out var values) && double.TryParse(values.First(), CultureInfo.InvariantCulture, out var ms)
            ? TimeSpan.FromMilliseconds(ms)
            : (TimeSpan?)null;
        return new RequestResult
        {
            Outcome = rejected ? RequestOutcome.Rejected : RequestOutcome.Failed,
            Failure = "HTTP " + (int)response.StatusCode,
            EndToEnd = Elapsed(start),
            Pushback = pushback,
        };
    }

    private static double Elapsed(long start) => Stopwatch.GetElapsedTime(start).TotalSeconds;
}
