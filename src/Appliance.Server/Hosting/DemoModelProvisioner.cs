using Appliance.Catalog.Demo;
using Appliance.Catalog.Manifests;
using Appliance.Engines.Onnx.MiniLm;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Hosting;

/// <summary>Creates the synthetic demo model and extracts the default embedding model into the cache folder when the configuration asks for them.</summary>
internal sealed partial class DemoModelProvisioner
{
    private readonly ModelsOptions _options;
    private readonly ILogger<DemoModelProvisioner> _logger;

    public DemoModelProvisioner(IOptions<ModelsOptions> options, ILogger<DemoModelProvisioner> logger)
    {
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Returns the folder holding the demo model's manifest, generating the model first if needed.</summary>
    public async Task<string> EnsureDemoModelAsync(CancellationToken cancellationToken)
    {
        var cache = _options.ResolveCacheDirectory();
        var directory = await DemoModel.EnsureAsync(cache, cancellationToken);
        LogDemoModel(_logger, DemoModel.Id, directory);
        return directory;
    }

    /// <summary>Returns the folder holding the default embedding model's manifest, extracting it first if needed.</summary>
    public async Task<string> EnsureEmbeddingModelAsync(CancellationToken cancellationToken)
    {
        var directory = await MiniLmModel.EnsureAsync(_options.ResolveCacheDirectory(), ManifestWriter.WriteIfChanged, cancellationToken);
        LogEmbeddingModel(_logger, MiniLmModel.Id, directory);
        return directory;
    }

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Default embedding model {ModelId} (all-MiniLM-L6-v2, English only) from {Directory}")]
    private static partial void LogEmbeddingModel(ILogger logger, string modelId, string directory);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Demo model {ModelId} enabled (synthetic random weights, meaningless output) from {Directory}")]
    private static partial void LogDemoModel(ILogger logger, string modelId, string directory);
}
