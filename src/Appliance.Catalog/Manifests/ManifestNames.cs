using System.Collections.Frozen;
using Appliance.Core.Models;

namespace Appliance.Catalog.Manifests;

/// <summary>The wire spellings of <see cref="ModelKind"/> and <see cref="ModelFormat"/> in a manifest.</summary>
internal static class ManifestNames
{
    public static readonly FrozenDictionary<string, ModelKind> Kinds = new Dictionary<string, ModelKind>(StringComparer.Ordinal)
    {
        ["text-generation"] = ModelKind.TextGeneration,
        ["embedding"] = ModelKind.Embedding,
        ["tensor"] = ModelKind.Tensor,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static readonly FrozenDictionary<string, ModelFormat> Formats = new Dictionary<string, ModelFormat>(StringComparer.Ordinal)
    {
        ["gguf"] = ModelFormat.Gguf,
        ["onnx"] = ModelFormat.Onnx,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static string Of(ModelKind kind) => kind switch
    {
        ModelKind.TextGeneration => "text-generation",
        ModelKind.Embedding => "embedding",
        ModelKind.Tensor => "tensor",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown model kind"),
    };

    public static string Of(ModelFormat format) => format switch
    {
        ModelFormat.Gguf => "gguf",
        ModelFormat.Onnx => "onnx",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown model format"),
    };

    /// <summary>
    /// The format a kind requires, or null when several fit: text generation runs on
    /// LLamaSharp (GGUF), tensor models on ONNX Runtime, embeddings on either.
    /// </summary>
    public static ModelFormat? RequiredFormat(ModelKind kind) => kind switch
    {
        ModelKind.TextGeneration => ModelFormat.Gguf,
        ModelKind.Tensor => ModelFormat.Onnx,
        _ => null,
    };
}
