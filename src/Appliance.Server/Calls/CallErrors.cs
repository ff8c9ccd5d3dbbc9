using Appliance.Core;
using Appliance.Core.Errors;
using Appliance.Core.Logging;

namespace Appliance.Server.Calls;

/// <summary>
/// The one place where an exception becomes what the caller is told (<see cref="CallError"/>):
/// domain errors keep their messages, which name fields and models and never carry request
/// content; anything unexpected becomes Internal with no exception text, and its shape is
/// logged with the messages redacted. Each door turns the result into its wire format.
/// </summary>
internal sealed partial class CallErrors(ILogger<CallErrors> logger)
{
    /// <param name="exception">What the handler or a step threw.</param>
    /// <param name="method">The call's method, for the log.</param>
    /// <param name="callCancelled">Whether the call's own token was cancelled (caller gone or deadline).</param>
    /// <param name="deadlinePassed">Whether the caller's deadline has passed.</param>
    public CallError Classify(Exception exception, string method, bool callCancelled, bool deadlinePassed) =>
        Described(Decide(exception, method, callCancelled, deadlinePassed), exception);

    /// <summary>
    /// The machine-readable side of a domain error: its reason, the invalid field and the model
    /// (only when it has the id shape). An unexpected failure keeps the reason its status implies
    /// and nothing of the exception.
    /// </summary>
    private static CallError Described(CallError error, Exception exception) => exception switch
    {
        _ when error.Status is CallStatus.Internal or CallStatus.Unknown => error,
        InvalidRequestException e => error with { Reason = e.ErrorReason, Field = e.Field, FieldProblem = e.Problem },
        ModelNotFoundException e => error with { Reason = e.ErrorReason, ModelId = Identifiers.IsId(e.ModelId) ? e.ModelId : null },
        ModelUnavailableException e => error with { Reason = e.ErrorReason, ModelId = Identifiers.IsId(e.ModelId) ? e.ModelId : null },
        UngroundedOutputException e => error with { Reason = e.ErrorReason, Ungrounded = e.Items },
        ApplianceException e => error with { Reason = e.ErrorReason },
        _ => error,
    };

    private CallError Decide(Exception exception, string method, bool callCancelled, bool deadlinePassed)
    {
        switch (exception)
        {
            case InvalidRequestException e:
                LogRejected(logger, method, CallStatus.InvalidArgument, e.Field);
                return new CallError(CallStatus.InvalidArgument, e.Message);
            case ModelNotFoundException e:
                LogRejected(logger, method, CallStatus.NotFound, "model_id");
                return new CallError(CallStatus.NotFound, e.Message);
            case TaskNotFoundException e:
                LogRejected(logger, method, CallStatus.NotFound, "task");
                return new CallError(CallStatus.NotFound, e.Message);
            case TaskAnswerIncompleteException e:
                return new CallError(CallStatus.Internal, e.Message);
            case UngroundedOutputException e:
                return new CallError(CallStatus.FailedPrecondition, e.Message);
            case ModelLifecycleException e:
                return new CallError(e.RefusedByBudget ? CallStatus.ResourceExhausted : CallStatus.FailedPrecondition, e.Message);
            case ModelUnavailableException e:
                return new CallError(CallStatus.Unavailable, e.Message);
            case UnauthenticatedException e:
                return new CallError(CallStatus.Unauthenticated, e.Message);
            case PermissionDeniedException e:
                return new CallError(CallStatus.PermissionDenied, e.Message);
            case QuotaExceededException e:
                return new CallError(CallStatus.ResourceExhausted, e.Message, e.RetryAfter);
            case CapacityExceededException e:
                return new CallError(CallStatus.ResourceExhausted, e.Message, e.RetryAfter);
            case OperationCanceledException when callCancelled:
                return deadlinePassed
                    ? new CallError(CallStatus.DeadlineExceeded, "the call's deadline passed")
                    : new CallError(CallStatus.Cancelled, "the call was cancelled");
            default:
                LogUnexpected(logger, exception, method);
                return new CallError(CallStatus.Internal, "internal error; the appliance logged the details");
        }
    }

    /// <summary>
    /// A generation that ended without a whole answer (deadline, cancel, engine failure), as an error;
    /// null for STOP and LENGTH. A door that answers only whole texts (unary Complete, a non-streamed
    /// OpenAI completion) or has to end a stream sends it: a caller that checks only the status must
    /// never store a truncated text. The partial text is never put in the message (patient data);
    /// the message gives the token count.
    /// </summary>
    public static CallError? Unfinished(Core.Generation.GenerationCompleted done, string modelId)
    {
        ArgumentNullException.ThrowIfNull(done);
        CallError? error = done.Reason switch
        {
            Core.Generation.FinishReason.Deadline => new(
                CallStatus.DeadlineExceeded, $"the call's deadline passed after {Tokens(done.Usage.CompletionTokens)}; partial text is not returned"),
            Core.Generation.FinishReason.Cancelled => new(CallStatus.Cancelled, "the call was cancelled"),
            Core.Generation.FinishReason.Error => new(
                CallStatus.Internal, $"model '{modelId}' failed to generate this request; the appliance logged the details"),
            _ => null,
        };
        return error is null ? null : error with { ModelId = Identifiers.IsId(modelId) ? modelId : null };
    }

    private static string Tokens(int count) => count == 1 ? "1 generated token" : $"{count} generated tokens";

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "{Method} rejected with {Code} on field {Field}")]
    private static partial void LogRejected(ILogger logger, string method, CallStatus code, string field);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "{Method} failed unexpectedly: {Error} {Detail}")]
    private static partial void LogUnexpectedCore(ILogger logger, string method, string error, [PatientData] string detail);

    private static void LogUnexpected(ILogger logger, Exception exception, string method)
    {
        if (logger.IsEnabled(LogLevel.Error))
        {
            LogUnexpectedCore(logger, method, ExceptionShape.Of(exception), ExceptionShape.Messages(exception));
        }
    }
}
