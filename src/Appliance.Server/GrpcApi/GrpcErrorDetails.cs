using Appliance.Core.Errors;
using Appliance.Server.Calls;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Status = Grpc.Core.Status;

namespace Appliance.Server.GrpcApi;

/// <summary>
/// The gRPC richer error model of a <see cref="CallError"/>: a <c>google.rpc.Status</c> in the
/// <c>grpc-status-details-bin</c> trailer with an <c>ErrorInfo</c> (the stable reason, domain
/// <see cref="ErrorReasons.Domain"/>, the model id), a <c>RetryInfo</c> with the pushback and a
/// <c>BadRequest.FieldViolation</c> naming the invalid field, and for a rejected task answer a
/// <c>PreconditionFailure</c> with one violation per ungrounded item (type = kind, subject = JSON pointer). Same code and message as the status;
/// field paths, limits and ids only, never request content.
/// </summary>
internal static class GrpcErrorDetails
{
    /// <summary>The <c>ErrorInfo.metadata</c> key of the model an error concerns.</summary>
    public const string ModelIdKey = "model_id";

    /// <summary>The pushback in whole milliseconds, rounded up: <c>grpc-retry-pushback-ms</c> and <c>RetryInfo</c> carry this same value.</summary>
    public static long PushbackMilliseconds(TimeSpan retryAfter) => (long)Math.Ceiling(retryAfter.TotalMilliseconds);

    /// <summary>The exception the door throws: <paramref name="trailers"/> (the pushback, say) plus the details.</summary>
    public static RpcException ToRpcException(CallError error, Metadata trailers)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(trailers);
        trailers.SetRpcStatus(Describe(error));
        return new RpcException(new Status((StatusCode)error.Status, error.Message), trailers);
    }

    /// <summary>The <c>google.rpc.Status</c> of <paramref name="error"/>.</summary>
    public static Google.Rpc.Status Describe(CallError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var info = new ErrorInfo { Reason = error.Reason, Domain = ErrorReasons.Domain };
        if (error.ModelId is { } modelId)
        {
            info.Metadata[ModelIdKey] = modelId;
        }

        var status = new Google.Rpc.Status { Code = (int)error.Status, Message = error.Message, Details = { Any.Pack(info) } };
        if (error.RetryAfter is { } retryAfter)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(PushbackMilliseconds(retryAfter))) }));
        }

        if (error.Field is { } field)
        {
            var violation = new BadRequest.Types.FieldViolation { Field = field, Description = error.FieldProblem ?? "" };
            status.Details.Add(Any.Pack(new BadRequest { FieldViolations = { violation } }));
        }

        if (error.Ungrounded is { Count: > 0 } ungrounded)
        {
            var failure = new PreconditionFailure();
            failure.Violations.AddRange(ungrounded.Select(i => new PreconditionFailure.Types.Violation
            {
                Type = TaskProtoMapper.KindName(i.Kind), Subject = i.Location, Description = i.Reason,
            }));
            status.Details.Add(Any.Pack(failure));
        }

        return status;
    }
}
