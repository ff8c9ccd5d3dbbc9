using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Appliance.Core.Models;

namespace Appliance.Catalog.Manifests;

/// <summary>
/// Writes a manifest file in the format <see cref="ManifestLoader"/> reads (snake_case keys,
/// indented, <c>file</c> relative when the weights sit under the manifest's folder).
/// </summary>
public static class ManifestWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",

        // Not HTML: keep chat templates ("<|im_start|>") and non-ASCII text readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Validates <paramref name="manifest"/> exactly as the loader would and writes it to
    /// <paramref name="path"/> (atomically: a temporary file, then a rename).
    /// <see cref="ModelManifest.ManifestPath"/> is ignored; a relative
    /// <see cref="ModelManifest.FilePath"/> is taken as relative to the manifest's folder.
    /// </summary>
    /// <returns>The manifest as the loader reads it back (absolute paths).</returns>
    /// <exception cref="ArgumentException">The manifest is invalid; the message lists every error.</exception>
    public static ModelManifest Write(ModelManifest manifest, string path)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var manifestPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(manifestPath)!;
        var json = ToJson(manifest, directory);

        // Round-trip before touching the disk, so nothing the loader would refuse gets written.
        var parsed = ManifestParser.Parse(json, path, manifestPath);
        if (parsed.Manifest is null)
        {
            throw new ArgumentException(
                "The manifest is invalid:" + string.Concat(parsed.Errors.Select(e => "\n  " + e)),
                nameof(manifest));
        }

        Directory.CreateDirectory(directory);
        var temporary = manifestPath + ".tmp";
        File.WriteAllText(temporary, json, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temporary, manifestPath, overwrite: true);
        return parsed.Manifest;
    }

    internal static string ToJson(ModelManifest manifest, string manifestDirectory)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString(ManifestKeys.Id, manifest.Id);
            writer.WriteString(ManifestKeys.Kind, ManifestNames.Of(manifest.Kind));
            writer.WriteString(ManifestKeys.Format, ManifestNames.Of(manifest.Format));
            writer.WriteString(ManifestKeys.File, RelativeIfUnder(manifest.FilePath, manifestDirectory));
            writer.WriteString(ManifestKeys.Sha256, manifest.Sha256.ToLowerInvariant());
            WriteOptional(writer, ManifestKeys.Quantization, manifest.Quantization);
            if (manifest.ContextLength != ManifestLimits.ContextLengthUnset || manifest.Format == ModelFormat.Gguf)
            {
                writer.WriteNumber(ManifestKeys.ContextLength, manifest.ContextLength);
            }

            writer.WriteNumber(ManifestKeys.GpuLayers, manifest.GpuLayers);
            writer.WriteNumber(ManifestKeys.MaxSequences, manifest.MaxSequences);
            writer.WriteNumber(ManifestKeys.BatchTokens, manifest.BatchTokens);
            WriteOptional(writer, ManifestKeys.ChatTemplate, manifest.ChatTemplate);
            WriteOptional(writer, ManifestKeys.License, manifest.License);
            WriteOptional(writer, ManifestKeys.Source, manifest.Source);
            WriteOptional(writer, ManifestKeys.Description, manifest.Description);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + "\n";
    }

    private static void WriteOptional(Utf8JsonWriter writer, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            writer.WriteString(key, value);
        }
    }

    /// <summary>Relative (with '/') when the file is inside the manifest's folder, else absolute.</summary>
    private static string RelativeIfUnder(string filePath, string manifestDirectory)
    {
        var absolute = Path.GetFullPath(filePath, manifestDirectory);
        var relative = Path.GetRelativePath(manifestDirectory, absolute);
        var outside = Path.IsPathRooted(relative)
            || relative == ".."
            || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        if (outside)
        {
            return absolute;
        }

        return Path.DirectorySeparatorChar == '\\' ? relative.Replace('\\', '/') : relative;
    }
}
