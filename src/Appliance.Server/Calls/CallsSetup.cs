namespace Appliance.Server.Calls;

/// <summary>Registers the call pipeline: the context factory, the error classification and the pipeline (each feature registers its own step).</summary>
internal static class CallsSetup
{
    public static IServiceCollection AddCallPipeline(this IServiceCollection services)
    {
        services.AddSingleton<CallContextFactory>();
        services.AddSingleton<CallErrors>();
        services.AddSingleton<CallPipeline>();
        return services;
    }
}
