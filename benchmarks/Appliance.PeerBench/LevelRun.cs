using System.Text.Json;
using System.Text.Json.Serialization;

namespace Appliance.PeerBench;

/// <summary>One contestant's run of one concurrency level: its wall time, per-request TTFTs (seconds) and token counts.</summary>
internal sealed record LevelRun(string Contestant, int Round, int Streams, double WallSeconds, IReadOnlyList<double> Ttft, int CompletionTokens, int PromptTokens, int Failed)
{
    /// <summary>Mean runnable threads of the contestant's process during the level (see <see cref="RunnableThreads"/>).</summary>
    public double RunnableThreads { get; init; } = double.NaN;

    /// <summary>TTFTs (seconds) of the urgent streams' requests in a hospital mix (<see cref="Ttft"/> holds the others').</summary>
    public IReadOnlyList<double> UrgentTtft { get; init; } = [];

    /// <summary>Of <see cref="CompletionTokens"/>, those the urgent streams' requests generated.</summary>
    public int UrgentCompletionTokens { get; init; }

    /// <summary>Tokens/s of the other (batch) streams alone: a closed-loop urgent stream sends more calls the faster it is served.</summary>
    public double OtherTokensPerSecond => WallSeconds > 0 ? (CompletionTokens - UrgentCompletionTokens) / WallSeconds : 0;

    /// <summary>How the raw child hands its levels to the parent (NaN allowed: a level without samples).</summary>
    public static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public double TokensPerSecond => WallSeconds > 0 ? CompletionTokens / WallSeconds : 0;
}
