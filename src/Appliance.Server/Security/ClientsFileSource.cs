using Microsoft.Extensions.Configuration.Json;

namespace Appliance.Server.Security;

/// <summary>
/// The site's calling systems file (<c>/etc/appliance/clients.json</c>) as a configuration source:
/// JSON like any settings file, watched, but a reload that would take every system away by
/// accident (the file deleted, truncated, half-written or without <c>Appliance:Clients</c>)
/// keeps the last good content in the configuration and reports why (<see cref="ClientsFileProvider.Status"/>).
/// </summary>
internal sealed class ClientsFileSource : FileConfigurationSource
{
    /// <summary>The watched, optional source for the file at <paramref name="fullPath"/>.</summary>
    public static ClientsFileSource For(string fullPath)
    {
        var source = new ClientsFileSource { Path = fullPath, Optional = true, ReloadOnChange = true };
        source.ResolveFileProvider();
        return source;
    }

    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new ClientsFileProvider(this);
    }
}
