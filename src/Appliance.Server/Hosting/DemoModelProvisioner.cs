using Appliance.Catalog.Demo;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Hosting;

/// <summary>Creates the synthetic demo model in the cache folder when the configuration asks for it.</summary>
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

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Demo model {ModelId} enabled (synthetic random weights, meaningless output) from {Directory}")]
    private static partial void LogDemoModel(ILogger logger, string modelId, string directory);
}
