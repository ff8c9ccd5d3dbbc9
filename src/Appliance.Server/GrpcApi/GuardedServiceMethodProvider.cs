using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Appliance.Server.GrpcApi;

/// <summary>
/// Binds a gRPC service's methods as grpc-dotnet's own binder does (the generated
/// <c>BindService</c> named by <see cref="BindServiceMethodAttribute"/>), with every request
/// marshaller guarded by <see cref="RequestMarshallers"/>. It replaces grpc-dotnet's binder
/// (<see cref="GrpcSetup"/>), so every mapped service is bound this way: appliance.v1, health,
/// reflection.
/// </summary>
internal sealed class GuardedServiceMethodProvider<TService>(RequestMarshallers marshallers) : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        for (var type = typeof(TService); type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is not { } bind)
            {
                continue;
            }

            var method = bind.BindType.GetMethod(
                bind.BindMethodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(ServiceBinderBase), type])
                ?? throw new InvalidOperationException($"{bind.BindType}.{bind.BindMethodName}(ServiceBinderBase, {type.Name}) not found");

            // The generated method calls the binder once per RPC; a null service instance gives null handlers (ours come from TService).
            method.Invoke(null, [new GuardedServiceBinder<TService>(context, type, marshallers), null]);
            return;
        }

        throw new InvalidOperationException($"{typeof(TService)} has no generated BindService method");
    }
}
