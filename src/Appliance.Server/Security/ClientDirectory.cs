using System.Collections.Frozen;
using Appliance.Core.Security;
using Appliance.Scheduling;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Security;

/// <summary>
/// The configured calling systems, rebuilt whenever <c>Appliance:Clients</c> changes (site
/// configuration files are watched), so keys rotate and access changes without a restart. A
/// configuration that fails validation (a bad value, an unknown key) or a clients file that
/// cannot be read stops the start; on a reload it is refused, logged at Error with every bad
/// key or the file's problem (deleted, malformed JSON at line/position, no
/// <c>Appliance:Clients</c>), and the previous clients stay in force (<see cref="InForce"/> is
/// false until a good change). Scheduling asks it for each client's policy
/// (<see cref="IClientPolicies"/>): unlisted clients get <c>Appliance:Scheduler:DefaultClient</c>.
/// </summary>
internal sealed class ClientDirectory : IClientPolicies, IDisposable
{
    private readonly ClientPolicy _defaultPolicy;
    private readonly ILogger<ClientDirectory> _logger;
    private readonly IReadOnlyList<ClientsFileProvider> _files;
    private readonly IDisposable? _subscription;
    private volatile ClientSnapshot _current;
    private volatile bool _inForce = true;

    public ClientDirectory(
        IOptionsMonitor<ClientsOptions> options, IOptions<SecurityOptions> access, IOptions<SchedulerOptions> scheduler, IConfiguration configuration, ILogger<ClientDirectory> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(scheduler);
        _logger = logger;
        _files = (configuration as IConfigurationRoot)?.Providers.OfType<ClientsFileProvider>().ToList() ?? [];

        // A clients file that does not parse first, before reading other sections' options: their own
        // problems would throw here and hide it (config check and the start report every problem).
        var failures = _files.Where(f => f.Status.Problem is not null).Select(f => $"{f.DisplayPath}: {f.Status.Problem}").ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(ClientsOptions.SectionName, typeof(ClientsOptions), failures);
        }

        _defaultPolicy = scheduler.Value.DefaultClient;
        AllowAnonymous = access.Value.AllowAnonymous;
        failures.AddRange(ClientsValidator.Validate(options.CurrentValue, AllowAnonymous));
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(ClientsOptions.SectionName, typeof(ClientsOptions), failures);
        }

        _current = ClientSnapshot.Build(options.CurrentValue);
        SecurityLog.ClientsLoaded(_logger, _current.ById.Count, AllowAnonymous);
        if (_current.ById.Count == 0 && !AllowAnonymous)
        {
            SecurityLog.NoClients(_logger);
        }

        _subscription = options.OnChange(Reload);
    }

    /// <summary>A directory of the given clients that never reloads (benchmarks and tests).</summary>
    public static ClientDirectory Fixed(IEnumerable<string> clientIds, SchedulerOptions scheduler)
    {
        var options = new ClientsOptions();
        foreach (var id in clientIds)
        {
            options.Clients[id] = new ClientRegistration { AllowedModels = ["*"] };
        }

        return Fixed(options, scheduler);
    }

    /// <summary>A directory of the given registrations that never reloads (benchmarks and tests).</summary>
    public static ClientDirectory Fixed(ClientsOptions options, SchedulerOptions scheduler) =>
        new(
            new FixedOptionsMonitor<ClientsOptions>(options), Options.Create(new SecurityOptions { AllowAnonymous = true }), Options.Create(scheduler),
            new ConfigurationBuilder().Build(), Microsoft.Extensions.Logging.Abstractions.NullLogger<ClientDirectory>.Instance);

    /// <summary>Whether calls without credentials are served (development); set in <c>Appliance:Security:AllowAnonymous</c>.</summary>
    public bool AllowAnonymous { get; }

    /// <summary>The clients in force now.</summary>
    public ClientSnapshot Current => _current;

    /// <summary>
    /// Whether the configured clients (the site's clients file) are what is in force: false after a
    /// change was refused, until a good one (metric <c>appliance_config_in_force{file="clients"}</c>).
    /// </summary>
    public bool InForce => _inForce;

    /// <inheritdoc />
    public ClientPolicy For(string clientId) => _current.Policies.GetValueOrDefault(clientId) ?? _defaultPolicy;

    public void Dispose() => _subscription?.Dispose();

    private void Reload(ClientsOptions options)
    {
        try
        {
            if (_files.Select(f => f.Status).FirstOrDefault(s => s.Problem is not null) is { } file)
            {
                _inForce = false;
                if (file.Deleted)
                {
                    SecurityLog.ClientsFileDeleted(_logger, file.Path, _current.ById.Count, file.Problem!);
                }
                else
                {
                    SecurityLog.ClientsFileRefused(_logger, file.Path, file.Problem!, _current.ById.Count);
                }

                return;
            }

            var failures = ClientsValidator.Validate(options, AllowAnonymous);
            if (failures.Count > 0)
            {
                _inForce = false;
                SecurityLog.ReloadRefused(_logger, string.Join("; ", failures));
                return;
            }

            _current = ClientSnapshot.Build(options);
            _inForce = true;
            SecurityLog.ClientsReloaded(_logger, _current.ById.Count);
            if (_current.ById.Count == 0 && !AllowAnonymous)
            {
                SecurityLog.NoClients(_logger);
            }
        }
#pragma warning disable CA1031 // A reload runs on the file watcher's thread: an exception there would end the process.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _inForce = false;
            SecurityLog.ReloadFailed(_logger, ex);
        }
    }
}
