using Appliance.Core.Inference;
using Microsoft.Extensions.Logging;

namespace Appliance.Engines.Onnx;

/// <summary>The ONNX engine's log messages (event ids 2101-2199). Never logs inputs or outputs.</summary>
internal static partial class OnnxLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Model {ModelId}: ONNX Runtime session created on {Backend}")]
    public static partial void SessionCreated(ILogger logger, string modelId, string backend);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning,
        Message = "Model {ModelId}: CUDA device {DeviceId} is unavailable ({Reason}); serving on the CPU because cpu_fallback is set")]
    public static partial void CudaFallback(ILogger logger, string modelId, int deviceId, string reason);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Error,
        Message = "Model {ModelId}: CUDA device {DeviceId} is unavailable ({Reason}) and cpu_fallback is not set; the model will not serve")]
    public static partial void CudaUnavailable(ILogger logger, string modelId, int deviceId, string reason);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Information,
        Message = "Model {ModelId} loaded: tensor model, inputs [{Inputs}], outputs [{Outputs}], batchable {Batchable}, backend {Backend}")]
    public static partial void TensorModelLoaded(ILogger logger, string modelId, string inputs, string outputs, bool batchable, string backend);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Information,
        Message = "Model {ModelId} loaded: embedding model, dimension {Dimension}, at most {MaxTokens} tokens per text, pooling {Pooling}, backend {Backend}")]
    public static partial void EmbeddingModelLoaded(ILogger logger, string modelId, int dimension, int maxTokens, string pooling, string backend);

    /// <summary>"name float32[-1,3], ..." for the load message (once per model).</summary>
    public static string Describe(IReadOnlyList<TensorSpec> specs) =>
        string.Join(", ", specs.Select(s => $"{s.Name} {OnnxElementTypes.Name(s.ElementType)}[{string.Join(',', s.Shape)}]"));
}
