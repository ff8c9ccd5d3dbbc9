namespace Appliance.Core.Errors;

/// <summary>No model with this id is configured (gRPC <c>NotFound</c>).</summary>
public sealed class ModelNotFoundException : ApplianceException
{
    /// <summary>Creates the error for <paramref name="modelId"/>.</summary>
    public ModelNotFoundException(string modelId)
        : base(ErrorReasons.ModelNotFound, $"model_id: no model {Quote(modelId)} is configured on this appliance (see ListModels)")
    {
        ModelId = modelId;
    }

    /// <summary>The id the caller asked for.</summary>
    public string ModelId { get; }

    /// <summary>Echoes the id only if it looks like a model id, so free text sent in its place (possibly patient data) never reaches logs or the wire.</summary>
    private static string Quote(string id) => Identifiers.IsId(id) ? $"'{id}'" : "with that id (not a valid model id)";
}
