using Appliance.Core.Generation;

namespace Appliance.Core.Engines;

/// <summary>What the engine needs to start a sequence.</summary>
/// <param name="PromptTokens">The full prompt, tokenised by <see cref="ITextGenerationEngine.Tokenize"/>.</param>
/// <param name="Sampling">Per-sequence sampling (temperature, penalties, seed).</param>
public sealed record SequenceStart(IReadOnlyList<int> PromptTokens, SamplingParameters Sampling);
