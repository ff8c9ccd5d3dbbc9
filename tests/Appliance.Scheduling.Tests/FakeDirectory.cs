using Appliance.Core.Models;

namespace Appliance.Scheduling.Tests;

internal sealed class FakeDirectory : IModelWorkerDirectory
{
    private readonly Dictionary<string, ModelAvailability> _models = [];

    public FakeDirectory Add(string id, ModelAvailability availability)
    {
        _models[id] = availability;
        return this;
    }

    public ModelAvailability? Find(string modelId) => _models.GetValueOrDefault(modelId);

    public static ModelAvailability Ready(ModelWorker worker) => new(ModelState.Ready, null, worker);
}
