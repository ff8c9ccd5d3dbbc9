namespace Appliance.Core.Engines;

/// <summary>Hard sizes of a loaded engine, which the scheduler plans within.</summary>
/// <param name="ContextLength">Most tokens (prompt + generated) one sequence may hold.</param>
/// <param name="MaxSequences">Sequences that can be started at once.</param>
/// <param name="BatchTokens">Most tokens one <see cref="ITextGenerationEngine.Step"/> may feed in total.</param>
public sealed record EngineLimits(int ContextLength, int MaxSequences, int BatchTokens);
