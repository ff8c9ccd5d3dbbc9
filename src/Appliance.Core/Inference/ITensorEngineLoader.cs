using Appliance.Core.Models;

namespace Appliance.Core.Inference;

/// <summary>Loads tensor (ONNX) engines.</summary>
public interface ITensorEngineLoader
{
    /// <summary>Loads the model; long-running; honours cancellation between phases.</summary>
    /// <exception cref="Errors.ModelUnavailableException">The model cannot run as configured (e.g. CUDA asked for and absent, no fallback allowed); the message says why.</exception>
    Task<ITensorEngine> LoadAsync(ModelManifest manifest, CancellationToken cancellationToken);
}
