using Appliance.Core.Engines;
using Appliance.Core.Inference;
using Appliance.Engines.Llama;
using Appliance.Engines.Onnx;
using Appliance.Scheduling;
using Appliance.Server.Audit;
using Appliance.Server.Calls;
using Appliance.Server.GrpcApi;
using Appliance.Server.Metrics;
using Appliance.Server.Models;
using Appliance.Server.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Hosting;

/// <summary>Composition root: builds the web application. Tests call it with their own configuration.</summary>
public static class ApplianceApp
{
    /// <summary>Builds the server; <paramref name="configure"/> lets tests override configuration or services.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // First, before anything can touch ONNX Runtime: its telemetry stays off (nothing leaves the box).
        OnnxRuntimeTelemetry.EnsureDisabled();
        var builder = WebApplication.CreateBuilder(args);
        AddSiteConfiguration(builder);
        builder.Host.UseSystemd();
        builder.AddApplianceRedaction();

        // gRPC only: every endpoint, including one given with --urls, speaks HTTP/2 (h2c on plaintext).
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
        var metricsEndpoint = new MetricsEndpoint();
        builder.ListenForMetrics(metricsEndpoint);
        builder.UseApplianceTls();
        configure?.Invoke(builder);
        builder.Services.AddSingleton(metricsEndpoint);
        AddServices(builder.Services, builder.Configuration);

        var app = builder.Build();
        app.MapMetricsPort();
        app.MapGrpcDoor();
        LogStartup(app);
        return app;
    }

    /// <summary>Site file holding <c>Appliance:Clients</c>, watched for key rotation (sample: appliance/config/clients.sample.json).</summary>
    public const string ClientsFile = "clients.json";

    /// <summary>Environment variable naming the site configuration folder (default <c>/etc/appliance</c>).</summary>
    public const string ConfigDirectoryVariable = "APPLIANCE_CONFIG_DIR";

    /// <summary>
    /// The box's own settings, <c>/etc/appliance/appsettings.json</c>,
    /// <c>appsettings.{Environment}.json</c> and <c>clients.json</c> (the calling systems): after
    /// the shipped appsettings files (so upgrades never overwrite them) and before environment
    /// variables and the command line.
    /// </summary>
    private static void AddSiteConfiguration(WebApplicationBuilder builder)
    {
        var directory = Environment.GetEnvironmentVariable(ConfigDirectoryVariable) ?? "/etc/appliance";
        var sources = builder.Configuration.Sources;
        var lastJson = sources.Select((source, index) => (source, index)).LastOrDefault(x => x.source is JsonConfigurationSource).index;
        var files = new[] { "appsettings.json", $"appsettings.{builder.Environment.EnvironmentName}.json", ClientsFile };
        foreach (var file in files.Reverse())
        {
            var source = new JsonConfigurationSource
            {
                Path = Path.Combine(directory, file),
                Optional = true,
                // Watched so Appliance:Clients (keys, certificates, access) changes without a restart;
                // other settings are read at start-up.
                ReloadOnChange = true,
            };
            source.ResolveFileProvider();
            sources.Insert(lastJson + 1, source);
        }
    }

    private static void AddServices(IServiceCollection services, ConfigurationManager configuration)
    {
        // Every section is validated at start, each failure naming its key.
        services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        services.AddOptions<ModelsOptions>().BindConfiguration(ModelsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ModelsOptions>, ModelsOptionsValidator>();
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SchedulerOptions>, SchedulerOptionsValidator>();
        services.AddOptions<LlamaOptions>().BindConfiguration(LlamaOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LlamaOptions>, LlamaOptionsValidator>();
        services.Configure<HostOptions>(o =>
        {
            // Longer than the drain, so in-flight generations can finish on shutdown.
            var drain = configuration.GetValue($"{SchedulerOptions.SectionName}:DrainTimeout", TimeSpan.FromSeconds(30));
            o.ShutdownTimeout = drain + TimeSpan.FromSeconds(5);
        });

        services.AddGrpcDoor();
        services.AddCallPipeline();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<HealthReporter>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LlamaOptions>>().Value);
        services.AddSingleton<LlamaNativeRuntime>();
        services.TryAddSingleton<ITextGenerationEngineLoader, LlamaEngineLoader>(); // Try: a test may inject faults
        services.AddSingleton<IEmbeddingEngineLoader, LlamaEmbeddingEngineLoader>();
        services.AddSingleton<OnnxSessionFactory>();
        services.AddSingleton<IEmbeddingEngineLoader, OnnxEmbeddingEngineLoader>();
        services.AddSingleton<ITensorEngineLoader, OnnxTensorEngineLoader>();
        services.AddModelWorkerFactories();
        services.AddClientSecurity(configuration);
        services.AddApplianceMetrics();
        services.AddApplianceAudit();
        services.AddSingleton<ModelHost>();
        services.AddSingleton<IModelWorkerDirectory>(sp => sp.GetRequiredService<ModelHost>());
        services.AddSingleton(sp => new GenerationScheduler(
            sp.GetRequiredService<IModelWorkerDirectory>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ISchedulerObserver>(),
            sp.GetRequiredService<IOptions<SchedulerOptions>>().Value));
        services.AddSingleton(sp => new EmbeddingScheduler(
            sp.GetRequiredService<IModelWorkerDirectory>(), sp.GetRequiredService<ISchedulerObserver>(), sp.GetRequiredService<IOptions<SchedulerOptions>>().Value));
        services.AddSingleton(sp => new InferenceScheduler(
            sp.GetRequiredService<IModelWorkerDirectory>(), sp.GetRequiredService<IOptions<SchedulerOptions>>().Value, sp.GetRequiredService<ISchedulerObserver>()));
        services.AddSingleton<DemoModelProvisioner>();
        services.AddHostedService<ModelHostService>();
    }

    private static void LogStartup(WebApplication app)
    {
        // Read from configuration, not IOptions: resolving the options here would run their validation
        // before StartAsync, which reports every bad key of every section at once.
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Appliance.Server");
        var reflection = app.Configuration.GetValue<bool>($"{ServerOptions.SectionName}:{nameof(ServerOptions.EnableReflection)}");
        StartupLog.Profile(logger, app.Environment.EnvironmentName, reflection);
        if (app.Environment.IsDevelopment())
        {
            StartupLog.DevelopmentWarning(logger);
        }

        if (app.Configuration.GetValue<bool>($"{SecurityOptions.SectionName}:{nameof(SecurityOptions.AllowAnonymous)}"))
        {
            StartupLog.AnonymousWarning(logger);
        }
    }
}
