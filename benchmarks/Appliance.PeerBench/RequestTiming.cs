namespace Appliance.PeerBench;

/// <summary>One request as the client saw it: seconds to its first token, and the server's token counts.</summary>
internal sealed record RequestTiming(bool Ok, double TimeToFirstToken, int CompletionTokens, int PromptTokens)
{
    /// <summary>Sent by an urgent stream of a hospital mix.</summary>
    public bool Urgent { get; init; }

    public static readonly RequestTiming Failed = new(false, 0, 0, 0);
}
