using Appliance.Catalog.Manifests;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Hosting;

/// <summary>
/// The model manifests of <c>Appliance:Models:ManifestDirectories</c>, read and validated as the model host
/// reads them at start (<see cref="ModelCatalog.Load"/>). At start an invalid manifest only fails its model;
/// before an upgrade it is worth knowing.
/// </summary>
internal sealed class ManifestsCheck : IConfigurationCheck
{
    public string Name => "model manifests";

    public bool StopsStart => false;

    public IReadOnlyList<string> Problems(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ModelsOptions>>().Value;
        var contentRoot = services.GetRequiredService<IHostEnvironment>().ContentRootPath;
        var directories = options.ManifestDirectories.Select(d => Path.GetFullPath(d, contentRoot));
        return [.. ModelCatalog.Load(directories).Results.SelectMany(r => r.Errors).Select(e => e.ToString())];
    }
}
