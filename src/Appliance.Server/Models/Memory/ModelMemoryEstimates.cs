using System.Collections.Concurrent;
using Appliance.Catalog.Memory;
using Appliance.Core.Models;

namespace Appliance.Server.Models.Memory;

/// <summary>
/// Each manifest's memory estimate (<see cref="ModelMemoryEstimator"/>), worked out once per
/// manifest (a changed manifest is a new key) and kept: the budget, GetModel, the status screen and
/// the metrics all read the same figures. GPU offload counts only when a GPU answers, as llama.cpp
/// keeps every layer on the host when it finds none.
/// </summary>
public sealed partial class ModelMemoryEstimates(IDeviceMemoryTotals totals, ILogger<ModelMemoryEstimates> logger)
{
    private readonly ConcurrentDictionary<ModelManifest, ModelMemoryEstimate?> _estimates = new();
    private readonly Lazy<bool> _gpu = new(() => totals.HasGpu);

    /// <summary>The estimate, or null when the model's file cannot be read (the load then fails on its own, with the reason).</summary>
    public ModelMemoryEstimate? For(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return _estimates.GetOrAdd(manifest, Estimate);
    }

    private ModelMemoryEstimate? Estimate(ModelManifest manifest)
    {
        try
        {
            var estimate = ModelMemoryEstimator.Estimate(manifest, _gpu.Value);
            var described = estimate.Describe();
            LogEstimate(logger, manifest.Id, described, estimate.Basis);
            return estimate;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            LogNoEstimate(logger, manifest.Id, e.GetType().Name, e.Message);
            return null;
        }
    }

    [LoggerMessage(EventId = 1040, Level = LogLevel.Information, Message = "Model {ModelId}: memory estimate {Estimate} ({Basis})")]
    private static partial void LogEstimate(ILogger logger, string modelId, string estimate, string basis);

    [LoggerMessage(EventId = 1041, Level = LogLevel.Warning, Message = "Model {ModelId}: no memory estimate, its file could not be read ({Error}: {Message}); the budget lets it load")]
    private static partial void LogNoEstimate(ILogger logger, string modelId, string error, string message);
}
