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
        string model = "", client, priority = "";
        switch (request)
        {
            case GenerateRequest generate:
                (model, client, priority) = Labels(generate.ModelId, generate.Client, generate.Priority, context);
                break;
            case EmbedRequest embed:
                (model, client, priority) = Labels(embed.ModelId, embed.Client, embed.Priority, context);
                break;
            case InferRequest infer:
                (model, client, priority) = Labels(infer.ModelId, infer.Client, infer.Priority, context);
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

    /// <summary>Labels of a model call: folded model and client, effective priority (after the client's ceiling).</summary>
    private (string Model, string Client, string Priority) Labels(string modelId, string clientField, Priority priority, ServerCallContext context)
    {
        var clientId = ProtoMapper.ClientId(clientField, context);
        var effective = _scheduler.PolicyFor(clientId).Cap(ProtoMapper.ToDomain(priority));
        return (_labels.Model(modelId), _labels.Client(clientId), MetricLabels.Priority(effective));
    }
}
