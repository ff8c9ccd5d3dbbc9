using Appliance.Core.Logging;
using Microsoft.Extensions.Logging;

namespace Appliance.Scheduling.Batching;

/// <summary>Log messages of the batch workers (event ids 3101-3199). Never request content; engine failures as in <see cref="ModelWorkerLog"/>.</summary>
internal static partial class BatchWorkerLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Batch worker for model {ModelId} started: up to {MaxBatch} inputs per run, {DelayMs} ms queue delay")]
    internal static partial void Started(ILogger logger, string modelId, int maxBatch, double delayMs);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Engine run failed for model {ModelId}; the {Count} inputs of the batch fail with Internal: {Error} {Detail}")]
    private static partial void RunFailedCore(ILogger logger, string modelId, int count, string error, [PatientData] string detail);

    internal static void RunFailed(ILogger logger, Exception exception, string modelId, int count)
    {
        if (logger.IsEnabled(LogLevel.Error))
        {
            RunFailedCore(logger, modelId, count, ExceptionShape.Of(exception), ExceptionShape.Messages(exception));
        }
    }

    [LoggerMessage(EventId = 3103, Level = LogLevel.Critical, Message = "Batch worker loop for model {ModelId} crashed; its requests fail with Unavailable: {Error} {Detail}")]
    private static partial void CrashedCore(ILogger logger, string modelId, string error, [PatientData] string detail);

    internal static void Crashed(ILogger logger, Exception exception, string modelId)
    {
        if (logger.IsEnabled(LogLevel.Critical))
        {
#pragma warning disable CA1873 // Guarded by IsEnabled(Critical) just above; the analyzer only recognises guards up to Error.
            CrashedCore(logger, modelId, ExceptionShape.Of(exception), ExceptionShape.Messages(exception));
#pragma warning restore CA1873
        }
    }

    [LoggerMessage(EventId = 3104, Level = LogLevel.Debug, Message = "Model {ModelId}: every caller of a {Count}-input batch cancelled; run terminated")]
    internal static partial void Terminated(ILogger logger, string modelId, int count);
}
