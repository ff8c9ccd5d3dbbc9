using Appliance.Server.Configuration;
using Appliance.Server.Hosting;
using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Grpc.HealthCheck;

namespace Appliance.Server.GrpcApi;

/// <summary>The gRPC door: its one interceptor, message limits, the appliance.v1 services, health and (development) reflection.</summary>
internal static class GrpcSetup
{
    public static IServiceCollection AddGrpcDoor(this IServiceCollection services)
    {
        services.AddGrpc(o =>
        {
            // One adapter onto the call pipeline; the pipeline orders metrics, audit, authorisation and quotas.
            o.Interceptors.Add<GrpcCallInterceptor>();
            o.EnableDetailedErrors = false;
        });

        // Request bytes that do not parse reach the call pipeline as a refusal, not grpc-dotnet's UNKNOWN:
        // every service is bound with guarded request marshallers, in place of grpc-dotnet's binder (found
        // by name: should a grpc-dotnet upgrade rename it, the start fails here instead of binding twice).
        services.AddSingleton<RequestMarshallers>();
        services.Remove(services.Single(d => d.ServiceType == typeof(IServiceMethodProvider<>) && d.ImplementationType?.Name == "BinderServiceMethodProvider`1"));
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(GuardedServiceMethodProvider<>));

        // The message limit is bound here, while the endpoints are built (before the start), without
        // validation: an invalid Appliance:Server then stops the start with every bad key named, not
        // the build with the first. ServerOptionsValidator runs at start like every section's.
        services.AddOptions<GrpcServiceOptions>().Configure<IConfiguration>((o, configuration) =>
            o.MaxReceiveMessageSize = Bind(configuration).MaxReceiveMessageSize);

        // Registered always (a few singletons); mapped only when Appliance:Server:EnableReflection is on.
        services.AddGrpcReflection();
        services.AddSingleton<HealthServiceImpl>();
        return services;
    }

    public static void MapGrpcDoor(this WebApplication app)
    {
        app.MapGrpcService<GenerationService>();
        app.MapGrpcService<ModelsService>();
        app.MapGrpcService<EmbeddingsService>();
        app.MapGrpcService<InferenceService>();
        app.MapGrpcService<ServerService>();
        app.MapGrpcService<TasksService>();
        app.MapGrpcService<ModelAdminService>();
        app.MapGrpcService<HealthServiceImpl>();
        if (Bind(app.Configuration).EnableReflection)
        {
            app.MapGrpcReflectionService();
        }
    }

    private static ServerOptions Bind(IConfiguration configuration) =>
        ConfigurationShape.BindOrDefault<ServerOptions>(configuration.GetSection(ServerOptions.SectionName));
}
