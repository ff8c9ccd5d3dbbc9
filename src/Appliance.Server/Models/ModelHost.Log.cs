namespace Appliance.Server.Models;

/// <summary>The model host's log lines: discovery, loading, failures, life-cycle changes.</summary>
public sealed partial class ModelHost
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Discovered {Count} model manifest(s) in {Directories}")]
    private static partial void LogDiscovered(ILogger logger, int count, string directories);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Invalid model manifest {ManifestPath}: {Errors}")]
    private static partial void LogInvalidManifest(ILogger logger, string manifestPath, string errors);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Model {ModelId}: verifying sha256 of {FilePath}")]
    private static partial void LogVerifying(ILogger logger, string modelId, string filePath);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Model {ModelId} is ready ({Seconds:F1} s to verify and load)")]
    private static partial void LogReady(ILogger logger, string modelId, double seconds);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "Model {ModelId} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string modelId, string reason);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "Model {ModelId}: engine load threw")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, string modelId);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Model {ModelId}: loading on demand for a call")]
    private static partial void LogLoadingOnDemand(ILogger logger, string modelId);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Model {ModelId}: swapping version {OldSha256} for {NewSha256}, loading the new one beside the old")]
    private static partial void LogSwapping(ILogger logger, string modelId, string oldSha256, string newSha256);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "Model {ModelId}: new calls run on version {Sha256} ({Seconds:F1} s to load it); the old version drained and was unloaded")]
    private static partial void LogSwapped(ILogger logger, string modelId, string sha256, double seconds);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Error, Message = "Model {ModelId}: the new version did not load, the old one keeps serving: {Reason}")]
    private static partial void LogSwapFailed(ILogger logger, string modelId, string reason);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Warning, Message = "Model {ModelId}: the memory budget does not hold both versions, draining the old one first (calls are refused until the new one is ready): {Refusal}")]
    private static partial void LogSwapDrainingFirst(ILogger logger, string modelId, string refusal);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Information, Message = "Model {ModelId}: unloading ({Reason}), running calls have {Seconds:F1} s to finish")]
    private static partial void LogUnloading(ILogger logger, string modelId, string reason, double seconds);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Information, Message = "Model {ModelId} unloaded: {WaitingRefused} waiting call(s) refused, {RunningFailed} running call(s) failed at the drain timeout")]
    private static partial void LogUnloaded(ILogger logger, string modelId, int waitingRefused, int runningFailed);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "No model manifests found: the server runs but can serve nothing. Stage a model (see models/README.md) or enable Appliance:Models:DemoModel.")]
    private static partial void LogNoModels(ILogger logger);
}
