namespace Appliance.Server.Models;

/// <summary>What <see cref="ModelHost.LoadAsync"/> did.</summary>
/// <param name="Model">The model, ready.</param>
/// <param name="LoadDuration">Time to verify and load it; zero when it was already loaded.</param>
public sealed record ModelLoadResult(ModelEntry Model, TimeSpan LoadDuration);
