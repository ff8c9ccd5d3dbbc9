using Appliance.Contracts.V1;
using Appliance.Scheduling;
using Appliance.Server.Metrics;
using Appliance.Server.Services;
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

    public MetricsInterceptor(ApplianceMetrics metrics, MetricLabels labels, IOptions<SchedulerOptions> scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        _metrics = metrics;
        _labels = labels;
        _scheduler = scheduler.Value;
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var code = StatusCode.Unknown;
        try
        {
            var response = await continuation(request, context);
            code = context.Status.StatusCode;
            return response;
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

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var code = StatusCode.Unknown;
        try
        {
            await continuation(request, responseStream, context);
            code = context.Status.StatusCode;
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

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var code = StatusCode.Unknown;
        try
        {
            var response = await continuation(requestStream, context);
            code = context.Status.StatusCode;
            return response;
        }
        catch (RpcException ex)
        {
            code = ex.StatusCode;
            throw;
        }
        finally
        {
            Count<object?>(null, context, code);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var code = StatusCode.Unknown;
        try
        {
            await continuation(requestStream, responseStream, context);
            code = context.Status.StatusCode;
        }
        catch (RpcException ex)
        {
            code = ex.StatusCode;
            throw;
        }
        finally
        {
            Count<object?>(null, context, code);
        }
    }

    private void Count<TRequest>(TRequest request, ServerCallContext context, StatusCode code)
    {
        string model = "", client, priority = "";
        switch (request)
        {
            case GenerateRequest generate:
                var clientId = ProtoMapper.ClientId(generate.Client, context);
                model = _labels.Model(generate.ModelId);
                client = _labels.Client(clientId);
                priority = MetricLabels.Priority(_scheduler.PolicyFor(clientId).Cap(ProtoMapper.ToDomain(generate.Priority)));
                break;
            case GetModelRequest get:
                model = _labels.Model(get.ModelId);
                client = _labels.Client(ProtoMapper.ClientId(null, context));
                break;
            default:
                client = _labels.Client(ProtoMapper.ClientId(null, context));
                break;
        }

        _metrics.Requests.WithLabels(context.Method, model, client, priority, MetricLabels.Code(code)).Inc();
    }
}
