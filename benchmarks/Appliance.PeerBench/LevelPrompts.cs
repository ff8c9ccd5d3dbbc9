namespace Appliance.PeerBench;

/// <summary>
/// One concurrency level's requests: <see cref="Streams"/> closed-loop workers share <see cref="Prompts"/>
/// in order; in a hospital mix, <see cref="UrgentStreams"/> of them send the short <see cref="Urgent"/>
/// prompts instead (urgent priority on the appliance) until the others are done.
/// </summary>
internal sealed record LevelPrompts(int Streams, IReadOnlyList<string> Prompts, IReadOnlyList<string>? Urgent = null, int UrgentStreams = 0);
