namespace Appliance.Server.Models;

/// <summary>What <see cref="ModelHost.ReloadAsync"/> did.</summary>
/// <param name="Model">The model, ready on the new version.</param>
/// <param name="PreviousSha256">The version that served before; null when none was loaded.</param>
/// <param name="DrainedFirst">The budget did not hold both versions: the old one was drained before the new one loaded.</param>
/// <param name="BudgetRefusal">When drained first: the budget's refusal (its figures).</param>
/// <param name="Gap">When drained first: how long no version served.</param>
/// <param name="LoadDuration">Time to verify and load the new version.</param>
public sealed record ModelReloadResult(ModelEntry Model, string? PreviousSha256, bool DrainedFirst, string? BudgetRefusal, TimeSpan Gap, TimeSpan LoadDuration);
