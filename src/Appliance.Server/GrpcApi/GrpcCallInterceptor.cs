using System.Globalization;
using Appliance.Core.Generation;
using Appliance.Server.Calls;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Appliance.Server.GrpcApi;

/// <summary>
/// The gRPC door's only interceptor, a thin adapter onto the <see cref="CallPipeline"/> for all
/// four call shapes: reads the call (<see cref="GrpcCalls.Start"/>), builds its context once,
/// runs the pipeline's steps around the service, and turns a failure into a gRPC status through
/// <see cref="CallErrors"/> (ResourceExhausted carries <c>grpc-retry-pushback-ms</c>) with its rich
/// details (<see cref="GrpcErrorDetails"/>). Every response carries the call's request id
/// (<see cref="RequestIdMetadata"/>). A refusal before any response is Trailers-Only: nothing
/// writes response headers first, because gRPC clients treat a call that received headers as
/// committed and never retry it.
/// </summary>
internal sealed class GrpcCallInterceptor(CallPipeline pipeline, CallErrors errors, RequestMarshallers marshallers, TimeProvider time) : Interceptor
{
    /// <summary>Trailer telling the client when to retry a ResourceExhausted call (a Trailers-Only response carries it in its one headers frame).</summary>
    public const string PushbackHeader = "grpc-retry-pushback-ms";

    /// <summary>
    /// How long before the server's own deadline a caller's cancel still counts as its deadline.
    /// A client that enforces its deadline (grpc-dotnet, grpc-go, grpc-java all do) cancels the
    /// stream on its own timer, which started before the request reached the server (connect,
    /// TLS, a queue on a busy box), so the cancel lands just before the deadline the server
    /// derived from <c>grpc-timeout</c>. Without the margin those calls were counted Cancelled.
    /// </summary>
    public static readonly TimeSpan DeadlineMargin = TimeSpan.FromSeconds(1);

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        RunAsync(request, context, _ => continuation(request, context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        RunAsync(request, context, async _ =>
        {
            await continuation(request, responseStream, context);
            return true;
        });

    // No appliance.v1 method streams requests; reflection (development only) does. Same steps, no request fields;
    // a streamed message that does not parse ends the call INVALID_ARGUMENT when the service reads it.
    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        RunAsync(null, context, call => continuation(Checked(requestStream, call), context));

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        RunAsync(null, context, async call =>
        {
            await continuation(Checked(requestStream, call), responseStream, context);
            return true;
        });

    private async Task<T> RunAsync<T>(object? request, ServerCallContext context, Func<CallContext, Task<T>> service)
    {
        var start = GrpcCalls.Start(request, context);
        if (marshallers.ErrorOf(request) is { } malformed)
        {
            // Bytes that did not parse (RequestMarshallers): an empty message stands in; the pipeline refuses it.
            start = start with { FieldError = malformed };
        }

        var call = pipeline.Create(start);
        GrpcCalls.Attach(context, call);
        RequestIdMetadata.Send(context, call.RequestId);
        try
        {
            pipeline.Begin(call);
            await pipeline.ModelReadyAsync(call, context.CancellationToken);
            var result = await service(call);
            call.Status = Settle((CallStatus)context.Status.StatusCode, call, context);
            return result;
        }
        catch (RpcException e)
        {
            call.Status = Settle((CallStatus)e.StatusCode, call, context);
            throw;
        }
        catch (Exception e)
        {
            var rpc = ToRpcException(e, context);
            await pipeline.HoldRefusalAsync(call, context.CancellationToken);
            call.Status = (CallStatus)rpc.StatusCode;
            throw rpc;
        }
        finally
        {
            pipeline.End(call);
        }
    }

    private CheckedStreamReader<TRequest> Checked<TRequest>(IAsyncStreamReader<TRequest> requests, CallContext call) =>
        new(requests, marshallers, error => pipeline.Refuse(call, error));

    private RpcException ToRpcException(Exception exception, ServerCallContext context)
    {
        var error = errors.Classify(exception, context.Method, context.CancellationToken.IsCancellationRequested, DeadlineReached(context));
        if (error.RetryAfter is not { } retryAfter)
        {
            return GrpcErrorDetails.ToRpcException(error, new Metadata());
        }

        // In the trailers only: before the first message grpc-dotnet then sends them Trailers-Only,
        // which retry policies (grpc-dotnet, grpc-js, grpc-java, grpc-go) read and honour.
        var ms = GrpcErrorDetails.PushbackMilliseconds(retryAfter).ToString(CultureInfo.InvariantCulture);
        return GrpcErrorDetails.ToRpcException(error, new Metadata { { PushbackHeader, ms } });
    }

    /// <summary>
    /// A deadline is recorded as DeadlineExceeded whichever side noticed it first: a cancel at (or
    /// within <see cref="DeadlineMargin"/> of) the call's deadline, or a stream the worker ended
    /// with finish reason deadline (sent as a final message, status OK on the wire).
    /// </summary>
    private CallStatus Settle(CallStatus status, CallContext call, ServerCallContext context) => status switch
    {
        CallStatus.Cancelled when DeadlineReached(context) => CallStatus.DeadlineExceeded,
        CallStatus.OK when call.Outcome?.FinishReason == FinishReason.Deadline => CallStatus.DeadlineExceeded,
        _ => status,
    };

    private bool DeadlineReached(ServerCallContext context) =>
        context.Deadline != DateTime.MaxValue && context.Deadline - DeadlineMargin <= time.GetUtcNow().UtcDateTime;
}
