using Appliance.Catalog.Demo;
using Appliance.Catalog.Gguf;
using Appliance.Catalog.Manifests;
using Appliance.Core.Models;

namespace Appliance.PeerBench;

/// <summary>The GGUF file every contestant serves, and the appliance's manifest for it (in a temporary models folder).</summary>
internal static class PeerModel
{
    public const string Id = "peer";

    /// <summary>Writes the synthetic model when asked for a preset, then a manifest sized like llama-server's slots; returns the GGUF path.</summary>
    public static async Task<string> PrepareAsync(PeerOptions options, string manifestDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(manifestDirectory);
        string file;
        if (options.Preset is { } preset)
        {
            var synthetic = new SyntheticModelOptions { Preset = preset == "tiny" ? SyntheticModelPreset.Tiny : SyntheticModelPreset.RealisticShape };
            file = (await SyntheticModelFiles.WriteAsync(Path.Combine(options.Work, "model"), Id, synthetic, options.MaxStreams, options.BatchTokens, cancellationToken)).FilePath;
        }
        else
        {
            file = Path.GetFullPath(options.Model!);
        }

        var manifest = new ModelManifest
        {
            Id = Id, Kind = ModelKind.TextGeneration, Format = ModelFormat.Gguf, FilePath = file,
            Sha256 = await Sha256Hex.OfFileAsync(file, cancellationToken),
            ContextLength = options.ContextPerSequence, MaxSequences = options.MaxStreams, BatchTokens = options.BatchTokens,
            ManifestPath = Path.Combine(manifestDirectory, Id + ".json"),
        };
        ManifestWriter.Write(manifest, manifest.ManifestPath);
        return file;
    }
}
