namespace Appliance.Server.Hosting;

/// <summary>Where models come from (configuration section <c>Appliance:Models</c>).</summary>
public sealed class ModelsOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Appliance:Models";

    /// <summary>Folders whose top-level <c>*.json</c> files are model manifests. Relative paths are relative to the content root (the server's folder).</summary>
    public List<string> ManifestDirectories { get; set; } = [];

    /// <summary>Writable folder for generated files (the demo model). Default: <c>$XDG_CACHE_HOME/appliance</c> or <c>~/.cache/appliance</c>.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Generate (once) and serve the synthetic demo model, so the server runs with nothing staged. Off in production.</summary>
    public bool DemoModel { get; set; }

    /// <summary>Resolved cache folder.</summary>
    public string ResolveCacheDirectory() =>
        string.IsNullOrWhiteSpace(CacheDirectory) ? Catalog.Demo.DemoModel.DefaultCacheDirectory() : Path.GetFullPath(CacheDirectory);
}
