using System.Text;
using Appliance.Catalog.Memory;
using Appliance.Core.Models;
using LLama.Native;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Engines.Llama.Tests.Memory;

/// <summary>Runs alone: it takes over llama.cpp's process-wide log callback to read what llama.cpp allocated.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeLogCollection
{
    public const string Name = "llama.cpp native log";
}

/// <summary>
/// The memory estimate from the files alone against what llama.cpp reports after loading the same
/// synthetic GGUF on the CPU (its buffer-size log lines). Tolerance: each part within 2% or
/// 0.1 MiB (llama.cpp prints MiB to two decimals; a tiny model's compute graph has a few KiB the
/// formula does not model). Measured on the realistic preset the parts match to 0.1%
/// (docs/benchmarks.md "Memory estimates").
/// </summary>
[Collection(NativeLogCollection.Name)]
public sealed class MemoryEstimateTests : TempFolderTest
{
    private const double RelativeTolerance = 0.02;
    private const long AbsoluteTolerance = 100 << 10;

    public MemoryEstimateTests()
        : base("memory-estimate")
    {
    }

    [Theory]
    [InlineData(GgmlType.Q4_0, 128, 2, 32)]
    [InlineData(GgmlType.F16, 512, 4, 512)]
    [InlineData(GgmlType.Q8_0, 100, 3, 64)] // 300 cells requested: llama.cpp pads to 512
    public async Task Estimate_TinySyntheticTextModel_MatchesWhatLlamaCppAllocates(GgmlType type, int context, int sequences, int batch)
    {
        var path = Folder.Combine($"tiny-{type}.gguf");
        SyntheticModel.WriteFile(path, new SyntheticModelOptions { Preset = SyntheticModelPreset.Tiny, WeightType = type, Seed = 3 });
        var manifest = TestManifests.TextGeneration("tiny", path) with { ContextLength = context, MaxSequences = sequences, BatchTokens = batch, GpuLayers = 0 };
        var estimate = ModelMemoryEstimator.Estimate(manifest);

        var reported = await ReportedAsync(options => new LlamaEngineLoader(Runtime(options), options, NullLogger<LlamaEngineLoader>.Instance).LoadAsync(manifest, CancellationToken.None));

        AssertMatches(estimate, reported);
    }

    [Fact]
    public async Task Estimate_TinySyntheticEmbeddingModel_MatchesWhatLlamaCppAllocates()
    {
        var path = Folder.Combine("tiny-embed.gguf");
        SyntheticModel.WriteFile(path, new SyntheticModelOptions { Preset = SyntheticModelPreset.Tiny, WeightType = GgmlType.Q8_0, Seed = 4 });
        var manifest = TestManifests.GgufEmbedding("tiny-embed", path) with { ContextLength = 64, MaxBatchSize = 4, BatchTokens = 64, GpuLayers = 0 };
        var estimate = ModelMemoryEstimator.Estimate(manifest);

        var reported = await ReportedAsync(options => new LlamaEmbeddingEngineLoader(Runtime(options), options, NullLogger<LlamaEmbeddingEngineLoader>.Instance).LoadAsync(manifest, CancellationToken.None));

        AssertMatches(estimate, reported);
    }

    [Fact]
    public void Estimate_AllLayersOffloaded_PutsLayersAndOutputOnGpu0AndKeepsTokenEmbeddingsOnTheHost()
    {
        var path = Folder.Combine("offload.gguf");
        SyntheticModel.WriteFile(path, new SyntheticModelOptions { Preset = SyntheticModelPreset.Tiny, WeightType = GgmlType.F16, Seed = 3 });
        var manifest = TestManifests.TextGeneration("offload", path) with { ContextLength = 128, MaxSequences = 2, BatchTokens = 32 };
        var file = GgufReader.ReadFile(path);
        var embedding = file.Tensors.Single(t => t.Name == "token_embd.weight").ByteSize!.Value;
        var all = file.Tensors.Sum(t => t.ByteSize!.Value);

        var cpu = ModelMemoryEstimator.Estimate(manifest with { GpuLayers = 0 }, file);
        var full = ModelMemoryEstimator.Estimate(manifest with { GpuLayers = -1 }, file);
        var layersOnly = ModelMemoryEstimator.Estimate(manifest with { GpuLayers = 2 }, file); // n_layer: the output layer stays on the host
        var noGpu = ModelMemoryEstimator.Estimate(manifest with { GpuLayers = -1 }, file, gpuOffload: false);

        Assert.Equal([MemoryDevice.Host], cpu.Devices.Select(d => d.Device));
        Assert.Equal(all, cpu.Devices[0].WeightsBytes);
        var host = full.Devices.Single(d => d.Device.IsHost);
        var gpu = full.Devices.Single(d => d.Device == MemoryDevice.Gpu(0));
        Assert.Equal(embedding, host.WeightsBytes);
        Assert.Equal(all - embedding, gpu.WeightsBytes);
        Assert.Equal(0, host.KvBytes);
        Assert.Equal(cpu.Devices[0].KvBytes, gpu.KvBytes);
        Assert.True(layersOnly.On(MemoryDevice.Host) > full.On(MemoryDevice.Host), "with gpu_layers = n_layer, output.weight stays on the host");
        Assert.Equal(cpu.Devices.Select(d => d.Device), noGpu.Devices.Select(d => d.Device));
    }

    private static void AssertMatches(ModelMemoryEstimate estimate, LlamaReportedMemory reported)
    {
        var host = Assert.Single(estimate.Devices);
        Assert.True(host.Device.IsHost);
        Near("weights", reported.Weights, host.WeightsBytes);
        Near("KV cache", reported.Kv, host.KvBytes);
        Near("compute + output", reported.Compute + reported.Output, host.ComputeBytes);
        Near("total", reported.Total, host.TotalBytes);
    }

    private static void Near(string part, long reported, long estimated)
    {
        var allowed = Math.Max(AbsoluteTolerance, (long)(reported * RelativeTolerance));
        Assert.True(Math.Abs(reported - estimated) <= allowed,
            $"{part}: llama.cpp reported {reported} bytes, the estimate is {estimated} ({MemoryText.Bytes(estimated - reported)} off; allowed {MemoryText.Bytes(allowed)})");
    }

    private static LlamaNativeRuntime Runtime(LlamaOptions options) => new(options, NullLogger<LlamaNativeRuntime>.Instance);

    /// <summary>Loads through <paramref name="load"/> with llama.cpp's log captured, and reads its buffer sizes.</summary>
    private static async Task<LlamaReportedMemory> ReportedAsync<T>(Func<LlamaOptions, Task<T>> load)
        where T : IDisposable
    {
        var options = new LlamaOptions { Threads = 2 };
        Runtime(options).EnsureLoaded();
        var log = new StringBuilder();
        NativeLogConfig.llama_log_set((_, message) =>
        {
            lock (log)
            {
                log.Append(message);
            }
        });
        using var engine = await load(options).Within(Bounded.CallTimeout);
        lock (log)
        {
            var reported = LlamaReportedMemory.Parse(log.ToString());
            Assert.True(reported.Weights > 0 && reported.Compute > 0, $"llama.cpp's log named no buffer sizes:\n{log}");
            return reported;
        }
    }
}
