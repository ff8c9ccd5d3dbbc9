namespace Appliance.Core.Generation;

/// <summary>Where a request's time went.</summary>
/// <param name="Queue">From submission to admission into the engine.</param>
/// <param name="TimeToFirstToken">From submission to the first generated token.</param>
/// <param name="Total">From submission to the end.</param>
public sealed record GenerationTimings(TimeSpan Queue, TimeSpan TimeToFirstToken, TimeSpan Total);
