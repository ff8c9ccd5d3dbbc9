using Appliance.Catalog.Memory;
using Appliance.Core.Models;

namespace Appliance.Server.Models.Memory;

/// <summary>
/// The configured budgets (<see cref="MemoryOptions"/>): a model may load when, on every device it
/// uses that has a budget, its estimate plus the estimates of the models already resident fit in
/// that budget. A refusal names the model, each device that does not fit with the figures
/// (estimate and its parts, budget, already used, short by) and every resident model with its
/// estimate there, so IT can decide what to unload or resize.
/// </summary>
public sealed class ModelMemoryBudget(MemoryBudgets budgets, ModelMemoryEstimates estimates) : IModelMemoryBudget
{
    /// <inheritdoc />
    public MemoryBudgetDecision Check(ModelManifest candidate, IReadOnlyList<ModelManifest> resident)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(resident);
        if (estimates.For(candidate) is not { } need)
        {
            return MemoryBudgetDecision.Allowed;
        }

        var others = resident.Select(m => (m.Id, Estimate: estimates.For(m))).ToList();
        var refusals = new List<string>();
        foreach (var part in need.Devices)
        {
            if (budgets.For(part.Device) is not { } budget)
            {
                continue;
            }

            var there = others.Where(o => o.Estimate?.On(part.Device) > 0).Select(o => (o.Id, Bytes: o.Estimate!.On(part.Device))).ToList();
            var used = there.Sum(t => t.Bytes);
            if (used + part.TotalBytes > budget.Bytes)
            {
                refusals.Add(Refusal(part, budget, used, there));
            }
        }

        if (refusals.Count == 0)
        {
            return MemoryBudgetDecision.Allowed;
        }

        // Not logged here: the caller decides what a refusal means (the host fails the model and logs it,
        // event 1005; a version swap that does not fit beside the old version drains first instead).
        return new MemoryBudgetDecision(false,
            $"it does not fit in the memory budget: {string.Join("; ", refusals)}. Unload a model, lower context_length or max_sequences in its manifest, or raise the budget");
    }

    private static string Refusal(DeviceMemoryEstimate part, DeviceBudget budget, long used, List<(string Id, long Bytes)> there)
    {
        var residents = there.Count == 0 ? "none" : string.Join(", ", there.Select(t => $"{t.Id} {MemoryText.Bytes(t.Bytes)}"));
        var parts = part.Describe()[(part.Device.Name.Length + 1)..];
        return $"{part.Device.Name} needs an estimated {parts}, the {part.Device.Name} budget is {budget.Describe()} "
            + $"and {MemoryText.Bytes(used)} of it is estimated for the models resident there ({residents}): short by {MemoryText.Bytes(used + part.TotalBytes - budget.Bytes)}";
    }
}
