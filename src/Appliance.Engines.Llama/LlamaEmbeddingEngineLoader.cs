using System.Text;
using Appliance.Core.Errors;
using Appliance.Core.Inference;
using Appliance.Core.Models;
using LLama;
using LLama.Common;
using LLama.Native;
using Microsoft.Extensions.Logging;

namespace Appliance.Engines.Llama;

/// <summary>Loads GGUF embedding manifests into <see cref="LlamaEmbeddingEngine"/>s.</summary>
/// <remarks>
/// Pooling is the manifest's, never the GGUF's: llama-architecture files declare none. CLS pooling
/// takes each text's first token; on a causal (decoder) model that is BOS, which sees nothing after
/// it, so every text gets the same vector: CLS suits bidirectional models (BERT, bge), Mean the rest.
/// </remarks>
public sealed partial class LlamaEmbeddingEngineLoader : IEmbeddingEngineLoader
{
    /// <summary>
    /// Most sequences one context holds. Above its compile-time LLAMA_MAX_SEQ (256 in the 0.30.0
    /// backend, 64 in older builds an operator might stage) llama.cpp aborts the process instead of
    /// failing the context (measured: SeqMax 257 kills the test host), so stay within the smaller.
    /// A larger batch runs as several decodes.
    /// </summary>
    internal const int MaxSequencesPerContext = 64;

    private readonly LlamaNativeRuntime _runtime;
    private readonly LlamaOptions _options;
    private readonly ILogger<LlamaEmbeddingEngineLoader> _logger;

    /// <summary>Creates the loader.</summary>
    public LlamaEmbeddingEngineLoader(LlamaNativeRuntime runtime, LlamaOptions options, ILogger<LlamaEmbeddingEngineLoader> logger)
    {
        _runtime = runtime;
        _options = options;
        _logger = logger;
    }

    /// <inheritdoc />
    public ModelFormat Format => ModelFormat.Gguf;

    /// <inheritdoc />
    public async Task<IEmbeddingEngine> LoadAsync(ModelManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Format != ModelFormat.Gguf || manifest.Kind != ModelKind.Embedding)
        {
            throw new ArgumentException($"model '{manifest.Id}' is {manifest.Kind} {manifest.Format}, not a GGUF embedding model", nameof(manifest));
        }

        var backend = _runtime.EnsureLoaded();
        var parameters = CreateParameters(manifest, _options);
        var weights = await LLamaWeights.LoadFromFileAsync(parameters, cancellationToken);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (weights.NativeHandle is { HasEncoder: true, HasDecoder: true })
            {
                throw new ModelUnavailableException(manifest.Id, "encoder-decoder GGUF models cannot serve embeddings");
            }

            var context = weights.CreateContext(parameters, _logger);
            try
            {
                var limits = Limits(manifest, parameters.PoolingType, weights, context);
                LogLoaded(_logger, manifest.Id, weights.ParameterCount, weights.SizeInBytes, weights.EmbeddingSize, manifest.Pooling,
                    limits.SequencesPerDecode, limits.TokensPerDecode, manifest.GpuLayers, backend);
                return new LlamaEmbeddingEngine(weights, context, limits, backend);
            }
            catch
            {
                context.Dispose();
                throw;
            }
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One decode holds up to <c>max(context_length, batch_tokens)</c> tokens of up to
    /// <c>max_batch_size</c> texts in one unified KV cache of that many cells. Batch and micro-batch
    /// are the same size, so llama.cpp never splits a decode and pools each text over all its tokens
    /// (encoder models such as BERT require that too).
    /// </summary>
    internal static ModelParams CreateParameters(ModelManifest manifest, LlamaOptions options)
    {
        var threads = options.Threads ?? Environment.ProcessorCount;
        var tokensPerDecode = (uint)Math.Max(manifest.ContextLength, manifest.BatchTokens);
        return new ModelParams(manifest.FilePath)
        {
            ContextSize = tokensPerDecode,
            SeqMax = (uint)Math.Clamp(manifest.MaxBatchSize, 1, MaxSequencesPerContext),
            BatchSize = tokensPerDecode,
            UBatchSize = tokensPerDecode,
            KVUnified = true,
            Embeddings = true,
            PoolingType = manifest.Pooling switch
            {
                EmbeddingPooling.Mean => LLamaPoolingType.Mean,
                EmbeddingPooling.Cls => LLamaPoolingType.CLS,
                _ => throw new ArgumentOutOfRangeException(nameof(manifest), manifest.Pooling, "unknown pooling"),
            },
            GpuLayerCount = manifest.GpuLayers < 0 ? 999 : manifest.GpuLayers,
            Threads = threads,
            BatchThreads = options.BatchThreads ?? threads,
        };
    }

    /// <summary>Reads back what llama.cpp granted and checks that it can serve the manifest.</summary>
    private static LlamaEmbeddingLimits Limits(ModelManifest manifest, LLamaPoolingType requested, LLamaWeights weights, LLamaContext context)
    {
        var handle = context.NativeHandle;
        var pooling = handle.PoolingType;
        if (pooling != requested)
        {
            throw new ModelUnavailableException(manifest.Id, $"llama.cpp pools this model as {pooling}, not {manifest.Pooling}");
        }

        var tokensPerDecode = (int)Math.Min(handle.BatchSize, handle.UBatchSize);
        if (tokensPerDecode < manifest.ContextLength)
        {
            throw new ModelUnavailableException(manifest.Id, $"llama.cpp granted {tokensPerDecode} tokens per decode, fewer than context_length {manifest.ContextLength}");
        }

        // The special tokens the tokenizer adds around any text: those of the empty text.
        var specials = weights.NativeHandle.Tokenize(string.Empty, addBos: true, special: false, Encoding.UTF8).Length;
        var leading = weights.Vocab.ShouldAddBOS ? 1 : 0;
        var trailing = Math.Max(0, specials - leading);
        if (manifest.ContextLength <= leading + trailing)
        {
            throw new ModelUnavailableException(manifest.Id, $"context_length {manifest.ContextLength} leaves no room for text after {leading + trailing} special tokens");
        }

        return new LlamaEmbeddingLimits(manifest.ContextLength, (int)handle.MaxSeq, tokensPerDecode, trailing);
    }

    [LoggerMessage(EventId = 2020, Level = LogLevel.Information,
        Message = "Embedding model {ModelId} loaded: {Parameters} parameters, {Bytes} bytes, dimension {Dimension}, {Pooling} pooling, up to {Sequences} texts and {Tokens} tokens per decode, GPU layers {GpuLayers}, backend {Backend}")]
    private static partial void LogLoaded(ILogger logger, string modelId, ulong parameters, ulong bytes, int dimension, EmbeddingPooling pooling,
        int sequences, int tokens, int gpuLayers, string backend);
}
