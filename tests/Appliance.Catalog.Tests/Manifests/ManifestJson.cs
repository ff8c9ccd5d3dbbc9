namespace Appliance.Catalog.Tests.Manifests;

/// <summary>Builds manifest JSON from a valid base by replacing, adding or removing raw values.</summary>
public static class ManifestJson
{
    public const string Sha = "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b";

    /// <summary>A second hash, for the vocabulary, so a mix-up with the weights' hash would show.</summary>
    public const string VocabularySha = "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b";

    private static readonly (string Key, string Raw)[] Gguf =
    [
        ("id", "\"qwen\""),
        ("kind", "\"text-generation\""),
        ("format", "\"gguf\""),
        ("file", "\"qwen.gguf\""),
        ("sha256", $"\"{Sha}\""),
        ("context_length", "4096"),
    ];

    private static readonly (string Key, string Raw)[] OnnxEmbedding =
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

    private static readonly (string Key, string Raw)[] Tensor =
    [
        ("id", "\"ocr\""),
        ("kind", "\"tensor\""),
        ("format", "\"onnx\""),
        ("file", "\"ocr.onnx\""),
        ("sha256", $"\"{Sha}\""),
    ];

    /// <summary>The GGUF text-generation base with each (key, raw JSON) applied; a null raw removes the key.</summary>
    public static string With(params (string Key, string? Raw)[] changes) => Build(Gguf, changes);

    /// <summary>An ONNX embedding base (context_length 256, vocabulary vocab.txt) with the changes applied.</summary>
    public static string OnnxEmbeddingWith(params (string Key, string? Raw)[] changes) => Build(OnnxEmbedding, changes);

    /// <summary>An ONNX tensor base (no context_length) with the changes applied.</summary>
    public static string TensorWith(params (string Key, string? Raw)[] changes) => Build(Tensor, changes);

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
