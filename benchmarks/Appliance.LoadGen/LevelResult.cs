namespace Appliance.LoadGen;

/// <summary>Every request of one concurrency level and the level's wall time.</summary>
internal sealed record LevelResult(int Concurrency, TimeSpan Wall, IReadOnlyList<RequestResult> Requests);
