namespace Appliance.PeerBench;

/// <summary>One concurrency level's requests: <see cref="Streams"/> closed-loop workers share <see cref="Prompts"/> in order.</summary>
internal sealed record LevelPrompts(int Streams, IReadOnlyList<string> Prompts);
