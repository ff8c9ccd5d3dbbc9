namespace Appliance.Core.Engines;

/// <summary>An engine sequence (a KV cache slot), valid from Start until Release.</summary>
/// <param name="Id">Engine-local id in [0, MaxSequences).</param>
public readonly record struct SequenceSlot(int Id);
