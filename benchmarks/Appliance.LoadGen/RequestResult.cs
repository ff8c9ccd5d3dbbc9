using Appliance.Contracts.V1;

namespace Appliance.LoadGen;

/// <summary>What one Generate stream did, measured on the client. Times in seconds.</summary>
internal sealed record RequestResult : ICallResult
{
    public required RequestOutcome Outcome { get; init; }

    /// <summary>The priority class the request asked for.</summary>
    public Priority Priority { get; init; } = Priority.Normal;

    /// <summary>The client id the request was sent as.</summary>
    public string Client { get; init; } = "";

    /// <summary>Why it failed: a gRPC status code or a finish reason; null when ok.</summary>
    public string? Failure { get; init; }

    /// <summary>From the call's start to the first piece; null when no piece arrived.</summary>
    public double? TimeToFirstToken { get; init; }

    /// <summary>From the call's start to the final message or the error.</summary>
    public double EndToEnd { get; init; }

    /// <summary>Per piece after the first: time since the previous piece divided by the piece's token_count.</summary>
    public IReadOnlyList<double> InterTokenLatencies { get; init; } = [];

    public int PromptTokens { get; init; }

    public int CompletionTokens { get; init; }

    public int CachedPromptTokens { get; init; }

    /// <summary>Server-reported wait before admission.</summary>
    public double? QueueSeconds { get; init; }

    /// <summary>How long the server asked us to back off (grpc-retry-pushback-ms) when rejected.</summary>
    public TimeSpan? Pushback { get; init; }

    /// <summary>
    /// Tokens after the first per second of the time after the first: the stream's decode speed.
    /// Null when fewer than two tokens came back.
    /// </summary>
    public double? DecodeRate =>
        TimeToFirstToken is { } ttft && CompletionTokens > 1 && EndToEnd > ttft
            ? (CompletionTokens - 1) / (EndToEnd - ttft)
            : null;
}
