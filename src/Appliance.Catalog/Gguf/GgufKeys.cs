namespace Appliance.Catalog.Gguf;

/// <summary>Well-known GGUF metadata keys. Architecture keys are prefixed with the architecture.</summary>
public static class GgufKeys
{
    public const string Architecture = "general.architecture";
    public const string Name = "general.name";
    public const string FileType = "general.file_type";
    public const string QuantizationVersion = "general.quantization_version";
    public const string Alignment = "general.alignment";
    public const string License = "general.license";
    public const string LicenseName = "general.license.name";
    public const string Url = "general.url";
    public const string SourceUrl = "general.source.url";
    public const string SourceRepository = "general.source.huggingface.repository";
    public const string SplitCount = "split.count";
    public const string TokenizerModel = "tokenizer.ggml.model";
    public const string TokenizerPre = "tokenizer.ggml.pre";
    public const string Tokens = "tokenizer.ggml.tokens";
    public const string Scores = "tokenizer.ggml.scores";
    public const string TokenTypes = "tokenizer.ggml.token_type";
    public const string BosTokenId = "tokenizer.ggml.bos_token_id";
    public const string EosTokenId = "tokenizer.ggml.eos_token_id";
    public const string UnknownTokenId = "tokenizer.ggml.unknown_token_id";
    public const string AddBosToken = "tokenizer.ggml.add_bos_token";
    public const string AddEosToken = "tokenizer.ggml.add_eos_token";
    public const string ChatTemplate = "tokenizer.chat_template";

    public const string ContextLengthSuffix = ".context_length";
    public const string EmbeddingLengthSuffix = ".embedding_length";
    public const string BlockCountSuffix = ".block_count";
    public const string FeedForwardLengthSuffix = ".feed_forward_length";
    public const string HeadCountSuffix = ".attention.head_count";
    public const string HeadCountKvSuffix = ".attention.head_count_kv";
    public const string KeyLengthSuffix = ".attention.key_length";
    public const string ValueLengthSuffix = ".attention.value_length";
    public const string PoolingTypeSuffix = ".pooling_type";
    public const string RmsEpsilonSuffix = ".attention.layer_norm_rms_epsilon";
    public const string RopeFreqBaseSuffix = ".rope.freq_base";
    public const string RopeDimensionCountSuffix = ".rope.dimension_count";
    public const string VocabSizeSuffix = ".vocab_size";
}
