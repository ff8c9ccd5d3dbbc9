using System.Diagnostics;
using Appliance.Contracts.V1;
using Grpc.Core;

namespace Appliance.LoadGen;

/// <summary>Runs one Generate stream and measures it with <see cref="Stopwatch"/> timestamps.</summary>
internal sealed class RequestRunner : IStreamRunner
{
    private readonly Generation.GenerationClient _client;
    private readonly LoadGenOptions _options;
    private readonly PromptBuilder _prompts;
    private readonly SharedPrefix _prefix;
    private readonly RequestMix _mix;

    public RequestRunner(Generation.GenerationClient client, LoadGenOptions options)
    {
        _client = client;
        _options = options;
        _prompts = new PromptBuilder(options.Seed, options.PromptTokens);
        _prefix = new SharedPrefix(options.Seed, options.SharedPrefixTokens);
        _mix = new RequestMix(options);
    }

    public async Task<RequestResult> RunAsync(int index, bool warmup, string? client, CancellationToken cancellationToken)
    {
        var request = BuildRequest(index, warmup, client);
        var result = await MeasureAsync(request, cancellationToken);
        return result with { Priority = request.Priority, Client = request.Client };
    }

    private async Task<RequestResult> MeasureAsync(GenerateRequest request, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        long? first = null;
        var previous = start;
        var latencies = new List<double>(_options.MaxTokens);
        try
        {
            using var call = _client.Generate(
                request, deadline: TimeProvider.System.GetUtcNow().UtcDateTime + _options.Timeout, cancellationToken: cancellationToken);
            await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                var now = Stopwatch.GetTimestamp();
                if (response.EventCase == GenerateResponse.EventOneofCase.Piece)
                {
                    if (first is null)
                    {
                        first = now;
                    }
                    else if (response.Piece.TokenCount > 0)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(previous, now).TotalSeconds / response.Piece.TokenCount);
                    }

                    previous = now;
                }
                else if (response.EventCase == GenerateResponse.EventOneofCase.Final)
                {
                    return FromFinal(response.Final, start, first, now, latencies);
                }
            }

            return new RequestResult { Outcome = RequestOutcome.Failed, Failure = "no final message", EndToEnd = Elapsed(start) };
        }
        catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return FromError(exception, start, first);
        }
    }

    private GenerateRequest BuildRequest(int index, bool warmup, string? client)
    {
        var messages = new ChatMessages();
        if ((warmup ? _prefix.Warmup : _prefix.Measured) is { } system)
        {
            messages.Items.Add(new ChatMessage { Role = "system", Content = system });
        }

        messages.Items.Add(new ChatMessage { Role = "user", Content = _prompts.Build(index) });
        return new GenerateRequest
        {
            ModelId = _options.Model,
            Client = client ?? _mix.ClientOf(index),
            Priority = _mix.PriorityOf(index),
            Messages = messages,
            Sampling = new SamplingParams
            {
                MaxTokens = _options.MaxTokens,
                Temperature = _options.Temperature,
                Seed = unchecked(_options.Seed + (uint)index),
            },
        };
    }

    private static RequestResult FromFinal(GenerationFinal final, long start, long? first, long end, List<double> latencies)
    {
        var ok = final.FinishReason is FinishReason.Stop or FinishReason.Length;
        return new RequestResult
        {
            Outcome = ok ? RequestOutcome.Ok : RequestOutcome.Failed,
            Failure = ok ? null : "finish " + final.FinishReason,
            TimeToFirstToken = first is { } f ? Stopwatch.GetElapsedTime(start, f).TotalSeconds : null,
            EndToEnd = Stopwatch.GetElapsedTime(start, end).TotalSeconds,
            InterTokenLatencies = latencies,
            PromptTokens = final.Usage?.PromptTokens ?? 0,
            CompletionTokens = final.Usage?.CompletionTokens ?? 0,
            CachedPromptTokens = final.Usage?.CachedPromptTokens ?? 0,
            QueueSeconds = final.Timings?.QueueSeconds,
        };
    }

    private static RequestResult FromError(RpcException exception, long start, long? first)
    {
        var rejected = exception.StatusCode == StatusCode.ResourceExhausted;
        return new RequestResult
        {
            Outcome = rejected ? RequestOutcome.Rejected : RequestOutcome.Failed,
            Failure = exception.StatusCode.ToString(),
            TimeToFirstToken = first is { } f ? Stopwatch.GetElapsedTime(start, f).TotalSeconds : null,
            EndToEnd = Elapsed(start),
            Pushback = RetryPushback.From(exception),
        };
    }

    private static double Elapsed(long start) => Stopwatch.GetElapsedTime(start).TotalSeconds;
}
