using System.Diagnostics;
using Appliance.Contracts.V1;
using Grpc.Core;

namespace Appliance.LoadGen;

/// <summary>Runs one Embed call against one model, times it with <see cref="Stopwatch"/> and checks the vectors.</summary>
internal sealed class EmbedCallRunner
{
    private readonly Embeddings.EmbeddingsClient _client;
    private readonly LoadGenOptions _options;
    private readonly EmbedTexts _texts;
    private readonly RequestMix _mix;

    public EmbedCallRunner(Embeddings.EmbeddingsClient client, string model, LoadGenOptions options)
    {
        _client = client;
        Model = model;
        _options = options;
        _texts = new EmbedTexts(options.Seed, options.TextsPerRequest, options.TextWords);
        _mix = new RequestMix(options);
    }

    public string Model { get; }

    /// <summary>Runs call number <paramref name="index"/>; throws only when <paramref name="cancellationToken"/> fires.</summary>
    public async Task<EmbedCallResult> RunAsync(int index, bool warmup, CancellationToken cancellationToken)
    {
        var request = new EmbedRequest
        {
            ModelId = Model,
            Priority = _mix.PriorityOf(index),
            Client = _mix.ClientOf(index),
        };
        request.Texts.Add(_texts.Build(index, warmup));

        var start = Stopwatch.GetTimestamp();
        try
        {
            var response = await _client.EmbedAsync(
                request, deadline: TimeProvider.System.GetUtcNow().UtcDateTime + _options.Timeout, cancellationToken: cancellationToken);
            var latency = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var problem = Check(response, request.Texts.Count);
            return new EmbedCallResult
            {
                Outcome = problem is null ? RequestOutcome.Ok : RequestOutcome.Failed,
                Failure = problem,
                Latency = latency,
                Texts = request.Texts.Count,
                PromptTokens = response.Usage?.PromptTokens ?? 0,
                TruncatedTexts = response.Usage?.TruncatedTexts ?? 0,
            };
        }
        catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return new EmbedCallResult
            {
                Outcome = exception.StatusCode == StatusCode.ResourceExhausted ? RequestOutcome.Rejected : RequestOutcome.Failed,
                Failure = exception.StatusCode.ToString(),
                Latency = Stopwatch.GetElapsedTime(start).TotalSeconds,
                Texts = request.Texts.Count,
                Pushback = RetryPushback.From(exception),
            };
        }
    }

    /// <summary>Null when the response has one vector per text, all of the stated dimension (above 0).</summary>
    private static string? Check(EmbedResponse response, int texts) =>
        response.Embeddings.Count != texts ? "wrong vector count"
        : response.Dimension <= 0 ? "dimension 0"
        : response.Embeddings.Any(e => e.Values.Count != response.Dimension) ? "wrong vector length"
        : null;
}
