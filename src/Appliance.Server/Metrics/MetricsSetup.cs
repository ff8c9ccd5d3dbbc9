using Appliance.Scheduling;
using Appliance.Server.Audit;
using Appliance.Server.Configuration;
using Appliance.Server.Metrics.Gpu;
using Appliance.Server.Models;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Appliance.Server.Metrics;

/// <summary>Composition of the Prometheus metrics: registry, instruments, observer, collector and the metrics port.</summary>
internal static class MetricsSetup
{
    /// <summary>Registers the metrics services. The registry is a fresh one per server, never prometheus-net's static default.</summary>
    public static void AddApplianceMetrics(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>().BindCheckedConfiguration(MetricsOptions.SectionName);
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        services.AddSingleton(_ => Prometheus.Metrics.NewCustomRegistry());
        services.AddSingleton<ApplianceMetrics>();
        services.AddSingleton<ConfiguredModelIds>();
        services.AddSingleton<MetricLabels>();
        services.AddSingleton<MetricsStep>();
        services.AddSingleton<ISchedulerObserver, PrometheusSchedulerObserver>();
        services.AddSingleton<IModelLifecycleObserver, PrometheusModelLifecycleObserver>();
        services.AddSingleton<NvmlGpuMonitor>();
        services.TryAddSingleton<IGpuMonitor>(sp => sp.GetRequiredService<NvmlGpuMonitor>());
        services.AddSingleton<MetricsCollector>();
    }

    /// <summary>Adds the metrics listener to Kestrel (read from configuration when Kestrel is configured, so test overrides apply).</summary>
    public static void ListenForMetrics(this WebApplicationBuilder builder, MetricsEndpoint endpoint)
    {
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var options = ConfigurationShape.BindOrDefault<MetricsOptions>(context.Configuration.GetSection(MetricsOptions.SectionName));
            endpoint.Listen(kestrel, options);
        });
    }

    /// <summary>
    /// Branches requests that arrive on the metrics port to <c>/metrics</c>, <c>/healthz</c> (<see cref="HealthzEndpoint"/>: the box, or <c>?model=ID</c>) and
    /// <c>/audit/head</c> (everything else there is 404); gRPC requests never reach this branch.
    /// </summary>
    public static void MapMetricsPort(this WebApplication app)
    {
        var endpoint = app.Services.GetRequiredService<MetricsEndpoint>();
        var registry = app.Services.GetRequiredService<CollectorRegistry>();
        app.MapWhen(endpoint.IsMetricsRequest, branch =>
        {
            // The collector (scrape-time gauges) is created on the first request, not while the
            // app is built: it needs options that are validated at start, with their own error.
            branch.Use((context, next) =>
            {
                _ = context.RequestServices.GetRequiredService<MetricsCollector>();
                return next(context);
            });
            branch.UseMetricServer(
                settings =>
                {
                    settings.Registry = registry;

                    // Text format 0.0.4 only. Prometheus asks for OpenMetrics, where bucket edges
                    // become le="2.0"; the shipped rules and dashboard select le="2" (the SLO edges).
                    settings.EnableOpenMetrics = false;
                },
                "/metrics");
            branch.Map(HealthzEndpoint.Path, healthz => healthz.Run(HealthzEndpoint.Handle));
            branch.Map(AuditHeadEndpoint.Path, head => head.Run(AuditHeadEndpoint.Handle));
            branch.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        });
    }
}
