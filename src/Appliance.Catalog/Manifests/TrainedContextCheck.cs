using System.Globalization;
using Appliance.Catalog.Gguf;
using Appliance.Core.Models;

namespace Appliance.Catalog.Manifests;

/// <summary>
/// Whether a GGUF manifest's <c>context_length</c> asks for more than the file's trained context
/// (<c>{arch}.context_length</c>): not an error (some models extrapolate), but output past the
/// trained length may degrade, so <c>models verify</c> warns naming the key (the server's loader
/// warns too). Reads the file's metadata only.
/// </summary>
public static class TrainedContextCheck
{
    /// <summary>The warning, or null when the context fits, the manifest is not GGUF text generation, or the file cannot be read (the hash check reports that).</summary>
    public static string? Warning(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Format != ModelFormat.Gguf || manifest.Kind != ModelKind.TextGeneration)
        {
            return null;
        }

        GgufModelSummary summary;
        try
        {
            summary = GgufModelSummary.Of(GgufReader.ReadFile(manifest.FilePath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }

        return summary.TrainedContextLength is { } trained && manifest.ContextLength > trained
            ? string.Create(CultureInfo.InvariantCulture,
                $"context_length {manifest.ContextLength} is more than the {trained} tokens the model was trained for ({summary.Architecture}.context_length): output beyond {trained} tokens may degrade")
            : null;
    }
}
