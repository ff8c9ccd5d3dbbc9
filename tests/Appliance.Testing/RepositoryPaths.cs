namespace Appliance.Testing;

/// <summary>Files of the repository the tests read (found by walking up from the test's output folder to Appliance.sln).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>models/examples: manifests the README shows, which must stay valid.</summary>
    public static string Examples => Path.Combine(Root, "models", "examples");

    public static string Dashboard => Path.Combine(Root, "appliance", "grafana", "dashboards", "appliance.json");

    public static string RulesDirectory => Path.Combine(Root, "appliance", "prometheus", "rules");

    /// <summary>appliance/config: the site templates (clients.sample.json, appsettings.Production.json).</summary>
    public static string ConfigDirectory => Path.Combine(Root, "appliance", "config");

    public static string MetricsDoc => Path.Combine(Root, "docs", "metrics.md");

    public static string Example(string fileName) => Path.Combine(Examples, fileName);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Appliance.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Appliance.sln not found above " + AppContext.BaseDirectory);
    }
}
