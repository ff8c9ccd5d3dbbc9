namespace Appliance.PeerBench;

/// <summary>One side of the comparison. A round starts it fresh, runs every level, then stops it.</summary>
internal interface IContestant
{
    string Name { get; }

    /// <summary>Starts the contestant, warms it up, runs each level (prompts[level] per level), stops it.</summary>
    Task<IReadOnlyList<LevelRun>> RunRoundAsync(int round, IReadOnlyList<LevelPrompts> levels, CancellationToken cancellationToken);
}
