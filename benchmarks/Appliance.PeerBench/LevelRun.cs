namespace Appliance.PeerBench;

/// <summary>One contestant's run of one concurrency level: its wall time, per-request TTFTs (seconds) and token counts.</summary>
internal sealed record LevelRun(string Contestant, int Round, int Streams, double WallSeconds, IReadOnlyList<double> Ttft, int CompletionTokens, int PromptTokens, int Failed)
{
    public double TokensPerSecond => WallSeconds > 0 ? CompletionTokens / WallSeconds : 0;
}
