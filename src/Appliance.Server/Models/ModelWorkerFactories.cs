using Appliance.Core.Engines;
using Appliance.Core.Errors;
using Appliance.Core.Inference;
using Appliance.Core.Models;
using Appliance.Scheduling;
using Appliance.Scheduling.Batching;

namespace Appliance.Server.Models;

/// <summary>
/// The model kinds this build serves, each an engine loader and the worker over its engine.
/// A new kind is its worker (in Scheduling) plus a method here, registered in
/// <see cref="AddModelWorkerFactories"/>; <see cref="ModelHost"/> needs no change.
/// </summary>
public static class ModelWorkerFactories
{
    /// <summary>Text generation: the engine from <paramref name="loader"/>, a <see cref="GenerationWorker"/> over it.</summary>
    public static ModelWorkerFactory Generation(ITextGenerationEngineLoader loader) => ModelWorkerFactory.Of(
        ModelKind.TextGeneration,
        (manifest, progress, cancellationToken) => loader.LoadAsync(manifest, progress, cancellationToken),
        (manifest, engine, s) => new(
            new GenerationWorker(manifest.Id, engine, s.Options, s.Time, s.Loggers.CreateLogger<GenerationWorker>(), s.Observer, s.Policies, manifest.Reasoning),
            engine.Backend,
            engine.Traits with { MaxInputTokens = engine.Limits.ContextLength - 1 }));

    /// <summary>Embeddings: the engine from the loader of the manifest's weights format, an <see cref="EmbeddingWorker"/> over it.</summary>
    public static ModelWorkerFactory Embedding(IEnumerable<IEmbeddingEngineLoader> loaders)
    {
        IReadOnlyList<IEmbeddingEngineLoader> byFormat = [.. loaders];
        return ModelWorkerFactory.Of(
            ModelKind.Embedding,
            (manifest, _, cancellationToken) => (byFormat.FirstOrDefault(l => l.Format == manifest.Format)
                ?? throw new ModelUnavailableException(manifest.Id, $"this build has no engine for {manifest.Format} embedding models")).LoadAsync(manifest, cancellationToken),
            (manifest, engine, s) => new(new EmbeddingWorker(manifest.Id, engine, Limits(manifest), s.Options, s.Time, s.Loggers.CreateLogger<EmbeddingWorker>(), s.Observer, s.Policies), engine.Backend,
                new ModelTraits { EmbeddingDimension = engine.Dimension, MaxInputTokens = engine.MaxInputTokens }));
    }

    /// <summary>Tensor models: the engine from <paramref name="loader"/>, a <see cref="TensorWorker"/> over it.</summary>
    public static ModelWorkerFactory Tensor(ITensorEngineLoader loader) => ModelWorkerFactory.Of(
        ModelKind.Tensor,
        (manifest, _, cancellationToken) => loader.LoadAsync(manifest, cancellationToken),
        (manifest, engine, s) => new(new TensorWorker(manifest.Id, engine, Limits(manifest), s.Options, s.Time, s.Loggers.CreateLogger<TensorWorker>(), s.Observer, s.Policies), engine.Backend));

    /// <summary>Registers the factory of every kind over the engine loaders in DI (which tests may replace).</summary>
    internal static IServiceCollection AddModelWorkerFactories(this IServiceCollection services)
    {
        services.AddSingleton(sp => Generation(sp.GetRequiredService<ITextGenerationEngineLoader>()));
        services.AddSingleton(sp => Embedding(sp.GetServices<IEmbeddingEngineLoader>()));
        services.AddSingleton(sp => Tensor(sp.GetRequiredService<ITensorEngineLoader>()));
        return services;
    }

    private static BatchLimits Limits(ModelManifest manifest) => new(manifest.MaxBatchSize, manifest.MaxQueueDelay);
}
