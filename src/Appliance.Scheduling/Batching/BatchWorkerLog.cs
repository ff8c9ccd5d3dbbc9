using Microsoft.Extensions.Logging;

namespace Appliance.Scheduling.Batching;

/// <summary>Log messages of the batch workers (event ids 3101-3199). Never request content.</summary>
internal static partial class BatchWorkerLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Batch worker for model {ModelId} started: up to {MaxBatch} inputs per run, {DelayMs} ms queue delay")]
    internal static partial void Started(ILogger logger, string modelId, int maxBatch, double delayMs);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Engine run failed for model {ModelId}; the {Count} inputs of the batch fail with Internal")]
    internal static partial void RunFailed(ILogger logger, Exception exception, string modelId, int count);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Critical, Message = "Batch worker loop for model {ModelId} crashed; its requests fail with Unavailable")]
    internal static partial void Crashed(ILogger logger, Exception exception, string modelId);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Debug, Message = "Model {ModelId}: every caller of a {Count}-input batch cancelled; run terminated")]
    internal static partial void Terminated(ILogger logger, string modelId, int count);
}
