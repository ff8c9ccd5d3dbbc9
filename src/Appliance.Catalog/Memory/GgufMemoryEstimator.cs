using System.Globalization;
using Appliance.Catalog.Gguf;
using Appliance.Core.Models;

namespace Appliance.Catalog.Memory;

/// <summary>
/// A GGUF model's memory per device, from its tensor infos and metadata and the manifest, as
/// llama.cpp (the commit LLamaSharp 0.30.0 binds) places and sizes it:
/// <list type="bullet">
/// <item>Weights: every tensor's data. llama.cpp offloads the LAST gpu_layers repeating layers
/// (blk.N for N &gt;= n_layer - gpu_layers); the output layer (output_norm, output) goes to the GPU
/// only when gpu_layers exceeds n_layer (-1 = all does that); the input layer (token_embd) always
/// stays on the host. A model without output.weight reuses token_embd as output: offloaded, that
/// is a second copy on the GPU.</item>
/// <item>KV cache: cells x n_head_kv x (key_length + value_length) x 2 bytes (f16) per layer, on
/// the layer's device; cells = context_length x max_sequences rounded up to 256. Encoder
/// architectures (BERT and kin) have no KV cache.</item>
/// <item>Compute: see <see cref="ComputeBytes"/>.</item>
/// </list>
/// With several GPUs llama.cpp splits the offloaded layers by free memory at load time, which a
/// file cannot tell: the estimate puts them all on GPU 0 (the budget of GPU 0 then errs high).
/// </summary>
internal static class GgufMemoryEstimator
{
    private const int KvBytesPerValue = 2;
    private const int F32 = 4;
    private const string BlockPrefix = "blk.";

    public static ModelMemoryEstimate Estimate(ModelManifest manifest, GgufFile file, bool gpuOffload)
    {
        var arch = file.Architecture ?? "llama";
        var layers = (int)(file.BlockCount ?? 0);
        var requested = manifest.GpuLayers < 0 ? int.MaxValue : manifest.GpuLayers;
        var offloaded = gpuOffload ? Math.Min(requested, layers + 1) : 0;
        var firstGpuLayer = layers - Math.Min(offloaded, layers);
        var outputOnGpu = offloaded > layers;
        var gpu = MemoryDevice.Gpu(0);

        long hostWeights = 0, gpuWeights = 0;
        long? tokenEmbedding = null;
        var hasOutput = false;
        foreach (var tensor in file.Tensors)
        {
            var bytes = Align(tensor.ByteSize ?? 0, file.Alignment);
            var layer = LayerOf(tensor.Name);
            var onGpu = layer switch
            {
                Placement.Input => false,
                Placement.Output => outputOnGpu,
                _ => (int)layer >= firstGpuLayer,
            };
            if (tensor.Name.StartsWith("token_embd.", StringComparison.Ordinal))
            {
                tokenEmbedding = bytes;
            }

            hasOutput |= tensor.Name == "output.weight";
            if (onGpu)
            {
                gpuWeights += bytes;
            }
            else
            {
                hostWeights += bytes;
            }
        }

        if (!hasOutput && outputOnGpu && tokenEmbedding is { } tied)
        {
            gpuWeights += tied;
        }

        var shape = LlamaContextShape.For(manifest);
        var kvPerLayer = HasKvCache(arch) ? KvBytesPerLayerCell(file, arch) * shape.Cells : 0;
        var gpuLayers = layers - firstGpuLayer;
        var gpuKv = kvPerLayer * gpuLayers;
        var hostKv = kvPerLayer * (layers - gpuLayers);
        var (hostCompute, gpuCompute) = ComputeBytes(file, arch, shape, offloaded > 0);

        var devices = new List<DeviceMemoryEstimate> { new(MemoryDevice.Host, hostWeights, hostKv, hostCompute) };
        if (offloaded > 0)
        {
            devices.Add(new DeviceMemoryEstimate(gpu, gpuWeights, gpuKv, gpuCompute));
        }

        var basis = string.Create(CultureInfo.InvariantCulture,
            $"GGUF tensors; KV {shape.Cells} cells f16 for {shape.Sequences} sequence(s); micro-batch {shape.MicroBatch} tokens; {gpuLayers}/{layers} layers{(outputOnGpu ? " and the output layer" : string.Empty)} on {(offloaded > 0 ? gpu.Name : "no GPU")}");
        return new ModelMemoryEstimate(manifest.Id, devices, basis);
    }

