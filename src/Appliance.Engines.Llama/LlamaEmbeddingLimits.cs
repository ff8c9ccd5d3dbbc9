namespace Appliance.Engines.Llama;

/// <summary>What one embedding context can take, as llama.cpp granted it (it may round the requested sizes).</summary>
/// <param name="MaxInputTokens">Most tokens one text may have (the manifest's context length).</param>
/// <param name="SequencesPerDecode">Most texts in one <c>llama_decode</c> (the context's sequence count).</param>
/// <param name="TokensPerDecode">
/// Most tokens in one <c>llama_decode</c>: the batch and micro-batch size, so a decode is never split
/// into micro-batches and every sequence is pooled over all of its tokens.
/// </param>
/// <param name="TrailingSpecialTokens">Special tokens the tokenizer puts after the text (EOS / [SEP]); truncation keeps them.</param>
internal sealed record LlamaEmbeddingLimits(
    int MaxInputTokens,
    int SequencesPerDecode,
    int TokensPerDecode,
    int TrailingSpecialTokens);
