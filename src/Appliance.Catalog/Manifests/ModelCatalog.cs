using Appliance.Core.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Catalog.Manifests;

/// <summary>
/// The manifests found in the configured folders, valid and invalid, ordered by model id.
/// A snapshot: it holds no runtime state (the server tracks loading, ready and failed).
/// </summary>
public sealed class ModelCatalog
{
    private ModelCatalog(IReadOnlyList<ManifestLoadResult> results)
    {
        Results = results;
        Manifests = [.. results.Where(r => r.Manifest is not null).Select(r => r.Manifest!)];
    }

    /// <summary>Every manifest file's result, ordered by model id (ordinal), then by load order.</summary>
    public IReadOnlyList<ManifestLoadResult> Results { get; }

    /// <summary>The valid manifests, ordered by id.</summary>
    public IReadOnlyList<ModelManifest> Manifests { get; }

    /// <summary>
    /// Reads the manifests at the top of each folder, in the order given (that order decides
    /// which file of a duplicate id fails). Logs one line per manifest when a logger is given.
    /// </summary>
    public static ModelCatalog Load(IEnumerable<string> manifestDirectories, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(manifestDirectories);
        var directories = manifestDirectories.ToArray();
        logger ??= NullLogger.Instance;

        // OrderBy is stable, so duplicates of one id keep their load order.
        var results = ManifestLoader.LoadDirectories(directories)
            .OrderBy(r => r.ModelId, StringComparer.Ordinal)
            .ToArray();
        var catalog = new ModelCatalog(results);
        catalog.Log(logger, directories);
        return catalog;
    }

    private void Log(ILogger logger, string[] directories)
    {
        foreach (var result in Results)
        {
            if (result.Manifest is { } manifest)
            {
                ManifestLog.ManifestLoaded(logger, manifest.Id, manifest.Kind, manifest.Format, manifest.ManifestPath);
            }
            else if (logger.IsEnabled(LogLevel.Warning))
            {
                ManifestLog.ManifestInvalid(logger, result.ModelId, result.ManifestPath, result.FailureReason!);
            }
        }

        // The logging formatter writes a string[] argument as "a, b".
        ManifestLog.CatalogLoaded(logger, Manifests.Count, Results.Count - Manifests.Count, directories);
    }
}
