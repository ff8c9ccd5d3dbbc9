using Appliance.Catalog.Memory;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Models.Memory;

/// <summary>
/// The configured budgets resolved to bytes once, at first use (after <see cref="MemoryOptionsValidator"/>
/// passed at start: every value parses and every percentage has a device total to apply to).
/// </summary>
public sealed class MemoryBudgets
{
    private readonly Lazy<IReadOnlyList<DeviceBudget>> _budgets;

    /// <summary>Resolves <paramref name="options"/> against <paramref name="totals"/>.</summary>
    public MemoryBudgets(IOptions<MemoryOptions> options, IDeviceMemoryTotals totals)
    {
        ArgumentNullException.ThrowIfNull(options);
        _budgets = new Lazy<IReadOnlyList<DeviceBudget>>(() => Resolve(options.Value, totals));
    }

    /// <summary>Every budgeted device, host first.</summary>
    public IReadOnlyList<DeviceBudget> Devices => _budgets.Value;

    /// <summary>The budget of <paramref name="device"/>, or null when it has none.</summary>
    public DeviceBudget? For(MemoryDevice device) => Devices.FirstOrDefault(b => b.Device == device);

    private static List<DeviceBudget> Resolve(MemoryOptions options, IDeviceMemoryTotals totals)
    {
        var reserve = MemoryAmount.TryParse(options.Reserve, out var r) ? r : new MemoryAmount(0, null);
        var budgets = new List<DeviceBudget>();
        foreach (var (device, text) in options.Budgets())
        {
            var total = totals.Total(device);
            if (MemoryAmount.TryParse(text, out var amount) && amount.On(total) is { } bytes)
            {
                var held = string.IsNullOrWhiteSpace(options.Reserve) ? 0 : reserve.On(total) ?? 0;
                budgets.Add(new DeviceBudget(device, Math.Max(0, bytes - held), text.Trim(), held));
            }
        }

        return budgets;
    }
}
