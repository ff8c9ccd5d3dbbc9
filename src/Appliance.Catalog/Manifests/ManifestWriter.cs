using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Appliance.Core.Models;

namespace Appliance.Catalog.Manifests;

/// <summary>
/// Writes a manifest file in the format <see cref="ManifestLoader"/> reads (snake_case keys,
/// indented, <c>file</c> and <c>vocabulary</c> relative when they sit under the manifest's folder).
/// </summary>
/// <remarks>
/// A setting that applies to the model's kind and format is written even at its default, so
/// the file shows how the model runs. One that does not apply is written only when it differs
/// from its default: the validation below then refuses it, rather than the writer dropping it.
/// </remarks>
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
    /// <see cref="ModelManifest.FilePath"/> or <see cref="ModelManifest.VocabularyPath"/> is taken
    /// as relative to the manifest's folder.
    /// </summary>
    /// <returns>The manifest as the loader reads it back (absolute paths).</returns>
    /// <exception cref="ArgumentException">The manifest is invalid; the message lists every error.</exception>
    public static ModelManifest Write(ModelManifest manifest, string path) => Write(manifest, path, onlyIfChanged: false);

    /// <summary>
    /// As <see cref="Write(ModelManifest, string)"/>, but leaves the file untouched when it already holds
    /// exactly this text, so a manifest that is provisioned at every start keeps its time stamp.
    /// </summary>
    /// <exception cref="ArgumentException">The manifest is invalid; the message lists every error.</exception>
    public static ModelManifest WriteIfChanged(ModelManifest manifest, string path) => Write(manifest, path, onlyIfChanged: true);

    private static ModelManifest Write(ModelManifest manifest, string path, bool onlyIfChanged)
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

        if (onlyIfChanged && File.Exists(manifestPath) && string.Equals(File.ReadAllText(manifestPath), json, StringComparison.Ordinal))
        {
            return parsed.Manifest;
        }

        Directory.CreateDirectory(directory);

        // A temporary name of its own, so that two processes writing the same manifest never share one.
        var temporary = $"{manifestPath}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(temporary, json, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temporary, manifestPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

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

            WriteGgufSettings(writer, manifest);
            WriteOnnxSettings(writer, manifest);
            WriteBatchingAndTokenizer(writer, manifest, manifestDirectory);
            WriteOptional(writer, ManifestKeys.License, manifest.License);
            WriteOptional(writer, ManifestKeys.Source, manifest.Source);
            WriteOptional(writer, ManifestKeys.Description, manifest.Description);
            if (manifest.Load != ModelLoadPolicy.OnStart)
            {
                writer.WriteString(ManifestKeys.Load, ManifestNames.Of(manifest.Load));
            }

            if (manifest.Evictable)
            {
                writer.WriteBoolean(ManifestKeys.Evictable, true);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + "\n";
    }

    private static void WriteGgufSettings(Utf8JsonWriter writer, ModelManifest manifest)
    {
        var applies = ManifestRules.UsesGgufSettings(manifest.Format);
        if (applies || manifest.GpuLayers != ManifestLimits.GpuLayersDefault)
        {
            writer.WriteNumber(ManifestKeys.GpuLayers, manifest.GpuLayers);
        }

        if (applies || manifest.MaxSequences != ManifestLimits.MaxSequencesDefault)
        {
            writer.WriteNumber(ManifestKeys.MaxSequences, manifest.MaxSequences);
        }

        if (applies || manifest.BatchTokens != ManifestLimits.BatchTokensDefault)
        {
            writer.WriteNumber(ManifestKeys.BatchTokens, manifest.BatchTokens);
        }

        WriteOptional(writer, ManifestKeys.ChatTemplate, manifest.ChatTemplate);
        if (manifest.Reasoning is { } reasoning)
        {
            ManifestReasoningReader.Write(writer, ManifestKeys.Reasoning, reasoning);
        }
    }

    private static void WriteOnnxSettings(Utf8JsonWriter writer, ModelManifest manifest)
    {
        var applies = ManifestRules.UsesOnnxSettings(manifest.Format);
        if (applies || manifest.ExecutionProvider != ManifestLimits.ExecutionProviderDefault)
        {
            writer.WriteString(ManifestKeys.ExecutionProvider, ManifestNames.Of(manifest.ExecutionProvider));
        }

        if (applies || manifest.DeviceId != ManifestLimits.DeviceIdDefault)
        {
            writer.WriteNumber(ManifestKeys.DeviceId, manifest.DeviceId);
        }

        if (applies || manifest.CpuFallback != ManifestLimits.CpuFallbackDefault)
        {
            writer.WriteBoolean(ManifestKeys.CpuFallback, manifest.CpuFallback);
        }

        // Absent means "ONNX Runtime's default", which no number can spell.
        if (manifest.IntraOpThreads is { } threads)
        {
            writer.WriteNumber(ManifestKeys.IntraOpThreads, threads);
        }

        if (applies || manifest.GraphOptimization != ManifestLimits.GraphOptimizationDefault)
        {
            writer.WriteString(ManifestKeys.GraphOptimization, ManifestNames.Of(manifest.GraphOptimization));
        }
    }

    private static void WriteBatchingAndTokenizer(Utf8JsonWriter writer, ModelManifest manifest, string manifestDirectory)
    {
        var batched = ManifestRules.UsesBatching(manifest.Kind);
        if (batched || manifest.MaxBatchSize != ManifestLimits.MaxBatchSizeDefault)
        {
            writer.WriteNumber(ManifestKeys.MaxBatchSize, manifest.MaxBatchSize);
        }

        if (batched || manifest.MaxQueueDelay != ManifestLimits.MaxQueueDelayDefault)
        {
            // Ticks / 10^4 as a decimal is exact, so the loader reads back the same TimeSpan.
            writer.WriteNumber(ManifestKeys.MaxQueueDelayMs, (decimal)manifest.MaxQueueDelay.Ticks / TimeSpan.TicksPerMillisecond);
        }

        if (ManifestRules.UsesPooling(manifest.Kind) || manifest.Pooling != ManifestLimits.PoolingDefault)
        {
            writer.WriteString(ManifestKeys.Pooling, ManifestNames.Of(manifest.Pooling));
        }

        if (manifest.VocabularyPath is { } vocabulary && !string.IsNullOrWhiteSpace(vocabulary))
        {
            writer.WriteString(ManifestKeys.Vocabulary, RelativeIfUnder(vocabulary, manifestDirectory));
        }

        WriteOptional(writer, ManifestKeys.VocabularySha256, manifest.VocabularySha256?.ToLowerInvariant());
        if (ManifestRules.UsesVocabulary(manifest.Kind, manifest.Format) || manifest.LowerCase != ManifestLimits.LowerCaseDefault)
        {
            writer.WriteBoolean(ManifestKeys.LowerCase, manifest.LowerCase);
        }
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
