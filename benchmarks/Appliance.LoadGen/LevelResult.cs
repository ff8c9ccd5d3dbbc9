namespace Appliance.LoadGen;

/// <summary>Every request of one level and the level's wall time.</summary>
internal sealed record LevelResult(LevelLoad Load, TimeSpan Wall, IReadOnlyList<RequestResult> Requests);
