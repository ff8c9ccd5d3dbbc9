using Appliance.Core.Engines;
using Appliance.Core.Generation;
using Appliance.Core.Inference;
using Appliance.Engines.Llama;
using Appliance.Engines.Onnx;
using Appliance.Scheduling;
using Appliance.Server.Audit;
using Appliance.Server.Calls;
using Appliance.Server.Configuration;
using Appliance.Server.GrpcApi;
using Appliance.Server.Metrics;
using Appliance.Server.Models;
using Appliance.Server.Models.Memory;
using Appliance.Server.OpenAiApi;
using Appliance.Server.Security;
using Appliance.Server.StructuredOutput;
using Appliance.Server.Tasks;
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
        var peers = builder.AddKestrelProtectionLog();

        // gRPC only: every endpoint, including one given with --urls, speaks HTTP/2 (h2c on plaintext); each
        // connection's peer address is known to the flood-protection log, and its close request to the
        // leave-pool phase of shutdown (ShutdownGrace). (One endpoint-defaults action: a second replaces it.)
        var connections = new OpenConnections();
        builder.Services.AddSingleton(connections);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.Use(peers.Track);
            listen.Use(connections.Track);
        }));
        var metricsEndpoint = new MetricsEndpoint();
        builder.ListenForMetrics(metricsEndpoint);
        builder.UseApplianceTls();
        builder.AddOpenAiDoor(new OpenAiListener()); // after the HTTPS defaults: its https:// listener takes them when it is bound
        configure?.Invoke(builder);
        builder.Services.AddSingleton(metricsEndpoint);
        AddServices(builder.Services, builder.Configuration);

        var app = builder.Build();
        app.MapMetricsPort();
        app.MapGrpcDoor();
        app.MapOpenAiDoor();
        LogStartup(app);
        return app;
    }

    /// <summary>
    /// The service's entry point: builds the server, checks its configuration and runs it until shutdown.
    /// A configuration error (any key, the clients file, a settings file that does not parse) is written to
    /// stderr (and so the journal) as its message alone, and the exit code is 1; the server then never listened.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Contains(ConfigurationCheckRun.Argument, StringComparer.Ordinal))
        {
            return await ConfigurationCheckRun.RunAsync([.. args.Where(a => a != ConfigurationCheckRun.Argument)], Console.Out);
        }

        WebApplication? app = null;
        try
        {
            app = Create(args);
            StartupFailure.Check(app.Services);
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (StartupFailure.Describe(ex) is { } message)
        {
            await Console.Error.WriteLineAsync(message);
            return StartupFailure.ConfigurationExitCode;
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }
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
            // Watched so Appliance:Clients (keys, certificates, access) changes without a restart;
            // other settings are read at start-up. The clients file keeps its last good content
            // when a change would lock every system out by accident (ClientsFileProvider).
            var path = Path.Combine(directory, file);
            FileConfigurationSource source = file == ClientsFile
                ? ClientsFileSource.For(path)
                : new JsonConfigurationSource { Path = path, Optional = true, ReloadOnChange = true };
            source.ResolveFileProvider();
            sources.Insert(lastJson + 1, source);
        }
    }

    private static void AddServices(IServiceCollection services, ConfigurationManager configuration)
    {
        // Every section is validated at start, each failure naming its key.
        services.AddOptions<ServerOptions>().BindCheckedConfiguration(ServerOptions.SectionName);
        services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        services.AddOptions<ModelsOptions>().BindCheckedConfiguration(ModelsOptions.SectionName);
        services.AddSingleton<IValidateOptions<ModelsOptions>, ModelsOptionsValidator>();
        services.AddOptions<SchedulerOptions>().BindCheckedConfiguration(SchedulerOptions.SectionName, "Clients"); // SchedulerOptionsValidator says where Clients went
        services.AddSingleton<IValidateOptions<SchedulerOptions>, SchedulerOptionsValidator>();
        services.AddOptions<LlamaOptions>().BindCheckedConfiguration(LlamaOptions.SectionName);
        services.AddSingleton<IValidateOptions<LlamaOptions>, LlamaOptionsValidator>();
        services.Configure<HostOptions>(o =>
        {
            // Longer than leaving the pool, the grace period and the drain, so in-flight generations can finish on shutdown.
            var drain = ConfigurationShape.BindOrDefault<SchedulerOptions>(configuration.GetSection(SchedulerOptions.SectionName)).DrainTimeout;
            var server = ConfigurationShape.BindOrDefault<ServerOptions>(configuration.GetSection(ServerOptions.SectionName));
            o.ShutdownTimeout = server.LeavePoolDelay + server.ShutdownGracePeriod + drain + TimeSpan.FromSeconds(5);
        });

        services.AddGrpcDoor();
        services.AddCallPipeline();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<HealthReporter>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LlamaOptions>>().Value);
        services.AddSingleton<LlamaNativeRuntime>();
        services.TryAddSingleton<IGrammarCompiler, LlamaGrammarCompiler>();
        services.TryAddSingleton<ITextGenerationEngineLoader, LlamaEngineLoader>(); // Try: a test may inject faults
        services.AddSingleton<IEmbeddingEngineLoader, LlamaEmbeddingEngineLoader>();
        services.AddSingleton<OnnxSessionFactory>();
        services.AddSingleton<IEmbeddingEngineLoader, OnnxEmbeddingEngineLoader>();
        services.AddSingleton<ITensorEngineLoader, OnnxTensorEngineLoader>();
        services.AddModelWorkerFactories();
        services.AddClientSecurity(configuration);
        services.AddApplianceMetrics();
        services.AddApplianceAudit();
        services.AddModelMemory(configuration);
        services.TryAddSingleton<IModelMemoryBudget, UnlimitedMemoryBudget>();
        services.AddSingleton<ModelHost>();
        services.AddSingleton<ModelFolderWatch>();
        services.AddSingleton<IModelWorkerDirectory>(sp => sp.GetRequiredService<ModelHost>());
        services.AddSingleton(sp => new GenerationScheduler(
            sp.GetRequiredService<IModelWorkerDirectory>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ISchedulerObserver>(),
            sp.GetRequiredService<IOptions<SchedulerOptions>>().Value, sp.GetRequiredService<IStructuredGrammars>()));
        services.AddSingleton<IStructuredGrammars, StructuredGrammars>();
        services.AddSingleton(sp => new EmbeddingScheduler(
            sp.GetRequiredService<IModelWorkerDirectory>(), sp.GetRequiredService<ISchedulerObserver>(), sp.GetRequiredService<IOptions<SchedulerOptions>>().Value));
        services.AddSingleton(sp => new InferenceScheduler(
            sp.GetRequiredService<IModelWorkerDirectory>(), sp.GetRequiredService<IOptions<SchedulerOptions>>().Value, sp.GetRequiredService<ISchedulerObserver>()));
        services.AddClinicalTasks(configuration);
        // What `appliancectl config check` runs after the settings (SettingsCheck), in this order; a feature
        // with files of its own adds its check here (StopsStart: whether the start runs it too).
        services.AddSingleton<IConfigurationCheck, ManifestsCheck>();
        services.AddSingleton<IConfigurationCheck, TaskTemplatesCheck>();
        services.AddSingleton<IConfigurationCheck, DrugLexiconsCheck>();
        services.AddSingleton<IConfigurationCheck, MemoryBudgetCheck>();
        services.AddSingleton<DemoModelProvisioner>();
        services.AddHostedService<ModelHostService>();
        services.AddHostedService<ShutdownGrace>();
    }

    private static void LogStartup(WebApplication app)
    {
        // Read from configuration, not IOptions: resolving the options here would run their validation
        // before StartAsync, which reports every bad key of every section at once.
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Appliance.Server");
        var reflection = app.Configuration.GetValue<bool>($"{ServerOptions.SectionName}:{nameof(ServerOptions.EnableReflection)}");
        var build = BuildInfo.FromAssembly(typeof(ApplianceApp).Assembly);
        StartupLog.Profile(logger, build.Version, build.Commit, app.Environment.EnvironmentName, reflection);
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
