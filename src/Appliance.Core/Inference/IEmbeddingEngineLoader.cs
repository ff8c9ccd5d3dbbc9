using Appliance.Core.Models;

namespace Appliance.Core.Inference;

/// <summary>Loads embedding engines of one weights format.</summary>
public interface IEmbeddingEngineLoader
{
    /// <summary>The format this loader reads (ONNX or GGUF).</summary>
    ModelFormat Format { get; }

    /// <summary>Loads the model; long-running; honours cancellation between phases.</summary>
    /// <exception cref="Errors.ModelUnavailableException">The model cannot run as configured (e.g. CUDA asked for and absent, no fallback allowed); the message says why.</exception>
    Task<IEmbeddingEngine> LoadAsync(ModelManifest manifest, CancellationToken cancellationToken);
}
