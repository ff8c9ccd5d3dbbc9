using Appliance.Core.Models;

namespace Appliance.Catalog.Memory;

/// <summary>
/// The llama.cpp context the engines create for a manifest, as far as memory goes: KV cells,
/// sequences, tokens per micro-batch and outputs. Mirrors LlamaEngineLoader and
/// LlamaEmbeddingEngineLoader (Appliance.Engines.Llama) so the estimate sizes what they allocate.
/// </summary>
/// <param name="Cells">KV cells llama.cpp allocates: the requested context rounded up to 256 (llama.cpp pads n_ctx).</param>
/// <param name="Sequences">n_seq_max.</param>
/// <param name="MicroBatch">n_ubatch: tokens of one forward pass (what the compute buffer is sized for).</param>
/// <param name="Outputs">Rows of the output buffer a step asks for: one logit row per sequence (text), every token (embeddings).</param>
/// <param name="Embeddings">An embedding context: its output rows are embeddings (n_embd), not logits (n_vocab).</param>
internal sealed record LlamaContextShape(long Cells, int Sequences, int MicroBatch, int Outputs, bool Embeddings)
{
    /// <summary>llama.cpp rounds n_ctx up to this (measured: 300 requested, 512 allocated).</summary>
    public const int CellPadding = 256;

    /// <summary>Most sequences the embedding loader puts in one context (LlamaEmbeddingEngineLoader.MaxSequencesPerContext).</summary>
    private const int MaxEmbeddingSequences = 64;

    public static LlamaContextShape For(ModelManifest manifest)
    {
        if (manifest.Kind == ModelKind.Embedding)
        {
            // One decode of up to max(context_length, batch_tokens) tokens, batch = micro-batch.
            var tokens = Math.Max(manifest.ContextLength, manifest.BatchTokens);
            return new LlamaContextShape(Pad(tokens), Math.Clamp(manifest.MaxBatchSize, 1, MaxEmbeddingSequences), tokens, tokens, Embeddings: true);
        }

        // Every sequence at full length: context_length x max_sequences cells.
        var sequences = Math.Max(1, manifest.MaxSequences);
        return new LlamaContextShape(Pad((long)manifest.ContextLength * sequences), sequences, manifest.BatchTokens, sequences, Embeddings: false);
    }

    private static long Pad(long cells) => (cells + CellPadding - 1) / CellPadding * CellPadding;
}
