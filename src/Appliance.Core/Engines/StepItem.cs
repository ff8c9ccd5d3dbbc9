namespace Appliance.Core.Engines;

/// <summary>Tokens to feed one sequence in a step, at its next positions.</summary>
/// <param name="Slot">The sequence.</param>
/// <param name="Tokens">A prefill chunk or the single token sampled last step.</param>
/// <param name="Sample">Sample the next token after the last fed token (false for a non-final prefill chunk).</param>
public readonly record struct StepItem(SequenceSlot Slot, ReadOnlyMemory<int> Tokens, bool Sample);
