using Appliance.Core.Models;

namespace Appliance.Core.Engines;

/// <summary>Loads the engine for a text-generation manifest.</summary>
public interface ITextGenerationEngineLoader
{
    /// <summary>Loads the weights and creates the context. Long-running; honours cancellation between phases.</summary>
    Task<ITextGenerationEngine> LoadAsync(ModelManifest manifest, CancellationToken cancellationToken);

    /// <summary>
    /// Loads as <see cref="LoadAsync(ModelManifest, CancellationToken)"/>, reporting how far the
    /// weights' load has got (0..1, from the loading thread) to <paramref name="progress"/>. A loader
    /// that cannot tell reports nothing (the default).
    /// </summary>
    Task<ITextGenerationEngine> LoadAsync(ModelManifest manifest, IProgress<float>? progress, CancellationToken cancellationToken) =>
        LoadAsync(manifest, cancellationToken);
}
