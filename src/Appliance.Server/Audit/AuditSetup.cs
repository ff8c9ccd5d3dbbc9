using Appliance.Server.Configuration;
using Appliance.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Audit;

/// <summary>Composition of the audit log: options (with the profile's default folder), the log, and its start.</summary>
internal static class AuditSetup
{
    /// <summary>
    /// Registers the audit log. Its hosted service is registered before the model host, so it starts
    /// first; the log itself is drained and closed when the container disposes it, after every call.
    /// </summary>
    public static void AddApplianceAudit(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>().BindCheckedConfiguration(AuditOptions.SectionName);
        services.AddSingleton<IPostConfigureOptions<AuditOptions>, DefaultDirectory>();
        services.AddSingleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditStep>();
        services.AddHostedService<AuditLogService>();
    }

    /// <summary>Development: <c>audit</c> under the cache folder; otherwise <c>/var/log/appliance/audit</c>.</summary>
    private sealed class DefaultDirectory(IHostEnvironment environment, IOptions<ModelsOptions> models) : IPostConfigureOptions<AuditOptions>
    {
        public void PostConfigure(string? name, AuditOptions options)
        {
            if (string.IsNullOrWhiteSpace(options.Directory))
            {
                options.Directory = environment.IsDevelopment()
                    ? Path.Combine(models.Value.ResolveCacheDirectory(), "audit")
                    : AuditOptions.DefaultDirectory;
            }
        }
    }

    /// <summary>Starts the writer with the host (a folder it cannot write fails the start).</summary>
    private sealed class AuditLogService(AuditLog log) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => log.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
