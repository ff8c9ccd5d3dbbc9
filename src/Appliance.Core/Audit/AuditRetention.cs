namespace Appliance.Core.Audit;

/// <summary>Records removed from the start of the chain by retention, as a checkpoint says.</summary>
/// <param name="FirstKept">Sequence of the first record kept: every record before it was removed.</param>
/// <param name="RemovedAt">When retention removed them (the checkpoint's time, UTC).</param>
/// <param name="Checkpoint">Sequence of the checkpoint record that says so.</param>
public sealed record AuditRetention(long FirstKept, DateTimeOffset RemovedAt, long Checkpoint);
