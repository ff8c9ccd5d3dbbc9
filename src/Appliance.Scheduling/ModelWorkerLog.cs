using Appliance.Core.Logging;
using Microsoft.Extensions.Logging;

namespace Appliance.Scheduling;

/// <summary>
/// Log messages of <see cref="ModelWorker"/> (event ids 3001-3099). Never request content:
/// engine failures are logged as their shape (<see cref="ExceptionShape"/>) plus their text as
/// [PatientData], which the server's redactor erases (an engine's message may quote its input).
/// </summary>
internal static partial class ModelWorkerLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Worker for model {ModelId} started: {Sequences} sequence slots, {BatchTokens} tokens per step")]
    internal static partial void WorkerStarted(ILogger logger, string modelId, int sequences, int batchTokens);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Engine step failed for model {ModelId}; {Count} requests in the step end with finish reason error: {Error} {Detail}")]
    private static partial void StepFailedCore(ILogger logger, string modelId, int count, string error, [PatientData] string detail);

    internal static void StepFailed(ILogger logger, Exception exception, string modelId, int count)
    {
        if (logger.IsEnabled(LogLevel.Error))
        {
            StepFailedCore(logger, modelId, count, ExceptionShape.Of(exception), ExceptionShape.Messages(exception));
        }
    }

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Engine could not start a sequence for model {ModelId}; the request ends with finish reason error: {Error} {Detail}")]
    private static partial void StartFailedCore(ILogger logger, string modelId, string error, [PatientData] string detail);

    internal static void StartFailed(ILogger logger, Exception exception, string modelId)
    {
        if (logger.IsEnabled(LogLevel.Error))
        {
            StartFailedCore(logger, modelId, ExceptionShape.Of(exception), ExceptionShape.Messages(exception));
        }
    }

    [LoggerMessage(EventId = 3003, Level = LogLevel.Critical, Message = "Worker loop for model {ModelId} crashed; its requests fail with Unavailable: {Error} {Detail}")]
    private static partial void WorkerCrashedCore(ILogger logger, string modelId, string error, [PatientData] string detail);

    internal static void WorkerCrashed(ILogger logger, Exception exception, string modelId)
    {
        if (logger.IsEnabled(LogLevel.Critical))
        {
#pragma warning disable CA1873 // Guarded by IsEnabled(Critical) just above; the analyzer only recognises guards up to Error.
            WorkerCrashedCore(logger, modelId, ExceptionShape.Of(exception), ExceptionShape.Messages(exception));
#pragma warning restore CA1873
        }
    }

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Model {ModelId}: batch request {RequestId} preempted for urgent work after {Generated} tokens; it resumes later")]
    internal static partial void Preempted(ILogger logger, string modelId, string requestId, int generated);
}
