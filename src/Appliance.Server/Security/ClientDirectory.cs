using System.Collections.Frozen;
using Appliance.Core.Security;
using Appliance.Scheduling;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Security;

/// <summary>
/// The configured calling systems, rebuilt whenever <c>Appliance:Clients</c> changes (site
/// configuration files are watched), so keys rotate and access changes without a restart. A
/// configuration that fails validation stops the start; on a reload it is refused, logged
/// with every bad key, and the previous clients stay in force. Each rebuild also replaces
/// the scheduler's per-client policies (<see cref="SchedulerOptions.Clients"/>).
/// </summary>
internal sealed class ClientDirectory : IDisposable
{
    private readonly SchedulerOptions _scheduler;
    private readonly ILogger<ClientDirectory> _logger;
    private readonly IDisposable? _subscription;
    private volatile ClientSnapshot _current;

    public ClientDirectory(IOptionsMonitor<ClientsOptions> options, IOptions<SecurityOptions> access, IOptions<SchedulerOptions> scheduler, ILogger<ClientDirectory> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(scheduler);
        _scheduler = scheduler.Value;
        _logger = logger;
        AllowAnonymous = access.Value.AllowAnonymous;
        var failures = ClientsValidator.Validate(options.CurrentValue, AllowAnonymous);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(ClientsOptions.SectionName, typeof(ClientsOptions), failures);
        }

        _current = Apply(options.CurrentValue);
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

        return new ClientDirectory(
            new FixedOptionsMonitor<ClientsOptions>(options), Options.Create(new SecurityOptions { AllowAnonymous = true }), Options.Create(scheduler),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ClientDirectory>.Instance);
    }

    /// <summary>Whether calls without credentials are served (development); set in <c>Appliance:Security:AllowAnonymous</c>.</summary>
    public bool AllowAnonymous { get; }

    /// <summary>The clients in force now.</summary>
    public ClientSnapshot Current => _current;

    public void Dispose() => _subscription?.Dispose();

    private void Reload(ClientsOptions options)
    {
        try
        {
            var failures = ClientsValidator.Validate(options, AllowAnonymous);
            if (failures.Count > 0)
            {
                SecurityLog.ReloadRefused(_logger, string.Join("; ", failures));
                return;
            }

            _current = Apply(options);
            SecurityLog.ClientsReloaded(_logger, _current.ById.Count);
        }
#pragma warning disable CA1031 // A reload runs on the file watcher's thread: an exception there would end the process.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            SecurityLog.ReloadFailed(_logger, ex);
        }
    }

    private ClientSnapshot Apply(ClientsOptions options)
    {
        var snapshot = ClientSnapshot.Build(options);
        _scheduler.Clients = options.Clients.ToDictionary(c => c.Key, c => c.Value.ToPolicy(), StringComparer.Ordinal);
        return snapshot;
    }
}

/// <summary>One immutable generation of the configured clients, with lookup tables for credentials.</summary>
internal sealed class ClientSnapshot
{
    private ClientSnapshot(
        FrozenDictionary<string, ClientRegistration> byId, IReadOnlyList<(ParsedApiKeyHash Hash, string ClientId, int Index)> keys,
        FrozenDictionary<string, string> certificates)
    {
        ById = byId;
        Keys = keys;
        Certificates = certificates;
    }

    public FrozenDictionary<string, ClientRegistration> ById { get; }

    /// <summary>Every stored key hash with its client and position (1 or 2, for the audit log).</summary>
    public IReadOnlyList<(ParsedApiKeyHash Hash, string ClientId, int Index)> Keys { get; }

    /// <summary>
    /// Keys this snapshot has verified, by the SHA-256 of the key (memory only, never stored):
    /// a known key is found with one SHA-256 instead of an HMAC per stored hash. Holds at most
    /// one entry per configured key (only matches are added); a reload starts a new snapshot.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, (string ClientId, int Index)> VerifiedKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>"thumbprint HEX", "subject DN" and "dns NAME" to client id.</summary>
    public FrozenDictionary<string, string> Certificates { get; }

    public static ClientSnapshot Build(ClientsOptions options)
    {
        var keys = new List<(ParsedApiKeyHash, string, int)>();
        var certificates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, client) in options.Clients)
        {
            for (var i = 0; i < client.ApiKeyHashes.Count; i++)
            {
                keys.Add((ApiKeyHash.Parse(client.ApiKeyHashes[i], out _)!, id, i + 1));
            }

            foreach (var thumbprint in client.CertificateThumbprints)
            {
                certificates["thumbprint " + ClientCertificates.NormaliseThumbprint(thumbprint)] = id;
            }

            foreach (var subject in client.CertificateSubjects)
            {
                certificates["subject " + ClientCertificates.NormaliseSubject(subject)] = id;
            }

            foreach (var name in client.CertificateDnsNames)
            {
                certificates["dns " + name.ToUpperInvariant()] = id;
            }
        }

        return new ClientSnapshot(options.Clients.ToFrozenDictionary(StringComparer.Ordinal), keys, certificates.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
