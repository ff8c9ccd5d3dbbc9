using Appliance.Contracts.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Appliance.Contracts.Balancing;

/// <summary>
/// Routing by model through a balancer: a call that queues work on a model (Generate, Complete,
/// Embed, Infer) carries the model id in its protobuf body, where HAProxy cannot read it, and in
/// the <see cref="Header"/> request header, where it can (appliance/lb routes each model to the
/// boxes whose <c>/healthz?model=ID</c> answers 200). The box refuses a call whose header names
/// another model than its body (INVALID_ARGUMENT), so a mis-set header cannot route a call wrong
/// silently. <see cref="WithModelRouting"/> sets the header from the body on every such call.
/// </summary>
public static class ModelRouting
{
    /// <summary>The request header naming the model the call runs on.</summary>
    public const string Header = "x-appliance-model";

    /// <summary>A call invoker over <paramref name="channel"/> that sets <see cref="Header"/> from each request's model id.</summary>
    public static CallInvoker WithModelRouting(this ChannelBase channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.CreateCallInvoker().Intercept(new ModelRoutingInterceptor());
    }

    /// <summary>The model id to route <paramref name="request"/> by: a call that queues work and names a model; else null.</summary>
    public static string? ModelOf(object? request) =>
        request is IScheduledCall { ModelId: { Length: > 0 } model } ? model : null;

    /// <summary>Adds the header to the unary and server-streaming calls (every method that names a model is one of these).</summary>
    private sealed class ModelRoutingInterceptor : Interceptor
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, Routed(request, context));

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, Routed(request, context));

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, Routed(request, context));

        private static ClientInterceptorContext<TRequest, TResponse> Routed<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context)
            where TRequest : class
            where TResponse : class
        {
            if (ModelOf(request) is not { } model || context.Options.Headers?.Get(Header) is not null)
            {
                return context; // nothing to route by, or the caller set the header itself
            }

            var headers = new Metadata();
            foreach (var entry in context.Options.Headers ?? [])
            {
                headers.Add(entry);
            }

            headers.Add(Header, model);
            return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
        }
    }
}
