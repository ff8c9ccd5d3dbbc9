namespace Appliance.Engines.Onnx;

/// <summary>What the engine feeds to each input of a BERT-style embedding model.</summary>
internal enum EmbeddingInputRole
{
    /// <summary><c>input_ids</c>: token ids, padded with the vocabulary's [PAD] id.</summary>
    TokenIds,

    /// <summary><c>attention_mask</c>: 1 for a text's tokens, 0 for padding.</summary>
    AttentionMask,

    /// <summary><c>token_type_ids</c>: all 0 (one segment per text).</summary>
    TokenTypeIds,
}
