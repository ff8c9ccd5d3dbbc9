namespace Appliance.Server.Tests.Metrics;

/// <summary>Files of the repository the tests check (dashboard, rules, docs).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Dashboard => Path.Combine(Root, "appliance", "grafana", "dashboards", "appliance.json");

    public static string RulesDirectory => Path.Combine(Root, "appliance", "prometheus", "rules");

    public static string MetricsDoc => Path.Combine(Root, "docs", "metrics.md");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Appliance.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Appliance.sln not found above " + AppContext.BaseDirectory);
    }
}
