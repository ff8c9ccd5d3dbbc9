using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Appliance.Server.GrpcApi;

/// <summary>
/// Receives the generated <c>BindService</c> calls of one service and adds each RPC to grpc-dotnet
/// with a guarded request marshaller (<see cref="RequestMarshallers"/>) and an invoker of the
/// service's override. Endpoint metadata as grpc-dotnet's binder sets it: the service's and the
/// method's attributes, POST only.
/// </summary>
internal sealed class GuardedServiceBinder<TService>(ServiceMethodProviderContext<TService> context, Type serviceBase, RequestMarshallers marshallers)
    : ServiceBinderBase
    where TService : class
{
    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Bind<UnaryServerMethod<TService, TRequest, TResponse>>(method, typeof(TRequest), typeof(ServerCallContext));
        context.AddUnaryMethod(marshallers.Guard(method), metadata, invoker);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Bind<ServerStreamingServerMethod<TService, TRequest, TResponse>>(
            method, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
        context.AddServerStreamingMethod(marshallers.Guard(method), metadata, invoker);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Bind<ClientStreamingServerMethod<TService, TRequest, TResponse>>(
            method, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
        context.AddClientStreamingMethod(marshallers.Guard(method), metadata, invoker);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Bind<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(
            method, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
        context.AddDuplexStreamingMethod(marshallers.Guard(method), metadata, invoker);
    }

    private (TDelegate Invoker, List<object> Metadata) Bind<TDelegate>(IMethod method, params Type[] parameters)
        where TDelegate : Delegate
    {
        var handler = Override(method.Name, parameters)
            ?? throw new InvalidOperationException($"{typeof(TService)} does not override {serviceBase.Name}.{method.Name}");
        List<object> metadata = [.. typeof(TService).GetCustomAttributes(inherit: true), .. handler.GetCustomAttributes(inherit: true)];
        metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
        return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler), metadata);
    }

    /// <summary>The public instance method overriding the generated base's virtual (a method that merely hides it does not count).</summary>
    private MethodInfo? Override(string name, Type[] parameters)
    {
        for (var type = typeof(TService); type is not null; type = type.BaseType)
        {
            var candidate = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters);
            if (candidate is null)
            {
                return null;
            }

            if (candidate.IsVirtual && candidate.GetBaseDefinition().DeclaringType == serviceBase)
            {
                return candidate;
            }
        }

        return null;
    }
}
