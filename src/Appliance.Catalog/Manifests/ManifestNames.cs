using System.Collections.Frozen;
using Appliance.Core.Models;

namespace Appliance.Catalog.Manifests;

/// <summary>The wire spellings of the manifest's enumerations (kind, format, ONNX settings, pooling).</summary>
internal static class ManifestNames
{
    public static readonly FrozenDictionary<string, ModelKind> Kinds = Table(
        (ModelKind.TextGeneration, "text-generation"),
        (ModelKind.Embedding, "embedding"),
        (ModelKind.Tensor, "tensor"));

    public static readonly FrozenDictionary<string, ModelFormat> Formats = Table(
        (ModelFormat.Gguf, "gguf"),
        (ModelFormat.Onnx, "onnx"));

    public static readonly FrozenDictionary<string, ExecutionProvider> ExecutionProviders = Table(
        (ExecutionProvider.Cpu, "cpu"),
        (ExecutionProvider.Cuda, "cuda"));

    public static readonly FrozenDictionary<string, GraphOptimization> GraphOptimizations = Table(
        (GraphOptimization.Disabled, "disabled"),
        (GraphOptimization.Basic, "basic"),
        (GraphOptimization.Extended, "extended"),
        (GraphOptimization.All, "all"));

    public static readonly FrozenDictionary<string, EmbeddingPooling> Poolings = Table(
        (EmbeddingPooling.Mean, "mean"),
        (EmbeddingPooling.Cls, "cls"));

    public static readonly FrozenDictionary<string, ModelLoadPolicy> LoadPolicies = Table(
        (ModelLoadPolicy.OnStart, "on_start"),
        (ModelLoadPolicy.OnDemand, "on_demand"));

    public static string Of(ModelLoadPolicy load) => NameOf(LoadPolicies, load, nameof(load));

    public static string Of(ModelKind kind) => NameOf(Kinds, kind, nameof(kind));

    public static string Of(ModelFormat format) => NameOf(Formats, format, nameof(format));

    public static string Of(ExecutionProvider provider) => NameOf(ExecutionProviders, provider, nameof(provider));

    public static string Of(GraphOptimization level) => NameOf(GraphOptimizations, level, nameof(level));

    public static string Of(EmbeddingPooling pooling) => NameOf(Poolings, pooling, nameof(pooling));

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

    private static FrozenDictionary<string, T> Table<T>(params (T Value, string Name)[] entries)
        where T : struct, Enum =>
        entries.ToFrozenDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);

    /// <summary>A handful of entries per table: a linear search is the simplest correct reverse lookup.</summary>
    private static string NameOf<T>(FrozenDictionary<string, T> table, T value, string parameterName)
        where T : struct, Enum
    {
        foreach (var (name, candidate) in table)
        {
            if (EqualityComparer<T>.Default.Equals(candidate, value))
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(parameterName, value, $"unknown {typeof(T).Name}");
    }
}
