using System.Reflection;

namespace Appliance.Server.Metrics;

/// <summary>The running build: version and git commit, from the server assembly's informational version ("0.1.0+&lt;commit&gt;").</summary>
internal sealed record BuildInfo(string Version, string Commit)
{
    public static BuildInfo FromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "unknown";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? new BuildInfo(informational, "unknown")
            : new BuildInfo(informational[..plus], informational[(plus + 1)..]);
    }
}
