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

    public static ModelAvailability Ready(GenerationWorker worker) => new(ModelState.Ready, null, worker);

    public static ModelAvailability Ready(EmbeddingWorker worker) => new(ModelState.Ready, null, worker, ModelKind.Embedding);

    public static ModelAvailability Ready(TensorWorker worker) => new(ModelState.Ready, null, worker, ModelKind.Tensor);

    /// <summary>A model of <paramref name="kind"/> in <paramref name="state"/> without a worker (loading, failed, or only its kind matters).</summary>
    public static ModelAvailability Without(ModelKind kind, ModelState state = ModelState.Ready, string? failure = null) => new(state, failure, null, kind);
}
