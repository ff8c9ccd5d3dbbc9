namespace Appliance.Catalog.Tests.Manifests;

/// <summary>Files of the repository the tests run from (found by walking up to Appliance.sln).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>models/examples: manifests the README shows, which must stay valid.</summary>
    public static string Examples => Path.Combine(Root, "models", "examples");

    public static string Example(string fileName) => Path.Combine(Examples, fileName);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Appliance.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Appliance.sln not found above " + AppContext.BaseDirectory);
    }
}
