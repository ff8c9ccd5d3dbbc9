using Appliance.Catalog.Memory;
using Appliance.Server.Metrics;

namespace Appliance.Server.Models.Memory;

/// <summary>
/// The memory gauges at scrape time: each resident model's estimate per device (series of a model
/// that is no longer resident are removed), and each budgeted device's budget and the part of it
/// the resident models' estimates take.
/// </summary>
internal sealed class MemoryMetrics(ModelHost models, ModelMemoryEstimates estimates, MemoryBudgets budgets)
{
    public void Collect(ApplianceMetrics metrics)
    {
        var used = new Dictionary<MemoryDevice, long>();
        foreach (var entry in models.Models)
        {
            var estimate = entry.Manifest is { } manifest ? estimates.For(manifest) : null;
            var resident = entry.State.Worker is not null;
            foreach (var device in estimate?.Devices ?? [])
            {
                if (!resident)
                {
                    metrics.ModelMemory.RemoveLabelled(entry.Id, device.Device.Name);
                    continue;
                }

                metrics.ModelMemory.WithLabels(entry.Id, device.Device.Name).Set(device.TotalBytes);
                used[device.Device] = used.GetValueOrDefault(device.Device) + device.TotalBytes;
            }
        }

        foreach (var budget in budgets.Devices)
        {
            metrics.MemoryBudget.WithLabels(budget.Device.Name).Set(budget.Bytes);
            metrics.MemoryBudgetUsed.WithLabels(budget.Device.Name).Set(used.GetValueOrDefault(budget.Device));
        }
    }
}
