using Appliance.Server.Hosting;
using Grpc.AspNetCore.Server;
using Grpc.HealthCheck;
using Microsoft.Extensions.Options;

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

        // The message limit from the validated Appliance:Server options, not a raw read of the configuration.
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<ServerOptions>>((o, server) => o.MaxReceiveMessageSize = server.Value.MaxReceiveMessageSize);

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
        app.MapGrpcService<HealthServiceImpl>();
        if (app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.EnableReflection)
        {
            app.MapGrpcReflectionService();
        }
    }
}
