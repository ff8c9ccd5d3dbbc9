using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Appliance.Core.Models;

namespace Appliance.Engines.Onnx.MiniLm;

/// <summary>
/// Writes an ONNX model's manifest file in the catalog's format: snake_case keys, indented,
/// <c>file</c> and <c>vocabulary</c> relative to the manifest's folder. (The catalog's
/// ManifestWriter does not know the ONNX keys yet; once it does, it can replace this.)
/// </summary>
internal static class OnnxManifestJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <see cref="ModelManifest.ManifestPath"/> unless it already holds exactly this text; atomic (temporary file, then rename).</summary>
    public static async Task WriteIfChangedAsync(ModelManifest manifest, CancellationToken cancellationToken)
    {
        var path = manifest.ManifestPath;
        var json = ToJson(manifest);
        if (File.Exists(path) && string.Equals(await File.ReadAllTextAsync(path, cancellationToken), json, StringComparison.Ordinal))
        {
            return;
        }

        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temporary, json, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    internal static string ToJson(ModelManifest manifest)
    {
        var directory = Path.GetDirectoryName(manifest.ManifestPath)!;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", manifest.Id);
            writer.WriteString("kind", manifest.Kind == ModelKind.Embedding ? "embedding" : "tensor");
            writer.WriteString("format", "onnx");
            writer.WriteString("file", Relative(manifest.FilePath, directory));
            writer.WriteString("sha256", manifest.Sha256);
            if (manifest.VocabularyPath is { } vocabulary)
            {
                writer.WriteString("vocabulary", Relative(vocabulary, directory));
                writer.WriteString("vocabulary_sha256", manifest.VocabularySha256);
                writer.WriteBoolean("lowercase", manifest.LowerCase);
            }

            writer.WriteNumber("context_length", manifest.ContextLength);
            if (manifest.Kind == ModelKind.Embedding)
            {
                writer.WriteString("pooling", manifest.Pooling.ToString().ToLowerInvariant());
            }

            writer.WriteNumber("max_batch_size", manifest.MaxBatchSize);
            writer.WriteNumber("max_queue_delay_ms", (long)manifest.MaxQueueDelay.TotalMilliseconds);
            writer.WriteString("execution_provider", manifest.ExecutionProvider.ToString().ToLowerInvariant());
            if (manifest.ExecutionProvider == ExecutionProvider.Cuda)
            {
                writer.WriteNumber("device_id", manifest.DeviceId);
                writer.WriteBoolean("cpu_fallback", manifest.CpuFallback);
            }

            if (manifest.IntraOpThreads is { } threads)
            {
                writer.WriteNumber("intra_op_threads", threads);
            }

            writer.WriteString("graph_optimization", manifest.GraphOptimization.ToString().ToLowerInvariant());
            WriteOptional(writer, "license", manifest.License);
            WriteOptional(writer, "source", manifest.Source);
            WriteOptional(writer, "description", manifest.Description);
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

    /// <summary>Relative with '/' when under the manifest's folder, else absolute.</summary>
    private static string Relative(string path, string directory)
    {
        var relative = Path.GetRelativePath(directory, Path.GetFullPath(path, directory));
        if (Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return Path.GetFullPath(path, directory);
        }

        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}
