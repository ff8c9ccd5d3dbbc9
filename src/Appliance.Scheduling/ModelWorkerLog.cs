using Microsoft.Extensions.Logging;

namespace Appliance.Scheduling;

/// <summary>Log messages of <see cref="ModelWorker"/> (event ids 3001-3099). Never request content.</summary>
internal static partial class ModelWorkerLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Worker for model {ModelId} started: {Sequences} sequence slots, {BatchTokens} tokens per step")]
    internal static partial void WorkerStarted(ILogger logger, string modelId, int sequences, int batchTokens);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Engine step failed for model {ModelId}; {Count} requests in the step end with finish reason error")]
    internal static partial void StepFailed(ILogger logger, Exception exception, string modelId, int count);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Engine could not start a sequence for model {ModelId}; the request ends with finish reason error")]
    internal static partial void StartFailed(ILogger logger, Exception exception, string modelId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Critical, Message = "Worker loop for model {ModelId} crashed; its requests fail with Unavailable")]
    internal static partial void WorkerCrashed(ILogger logger, Exception exception, string modelId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Model {ModelId}: batch request {RequestId} preempted for urgent work after {Generated} tokens; it resumes later")]
    internal static partial void Preempted(ILogger logger, string modelId, string requestId, int generated);
}
