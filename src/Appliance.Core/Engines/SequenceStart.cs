using Appliance.Core.Generation;

namespace Appliance.Core.Engines;

/// <summary>What the engine needs to start a sequence.</summary>
/// <param name="PromptTokens">The full prompt, tokenised by <see cref="ITextGenerationEngine.Tokenize"/>.</param>
/// <param name="Sampling">Per-sequence sampling (temperature, penalties, seed).</param>
/// <param name="Grammar">Grammar that constrains every sampled token; null for free text.</param>
/// <param name="GeneratedTokens">
/// How many tokens at the end of <paramref name="PromptTokens"/> are output already generated (a
/// sequence resumed after preemption): the grammar must accept them before the next sample.
/// </param>
public sealed record SequenceStart(IReadOnlyList<int> PromptTokens, SamplingParameters Sampling, ConstraintGrammar? Grammar = null, int GeneratedTokens = 0);
