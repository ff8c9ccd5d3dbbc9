namespace Appliance.Core.Engines;

/// <summary>The token sampled for one sequence in a step.</summary>
/// <param name="Slot">The sequence.</param>
/// <param name="Token">Token id, to be fed back in the sequence's next step.</param>
/// <param name="Text">Text completed by this token; empty while a multi-byte character is incomplete.</param>
/// <param name="IsEndOfGeneration">The model's end-of-generation token (EOS/EOT): the text is empty and the sequence is done.</param>
public readonly record struct SampledToken(SequenceSlot Slot, int Token, string Text, bool IsEndOfGeneration);
