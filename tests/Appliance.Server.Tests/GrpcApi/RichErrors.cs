using System.Globalization;
using Appliance.Core.Errors;
using Google.Rpc;
using Grpc.Core;

namespace Appliance.Server.Tests.GrpcApi;

/// <summary>
/// Reads the gRPC richer error model as a client does (<c>grpc-status-details-bin</c>, decoded
/// with Grpc.StatusProto) and asserts what the contract promises: the details' code and message
/// equal the status's, <c>ErrorInfo</c> carries the reason in the appliance's domain, a refusal
/// with a pushback carries the same value in <c>RetryInfo</c>, an invalid field its violation.
/// </summary>
internal static class RichErrors
{
    /// <summary>The details of <paramref name="error"/>, checked against its status; fails when there are none.</summary>
    public static Google.Rpc.Status Of(RpcException error)
    {
        var status = error.GetRpcStatus();
        Assert.True(status is not null, $"no {MetadataExtensions.StatusDetailsTrailerName} with {error.StatusCode} \"{error.Status.Detail}\"");
        Assert.Equal(((int)error.StatusCode, error.Status.Detail), (status!.Code, status.Message));
        return status;
    }

    /// <summary>The details a raw call got, from the base64 (unpadded, as gRPC sends it) trailer value.</summary>
    public static Google.Rpc.Status Of(Appliance.Testing.Server.RawGrpc.Reply reply)
    {
        Assert.True(reply.Trailers.TryGetValue(MetadataExtensions.StatusDetailsTrailerName, out var text), "no grpc-status-details-bin");
        var status = Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(text!.PadRight((text.Length + 3) / 4 * 4, '=')));
        Assert.Equal((reply.Result.Status, reply.Result.Message), (status.Code, status.Message));
        return status;
    }

    /// <summary>Asserts the <c>ErrorInfo</c> reason and domain; returns it (its metadata, say).</summary>
    public static ErrorInfo AssertReason(RpcException error, string reason) => AssertReason(Of(error), reason);

    public static ErrorInfo AssertReason(Google.Rpc.Status status, string reason)
    {
        var info = status.GetDetail<ErrorInfo>();
        Assert.True(info is not null, "no ErrorInfo in the details");
        Assert.Equal((reason, ErrorReasons.Domain), (info!.Reason, info.Domain));
        return info;
    }

    /// <summary>Asserts a refusal with a pushback: <c>RetryInfo</c> equals <c>grpc-retry-pushback-ms</c>; returns it.</summary>
    public static TimeSpan AssertRetry(RpcException error, string reason)
    {
        var status = Of(error);
        AssertReason(status, reason);
        var retry = status.GetDetail<RetryInfo>();
        Assert.True(retry is not null, "no RetryInfo in the details");
        var pushback = long.Parse(error.Trailers.GetValue("grpc-retry-pushback-ms")!, CultureInfo.InvariantCulture);
        Assert.Equal(pushback, (long)retry!.RetryDelay.ToTimeSpan().TotalMilliseconds);
        return retry.RetryDelay.ToTimeSpan();
    }

    /// <summary>Asserts no <c>RetryInfo</c>: retrying as such does not help.</summary>
    public static void AssertNoRetry(RpcException error) => Assert.Null(Of(error).GetDetail<RetryInfo>());

    /// <summary>Asserts INVALID_ARGUMENT with one <c>FieldViolation</c> whose field is the path the message names and whose description is the rest of it.</summary>
    public static BadRequest.Types.FieldViolation AssertFieldViolation(RpcException error)
    {
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        return AssertFieldViolation(Of(error));
    }

    public static BadRequest.Types.FieldViolation AssertFieldViolation(Google.Rpc.Status status)
    {
        AssertReason(status, ErrorReasons.InvalidArgument);
        var request = status.GetDetail<BadRequest>();
        Assert.True(request is not null, $"no BadRequest in the details of \"{status.Message}\"");
        var violation = Assert.Single(request!.FieldViolations);
        Assert.Equal(status.Message, $"{violation.Field}: {violation.Description}");
        return violation;
    }
}
