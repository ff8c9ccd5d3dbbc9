using Appliance.Catalog.Gguf;
using Appliance.Catalog.Manifests;

namespace Appliance.Catalog.Demo;

/// <summary>
/// The embedded default model: a synthetic llama-architecture GGUF with random weights and a
/// real tokenizer, generated on first use into a cache folder (never committed, never
/// downloaded) with its manifest beside it. Its output is meaningless text; it exists so a
/// newcomer can run and call the server with no model staged.
/// </summary>
public static class DemoModel
{
    /// <summary>Model id of the demo model.</summary>
    public const string Id = "appliance-demo";

    /// <summary>Options that define the demo model's bytes (a fixed seed: the same file, and sha256, everywhere).</summary>
    public static SyntheticModelOptions Options { get; } = new()
    {
        Preset = SyntheticModelPreset.Tiny,
        WeightType = GgmlType.Q8_0,
        Seed = 20261125,
        Name = "appliance-demo (synthetic, random weights)",
    };

    /// <summary>The default cache folder: <c>$XDG_CACHE_HOME/appliance</c>, else <c>~/.cache/appliance</c>.</summary>
    public static string DefaultCacheDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrWhiteSpace(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
            : xdg;
        return Path.Combine(root, "appliance");
    }

    /// <summary>
    /// Makes sure the demo model and its manifest exist under <paramref name="cacheDirectory"/>
    /// and returns the folder holding the manifest. Regenerates the file if it is missing or
    /// does not match its manifest.
    /// </summary>
    public static async Task<string> EnsureAsync(string cacheDirectory, CancellationToken cancellationToken)
    {
        var modelDirectory = Path.Combine(Path.GetFullPath(cacheDirectory), "demo");
        var manifestPath = Path.Combine(modelDirectory, $"{Id}.json");
        var existing = File.Exists(manifestPath) ? ManifestLoader.LoadFile(manifestPath).Manifest : null;
        if (existing is not null && (await ModelFileVerifier.VerifyAsync(existing, null, cancellationToken)).IsOk)
        {
            return modelDirectory;
        }

        await SyntheticModelFiles.WriteAsync(modelDirectory, Id, Options, maxSequences: 4, batchTokens: 256, cancellationToken);
        return modelDirectory;
    }
}
