namespace Appliance.Core.Engines;

/// <summary>One engine step: each sequence appears at most once.</summary>
/// <param name="Items">Sequences and the tokens to feed them.</param>
public sealed record StepPlan(IReadOnlyList<StepItem> Items);
