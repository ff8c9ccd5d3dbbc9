using Appliance.Core.Models;
using Microsoft.Extensions.Logging;

namespace Appliance.Catalog.Manifests;

/// <summary>Log messages of the model catalog (event ids 1100-1199).</summary>
internal static partial class ManifestLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Model catalog read {ValidCount} valid and {InvalidCount} invalid manifests from {Directories}")]
    public static partial void CatalogLoaded(ILogger logger, int validCount, int invalidCount, string[] directories);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Model {ModelId} ({Kind}, {Format}) configured by {ManifestPath}")]
    public static partial void ManifestLoaded(ILogger logger, string modelId, ModelKind kind, ModelFormat format, string manifestPath);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Model {ModelId} has an invalid manifest {ManifestPath}: {Errors}")]
    public static partial void ManifestInvalid(ILogger logger, string modelId, string manifestPath, string errors);
}
