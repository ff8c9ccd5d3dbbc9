using System.Globalization;

namespace Appliance.LoadGen;

/// <summary>With <c>--api both</c>: per closed-loop level, the door's throughput and TTFT as ratios to gRPC's in the same run.</summary>
internal static class DoorRatios
{
    public static IEnumerable<string> Notes(IReadOnlyList<LevelSummary> levels) =>
        levels.Where(l => l.Load.Door == "openai")
            .Select(openAi => (openAi, grpc: levels.FirstOrDefault(l => l.Load.Door == "grpc" && l.Load.Concurrency == openAi.Load.Concurrency && l.Load.Rate == openAi.Load.Rate)))
            .Where(pair => pair.grpc is not null && pair.grpc.GeneratedTokensPerSecond > 0 && pair.grpc.TimeToFirstToken.Count > 0 && pair.openAi.TimeToFirstToken.Count > 0)
            .Select(pair => string.Create(
                CultureInfo.InvariantCulture,
                $"{pair.grpc!.Load.Concurrency} streams, OpenAI door / gRPC: generated tokens/s {pair.openAi.GeneratedTokensPerSecond / pair.grpc.GeneratedTokensPerSecond:F2} ({pair.openAi.GeneratedTokensPerSecond:F1} / {pair.grpc.GeneratedTokensPerSecond:F1}), TTFT p50 {pair.openAi.TimeToFirstToken.Percentile(50) / pair.grpc.TimeToFirstToken.Percentile(50):F2} ({pair.openAi.TimeToFirstToken.Percentile(50):F3} s / {pair.grpc.TimeToFirstToken.Percentile(50):F3} s)"));
}
