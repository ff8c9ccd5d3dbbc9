using Appliance.Core.Logging;
using Microsoft.Extensions.Logging;

namespace Appliance.Scheduling;

/// <summary>
/// Log messages of the model workers: generation workers 3001-3099, batch workers
/// (embedding and tensor models) 3101-3199; the events every kind has come first, side by
/// side. Never request content: engine failures are logged as their shape
/// (<see cref="ExceptionShape"/>) plus their text as [PatientData], which the server's
/// redactor erases (an engine's message may quote its input).
/// </summary>
internal static partial class ModelWorkerLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Worker for model {ModelId} started: {Sequences} sequence slots, {BatchTokens} tokens per step")]
    internal static partial void WorkerStarted(ILogger logger, string modelId, int sequences, int batchTokens);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Batch worker for model {ModelId} started: up to {MaxBatch} inputs per run, {DelayMs} ms queue delay")]
    internal static partial void BatchStarted(ILogger logger, string modelId, int maxBatch, double delayMs);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Engine step failed for model {ModelId}; {Count} requests in the step end with finish reason error: {Error} {Detail}")]
    private static partial void StepFailedCore(ILogger logger, string modelId, int count, string error, [PatientData] string detail);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Engine run failed for model {ModelId}; the {Count} inputs of the batch fail with Internal: {Error} {Detail}")]
    private static partial void RunFailedCore(ILogger logger, string modelId, int count, string error, [PatientData] string detail);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Critical, Message = "Worker loop for model {ModelId} crashed; its requests fail with Unavailable: {Error} {Detail}")]
    private static partial void WorkerCrashedCore(ILogger logger, string modelId, string error, [PatientData] string detail);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Critical, Message = "Batch worker loop for model {ModelId} crashed; its requests fail with Unavailable: {Error} {Detail}")]
    private static partial void BatchCrashedCore(ILogger logger, string modelId, string error, [PatientData] string detail);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Engine could not start a sequence for model {ModelId}; the request ends with finish reason error: {Error} {Detail}")]
    private static partial void StartFailedCore(ILogger logger, string modelId, string error, [PatientData] string detail);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Model {ModelId}: batch request {RequestId} preempted for urgent work after {Generated} tokens; it resumes later")]
    internal static partial void Preempted(ILogger logger, string modelId, string requestId, int generated);

    /// <summary>The answer is never in the message: ids, the mode and counts only.</summary>
    [LoggerMessage(EventId = 3030, Level = LogLevel.Warning, Message = "Model {ModelId}: request {RequestId} ended its {Mode} answer ({Generated} tokens) but the answer failed the server's check; reported STRUCTURED_INVALID")]
    internal static partial void StructuredInvalid(ILogger logger, string modelId, string requestId, string mode, int generated);

    [LoggerMessage(EventId = 3042, Level = LogLevel.Debug, Message = "Model {ModelId}: urgent work about, steps carry at most {Tokens} tokens (fitted step cost {FixedMs:F1} ms + {PerTokenMs:F2} ms a token, target {TargetMs} ms)")]
    internal static partial void UrgentStepCap(ILogger logger, string modelId, int tokens, double fixedMs, double perTokenMs, double targetMs);

    [LoggerMessage(EventId = 3041, Level = LogLevel.Warning, Message = "Model {ModelId}: request {RequestId}'s answer began with {Tokens} tokens its response format's grammar does not allow; the rest is unconstrained and the answer check decides")]
    internal static partial void AnswerGrammarNotStarted(ILogger logger, string modelId, string requestId, int tokens);

    [LoggerMessage(EventId = 3040, Level = LogLevel.Information, Message = "Model {ModelId}: request {RequestId} reached its reasoning budget of {Budget} tokens; the end marker was fed and the model answers")]
    internal static partial void ReasoningBudgetReached(ILogger logger, string modelId, string requestId, int budget);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Debug, Message = "Model {ModelId}: every caller of a {Count}-input batch cancelled; run terminated")]
    internal static partial void Terminated(ILogger logger, string modelId, int count);

    internal static void StepFailed(ILogger logger, Exception exception, string modelId, int count) =>
        Failure(logger, LogLevel.Error, exception, (modelId, count), static (l, s, error, detail) => StepFailedCore(l, s.modelId, s.count, error, detail));

    internal static void RunFailed(ILogger logger, Exception exception, string modelId, int count) =>
        Failure(logger, LogLevel.Error, exception, (modelId, count), static (l, s, error, detail) => RunFailedCore(l, s.modelId, s.count, error, detail));

    internal static void WorkerCrashed(ILogger logger, Exception exception, string modelId) =>
        Failure(logger, LogLevel.Critical, exception, modelId, static (l, id, error, detail) => WorkerCrashedCore(l, id, error, detail));

    internal static void BatchCrashed(ILogger logger, Exception exception, string modelId) =>
        Failure(logger, LogLevel.Critical, exception, modelId, static (l, id, error, detail) => BatchCrashedCore(l, id, error, detail));

    internal static void StartFailed(ILogger logger, Exception exception, string modelId) =>
        Failure(logger, LogLevel.Error, exception, modelId, static (l, id, error, detail) => StartFailedCore(l, id, error, detail));

    /// <summary>Writes an engine failure; its shape and text are computed only when <paramref name="level"/> is enabled.</summary>
    private static void Failure<TState>(ILogger logger, LogLevel level, Exception exception, TState state, Action<ILogger, TState, string, string> write)
    {
        if (logger.IsEnabled(level))
        {
            write(logger, state, ExceptionShape.Of(exception), ExceptionShape.Messages(exception));
        }
    }
}
