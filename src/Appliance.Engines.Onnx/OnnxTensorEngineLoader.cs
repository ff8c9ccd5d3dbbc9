using Appliance.Core.Inference;
using Appliance.Core.Models;
using Microsoft.Extensions.Logging;

namespace Appliance.Engines.Onnx;

/// <summary>Loads ONNX tensor models (classifiers, OCR, imaging) into <see cref="ITensorEngine"/>s.</summary>
public sealed class OnnxTensorEngineLoader : ITensorEngineLoader
{
    private readonly OnnxSessionFactory _sessions;
    private readonly ILogger<OnnxTensorEngineLoader> _logger;

    /// <summary>Creates the loader.</summary>
    public OnnxTensorEngineLoader(OnnxSessionFactory sessions, ILogger<OnnxTensorEngineLoader> logger)
    {
        _sessions = sessions;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<ITensorEngine> LoadAsync(ModelManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Format != ModelFormat.Onnx)
        {
            throw new ArgumentException($"model '{manifest.Id}' is {manifest.Format}, not ONNX", nameof(manifest));
        }

        cancellationToken.ThrowIfCancellationRequested();
        return await _sessions.CreateEngineAsync(
            manifest,
            session =>
            {
                var signature = OnnxSignature.Read(session.Session, manifest.Id);
                var inputs = OnnxLog.Describe(signature.Inputs);
                var outputs = OnnxLog.Describe(signature.Outputs);
                OnnxLog.TensorModelLoaded(_logger, manifest.Id, inputs, outputs, signature.Batchable, session.Backend);
                return new OnnxTensorEngine(session, signature);
            },
            cancellationToken);
    }
}
