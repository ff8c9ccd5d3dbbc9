namespace Appliance.Cli.Metrics;

/// <summary>One device's memory budget (<c>appliance_memory_budget_bytes</c>) and what resident models' estimates take of it (<c>appliance_memory_budget_used_bytes</c>).</summary>
internal sealed record MemoryBudgetFigure(string Device, double BudgetBytes, double UsedBytes);
