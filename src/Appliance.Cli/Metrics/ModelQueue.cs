namespace Appliance.Cli.Metrics;

/// <summary>Requests of one model now: holding a sequence slot, queued, and the share of its KV cache in use (null if unknown).</summary>
internal sealed record ModelQueue(double Running, double Waiting, double? KvCacheUsage);
