namespace Appliance.Core.Errors;

/// <summary>No model with this id is configured (gRPC <c>NotFound</c>).</summary>
public sealed class ModelNotFoundException : ApplianceException
{
    /// <summary>Creates the error for <paramref name="modelId"/>.</summary>
    public ModelNotFoundException(string modelId)
        : base($"model_id: no model '{Truncate(modelId)}' is configured on this appliance (see ListModels)")
    {
        ModelId = modelId;
    }

    /// <summary>The id the caller asked for.</summary>
    public string ModelId { get; }

    private static string Truncate(string id) => id.Length <= 64 ? id : string.Concat(id.AsSpan(0, 64), "...");
}
