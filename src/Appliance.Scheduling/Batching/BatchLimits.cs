namespace Appliance.Scheduling.Batching;

/// <summary>How a model's dynamic batcher gathers inputs (from the manifest).</summary>
/// <param name="MaxBatchSize">Most inputs per run; 1 disables batching.</param>
/// <param name="MaxQueueDelay">How long to wait for more inputs after the first one arrives (urgent work does not wait).</param>
public sealed record BatchLimits(int MaxBatchSize, TimeSpan MaxQueueDelay);
