namespace Appliance.LoadGen;

/// <summary>What one Embed call did, measured on the client.</summary>
internal sealed record EmbedCallResult : ICallResult
{
    public required RequestOutcome Outcome { get; init; }

    /// <summary>Why it was not ok: a gRPC status code or what was wrong with the vectors; null when ok.</summary>
    public string? Failure { get; init; }

    /// <summary>Seconds from the call's start to its response or error.</summary>
    public double Latency { get; init; }

    /// <summary>Texts sent.</summary>
    public int Texts { get; init; }

    /// <summary>Server-reported tokens of all the texts.</summary>
    public int PromptTokens { get; init; }

    /// <summary>Server-reported texts cut to the model's input limit.</summary>
    public int TruncatedTexts { get; init; }

    /// <summary>How long the server asked us to back off (grpc-retry-pushback-ms) when rejected.</summary>
    public TimeSpan? Pushback { get; init; }
}
