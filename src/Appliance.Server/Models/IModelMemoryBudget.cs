using Appliance.Core.Models;

namespace Appliance.Server.Models;

/// <summary>
/// Decides, before a model is loaded, whether it fits in the memory left beside the models
/// already resident (loaded, loading or draining). The model host asks it before every load:
/// at start, on an admin load or reload, on demand. A refusal names the model, the figures and
/// what else is resident, so IT can act on it without reading code.
/// </summary>
public interface IModelMemoryBudget
{
    /// <summary>Whether <paramref name="candidate"/> may load beside <paramref name="resident"/>.</summary>
    /// <param name="candidate">The model about to load.</param>
    /// <param name="resident">Every model holding memory now (not the candidate).</param>
    MemoryBudgetDecision Check(ModelManifest candidate, IReadOnlyList<ModelManifest> resident);
}

/// <summary>Outcome of <see cref="IModelMemoryBudget.Check"/>.</summary>
/// <param name="Fits">True when the load may go ahead.</param>
/// <param name="Refusal">When it may not: the model, the figures and what else is resident (operator-facing; no user content).</param>
public sealed record MemoryBudgetDecision(bool Fits, string? Refusal = null)
{
    /// <summary>The load may go ahead.</summary>
    public static MemoryBudgetDecision Allowed { get; } = new(true);
}

/// <summary>No budget configured: every load may go ahead (the engine's own allocation is the only limit).</summary>
public sealed class UnlimitedMemoryBudget : IModelMemoryBudget
{
    /// <inheritdoc />
    public MemoryBudgetDecision Check(ModelManifest candidate, IReadOnlyList<ModelManifest> resident) => MemoryBudgetDecision.Allowed;
}
