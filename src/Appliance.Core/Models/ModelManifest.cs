namespace Appliance.Core.Models;

/// <summary>
/// One model as configured by its manifest file under the models folder. Paths are resolved
/// (absolute) by the catalog; everything here has passed validation.
/// </summary>
public sealed record ModelManifest
{
    /// <summary>Stable id callers use in requests (lowercase letters, digits, '.', '-', '_').</summary>
    public required string Id { get; init; }

    /// <summary>What the model does.</summary>
    public required ModelKind Kind { get; init; }

    /// <summary>Weights format, which selects the engine.</summary>
    public required ModelFormat Format { get; init; }

    /// <summary>Absolute path of the weights file.</summary>
    public required string FilePath { get; init; }

    /// <summary>Expected sha256 of the weights file, lowercase hex (64 characters).</summary>
    public required string Sha256 { get; init; }

    /// <summary>Quantisation label, for example <c>Q4_0</c> or <c>Q4_K_M</c>; informational.</summary>
    public string? Quantization { get; init; }

    /// <summary>Context window (tokens) the engine allocates; at most the model's trained context.</summary>
    public required int ContextLength { get; init; }

    /// <summary>Layers offloaded to the GPU (0 = CPU only, -1 = all).</summary>
    public int GpuLayers { get; init; }

    /// <summary>Sequences decoded in parallel (KV cache slots).</summary>
    public int MaxSequences { get; init; } = 4;

    /// <summary>Tokens per engine step (the llama.cpp batch size); bounds prefill chunks.</summary>
    public int BatchTokens { get; init; } = 512;

    /// <summary>
    /// Chat template used when the GGUF file carries none (a Jinja-style template as in
    /// <c>tokenizer.chat_template</c>); null uses the template embedded in the model.
    /// </summary>
    public string? ChatTemplate { get; init; }

    /// <summary>
    /// Reasoning models: the markers around the reasoning (<c>reasoning</c>); null for a model that
    /// does not reason (then the output is all answer).
    /// </summary>
    public ReasoningMarkers? Reasoning { get; init; }

    /// <summary>ONNX: execution provider (<c>execution_provider</c>, default CPU).</summary>
    public ExecutionProvider ExecutionProvider { get; init; } = ExecutionProvider.Cpu;

    /// <summary>ONNX with CUDA: GPU index (<c>device_id</c>).</summary>
    public int DeviceId { get; init; }

    /// <summary>
    /// ONNX with CUDA: run on the CPU when CUDA is unavailable (<c>cpu_fallback</c>, default false).
    /// Without it the model fails with a reason saying CUDA is missing; with it the model serves
    /// and its backend says it fell back.
    /// </summary>
    public bool CpuFallback { get; init; }

    /// <summary>ONNX: threads inside one operator (<c>intra_op_threads</c>); null = ONNX Runtime's default (all cores).</summary>
    public int? IntraOpThreads { get; init; }

    /// <summary>ONNX: graph optimisation level (<c>graph_optimization</c>, default all).</summary>
    public GraphOptimization GraphOptimization { get; init; } = GraphOptimization.All;

    /// <summary>Embedding and tensor models: most inputs (texts or tensor rows) run together (<c>max_batch_size</c>; 1 = no batching).</summary>
    public int MaxBatchSize { get; init; } = 32;

    /// <summary>Embedding and tensor models: how long the batcher waits for more inputs after the first (<c>max_queue_delay_ms</c>).</summary>
    public TimeSpan MaxQueueDelay { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Embedding models: pooling of token vectors (<c>pooling</c>, default mean).</summary>
    public EmbeddingPooling Pooling { get; init; } = EmbeddingPooling.Mean;

    /// <summary>ONNX embedding models: absolute path of the WordPiece vocabulary (<c>vocabulary</c>, e.g. vocab.txt).</summary>
    public string? VocabularyPath { get; init; }

    /// <summary>ONNX embedding models: sha256 of the vocabulary file (<c>vocabulary_sha256</c>), verified like the weights.</summary>
    public string? VocabularySha256 { get; init; }

    /// <summary>ONNX embedding models: lower-case text before WordPiece (<c>lowercase</c>, default true: uncased BERT vocabularies).</summary>
    public bool LowerCase { get; init; } = true;

    /// <summary>Licence of the weights (SPDX id or name).</summary>
    public string? License { get; init; }

    /// <summary>Where the weights came from (URL, vendor, "synthetic").</summary>
    public string? Source { get; init; }

    /// <summary>Free-text description for operators.</summary>
    public string? Description { get; init; }

    /// <summary>When the model loads: at start (the default, as before the key existed) or on the first request that names it.</summary>
    public ModelLoadPolicy Load { get; init; } = ModelLoadPolicy.OnStart;

    /// <summary>Whether the host may unload the model after <c>Appliance:Models:EvictAfter</c> idle (it loads again on the next request).</summary>
    public bool Evictable { get; init; }

    /// <summary>Absolute path of the manifest file this record was read from.</summary>
    public required string ManifestPath { get; init; }
}
