using Appliance.Scheduling;
using Appliance.Server.Metrics;
using Appliance.Server.Security;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Interceptors;

/// <summary>
/// Counts every call in <c>appliance_requests_total</c> by its final gRPC status. Registered
/// outside <see cref="ExceptionMappingInterceptor"/>, so it sees the mapped status rather than
/// the domain exception. (prometheus-net's HTTP metrics would record every gRPC error as 200.)
/// Label values go through <see cref="MetricLabels"/>: unknown models and clients are <c>other</c>.
/// </summary>
internal sealed class MetricsInterceptor : Interceptor
{
    private readonly ApplianceMetrics _metrics;
    private readonly MetricLabels _labels;
    private readonly SchedulerOptions _scheduler;
    private readonly CallAccessResolver _access;

    public MetricsInterceptor(ApplianceMetrics metrics, MetricLabels labels, IOptions<SchedulerOptions> scheduler, CallAccessResolver access)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        _metrics = metrics;
        _labels = labels;
        _scheduler = scheduler.Value;
        _access = access;
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        CountAsync(request, context, () => continuation(request, context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        CountAsync(request, context, async () =>
        {
            await continuation(request, responseStream, context);
            return true;
        });

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        CountAsync(null, context, () => continuation(requestStream, context));

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        CountAsync(null, context, async () =>
        {
            await continuation(requestStream, responseStream, context);
            return true;
        });

    /// <summary>Runs the call and counts it with its final status: the RpcException's code, else the context's status.</summary>
    private async Task<T> CountAsync<T>(object? request, ServerCallContext context, Func<Task<T>> call)
    {
        var code = StatusCode.Unknown;
        try
        {
            var result = await call();
            code = context.Status.StatusCode;
            return result;
        }
        catch (RpcException ex)
        {
            code = ex.StatusCode;
            throw;
        }
        finally
        {
            Count(request, context, code);
        }
    }

    private void Count(object? request, ServerCallContext context, StatusCode code)
    {
        var call = CallFacts.Of(request, context, _scheduler, _access);
        var priority = call.Priority is { } p ? MetricLabels.Priority(p) : "";
        _metrics.Requests.WithLabels(context.Method, _labels.Model(call.ModelId), _labels.Client(call.ClientId), priority, MetricLabels.Code(code)).Inc();
    }
}
