using Appliance.Scheduling;
using Appliance.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Security;

/// <summary>Registers client identity, authorisation and quotas (<c>Appliance:Clients</c>, <c>Appliance:Security</c>) and their call steps.</summary>
internal static class SecuritySetup
{
    public static IServiceCollection AddClientSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        // No IValidateOptions here: a reload runs on the file watcher's thread, and a throwing
        // validator there would go unnoticed. ClientDirectory validates and logs instead.
        services.AddOptions<ClientsOptions>().Configure(o =>
        {
            // Checked before binding: the binder ignores unknown keys (AllowedMethds would allow every
            // method) and drops a client whose value it cannot convert, both silently.
            var section = configuration.GetSection(ClientsOptions.SectionName);
            var type = typeof(Dictionary<string, ClientRegistration>);
            o.ShapeProblems = ConfigurationShape.Check(section, type);
            if (ConfigurationShape.CanBind(section, type))
            {
                section.Bind(o.Clients);
            }
        });
        services.AddKnownSection(ClientsOptions.SectionName);
        services.AddSingleton<IOptionsChangeTokenSource<ClientsOptions>>(new ConfigurationChangeTokenSource<ClientsOptions>(configuration));
        services.AddSingleton<ClientDirectory>();
        services.AddSingleton<IClientPolicies>(sp => sp.GetRequiredService<ClientDirectory>());
        services.AddSingleton<ClientAuthenticator>();
        services.AddSingleton<FailedAuthenticationThrottle>();
        services.AddHostedService<FailedAuthenticationReporter>();
        services.AddSingleton<CallAccessResolver>();
        services.AddSingleton<ClientQuotas>();
        services.AddSingleton<CallRefusals>();
        services.AddSingleton<AuthorizationStep>();
        services.AddSingleton<QuotaStep>();
        // Built while the host starts, so a bad Appliance:Clients stops the start with every bad key named.
        services.AddHostedService<ClientDirectoryStartup>();
        return services;
    }

    private sealed class ClientDirectoryStartup : IHostedService
    {
        /// <summary>Taking the directory is the point: constructing it validates the clients.</summary>
        public ClientDirectoryStartup(ClientDirectory directory) => ArgumentNullException.ThrowIfNull(directory);

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
