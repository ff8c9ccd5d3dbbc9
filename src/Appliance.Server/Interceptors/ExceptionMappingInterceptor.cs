using System.Globalization;
using Appliance.Core.Errors;
using Appliance.Core.Logging;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Appliance.Server.Interceptors;

/// <summary>
/// The one place where domain errors become gRPC statuses. Status messages are the domain
/// messages, which name fields and models and never carry request content; anything
/// unexpected becomes Internal with no exception text on the wire.
/// </summary>
internal sealed partial class ExceptionMappingInterceptor : Interceptor
{
    /// <summary>Header (and trailer) telling the client when to retry a ResourceExhausted call.</summary>
    public const string PushbackHeader = "grpc-retry-pushback-ms";

    private readonly ILogger<ExceptionMappingInterceptor> _logger;
    private readonly TimeProvider _time;

    public ExceptionMappingInterceptor(ILogger<ExceptionMappingInterceptor> logger, TimeProvider time)
    {
        _logger = logger;
        _time = time;
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw await MapAsync(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw await MapAsync(ex, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw await MapAsync(ex, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw await MapAsync(ex, context);
        }
    }

    private async Task<RpcException> MapAsync(Exception ex, ServerCallContext context)
    {
        switch (ex)
        {
            case InvalidRequestException e:
                LogRejected(_logger, context.Method, StatusCode.InvalidArgument, e.Field);
                return new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
            case ModelNotFoundException e:
                LogRejected(_logger, context.Method, StatusCode.NotFound, "model_id");
                return new RpcException(new Status(StatusCode.NotFound, e.Message));
            case ModelUnavailableException e:
                return new RpcException(new Status(StatusCode.Unavailable, e.Message));
            case UnauthenticatedException e:
                return new RpcException(new Status(StatusCode.Unauthenticated, e.Message));
            case PermissionDeniedException e:
                return new RpcException(new Status(StatusCode.PermissionDenied, e.Message));
            case QuotaExceededException e:
                return await ExhaustedAsync(context, e.Message, e.RetryAfter);
            case CapacityExceededException e:
                return await ExhaustedAsync(context, e.Message, e.RetryAfter);
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                var deadlinePassed = context.Deadline != DateTime.MaxValue && context.Deadline <= _time.GetUtcNow().UtcDateTime;
                return deadlinePassed
                    ? new RpcException(new Status(StatusCode.DeadlineExceeded, "the call's deadline passed"))
                    : new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled"));
            default:
                LogUnexpected(_logger, ex, context.Method);
                return new RpcException(new Status(StatusCode.Internal, "internal error; the appliance logged the details"));
        }
    }

    /// <summary>ResourceExhausted with the retry hint in both headers and trailers.</summary>
    private static async Task<RpcException> ExhaustedAsync(ServerCallContext context, string message, TimeSpan retryAfter)
    {
        var ms = ((long)Math.Ceiling(retryAfter.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        await TryWriteHeadersAsync(context, new Metadata { { PushbackHeader, ms } });
        return new RpcException(new Status(StatusCode.ResourceExhausted, message), new Metadata { { PushbackHeader, ms } });
    }

    private static async Task TryWriteHeadersAsync(ServerCallContext context, Metadata headers)
    {
        try
        {
            await context.WriteResponseHeadersAsync(headers);
        }
        catch (InvalidOperationException)
        {
            // Headers already sent (the call had produced output): the trailer carries the hint.
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "{Method} rejected with {Code} on field {Field}")]
    private static partial void LogRejected(ILogger logger, string method, StatusCode code, string field);

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
