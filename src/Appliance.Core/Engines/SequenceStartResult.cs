namespace Appliance.Core.Engines;

/// <summary>A started sequence.</summary>
/// <param name="Slot">The reserved slot.</param>
/// <param name="CachedTokens">Leading prompt tokens already in the KV cache (prefix reuse); prefill starts after them.</param>
public sealed record SequenceStartResult(SequenceSlot Slot, int CachedTokens);
