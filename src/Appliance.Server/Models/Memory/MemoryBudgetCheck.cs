using Appliance.Catalog.Manifests;
using Appliance.Core.Models;
using Appliance.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Models.Memory;

/// <summary>
/// <c>appliancectl config check</c>: the valid manifests put through the memory budget in the order
/// the model host loads them at start (by id), so a model the budget would refuse is known before
/// the restart. Nothing to report when no budget is configured.
/// </summary>
internal sealed class MemoryBudgetCheck : IConfigurationCheck
{
    public string Name => "memory budgets";

    // A model over its budget fails alone at start; the others still serve.
    public bool StopsStart => false;

    public IReadOnlyList<string> Problems(IServiceProvider services)
    {
        var budget = services.GetRequiredService<IModelMemoryBudget>();
        var options = services.GetRequiredService<IOptions<ModelsOptions>>().Value;
        var contentRoot = services.GetRequiredService<IHostEnvironment>().ContentRootPath;
        var directories = options.ManifestDirectories.Select(d => Path.GetFullPath(d, contentRoot));
        var manifests = ModelCatalog.Load(directories).Results
            .Select(r => r.Manifest).OfType<ModelManifest>()
            .DistinctBy(m => m.Id, StringComparer.Ordinal)
            .OrderBy(m => m.Id, StringComparer.Ordinal);
        var loaded = new List<ModelManifest>();
        var problems = new List<string>();
        foreach (var manifest in manifests)
        {
            var decision = budget.Check(manifest, loaded);
            if (decision.Fits)
            {
                loaded.Add(manifest);
            }
            else
            {
                problems.Add($"{manifest.ManifestPath}: model '{manifest.Id}' would be refused at start: {decision.Refusal}");
            }
        }

        return problems;
    }
}
