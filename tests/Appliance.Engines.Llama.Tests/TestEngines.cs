using Appliance.Core.Inference;
using Appliance.Core.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Engines.Llama.Tests;

/// <summary>Loads a GGUF file into the real LLamaSharp engine with test-sized limits (manifests from the kit's <see cref="TestManifests"/>).</summary>
internal static class TestEngines
{
    public static Task<ITextGenerationEngine> LoadAsync(
        string path, int contextLength = 128, int maxSequences = 2, int batchTokens = 32, string? chatTemplate = null, bool prefixCache = true)
    {
        var manifest = TestManifests.TextGeneration(Path.GetFileNameWithoutExtension(path), path) with
        {
            ContextLength = contextLength,
            MaxSequences = maxSequences,
            BatchTokens = batchTokens,
            ChatTemplate = chatTemplate,
        };
        var options = new LlamaOptions { Threads = 2, PrefixCache = prefixCache };
        var loader = new LlamaEngineLoader(new LlamaNativeRuntime(options, NullLogger<LlamaNativeRuntime>.Instance), options, NullLogger<LlamaEngineLoader>.Instance);
        return loader.LoadAsync(manifest, CancellationToken.None).Within(Bounded.CallTimeout);
    }

    public static Task<IEmbeddingEngine> LoadEmbeddingAsync(
        string path, EmbeddingPooling pooling = EmbeddingPooling.Mean, int contextLength = 32, int maxBatchSize = 4, int batchTokens = 64)
    {
        var manifest = TestManifests.GgufEmbedding(Path.GetFileNameWithoutExtension(path) + "-embed", path) with
        {
            ContextLength = contextLength,
            MaxBatchSize = maxBatchSize,
            BatchTokens = batchTokens,
            Pooling = pooling,
        };
        return EmbeddingLoader().LoadAsync(manifest, CancellationToken.None).Within(Bounded.CallTimeout);
    }

    public static LlamaEmbeddingEngineLoader EmbeddingLoader()
    {
        var options = new LlamaOptions { Threads = 2 };
        return new LlamaEmbeddingEngineLoader(
            new LlamaNativeRuntime(options, NullLogger<LlamaNativeRuntime>.Instance), options, NullLogger<LlamaEmbeddingEngineLoader>.Instance);
    }
}
