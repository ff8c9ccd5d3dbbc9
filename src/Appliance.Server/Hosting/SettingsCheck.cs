namespace Appliance.Server.Hosting;

/// <summary>
/// The server's own start-up validation of its settings (<see cref="StartupFailure.CheckSettings"/>): every bound
/// section's shape (unknown keys with did-you-mean) and validators, the TLS files, the clients file.
/// </summary>
internal sealed class SettingsCheck : IConfigurationCheck
{
    public string Name => "settings, clients and TLS files";

    public bool StopsStart => true;

    public IReadOnlyList<string> Problems(IServiceProvider services)
    {
        try
        {
            StartupFailure.CheckSettings(services);
            return [];
        }
        catch (Exception ex) when (StartupFailure.Problems(ex) is { } problems)
        {
            return problems;
        }
    }
}
