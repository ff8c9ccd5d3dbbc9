namespace Appliance.Core.Errors;

/// <summary>
/// An administrator's load or swap did not happen: the manifest is invalid, the files failed their
/// integrity check, the engine could not load them (gRPC <c>FailedPrecondition</c>, MODEL_FAILED), or
/// the memory budget refused the load (<c>ResourceExhausted</c>, MEMORY_BUDGET, without a retry time:
/// something must be unloaded first). The message is for hospital IT (figures, what else is loaded);
/// it never holds request content.
/// </summary>
public sealed class ModelLifecycleException : ApplianceException
{
    /// <summary>Creates the error.</summary>
    public ModelLifecycleException(string modelId, string reason, bool refusedByBudget)
        : base(refusedByBudget ? ErrorReasons.MemoryBudget : ErrorReasons.ModelFailed, $"model '{modelId}': {reason}")
    {
        ModelId = modelId;
        RefusedByBudget = refusedByBudget;
    }

    /// <summary>The model concerned.</summary>
    public string ModelId { get; }

    /// <summary>True when the memory budget refused the load.</summary>
    public bool RefusedByBudget { get; }
}
