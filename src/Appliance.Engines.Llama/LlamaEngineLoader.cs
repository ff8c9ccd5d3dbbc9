using Appliance.Core.Engines;
using Appliance.Core.Models;
using LLama;
using LLama.Common;
using Microsoft.Extensions.Logging;

namespace Appliance.Engines.Llama;

/// <summary>Loads GGUF manifests into <see cref="LlamaEngine"/>s.</summary>
public sealed partial class LlamaEngineLoader : ITextGenerationEngineLoader
{
    private readonly LlamaNativeRuntime _runtime;
    private readonly LlamaOptions _options;
    private readonly ILogger<LlamaEngineLoader> _logger;

    /// <summary>Creates the loader.</summary>
    public LlamaEngineLoader(LlamaNativeRuntime runtime, LlamaOptions options, ILogger<LlamaEngineLoader> logger)
    {
        _runtime = runtime;
        _options = options;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<ITextGenerationEngine> LoadAsync(ModelManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Format != ModelFormat.Gguf)
        {
            throw new ArgumentException($"model '{manifest.Id}' is {manifest.Format}, not GGUF", nameof(manifest));
        }

        var backend = _runtime.EnsureLoaded();
        var parameters = CreateParameters(manifest, _options);
        var lastReported = -1;
        var progress = new Progress<float>(fraction =>
        {
            var percent = (int)(fraction * 100);
            if (percent / 25 != lastReported / 25)
            {
                lastReported = percent;
                LogLoadProgress(_logger, manifest.Id, percent);
            }
        });

        var weights = await LLamaWeights.LoadFromFileAsync(parameters, cancellationToken, progress);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var context = weights.CreateContext(parameters, _logger);
            var template = LlamaChatTemplate.For(weights.NativeHandle, manifest.ChatTemplate);
            var limits = new EngineLimits(manifest.ContextLength, manifest.MaxSequences, manifest.BatchTokens);
            LogLoaded(_logger, manifest.Id, weights.ParameterCount, weights.SizeInBytes, (int)parameters.ContextSize!.Value,
                manifest.MaxSequences, manifest.GpuLayers, template.Source, backend);
            return new LlamaEngine(weights, context, template, limits, backend, _options.PrefixCache);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The KV cache holds every sequence at full length: context_length x max_sequences cells,
    /// so one request can never run out of KV because of others (no NoKvSlot mid-request).
    /// </summary>
    internal static ModelParams CreateParameters(ModelManifest manifest, LlamaOptions options)
    {
        var threads = options.Threads ?? Environment.ProcessorCount;
        return new ModelParams(manifest.FilePath)
        {
            ContextSize = checked((uint)(manifest.ContextLength * manifest.MaxSequences)),
            SeqMax = (uint)manifest.MaxSequences,
            BatchSize = (uint)manifest.BatchTokens,
            UBatchSize = (uint)manifest.BatchTokens,
            GpuLayerCount = manifest.GpuLayers < 0 ? 999 : manifest.GpuLayers,
            Threads = threads,
            BatchThreads = options.BatchThreads ?? threads,
            KVUnified = options.KvUnified,
        };
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Model {ModelId}: loading weights {Percent}%")]
    private static partial void LogLoadProgress(ILogger logger, string modelId, int percent);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information,
        Message = "Model {ModelId} loaded: {Parameters} parameters, {Bytes} bytes, KV {KvCells} cells for {Sequences} sequences, GPU layers {GpuLayers}, chat template from {TemplateSource}, backend {Backend}")]
    private static partial void LogLoaded(ILogger logger, string modelId, ulong parameters, ulong bytes, int kvCells, int sequences, int gpuLayers, string templateSource, string backend);
}
