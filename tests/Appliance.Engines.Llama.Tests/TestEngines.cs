using Appliance.Core.Engines;
using Appliance.Core.Inference;
using Appliance.Core.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Engines.Llama.Tests;

/// <summary>Loads a GGUF file into the real LLamaSharp engine with test-sized limits.</summary>
internal static class TestEngines
{
    public static Task<ITextGenerationEngine> LoadAsync(
        string path, int contextLength = 128, int maxSequences = 2, int batchTokens = 32, string? chatTemplate = null, bool prefixCache = true)
    {
        var manifest = new ModelManifest
        {
            Id = Path.GetFileNameWithoutExtension(path),
            Kind = ModelKind.TextGeneration,
            Format = ModelFormat.Gguf,
            FilePath = path,
            Sha256 = new string('0', 64),
            ContextLength = contextLength,
            MaxSequences = maxSequences,
            BatchTokens = batchTokens,
            ChatTemplate = chatTemplate,
            ManifestPath = Path.ChangeExtension(path, ".json"),
        };
        var options = new LlamaOptions { Threads = 2, PrefixCache = prefixCache };
        var loader = new LlamaEngineLoader(new LlamaNativeRuntime(options, NullLogger<LlamaNativeRuntime>.Instance), options, NullLogger<LlamaEngineLoader>.Instance);
        return loader.LoadAsync(manifest, CancellationToken.None);
    }

    public static Task<IEmbeddingEngine> LoadEmbeddingAsync(
        string path, EmbeddingPooling pooling = EmbeddingPooling.Mean, int contextLength = 32, int maxBatchSize = 4, int batchTokens = 64)
    {
        var manifest = new ModelManifest
        {
            Id = Path.GetFileNameWithoutExtension(path) + "-embed",
            Kind = ModelKind.Embedding,
            Format = ModelFormat.Gguf,
            FilePath = path,
            Sha256 = new string('0', 64),
            ContextLength = contextLength,
            MaxBatchSize = maxBatchSize,
            BatchTokens = batchTokens,
            Pooling = pooling,
            ManifestPath = Path.ChangeExtension(path, ".json"),
        };
        var options = new LlamaOptions { Threads = 2 };
        var loader = new LlamaEmbeddingEngineLoader(
            new LlamaNativeRuntime(options, NullLogger<LlamaNativeRuntime>.Instance), options, NullLogger<LlamaEmbeddingEngineLoader>.Instance);
        return loader.LoadAsync(manifest, CancellationToken.None);
    }
}
