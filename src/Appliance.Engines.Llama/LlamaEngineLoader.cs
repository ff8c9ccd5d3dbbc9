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
    public Task<ITextGenerationEngine> LoadAsync(ModelManifest manifest, CancellationToken cancellationToken) =>
        LoadAsync(manifest, progress: null, cancellationToken);

    /// <inheritdoc />
    public async Task<ITextGenerationEngine> LoadAsync(ModelManifest manifest, IProgress<float>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Format != ModelFormat.Gguf)
        {
            throw new ArgumentException($"model '{manifest.Id}' is {manifest.Format}, not GGUF", nameof(manifest));
        }

        var backend = _runtime.EnsureLoaded();
        var parameters = CreateParameters(manifest, _options);
        var logged = new LoadProgressLog(percent => LogLoadProgress(_logger, manifest.Id, percent));
        var weights = await LLamaWeights.LoadFromFileAsync(parameters, cancellationToken, new LoadProgressFanOut(logged, progress));
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            WarnIfBeyondTraining(manifest, weights.NativeHandle.ContextSize);
            var context = weights.CreateContext(parameters, _logger);
            var template = LlamaChatTemplate.For(weights.NativeHandle, manifest.ChatTemplate);
            if (template.Source != "none" && !template.ServesChats())
            {
                LogChatTemplateUnusable(_logger, manifest.Id, template.Source);
            }
            var limits = new EngineLimits(manifest.ContextLength, manifest.MaxSequences, manifest.BatchTokens);
            LogLoaded(_logger, manifest.Id, weights.ParameterCount, weights.SizeInBytes, (int)parameters.ContextSize!.Value,
                manifest.MaxSequences, manifest.GpuLayers, template.Source, backend);
            return new LlamaEngine(weights, context, template, limits, backend, _options.PrefixCache, _runtime.LibraryPath);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A sequence may hold context_length tokens (the scheduler refuses more), so the model is
    /// asked to work beyond its training only when context_length exceeds the file's
    /// <c>{arch}.context_length</c>: say so, naming the manifest key. (llama.cpp's own
    /// "n_ctx_seq > n_ctx_train" line compares the whole shared KV cache instead; see
    /// <see cref="LlamaNativeRuntime"/>.)
    /// </summary>
    private void WarnIfBeyondTraining(ModelManifest manifest, int trainedContext)
    {
        if (trainedContext > 0 && manifest.ContextLength > trainedContext)
        {
            LogContextBeyondTraining(_logger, manifest.Id, manifest.ManifestPath, manifest.ContextLength, trainedContext);
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

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning,
        Message = "Model {ModelId}: context_length {ContextLength} in {ManifestPath} is more than the {TrainedContext} tokens the model was trained for; output beyond {TrainedContext} tokens may degrade: set context_length to {TrainedContext} or less")]
    private static partial void LogContextBeyondTraining(ILogger logger, string modelId, string manifestPath, int contextLength, int trainedContext);

    [LoggerMessage(EventId = 2040, Level = LogLevel.Warning,
        Message = "Model {ModelId}: its chat template (from {TemplateSource}) cannot be applied with message text kept apart from its control tokens, so requests with messages will be refused: send raw prompts, or set a supported chat_template (ChatML, say) in the manifest")]
    private static partial void LogChatTemplateUnusable(ILogger logger, string modelId, string templateSource);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information,
        Message = "Model {ModelId} loaded: {Parameters} parameters, {Bytes} bytes, KV {KvCells} cells for {Sequences} sequences, GPU layers {GpuLayers}, chat template from {TemplateSource}, backend {Backend}")]
    private static partial void LogLoaded(ILogger logger, string modelId, ulong parameters, ulong bytes, int kvCells, int sequences, int gpuLayers, string templateSource, string backend);
}
