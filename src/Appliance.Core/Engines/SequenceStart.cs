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
/// <param name="GrammarFrom">
/// How many of the generated tokens come before the grammar starts: 0 (the grammar constrains the
/// whole output), the length of a reasoning model's reasoning (the response format applies to the
/// answer only), or null while the sequence is still reasoning: unconstrained until the worker
/// calls <see cref="ITextGenerationEngine.SetGrammar"/> where its answer begins.
/// </param>
public sealed record SequenceStart(
    IReadOnlyList<int> PromptTokens, SamplingParameters Sampling, ConstraintGrammar? Grammar = null, int GeneratedTokens = 0, int? GrammarFrom = 0);
