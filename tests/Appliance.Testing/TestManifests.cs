using Appliance.Catalog.Manifests;
using Appliance.Core.Models;

namespace Appliance.Testing;

/// <summary>
/// The one manifest builder of the tests: valid manifests of each kind, as records (changed with
/// <c>with</c>) and as JSON (changed by (key, raw JSON) pairs; a null raw removes the key). The JSON
/// bases and the record bases describe the same models.
/// </summary>
public static class TestManifests
{
    /// <summary>A well-formed weights hash (lower case).</summary>
    public const string Sha = "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b";

    /// <summary>A second hash, for the vocabulary, so a mix-up with the weights' hash would show.</summary>
    public const string VocabularySha = "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b";

    private static readonly (string Key, string Raw)[] GgufBase =
    [
        ("id", "\"qwen\""),
        ("kind", "\"text-generation\""),
        ("format", "\"gguf\""),
        ("file", "\"qwen.gguf\""),
        ("sha256", $"\"{Sha}\""),
        ("context_length", "4096"),
    ];

    private static readonly (string Key, string Raw)[] OnnxEmbeddingBase =
    [
        ("id", "\"minilm\""),
        ("kind", "\"embedding\""),
        ("format", "\"onnx\""),
        ("file", "\"model.onnx\""),
        ("sha256", $"\"{Sha}\""),
        ("context_length", "256"),
        ("vocabulary", "\"vocab.txt\""),
        ("vocabulary_sha256", $"\"{VocabularySha}\""),
    ];

    private static readonly (string Key, string Raw)[] TensorBase =
    [
        ("id", "\"ocr\""),
        ("kind", "\"tensor\""),
        ("format", "\"onnx\""),
        ("file", "\"ocr.onnx\""),
        ("sha256", $"\"{Sha}\""),
    ];

    /// <summary>A GGUF text-generation model: 4096-token context, hash <see cref="Sha"/>, its manifest beside the weights unless given.</summary>
    public static ModelManifest TextGeneration(string id, string file, string? manifestPath = null) => new()
    {
        Id = id,
        Kind = ModelKind.TextGeneration,
        Format = ModelFormat.Gguf,
        FilePath = file,
        Sha256 = Sha,
        ContextLength = 4096,
        ManifestPath = manifestPath ?? Beside(file, id),
    };

    /// <summary>A GGUF embedding model (mean pooling): 256-token context, hash <see cref="Sha"/>.</summary>
    public static ModelManifest GgufEmbedding(string id, string file, string? manifestPath = null) =>
        TextGeneration(id, file, manifestPath) with { Kind = ModelKind.Embedding, ContextLength = 256, Pooling = EmbeddingPooling.Mean };

    /// <summary>An ONNX embedding model with a WordPiece vocabulary: 256-token context, hashes <see cref="Sha"/> and <see cref="VocabularySha"/>.</summary>
    public static ModelManifest OnnxEmbedding(string id, string file, string vocabulary, string? manifestPath = null) =>
        TextGeneration(id, file, manifestPath) with
        {
            Kind = ModelKind.Embedding,
            Format = ModelFormat.Onnx,
            ContextLength = 256,
            VocabularyPath = vocabulary,
            VocabularySha256 = VocabularySha,
        };

    /// <summary>An ONNX tensor model (no context length), hash <see cref="Sha"/>.</summary>
    public static ModelManifest Tensor(string id, string file, string? manifestPath = null) =>
        TextGeneration(id, file, manifestPath) with { Kind = ModelKind.Tensor, Format = ModelFormat.Onnx, ContextLength = 0 };

    /// <summary>Writes <paramref name="manifest"/> to its <see cref="ModelManifest.ManifestPath"/> (validated, as <c>models add</c> writes) and returns what was written.</summary>
    public static ModelManifest Write(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return ManifestWriter.Write(manifest, manifest.ManifestPath);
    }

    /// <summary>The JSON of the GGUF text-generation base (qwen, qwen.gguf, 4096) with each (key, raw JSON) applied.</summary>
    public static string Json(params (string Key, string? Raw)[] changes) => Build(GgufBase, changes);

    /// <summary>The JSON of the ONNX embedding base (minilm, model.onnx, 256, vocab.txt) with the changes applied.</summary>
    public static string OnnxEmbeddingJson(params (string Key, string? Raw)[] changes) => Build(OnnxEmbeddingBase, changes);

    /// <summary>The JSON of the ONNX tensor base (ocr, ocr.onnx, no context_length) with the changes applied.</summary>
    public static string TensorJson(params (string Key, string? Raw)[] changes) => Build(TensorBase, changes);

    private static string Beside(string file, string id) =>
        Path.Combine(Path.GetDirectoryName(file) is { Length: > 0 } folder ? folder : ".", id + ".json");

    private static string Build((string Key, string Raw)[] baseEntries, (string Key, string? Raw)[] changes)
    {
        var entries = baseEntries.Select(e => (e.Key, Raw: (string?)e.Raw)).ToList();
        foreach (var (key, raw) in changes)
        {
            var index = entries.FindIndex(e => e.Key == key);
            if (index >= 0)
            {
                entries[index] = (key, raw);
            }
            else
            {
                entries.Add((key, raw));
            }
        }

        var lines = entries.Where(e => e.Raw is not null).Select(e => $"  \"{e.Key}\": {e.Raw}");
        return "{\n" + string.Join(",\n", lines) + "\n}\n";
    }
}
