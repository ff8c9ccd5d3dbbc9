using Appliance.Server.Hosting;
using Grpc.HealthCheck;
using Microsoft.Extensions.Options;

namespace Appliance.Server.GrpcApi;

/// <summary>The gRPC door: its one interceptor, message limits, the appliance.v1 services, health and (development) reflection.</summary>
internal static class GrpcSetup
{
    public static IServiceCollection AddGrpcDoor(this IServiceCollection services, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddGrpc(o =>
        {
            // One adapter onto the call pipeline; the pipeline orders metrics, audit, authorisation and quotas.
            o.Interceptors.Add<GrpcCallInterceptor>();
            o.EnableDetailedErrors = false;
            o.MaxReceiveMessageSize = options.MaxReceiveMessageSize;
        });
        if (options.EnableReflection)
        {
            services.AddGrpcReflection();
        }

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