    /// <summary>
    /// llama.cpp's compute buffer, calibrated on what it reports after load (CPU, flash attention
    /// auto; docs/benchmarks.md "Memory estimates"): the logits of one micro-batch
    /// (n_ubatch x n_vocab f32) dominate, plus two activations of n_embd per token, plus the output
    /// buffer (a row of logits per sequence; a row of n_embd per token for embeddings). Offloaded, the GPU holds the
    /// compute buffer and the host a staging buffer of the input embeddings plus the output buffer.
    /// </summary>
    internal static (long Host, long Gpu) ComputeBytes(GgufFile file, string arch, LlamaContextShape shape, bool offloaded)
    {
        var vocab = VocabularySize(file, arch);
        var width = (long)(file.EmbeddingLength ?? 0);
        var graph = (long)shape.MicroBatch * (vocab + (2 * width)) * F32;
        var output = (long)shape.Outputs * (shape.Embeddings ? width : vocab) * F32;
        if (!offloaded)
        {
            return (graph + output, 0);
        }

        var staging = (long)shape.MicroBatch * width * F32 * 2;
        return (staging + output, graph);
    }

    private static long VocabularySize(GgufFile file, string arch) =>
        file.TryGetUInt32(arch + GgufKeys.VocabSizeSuffix, out var v) ? v : file.TokenCount ?? 0;

    /// <summary>KV bytes one cell takes in one layer: n_head_kv x (key_length + value_length) x 2.</summary>
    private static long KvBytesPerLayerCell(GgufFile file, string arch)
    {
        if (!file.TryGetUInt32(arch + GgufKeys.HeadCountSuffix, out var heads) || heads == 0)
        {
            return 0;
        }

        // A per-layer array of KV heads (some hybrids) is not a scalar: count every layer at n_head, an upper bound.
        var kvHeads = file.TryGetUInt32(arch + GgufKeys.HeadCountKvSuffix, out var kv) ? kv : heads;
        var headSize = (file.EmbeddingLength ?? 0) / heads;
        var key = file.TryGetUInt32(arch + GgufKeys.KeyLengthSuffix, out var k) ? k : headSize;
        var value = file.TryGetUInt32(arch + GgufKeys.ValueLengthSuffix, out var v) ? v : headSize;
        return (long)kvHeads * (key + value) * KvBytesPerValue;
    }

    private static bool HasKvCache(string arch) => !GgufModelSummary.EmbeddingArchitectures.Contains(arch);

    private static long Align(long bytes, int alignment) => alignment <= 1 ? bytes : (bytes + alignment - 1) / alignment * alignment;

    /// <summary>The layer a tensor belongs to: blk.N.* is layer N, token_embd and kin the input, the rest the output.</summary>
    private static Placement LayerOf(string name)
    {
        if (name.StartsWith(BlockPrefix, StringComparison.Ordinal))
        {
            var end = name.IndexOf('.', BlockPrefix.Length);
            if (end > BlockPrefix.Length
                && int.TryParse(name.AsSpan(BlockPrefix.Length, end - BlockPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return (Placement)index;
            }
        }

        return name.StartsWith("token_embd", StringComparison.Ordinal) || name.StartsWith("token_types", StringComparison.Ordinal)
            || name.StartsWith("position_embd", StringComparison.Ordinal)
            ? Placement.Input
            : Placement.Output;
    }

    /// <summary>A repeating layer's index (0 and up), or the input or output layer.</summary>
    private enum Placement
    {
        Input = -2,
        Output = -1,
    }
}
