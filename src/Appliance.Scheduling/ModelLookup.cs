using Appliance.Core.Errors;
using Appliance.Core.Models;

namespace Appliance.Scheduling;

/// <summary>Finds a model that is ready and of the kind an RPC serves, or throws the error the caller should see.</summary>
internal static class ModelLookup
{
    /// <summary>The worker of <paramref name="modelId"/>, which must be ready and of <paramref name="kind"/>.</summary>
    /// <typeparam name="TWorker">The worker type of <paramref name="kind"/>.</typeparam>
    public static TWorker Ready<TWorker>(IModelWorkerDirectory models, string modelId, ModelKind kind)
        where TWorker : class, IModelWorker
    {
        var model = models.Find(modelId) ?? throw new ModelNotFoundException(modelId);
        if (model.State == ModelState.Failed)
        {
            // First: a failed model's reason helps more than anything else (its manifest may be unreadable, kind unknown).
            throw new ModelUnavailableException(modelId, $"it failed to load ({model.FailureReason})", ErrorReasons.ModelFailed);
        }

        if (model.Kind != kind)
        {
            throw new InvalidRequestException("model_id", $"model '{modelId}' is {Describe(model.Kind)}; call {Rpc(model.Kind)} for it");
        }

        switch (model.State)
        {
            case ModelState.Ready:
                break;
            case ModelState.Available:
                throw new ModelUnavailableException(modelId, "it is not loaded; an administrator loads it (appliancectl models load)", ErrorReasons.ModelNotLoaded);
            case ModelState.Draining:
                throw new ModelUnavailableException(modelId, "an administrator is unloading it; retry once it is loaded again", ErrorReasons.ModelUnloading);
            default:
                throw new ModelUnavailableException(modelId, "it is still loading; retry when its health is SERVING", ErrorReasons.ModelLoading);
        }

        return model.Worker as TWorker ?? throw new ModelUnavailableException(modelId, $"it has no {Noun(kind)} worker");
    }

    private static string Describe(ModelKind kind) => kind switch
    {
        ModelKind.TextGeneration => "a text-generation model",
        ModelKind.Embedding => "an embedding model",
        _ => "a tensor model",
    };

    private static string Noun(ModelKind kind) => kind switch
    {
        ModelKind.TextGeneration => "text-generation",
        ModelKind.Embedding => "embedding",
        _ => "tensor",
    };

    private static string Rpc(ModelKind kind) => kind switch
    {
        ModelKind.TextGeneration => "Generate or Complete",
        ModelKind.Embedding => "Embed",
        _ => "Infer",
    };
}
