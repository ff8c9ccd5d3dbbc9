using Appliance.Core.Models;

namespace Appliance.Core.Engines;

/// <summary>Loads the engine for a text-generation manifest.</summary>
public interface ITextGenerationEngineLoader
{
    /// <summary>Loads the weights and creates the context. Long-running; honours cancellation between phases.</summary>
    Task<ITextGenerationEngine> LoadAsync(ModelManifest manifest, CancellationToken cancellationToken);
}
